"""USSD (``AT+CUSD``, 3GPP TS 27.007 §7.15): ask the network, decode its answer.

``AT+CUSD=1,"<code>",15`` sends the code; the answer comes as the URC
``+CUSD: <m>[,"<str>",<dcs>]``, usually after the command's ``OK`` (some
firmware sends it before), so the answer is awaited from before the command
is written. One request at a time: a second waits for the first.

``<str>`` depends on ``<dcs>`` (the cell-broadcast data coding scheme,
TS 23.038 §5) and on the TE character set (``AT+CSCS``):

- GSM 7-bit: converted to the TE character set. ``IRA``/``GSM``: the text
  itself (it may span lines; the line splitter keeps it one line); ``UCS2``:
  hex of UTF-16; ``HEX``: two hex digits per septet. Huawei sticks send (and
  want) the packed septets in hex instead, whatever the character set.
- 8-bit and UCS2: hex of the octets, whatever the character set.

Answers with ``<m>`` 2 (terminated), 3 (another client answered),
4 (not supported) or 5 (network time-out) are errors. ``<m>`` 1 means the
network asks for more (a menu); the session is closed with ``AT+CUSD=2``
unless the caller keeps it to answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
import logging
import re

from .at import AtEngine
from .errors import (
    AtCommandError,
    CommandTimeoutError,
    InvalidUssdCodeError,
    UssdNetworkError,
    UssdTimeoutError,
)
from .gsm7 import decode_septets, encode_septets, pack_septets, unpack_septets
from .pdu import Encoding
from .replies import plain_value
from .urc import Urc, Ussd

_LOGGER = logging.getLogger(__name__)

USSD_CHARACTERS = frozenset("0123456789*#+")
MAX_CODE_LENGTH = 40  # longer than any operator code or voucher top-up string
DEFAULT_DCS = 15  # GSM 7-bit, language unspecified
_CR = 0x0D
# Manufacturers (AT+CGMI, lower case) whose firmware wants packed-hex strings.
PACKED_MANUFACTURERS = ("huawei",)


class UssdStatus(IntEnum):
    """``<m>`` of ``+CUSD`` (27.007 §7.15)."""

    DONE = 0
    ACTION_REQUIRED = 1
    TERMINATED = 2
    OTHER_CLIENT = 3
    NOT_SUPPORTED = 4
    NETWORK_TIMEOUT = 5


_FAILED = frozenset(
    {
        UssdStatus.TERMINATED,
        UssdStatus.OTHER_CLIENT,
        UssdStatus.NOT_SUPPORTED,
        UssdStatus.NETWORK_TIMEOUT,
    }
)


@dataclass(frozen=True, slots=True)
class UssdResponse:
    """The network's answer: status, decoded text ("" when none), its DCS."""

    status: UssdStatus
    text: str
    dcs: int | None = None

    @property
    def session_open(self) -> bool:
        """The network waits for a reply (a menu)."""
        return self.status is UssdStatus.ACTION_REQUIRED


def validate_code(code: str) -> str:
    """The code without surrounding spaces; `InvalidUssdCodeError` if unusable."""
    code = code.strip(" ")  # blanks only: a CR or Ctrl-Z is refused below
    if not code or len(code) > MAX_CODE_LENGTH or not set(code) <= USSD_CHARACTERS:
        raise InvalidUssdCodeError(
            f"a USSD code is 1 to {MAX_CODE_LENGTH} of 0-9 * # +"
        )
    return code


def cbs_alphabet(dcs: int) -> tuple[Encoding, int]:
    """Alphabet of a CBS data coding scheme and the language prefix to skip.

    The prefix is in characters for GSM 7-bit (``xx<CR>``, DCS 0x10) and in
    octets for UCS2 (two packed septets, DCS 0x11). Compressed and reserved
    schemes read as GSM 7-bit, as TS 23.038 asks of reserved values.
    """
    group, low = dcs >> 4, dcs & 0x0F
    if group == 0x1:
        return ("ucs2", 2) if low == 1 else ("gsm7", 3 if low == 0 else 0)
    if group in (0x4, 0x5, 0x6, 0x7, 0x9):
        return (("gsm7", "8bit", "ucs2", "gsm7")[low >> 2], 0)
    if group == 0xF:
        return ("8bit" if low & 0x04 else "gsm7", 0)
    return ("gsm7", 0)


