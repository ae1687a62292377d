"""SimModem: a SIM800-like GSM modem on a pty, joined to the simulated network.

The byte-level machinery lives here (input buffering, echo, the ``> `` data
mode of ``AT+CMGS``, reply framing, delays, fault injection); the command
table is :data:`simulator.modem_commands.COMMANDS`; SMS and call behaviour are
:class:`~simulator.modem_sms.SmsService` and :class:`~simulator.modem_calls.CallService`.
"""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
import functools
import logging

from .chatty import CHATTY_LINES, Chatter
from .clock import SimClock, TimerHandle
from .modem_at import (
    CME_TEXT,
    AtCommand,
    CmeError,
    CmsError,
    PlainError,
    Reply,
    Settings,
    parse_command_line,
)
from .modem_calls import CallService
from .modem_commands import COMMANDS
from .modem_port import PtyPort, TcpServer
from .modem_sms import SmsService
from .network import Call, GsmNetwork, NetworkSms, NetworkStatusReport
from .quirks import Quirks
from .sim_card import SimCard, SimState

_LOGGER = logging.getLogger(__name__)

CTRL_Z, ESC = 0x1A, 0x1B
MAX_LINE = 4096  # a line longer than this is noise: drop it
REGISTERED = (1, 5)  # home, roaming
RECOVERY_STEPS = ("cops", "cfun", "reset")  # in the order an app tries them
_UNSUPPORTED: dict[str, Callable[[], Reply]] = {
    "error": lambda: Reply(final="ERROR"),
    "huawei": lambda: Reply(final="COMMAND NOT SUPPORT"),
}


