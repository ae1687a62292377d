"""Typed errors of the GSM layer; the HA glue translates them once."""

from __future__ import annotations

from typing import ClassVar


class GsmError(Exception):
    """Base of every error the GSM layer raises."""


class PortNotFoundError(GsmError):
    """The serial port (or remote endpoint) does not exist."""


class PortBusyError(GsmError):
    """The serial port exists but cannot be opened (in use, no permission)."""


class ModemNotConnectedError(GsmError):
    """A command was issued while the modem is disconnected."""


class NotSentError(ModemNotConnectedError):
    """Nothing was written: the modem was away (or without network) first.

    Only this promise lets a caller send the message again later (the HA
    outbox does); a line lost while a part was under way makes no such
    promise and raises the plain `ModemNotConnectedError`.
    """


class SmsExpiredError(GsmError):
    """A waiting SMS was not sent before its expiry: the modem stayed away."""

    def __init__(self, minutes: int) -> None:
        """Keep the expiry in minutes (for the translated message)."""
        super().__init__(f"not sent within {minutes} min: the modem stayed away")
        self.minutes = minutes


class NoAtResponseError(GsmError):
    """The port opened but nothing answers ``AT``."""


class CommandTimeoutError(GsmError):
    """A command got no final result code in time."""


class AtCommandError(GsmError):
    """A command ended with ``ERROR``, ``+CME ERROR`` or ``+CMS ERROR``."""

    def __init__(
        self,
        command: str,
        final: str,
        cme: int | None = None,
        cms: int | None = None,
    ) -> None:
        """Keep the command, its final line and the parsed error code."""
        super().__init__(f"{command!r} failed: {final}")
        self.command = command
        self.final = final
        self.cme = cme
        self.cms = cms


class SimNotInsertedError(GsmError):
    """No SIM card in the modem."""


class PinRequiredError(GsmError):
    """The SIM wants a PIN and none was configured."""


class PinRejectedError(GsmError):
    """The SIM rejected the configured PIN."""

    def __init__(self, attempts_left: int | None = None) -> None:
        """Keep the number of attempts left, when the modem tells it."""
        super().__init__(
            "PIN rejected"
            if attempts_left is None
            else f"PIN rejected, {attempts_left} attempts left"
        )
        self.attempts_left = attempts_left


class InvalidPinError(PinRejectedError):
    """The configured PIN is no PIN (4 to 8 digits); it was never sent.

    A subclass of `PinRejectedError`: the owner must enter another one, and
    nothing retries it. Its message never holds the PIN.
    """

    def __init__(self) -> None:
        """No details: the text could be anything, and it must not be logged."""
        super().__init__()
        self.args = ("the configured PIN is not 4 to 8 digits",)


class SimLockedError(GsmError):
    """The SIM is locked and needs the PUK."""


class NotRegisteredError(GsmError):
    """The modem is not registered with a network."""


class SmsSendError(GsmError):
    """Sending an SMS failed."""

    def __init__(self, cms: int | None = None, retryable: bool = False) -> None:
        """Keep the ``+CMS ERROR`` code and whether a retry may succeed."""
        super().__init__(
            "SMS send failed" if cms is None else f"SMS send failed: +CMS ERROR {cms}"
        )
        self.cms = cms
        self.retryable = retryable


class PduError(GsmError):
    """Base of the SMS PDU codec's errors."""


class PduDecodeError(PduError):
    """A PDU is malformed, truncated or of an unsupported type."""


class PduEncodeError(PduError):
    """A message cannot be encoded as SMS-SUBMIT PDUs."""


class InvalidNumberError(GsmError, ValueError):
    """Text that cannot serve as a phone number (e.g. an alphanumeric sender)."""


# -- gateway: SMS text, budget, USSD ------------------------------------------
# Each error that a user's input or setting causes has a stable ``reason``: the
# HA layer turns it into a translation key, once.


class InvalidSmsTextError(GsmError, ValueError):
    """Text that cannot go out as an SMS; nothing was sent."""

    reason: ClassVar[str] = "invalid_text"


class EmptySmsError(InvalidSmsTextError):
    """The text is empty or only white space."""

    reason: ClassVar[str] = "empty_text"

    def __init__(self) -> None:
        """No details: there is nothing to say about nothing."""
        super().__init__("the SMS text is empty")


class SmsForbiddenCharacterError(InvalidSmsTextError):
    """The text holds a control character (other than CR/LF) or a lone surrogate.

    Ctrl-Z ends and ESC cancels the modem's PDU input: such characters never
    reach the modem, whatever the encoding would make of them.
    """

    reason: ClassVar[str] = "forbidden_character"

    def __init__(self, char: str, position: int) -> None:
        """Keep the character and its index in the text."""
        super().__init__(f"character U+{ord(char):04X} at {position} cannot be sent")
        self.char = char
        self.position = position


class SmsTooLongError(InvalidSmsTextError):
    """The text needs more parts than allowed."""

    reason: ClassVar[str] = "too_long"

    def __init__(self, parts: int, max_parts: int) -> None:
        """Keep how many parts the text needs and how many are allowed."""
        super().__init__(f"the text needs {parts} SMS, at most {max_parts} allowed")
        self.parts = parts
        self.max_parts = max_parts


class SmsBudgetExceededError(GsmError):
    """Sending would go over the day's SMS budget; nothing was sent."""

    reason: ClassVar[str] = "budget_exceeded"

    def __init__(self, count: int, limit: int, parts: int = 1) -> None:
        """Keep today's count, the cap and the parts the refused message needed."""
        super().__init__(
            f"SMS budget reached: {count} of {limit} sent today, {parts} more refused"
        )
        self.count = count
        self.limit = limit
        self.parts = parts


class CallBudgetExceededError(GsmError):
    """Calling would go over the day's call cap; nothing was dialled."""

    reason: ClassVar[str] = "call_budget_exceeded"

    def __init__(self, count: int, limit: int) -> None:
        """Keep today's count and the cap."""
        super().__init__(f"call cap reached: {count} of {limit} calls today")
        self.count = count
        self.limit = limit


class UssdError(GsmError):
    """Base of the USSD errors."""

    reason: ClassVar[str] = "ussd_failed"


class InvalidUssdCodeError(UssdError, ValueError):
    """The code has characters other than ``0-9 * # +`` or is too long; not sent."""

    reason: ClassVar[str] = "invalid_ussd_code"


class UssdTimeoutError(UssdError):
    """The network did not answer the USSD request in time."""

    reason: ClassVar[str] = "ussd_timeout"


class UssdNetworkError(UssdError):
    """The network or the modem refused the request.

    ``status`` is the ``+CUSD: <m>`` that ended it (2 terminated by the network,
    3 another client answered, 4 not supported, 5 network time-out), or None
    when the command itself failed (``cme`` then holds ``+CME ERROR`` if given).
    """

    reason: ClassVar[str] = "ussd_rejected"

    def __init__(self, status: int | None, cme: int | None = None) -> None:
        """Keep the ``+CUSD`` status or the ``+CME ERROR`` code."""
        detail = f"+CUSD: {status}" if status is not None else f"+CME ERROR: {cme}"
        super().__init__(f"USSD request refused ({detail})")
        self.status = status
        self.cme = cme
