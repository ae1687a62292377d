"""SMS in the simulated modem: storage, indications, sending, status reports.

Follows 27.005 in PDU mode as a SIM800 does: incoming SMS are stored and
announced with ``+CMTI`` or routed with ``+CMT`` as ``+CNMI`` says; a full
storage rejects the SMS (the network keeps it and retries when a slot frees,
as an SMSC does after "memory capacity exceeded") and the modem says so once
per rejected message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custom_components.isocket.gsm.errors import PduDecodeError

from .modem_at import AtCommand, CmsError, Handler, Kind, PlainError, Reply
from .network import NetworkSms, NetworkStatusReport
from .pdu import SubmitInfo, decode_submit, encode_status_report, split_deliver
from .sim_card import SIM_CMS_ERROR, SimState, StoredMessage

if TYPE_CHECKING:
    from .modem import SimModem

MEMORIES = ("SM", "ME", "MT")  # all three name the one simulated storage
STATUS_EXPIRED = 0x46  # TP-ST: permanent error, validity period expired
CMS_NO_SERVICE = 331
CMS_INVALID_PDU = 304
CMS_NOT_SUPPORTED = 303
CMS_INVALID_INDEX = 321
CMS_MEMORY_FULL = 322
CMS_NO_ACK_EXPECTED = 340


class SmsService:
    """The modem's SMS state: message references, held and partial messages."""

    def __init__(self, modem: SimModem) -> None:
        """Serve ``modem``."""
        self.modem = modem
        self.fail_sends: list[int] = []  # fault injection, one code per AT+CMGS
        self.fail_reads: list[int] = []  # fault injection, one code per AT+CMGR
        self.sent: list[SubmitInfo] = []  # every SMS-SUBMIT accepted
        self.held: list[str] = []  # PDUs rejected for full storage, retried later
        self.awaiting_ack = 0  # +CMT not yet acknowledged (AT+CSMS=1)
        self._mr = 0
        self._concat_reference = 0
        self._parts: dict[tuple[str, int, int], dict[int, tuple[SubmitInfo, int]]] = {}
        self._report_mrs: dict[int, list[int]] = {}  # network reference -> our mrs

    def close(self) -> None:
        """Forget partial submissions (the modem is going away)."""
        self._parts.clear()

    # -- incoming ------------------------------------------------------------------

    def receive(self, sms: NetworkSms) -> None:
        """Encode ``sms`` as DELIVER PDU(s) (concatenated when long) and take them in."""
        self._concat_reference = (self._concat_reference + 1) % 256
        for pdu in split_deliver(
            sms.sender,
            sms.text,
            sms.timestamp,
            reference=self._concat_reference,
            alphanumeric_sender=sms.alphanumeric_sender,
        ):
            self.incoming_pdu(pdu)

    def incoming_pdu(self, pdu: str) -> None:
        """Route one DELIVER PDU per ``+CNMI`` (``mode``, ``mt``)."""
        mode, mt = self.modem.settings.cnmi[:2]
        if mode and mt == 2:
            length = StoredMessage(pdu).tpdu_length
            self.modem.emit_with_pdu(f"+CMT: ,{length}", pdu)
            if self.modem.settings.csms == 1:
                self.awaiting_ack += 1
            return
        index = self.modem.sim.storage.store(pdu)
        if index is None:
            self.held.append(pdu)
            self.modem.emit(self.modem.quirks.memory_full_urc)
            return
        if mode and mt in (1, 3):
            self.modem.emit(f'+CMTI: "{self.modem.settings.cpms[2]}",{index}')

    def release_held(self) -> None:
        """Slots were freed: the network retries what it held back."""
        while self.held and not self.modem.sim.storage.full:
            self.incoming_pdu(self.held.pop(0))

    def report(self, report: NetworkStatusReport) -> None:
        """A status report arrived: ``+CDS`` (ds=1) or stored + ``+CDSI`` (ds=2)."""
        ds = self.modem.settings.cnmi[3]
        status = 0 if report.delivered else STATUS_EXPIRED
        for mr in self._report_mrs.pop(report.reference, []):
            pdu = encode_status_report(
                mr, report.recipient, report.timestamp, report.discharge, status
            )
            if ds == 1:
                self.modem.emit_with_pdu(f"+CDS: {StoredMessage(pdu).tpdu_length}", pdu)
            elif ds == 2 and (index := self.modem.sim.storage.store(pdu)) is not None:
                self.modem.emit(f'+CDSI: "{self.modem.settings.cpms[2]}",{index}')

    # -- outgoing ------------------------------------------------------------------

    def submit(self, pdu_hex: str, length: int) -> Reply:
        """The PDU typed after ``AT+CMGS=<length>``: send it, answer ``+CMGS: <mr>``."""
        if self.fail_sends:
            raise CmsError(self.fail_sends.pop(0))
        if self.modem.sms_broken:
            raise CmsError(500)
        if not self.modem.registered:
            raise CmsError(CMS_NO_SERVICE)
        try:
            data = bytes.fromhex(pdu_hex)
            info = decode_submit(pdu_hex)
        except ValueError, PduDecodeError:
            raise CmsError(CMS_INVALID_PDU) from None
        if not data or len(data) - data[0] - 1 != length:
            raise CmsError(CMS_INVALID_PDU)
        self._mr = (self._mr + 1) % 256
        self.sent.append(info)
        self._forward(info, self._mr)
        delay = self.modem.network.submit_time + self.modem.quirks.send_delay
        return Reply([f"+CMGS: {self._mr}"], delay=delay)

    def _forward(self, info: SubmitInfo, mr: int) -> None:
        """Hand the text to the network; concatenated parts once all are in."""
        parts = [(info, mr)]
        if info.concat is not None:
            key = (info.recipient, info.concat.reference, info.concat.total)
            collected = self._parts.setdefault(key, {})
            collected[info.concat.sequence] = (info, mr)
            if len(collected) < info.concat.total:
                return
            parts = [collected[seq] for seq in sorted(collected)]
            del self._parts[key]
        wants_report = any(part.status_report for part, _ in parts)
        reference = self.modem.network.send_sms(
            self.modem.number,
            info.recipient,
            "".join(part.text for part, _ in parts),
            status_report=wants_report,
            parts=len(parts),
            flash=any(part.message_class == 0 for part, _ in parts),
        )
        if wants_report:
            self._report_mrs[reference] = [m for part, m in parts if part.status_report]