class SimModem:
    """A simulated modem: AT on a pty (and optionally TCP), SMS and calls on the network."""

    def __init__(
        self,
        network: GsmNetwork,
        clock: SimClock,
        number: str,
        *,
        pin: str | None = None,
        imei: str = "868345031234567",
        storage_size: int = 20,
        quirks: Quirks | None = None,
        sim_number_stored: bool = True,
        operator: str = "Telekom.de",
    ) -> None:
        """A modem whose SIM has ``number`` (shown by ``AT+CNUM`` if stored)."""
        self.network = network
        self.clock = clock
        self.number = number
        self.imei = imei
        self.operator: str = operator
        self.quirks: Quirks = quirks or Quirks()
        self.sim: SimCard = SimCard(
            number if sim_number_stored else None, pin=pin, storage_size=storage_size
        )
        self.settings: Settings = self._fresh_settings()
        self.registration = 1  # what the network offers; see effective_registration
        self.rssi = 20
        self.radio_on = True  # AT+CFUN=1 (full) or 0/4 (radio off)
        # Fault injection: the registration stays lost until this recovery
        # step ("cops": AT+COPS=0, "cfun": a radio off/on, "reset": a restart)
        self.stuck_until: str | None = None
        self.sms_broken = False  # answers AT, fails every SMS operation until reset
        self.sms: SmsService = SmsService(self)
        self.calls: CallService = CallService(self)
        self.command_log: list[str] = []  # every command line received
        self._port = PtyPort(self._feed)
        self._tcp: TcpServer | None = None
        self._inbuf = bytearray()
        self._prompt: Callable[[str | None], Reply] | None = None
        self._busy: TimerHandle | None = None  # a delayed reply is pending
        self._drop = 0
        self._extra_delay = 0.0
        self._chatter: Chatter | None = None
        self._started = False

    # -- lifecycle ----------------------------------------------------------------

    @property
    def path(self) -> str:
        """Stable device path (a symlink to the current pty slave)."""
        return self._port.path

    @property
    def plugged(self) -> bool:
        """The pty exists."""
        return self._port.is_open

    async def start(self) -> str:
        """Open the pty and join the network; returns :attr:`path`."""
        self._port.open()
        self._started = True
        self.update_attachment()
        return self.path

    async def start_tcp(self, port: int = 0) -> int:
        """Also serve the AT dialect on ``127.0.0.1``; returns the TCP port."""
        if self._tcp is None:
            self._tcp = TcpServer(self._feed)
            await self._tcp.start(port)
        assert self._tcp.port is not None
        return self._tcp.port

    async def stop(self) -> None:
        """Close every wire, leave the network, cancel every timer."""
        self._started = False
        self._abort_io()
        self.calls.drop()
        self.sms.close()
        self._port.remove()
        if self._tcp is not None:
            await self._tcp.stop()
            self._tcp = None
        self.network.detach(self)

    # -- network Subscriber ------------------------------------------------------

    def receive_sms(self, sms: NetworkSms) -> None:
        """An SMS for our SIM: encode DELIVER PDUs, store/indicate per ``+CNMI``."""
        self.sms.receive(sms)

    def incoming_call(self, call: Call) -> None:
        """Somebody calls us: ``RING`` / ``+CLIP`` until answered or given up."""
        self.calls.incoming(call)

    def status_report(self, report: NetworkStatusReport) -> None:
        """Delivery report for an SMS we sent with a status report request."""
        self.sms.report(report)

    # -- state -----------------------------------------------------------------

    @property
    def effective_registration(self) -> int:
        """``+CREG`` stat: nothing works without a ready SIM and the radio on."""
        if self.sim.state is not SimState.READY or not self.radio_on:
            return 0
        return self.registration

    @property
    def registered(self) -> bool:
        """Home or roaming."""
        return self.effective_registration in REGISTERED

    def update_attachment(self) -> None:
        """Be on the network exactly while started and registered."""
        if self._started and self.registered:
            self.network.attach(self)
        else:
            self.network.detach(self)

    def reset_settings(self) -> None:
        """``ATZ``: forget the runtime configuration."""
        self.settings = self._fresh_settings()

    def _fresh_settings(self) -> Settings:
        return dataclasses.replace(
            Settings(), echo=self.quirks.echo, cnmi=self.quirks.cnmi_default
        )

    # -- fault injection --------------------------------------------------------

    def unplug(self) -> None:
        """Pull the USB plug: the pty closes, the app sees EOF/EIO."""
        self._abort_io()
        self._port.close()
        if self._tcp is not None:
            self._tcp.accepting = False
            self._tcp.drop_clients()

    def replug(self, *, power_cycle: bool = True) -> str:
        """Plug back in: a new pty behind the same path (a power cycle by default)."""
        if power_cycle:
            self._power_cycle()
        self._port.open()
        if self._tcp is not None:
            self._tcp.accepting = True
        return self.path

    def reset(self) -> None:
        """The modem restarts: settings forgotten, ``RDY`` ... ``SMS Ready`` emitted."""
        self._abort_io()
        self._power_cycle()
        self.emit(*self.quirks.boot_lines)
        self.emit(f"+CPIN: {self.sim.state.value}")
        if self.sim.state is SimState.READY:
            self.emit("Call Ready", "SMS Ready")

    def inject(self, data: bytes) -> None:
        """Write raw bytes (garbage) to the app."""
        self._write(data)

    def drop_replies(self, count: int) -> None:
        """Execute the next ``count`` command lines but lose their replies."""
        self._drop = count

    def delay_replies(self, seconds: float) -> None:
        """Hold every reply ``seconds`` (simulated) from now on (0 to stop)."""
        self._extra_delay = seconds

    def chatty(
        self,
        seed: int | None = 0,
        *,
        rate: float = 0.3,
        lines: tuple[str, ...] = CHATTY_LINES,
    ) -> Chatter | None:
        """Print unknown vendor lines at random gaps of every response (None: stop).

        Returns the :class:`~simulator.chatty.Chatter` (its ``injected`` counts).
        """
        self._chatter = None if seed is None else Chatter(seed, rate, lines)
        return self._chatter

    def fail_next_reads(self, cms_code: int, times: int = 1) -> None:
        """The next ``times`` ``AT+CMGR`` end with ``+CMS ERROR: cms_code`` (314: SIM busy)."""
        self.sms.fail_reads.extend([cms_code] * times)

    def fail_next_send(self, cms_code: int, times: int = 1) -> None:
        """The next ``times`` ``AT+CMGS`` end with ``+CMS ERROR: cms_code``."""
        self.sms.fail_sends.extend([cms_code] * times)

    def set_sim(self, state: SimState | str) -> None:
        """Put the SIM in ``state`` (``READY``, ``SIM PIN``, ``SIM PUK``, ``NOT INSERTED``)."""
        state = SimState(state)
        self.sim.force_state(state)
        self.emit(f"+CPIN: {state.value}")
        if state is SimState.READY:
            self.emit("Call Ready", "SMS Ready")
        self.announce_registration()

    def set_registration(self, stat: int) -> None:
        """Network registration (27.007 ``<stat>``: 0 none, 1 home, 2 searching, 3 denied, 5 roaming)."""
        self.registration = stat
        self.announce_registration()

    def announce_registration(self) -> None:
        """``+CREG``/``+CEREG`` URCs (when enabled) and network attachment."""
        effective = self.effective_registration
        if self.settings.creg:
            self.emit(f"+CREG: {effective}")
        if self.quirks.lte and self.settings.cereg:
            self.emit(f"+CEREG: {effective}")
        self.update_attachment()

    def lose_registration(self, until: str = "cops") -> None:
        """The network is lost and stays lost until the recovery step ``until``.

        ``cops`` (``AT+COPS=0`` re-registers), ``cfun`` (a radio off/on),
        ``reset`` (only a modem restart) or ``never``.
        """
        if until not in RECOVERY_STEPS and until != "never":
            raise ValueError(f"unknown recovery step {until!r}")
        self.stuck_until = until
        self.set_registration(0)

    def recovery_step(self, step: str) -> None:
        """The app tried ``step``: a registration stuck until it (or less) returns."""
        stuck = self.stuck_until
        if stuck is None or stuck == "never":
            return
        if RECOVERY_STEPS.index(step) >= RECOVERY_STEPS.index(stuck):
            self.stuck_until = None
            self.set_registration(1)

    def set_signal(self, rssi: int) -> None:
        """Signal as ``AT+CSQ`` reports it (0-31, 99 unknown)."""
        self.rssi = rssi
        if self.quirks.rssi_interleave:
            self.emit(f"^RSSI: {rssi}")

    def deliver_raw_pdu(self, pdu_hex: str) -> None:
        """An SMS-DELIVER exactly as given (SMSC address first) arrives."""
        self.sms.incoming_pdu(pdu_hex.upper())

    # -- output -------------------------------------------------------------------

    def emit(self, *lines: str) -> None:
        """Write unsolicited result codes (lost while unplugged, like a real one)."""
        eol = self.quirks.line_end
        self._write(b"".join(b"\r\n" + line.encode() + eol for line in lines))

    def emit_with_pdu(self, header: str, pdu: str) -> None:
        """``+CMT`` / ``+CDS``: a header line, then the PDU on its own line."""
        eol = self.quirks.line_end
        chatter = self._chatter.gap() if self._chatter is not None else []
        between = b"".join(line.encode() + eol for line in chatter)
        self._write(b"\r\n" + header.encode() + eol + between + pdu.encode() + eol)

    def _write(self, data: bytes) -> None:
        self._port.write(data)
        if self._tcp is not None:
            self._tcp.write(data)

    def _render(self, reply: Reply) -> bytes:
        eol = self.quirks.line_end
        lines = list(reply.lines)
        if self.quirks.rssi_interleave:
            lines.insert(1 if lines else 0, f"^RSSI: {self.rssi}")
        if self._chatter is not None and (reply.final or lines):
            lines = self._chatter.interleave(lines)
        out = (
            b"\r\n" + eol.join(line.encode() for line in lines) + eol if lines else b""
        )
        if reply.prompt is not None:
            return out + b"\r\n> "
        if not reply.final:
            return out
        return out + b"\r\n" + reply.final.encode() + eol

    # -- input --------------------------------------------------------------------

    def _feed(self, data: bytes) -> None:
        if self.settings.echo:
            self._write(bytes(b for b in data if b not in (CTRL_Z, ESC)))
        self._inbuf += data
        self._pump()

    def _pump(self) -> None:
        while self._busy is None:
            reply = self._take_data() if self._prompt is not None else self._take_line()
            if reply is None:
                return
            self._send(reply)

    def _take_line(self) -> Reply | None:
        while (end := self._inbuf.find(b"\r")) >= 0:
            raw = bytes(self._inbuf[:end])
            del self._inbuf[: end + 1]
            line = raw.decode("latin-1").strip(" \n\x00")
            commands = parse_command_line(line) if line else None
            if commands is None:
                continue  # noise without "AT": real modems ignore it
            self.command_log.append(line)
            return self._execute(commands)
        if len(self._inbuf) > MAX_LINE:
            self._inbuf.clear()
        return None

    def _take_data(self) -> Reply | None:
        end = next((i for i, b in enumerate(self._inbuf) if b in (CTRL_Z, ESC)), None)
        if end is None:
            return None
        text = bytes(self._inbuf[:end]).decode("latin-1").strip()
        cancelled = self._inbuf[end] == ESC
        del self._inbuf[: end + 1]
        handler, self._prompt = self._prompt, None
        assert handler is not None
        return self._guard(lambda: handler(None if cancelled else text))

    def _execute(self, commands: list[AtCommand]) -> Reply:
        total = Reply()
        for command in commands:
            reply = self._guard(functools.partial(self._dispatch, command))
            total.lines += reply.lines
            total.delay += reply.delay
            total.after += reply.after
            if reply.prompt is not None or reply.final != "OK":
                total.final, total.prompt = reply.final, reply.prompt
                break
        else:
            if commands and commands[-1].form in self.quirks.no_final_ok_for:
                total.final = ""  # this dialect ends the answer without "OK"
        return total

    def _dispatch(self, command: AtCommand) -> Reply:
        handler = COMMANDS.get(command.name, {}).get(command.kind)
        if handler is None or command.name in self.quirks.missing_commands:
            if self.quirks.unsupported == "cme":
                raise CmeError(4)
            return _UNSUPPORTED[self.quirks.unsupported]()
        return handler(self, command)

    def _guard(self, run: Callable[[], Reply]) -> Reply:
        """Turn the handlers' typed errors into final result codes."""
        try:
            return run()
        except CmeError as err:
            return Reply(final=self._cme_final(err.code))
        except CmsError as err:
            return Reply(final=f"+CMS ERROR: {err.code}")
        except PlainError:
            return Reply(final="ERROR")

    def _cme_final(self, code: int) -> str:
        if self.settings.cmee == 0:
            return "ERROR"
        if self.settings.cmee == 2:
            return f"+CME ERROR: {CME_TEXT.get(code, code)}"
        return f"+CME ERROR: {code}"

    def _send(self, reply: Reply) -> None:
        if reply.prompt is not None:
            self._prompt = reply.prompt
        data = self._render(reply)
        if self._drop > 0:
            self._drop -= 1
            data = b""
        delay = self.quirks.reply_delay + self._extra_delay + reply.delay
        if delay <= 0:
            self._finish(data, reply)
            return
        self._busy = self.clock.call_later(delay, lambda: self._finish(data, reply))

    def _finish(self, data: bytes, reply: Reply) -> None:
        was_delayed = self._busy is not None
        self._busy = None
        self._write(data)
        for callback in reply.after:
            callback()
        if was_delayed:
            self._pump()

    def _abort_io(self) -> None:
        if self._busy is not None:
            self._busy.cancel()
            self._busy = None
        self._inbuf.clear()
        self._prompt = None

    def _power_cycle(self) -> None:
        self.sms_broken = False
        self.radio_on = True
        if self.stuck_until is not None:
            self.recovery_step("reset")
        self.calls.drop()
        self.reset_settings()
        self.sim.power_up()
        self.update_attachment()