def _hex(text: str) -> bytes | None:
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def unpack_ussd(data: bytes) -> str:
    """Packed septets of a USSD string (TS 23.038 §6.1.2.3.1) as text.

    Seven spare bits at the end are a CR that pads, not a character.
    """
    septets = unpack_septets(data, len(data) * 8 // 7)
    if len(data) * 8 % 7 == 0 and septets and septets[-1] == _CR:
        septets.pop()
    return decode_septets(septets)


def pack_ussd(text: str) -> str:
    """Text as packed septets in hex, CR in seven spare bits (Huawei requests)."""
    septets = encode_septets(text)
    if len(septets) % 8 == 7:
        septets.append(_CR)
    return pack_septets(septets).hex().upper()


def _gsm7_text(raw: str, charset: str, packed: bool) -> str:
    if packed and (data := _hex(raw)) is not None:
        return unpack_ussd(data)
    if charset == "UCS2" and (data := _hex(raw)) is not None:
        return data[: len(data) & ~1].decode("utf-16-be", errors="replace")
    if charset == "HEX" and (data := _hex(raw)) is not None:
        return decode_septets(data)
    return raw


def decode_text(
    raw: str, dcs: int | None, *, charset: str = "IRA", packed: bool = False
) -> str:
    """Text of a ``+CUSD`` string as the modem presents it (see the docstring).

    A string that should be hex and is not is returned as it came: some
    firmware converts to the character set even then.
    """
    alphabet, prefix = cbs_alphabet(DEFAULT_DCS if dcs is None else dcs)
    if alphabet == "gsm7":
        return _gsm7_text(raw, charset.upper(), packed)[prefix:]
    data = _hex(raw)
    if data is None:
        return raw
    if alphabet == "ucs2":
        body = data[prefix:]
        return body[: len(body) & ~1].decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# An amount: digits with a decimal comma or point and one or two decimals
# ("10.00", "12.5", "1.234,56"), not glued to more digits or separators (a
# date like 31.12.2027 is no amount); a full stop may end the sentence.
_AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:[ .,']?\d{3})*[.,]\d{1,2}(?!\d|[.,]\d)")
_INTEGER = re.compile(r"(?<![\d.,])-?\d+(?!\d|[.,]\d)")


def balance_amount(text: str) -> Decimal | None:
    """The first money amount in a balance answer, or None.

    Operators word their answers freely; an amount with two decimals is
    preferred ("Your credit is 10.00 EUR. Valid until 31.12.2027." → 10.00),
    else the first whole number standing alone ("Balance: 5 EUR" → 5).
    """
    if match := _AMOUNT.search(text):
        whole, _, fraction = re.split(r"([.,])(?=\d{1,2}$)", match.group())
        return Decimal(f"{re.sub(r"[ .,']", '', whole)}.{fraction}")
    if match := _INTEGER.search(text):
        return Decimal(match.group())
    return None


class UssdClient:
    """Runs one USSD request at a time over an ``AtEngine``; fed the URCs.

    A ``+CUSD`` with no request waiting (the network's own notice, or an
    answer after its request timed out) goes to ``unsolicited``, decoded with
    the character set last seen: nothing received is dropped unseen.
    """

    def __init__(
        self,
        per_command: float,
        unsolicited: Callable[[UssdResponse], None] | None = None,
        *,
        packed: Callable[[], bool] = lambda: False,
    ) -> None:
        """``per_command``: timeout of the plain AT commands around the request.

        ``packed`` tells whether the modem uses packed-hex strings (asked when
        an unsolicited answer comes; a request is told with each call).
        """
        self._per_command = per_command
        self._unsolicited = unsolicited
        self._packed = packed
        self._charset_seen = "IRA"
        self._lock = asyncio.Lock()
        self._answer: asyncio.Future[Ussd] | None = None

    def on_urc(self, urc: Urc) -> None:
        """Take a ``+CUSD`` answer for the running request."""
        if not isinstance(urc, Ussd):
            return
        answer = self._answer
        if answer is None or answer.done():
            self._hand_over(urc)
            return
        answer.set_result(urc)

    def _hand_over(self, urc: Ussd) -> None:
        if urc.status not in UssdStatus:
            _LOGGER.info("USSD message with unknown status %s ignored", urc.status)
            return
        text = decode_text(
            urc.text or "", urc.dcs, charset=self._charset_seen, packed=self._packed()
        )
        response = UssdResponse(UssdStatus(urc.status), text, urc.dcs)
        if self._unsolicited is None:
            _LOGGER.info("USSD message with no request waiting: %s", response)
            return
        self._unsolicited(response)

    async def request(
        self,
        engine: AtEngine,
        code: str,
        *,
        timeout: float,  # noqa: ASYNC109 - the network's answer, part of the API
        packed: bool = False,
        keep_session: bool = False,
    ) -> UssdResponse:
        """Send ``code`` (validated first), return the decoded answer."""
        code = validate_code(code)
        async with self._lock:
            charset = await self._charset(engine)
            self._answer = answer = asyncio.get_running_loop().create_future()
            try:
                urc = await self._exchange(engine, answer, code, timeout, packed)
            finally:
                self._answer = None
        status = UssdStatus(urc.status) if urc.status in UssdStatus else None
        if status is None or status in _FAILED:
            raise UssdNetworkError(urc.status)
        text = decode_text(urc.text or "", urc.dcs, charset=charset, packed=packed)
        response = UssdResponse(status, text, urc.dcs)
        if response.session_open and not keep_session:
            await self.cancel(engine)
        return response

    async def cancel(self, engine: AtEngine) -> None:
        """End an open USSD session (``AT+CUSD=2``); errors are of no interest."""
        try:
            await engine.command("AT+CUSD=2", timeout=self._per_command)
        except AtCommandError, CommandTimeoutError:
            _LOGGER.debug("AT+CUSD=2 refused; no session was open")

    async def _charset(self, engine: AtEngine) -> str:
        try:
            lines = await engine.command("AT+CSCS?", timeout=self._per_command)
        except AtCommandError, CommandTimeoutError:
            return "IRA"
        self._charset_seen = plain_value(lines, "+CSCS") or "IRA"
        return self._charset_seen

    async def _exchange(
        self,
        engine: AtEngine,
        answer: asyncio.Future[Ussd],
        code: str,
        limit: float,
        packed: bool,
    ) -> Ussd:
        wire = pack_ussd(code) if packed else code
        try:
            await engine.command(
                f'AT+CUSD=1,"{wire}",{DEFAULT_DCS}', timeout=self._per_command
            )
        except AtCommandError as err:
            raise UssdNetworkError(None, err.cme) from err
        except CommandTimeoutError as err:
            raise UssdTimeoutError("the modem did not take the USSD request") from err
        try:
            async with asyncio.timeout(limit):
                return await answer
        except TimeoutError:
            await self.cancel(engine)
            raise UssdTimeoutError(f"no USSD answer within {limit:.0f} s") from None


def wants_packed(manufacturer: str | None) -> bool:
    """Whether this modem's firmware sends and wants packed-hex USSD strings."""
    name = (manufacturer or "").lower()
    return any(vendor in name for vendor in PACKED_MANUFACTURERS)