# -- AT handlers ----------------------------------------------------------------


def _need_sim(modem: SimModem) -> None:
    state = modem.sim.state
    if state is not SimState.READY:
        raise CmsError(SIM_CMS_ERROR[state])


def _need_pdu_mode(modem: SimModem) -> None:
    _need_sim(modem)
    if modem.settings.cmgf != 0:
        raise CmsError(CMS_NOT_SUPPORTED)  # text mode is not simulated


def _cmgf_set(modem: SimModem, cmd: AtCommand) -> Reply:
    value = cmd.int_arg(0, 0)
    if value not in (0, 1):
        raise PlainError
    modem.settings.cmgf = value
    return Reply()


def _cpms_counts(modem: SimModem) -> list[str]:
    storage = modem.sim.storage
    return [f"{storage.used},{storage.size}"] * 3


def _cpms_set(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_sim(modem)
    wanted = [arg.upper() for arg in cmd.args if arg]
    if not wanted or len(wanted) > 3 or any(mem not in MEMORIES for mem in wanted):
        raise CmsError(302)
    current = list(modem.settings.cpms)
    current[: len(wanted)] = wanted
    modem.settings.cpms = (current[0], current[1], current[2])
    return Reply([f"+CPMS: {','.join(_cpms_counts(modem))}"])


def _cpms_read(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_sim(modem)
    fields = [
        f'"{mem}",{counts}'
        for mem, counts in zip(modem.settings.cpms, _cpms_counts(modem), strict=True)
    ]
    return Reply([f"+CPMS: {','.join(fields)}"])


_CNMI_ALLOWED = ((0, 1, 2, 3), (0, 1, 2, 3), (0, 2), (0, 1, 2), (0, 1))


def _cnmi_set(modem: SimModem, cmd: AtCommand) -> Reply:
    values = [cmd.int_arg(i, modem.settings.cnmi[i]) for i in range(5)]
    if any(v not in allowed for v, allowed in zip(values, _CNMI_ALLOWED, strict=True)):
        raise PlainError
    modem.settings.cnmi = (values[0], values[1], values[2], values[3], values[4])
    return Reply()


def _cmgl(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_pdu_mode(modem)
    if modem.sms_broken:
        raise CmsError(500)
    stat = cmd.int_arg(0, 0)
    if stat not in range(5):
        raise CmsError(302)
    lines: list[str] = []
    for index, message in modem.sim.storage.listing(stat):
        lines += [f"+CMGL: {index},{message.stat},,{message.tpdu_length}", message.pdu]
    return Reply(lines)


def _cmgr(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_pdu_mode(modem)
    if modem.sms_broken:
        raise CmsError(500)
    if modem.sms.fail_reads:
        raise CmsError(modem.sms.fail_reads.pop(0))
    index = cmd.int_arg(0)
    storage = modem.sim.storage
    if not storage.valid(index):
        raise CmsError(CMS_INVALID_INDEX)
    stored = storage.slots.get(index)
    if stored is None:
        return Reply()  # SIM800: an empty slot reads as nothing, then OK
    stat = stored.stat
    storage.read(index)
    return Reply([f"+CMGR: {stat},,{stored.tpdu_length}", stored.pdu])


# AT+CMGD <delflag>: which stats each flag deletes (27.005 §3.5.4)
_DELFLAG_STATS: dict[int, tuple[int, ...]] = {
    1: (1,),
    2: (1, 3),
    3: (1, 2, 3),
    4: (0, 1, 2, 3),
}


def _cmgd(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_sim(modem)
    index, flag = cmd.int_arg(0), cmd.int_arg(1, 0)
    storage = modem.sim.storage
    if flag == 0:
        if not storage.valid(index):
            raise CmsError(CMS_INVALID_INDEX)
        storage.delete(index)
    elif flag in _DELFLAG_STATS:
        for slot, message in list(storage.slots.items()):
            if message.stat in _DELFLAG_STATS[flag]:
                storage.delete(slot)
    else:
        raise CmsError(302)
    return Reply(after=[modem.sms.release_held])


def _cmgs(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_pdu_mode(modem)
    length = cmd.int_arg(0)
    if not 7 <= length <= 164:
        raise CmsError(CMS_INVALID_PDU)

    def _typed(text: str | None) -> Reply:
        return Reply() if text is None else modem.sms.submit(text, length)

    return Reply(prompt=_typed)


def _cmgw(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_pdu_mode(modem)
    cmd.int_arg(0)
    stat = cmd.int_arg(1, 2)

    def _typed(text: str | None) -> Reply:
        if text is None:
            return Reply()
        try:
            bytes.fromhex(text)
        except ValueError:
            raise CmsError(CMS_INVALID_PDU) from None
        index = modem.sim.storage.store(text, stat)
        if index is None:
            raise CmsError(CMS_MEMORY_FULL)
        return Reply([f"+CMGW: {index}"])

    return Reply(prompt=_typed)


def _cnma(modem: SimModem, cmd: AtCommand) -> Reply:
    if modem.sms.awaiting_ack <= 0:
        raise CmsError(CMS_NO_ACK_EXPECTED)
    modem.sms.awaiting_ack -= 1
    return Reply()


def _csms_set(modem: SimModem, cmd: AtCommand) -> Reply:
    service = cmd.int_arg(0)
    if service not in (0, 1):
        raise PlainError
    modem.settings.csms = service
    return Reply(["+CSMS: 1,1,1"])


def _fixed(*lines: str) -> Handler:
    return lambda modem, cmd: Reply(list(lines))


def _ok(modem: SimModem, cmd: AtCommand) -> Reply:
    return Reply()


SMS_COMMANDS: dict[str, dict[Kind, Handler]] = {
    "+CMGF": {
        Kind.SET: _cmgf_set,
        Kind.READ: lambda m, c: Reply([f"+CMGF: {m.settings.cmgf}"]),
        Kind.TEST: _fixed("+CMGF: (0,1)"),
    },
    "+CSMS": {
        Kind.SET: _csms_set,
        Kind.READ: lambda m, c: Reply([f"+CSMS: {m.settings.csms},1,1,1"]),
        Kind.TEST: _fixed("+CSMS: (0,1)"),
    },
    "+CPMS": {
        Kind.SET: _cpms_set,
        Kind.READ: _cpms_read,
        Kind.TEST: _fixed("+CPMS: " + ",".join(['("SM","ME","MT")'] * 3)),
    },
    "+CNMI": {
        Kind.SET: _cnmi_set,
        Kind.READ: lambda m, c: Reply(
            ["+CNMI: " + ",".join(str(v) for v in m.settings.cnmi)]
        ),
        Kind.TEST: _fixed("+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"),
    },
    "+CMGL": {Kind.SET: _cmgl, Kind.EXEC: _cmgl, Kind.TEST: _fixed("+CMGL: (0-4)")},
    "+CMGR": {Kind.SET: _cmgr, Kind.TEST: _ok},
    "+CMGD": {
        Kind.SET: _cmgd,
        Kind.TEST: lambda m, c: Reply([f"+CMGD: (1-{m.sim.storage.size}),(0-4)"]),
    },
    "+CMGS": {Kind.SET: _cmgs, Kind.TEST: _ok},
    "+CMGW": {Kind.SET: _cmgw, Kind.TEST: _ok},
    "+CNMA": {Kind.EXEC: _cnma, Kind.TEST: _ok},
    "+CSMP": {Kind.SET: _ok, Kind.READ: _fixed("+CSMP: 17,167,0,0")},
    "+CSCA": {Kind.READ: _fixed('+CSCA: "+491720000000",145'), Kind.SET: _ok},
}
