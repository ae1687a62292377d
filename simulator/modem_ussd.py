"""USSD in the simulated modem: ``AT+CUSD`` and the ``+CUSD`` answer.

``AT+CUSD=1,"<code>"[,<dcs>]`` answers ``OK``, then (after the network's
latency) the network's answer as ``+CUSD: <m>,"<str>",<dcs>`` the way a SIM800
presents it: GSM 7-bit text (DCS 15) converted to the character set of
``AT+CSCS`` (IRA/GSM: the text itself, line breaks and all; UCS2: hex), UCS2
text (DCS 72) as hex. With the ``ussd_packed`` quirk (Huawei) both the request
and a GSM 7-bit answer are packed septets in hex. An error is ``+CUSD: 4``
(or whatever status the network's reply has) without a string; a network
that never answers sends nothing. ``AT+CUSD=2`` (end a menu session) answers ``OK``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custom_components.isocket.gsm.ussd import pack_ussd, unpack_ussd

from .modem_at import AtCommand, CmeError, Handler, Kind, PlainError, Reply
from .modem_calls import CME_NO_SERVICE
from .network import UssdReply

if TYPE_CHECKING:
    from .modem import SimModem

DCS: dict[str, int] = {"gsm7": 15, "ucs2": 72}
STATUS_NOT_SUPPORTED = 4


def ussd_line(reply: UssdReply, *, charset: str, packed: bool) -> str | None:
    """The ``+CUSD`` URC for ``reply`` (None: the network stays silent)."""
    if reply.status is None:
        return None
    if reply.status not in (0, 1):
        return f"+CUSD: {reply.status}"
    if reply.encoding == "ucs2":
        text = reply.text.encode("utf-16-be").hex().upper()
    elif packed:
        text = pack_ussd(reply.text)
    elif charset == "UCS2":
        text = reply.text.encode("utf-16-be").hex().upper()
    else:
        text = reply.text
    return f'+CUSD: {reply.status},"{text}",{DCS[reply.encoding]}'


def _request_code(modem: SimModem, raw: str) -> str | None:
    """The code as the app meant it; None when a packed one does not decode."""
    if not modem.quirks.ussd_packed:
        return raw
    try:
        return unpack_ussd(bytes.fromhex(raw))
    except ValueError:
        return None


def _cusd_set(modem: SimModem, cmd: AtCommand) -> Reply:
    mode = cmd.int_arg(0, 0)
    if mode not in (0, 1, 2):
        raise PlainError
    modem.settings.cusd = mode
    args = cmd.args
    if len(args) < 2 or mode == 2:
        return Reply()
    if not modem.registered:
        raise CmeError(CME_NO_SERVICE)
    code = _request_code(modem, args[1])
    reply = (
        UssdReply(status=STATUS_NOT_SUPPORTED)
        if code is None
        else modem.network.ussd_answer(modem.number, code)
    )
    line = ussd_line(
        reply, charset=modem.settings.cscs, packed=modem.quirks.ussd_packed
    )

    def _answer_later() -> None:
        if line is not None:
            modem.clock.call_later(modem.network.latency, lambda: modem.emit(line))

    return Reply(after=[_answer_later])


def _cusd_read(modem: SimModem, cmd: AtCommand) -> Reply:
    return Reply([f"+CUSD: {modem.settings.cusd}"])


USSD_COMMANDS: dict[str, dict[Kind, Handler]] = {
    "+CUSD": {
        Kind.SET: _cusd_set,
        Kind.READ: _cusd_read,
        Kind.TEST: lambda modem, cmd: Reply(["+CUSD: (0,1,2)"]),
    },
}
