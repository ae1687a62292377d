"""Typed errors of the GSM layer; the HA glue translates them once."""

from __future__ import annotations


class GsmError(Exception):
    """Base of every error the GSM layer raises."""


class PortNotFoundError(GsmError):
    """The serial port (or remote endpoint) does not exist."""


class PortBusyError(GsmError):
    """The serial port exists but cannot be opened (in use, no permission)."""


class ModemNotConnectedError(GsmError):
    """A command was issued while the modem is disconnected."""


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
