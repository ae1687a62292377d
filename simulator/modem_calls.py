"""Voice calls in the simulated modem (SIM800 behaviour); USSD: modem_ussd.py.

``ATD<n>;`` answers ``OK`` at once; how the call ends comes later as a result
code (``BUSY``, ``NO CARRIER``). Incoming calls repeat ``RING`` (``+CRING:
VOICE`` with ``AT+CRC=1``) followed by ``+CLIP`` (with ``AT+CLIP=1``) every
few seconds until answered, rejected or given up (then ``NO CARRIER``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .clock import TimerHandle
from .modem_at import AtCommand, CmeError, Handler, Kind, PlainError, Reply
from .network import Call, CallState
from .sim_card import SIM_CME_ERROR, SimState

if TYPE_CHECKING:
    from .modem import SimModem

HIDE_PREFIX = "#31#"  # GSM code: withhold caller id for this call
CME_NO_SERVICE = 30

# How a call that ended without us hanging up is reported, (outgoing, state) -> code
_END_RESULT: dict[tuple[bool, CallState], str] = {
    (True, CallState.REJECTED): "BUSY",
    (True, CallState.UNANSWERED): "NO CARRIER",
    (True, CallState.ENDED): "NO CARRIER",
    (False, CallState.UNANSWERED): "NO CARRIER",
    (False, CallState.ENDED): "NO CARRIER",
    (False, CallState.REJECTED): "NO CARRIER",
}


def _clip(number: str | None) -> str:
    if not number:
        return '+CLIP: "",128,"",0,"",1'  # CLI validity 1: withheld
    kind = 145 if number.startswith("+") else 129
    return f'+CLIP: "{number}",{kind},"",0,"",0'


class CallService:
    """At most one call at a time, in either direction."""

    def __init__(self, modem: SimModem) -> None:
        """Serve ``modem``."""
        self.modem = modem
        self.current: Call | None = None
        self.outgoing = False
        self.dialled: list[Call] = []  # every ATD, for tests
        self.received: list[Call] = []  # every incoming call
        self._ring_timer: TimerHandle | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def incoming(self, call: Call) -> None:
        """The network rings us."""
        self.received.append(call)
        if self.current is not None:
            call.reject(reason="busy")
            return
        self._adopt(call, outgoing=False)
        self._ring()

    def dial(self, number: str) -> Call:
        """Place a voice call (``#31#`` prefix hides our number)."""
        hide = number.startswith(HIDE_PREFIX)
        call = self.modem.network.call(
            self.modem.number, number.removeprefix(HIDE_PREFIX), hide_caller_id=hide
        )
        self.dialled.append(call)
        self._adopt(call, outgoing=True)
        return call

    def answer(self) -> bool:
        """``ATA``: pick up a ringing incoming call."""
        call = self.current
        if call is None or self.outgoing or call.state is not CallState.RINGING:
            return False
        if self._ring_timer is not None:
            self._ring_timer.cancel()
        call.answer()
        return True

    def drop(self) -> None:
        """``ATH``/``AT+CHUP`` (or power loss): end or refuse the call, no result code."""
        call, outgoing = self.current, self.outgoing
        self._release()
        if call is None:
            return
        if not outgoing and call.state is CallState.RINGING:
            call.reject()
        else:
            call.hangup(self.modem.number)

    @property
    def cpas(self) -> int:
        """``AT+CPAS``: 0 ready, 3 ringing, 4 call in progress."""
        if self.current is None:
            return 0
        ringing = not self.outgoing and self.current.state is CallState.RINGING
        return 3 if ringing else 4

    def clcc(self) -> list[str]:
        """``AT+CLCC`` lines for the current call."""
        call = self.current
        if call is None:
            return []
        answered = call.state is CallState.ANSWERED
        stat = 0 if answered else (3 if self.outgoing else 4)
        number = (call.callee if self.outgoing else call.caller) or ""
        kind = 145 if number.startswith("+") else 129
        return [f'+CLCC: 1,{int(not self.outgoing)},{stat},0,0,"{number}",{kind}']

    def _adopt(self, call: Call, *, outgoing: bool) -> None:
        self.current, self.outgoing = call, outgoing
        self._unsubscribe = call.add_listener(self._changed)

    def _release(self) -> None:
        if self._ring_timer is not None:
            self._ring_timer.cancel()
            self._ring_timer = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.current = None

    def _ring(self) -> None:
        call = self.current
        if call is None or self.outgoing or call.state is not CallState.RINGING:
            return
        settings = self.modem.settings
        self.modem.emit("+CRING: VOICE" if settings.crc else "RING")
        if settings.clip:
            self.modem.emit(_clip(call.caller))
        self._ring_timer = self.modem.clock.call_later(
            self.modem.quirks.ring_interval, self._ring
        )

    def _changed(self, call: Call) -> None:
        if call is not self.current:
            return
        if call.state is CallState.ANSWERED:
            if self.outgoing and self.modem.settings.colp:
                self.modem.emit(_clip(call.callee).replace("+CLIP", "+COLP", 1))
            return
        outgoing = self.outgoing
        self._release()
        self.modem.emit(_END_RESULT[(outgoing, call.state)])


# -- AT handlers ----------------------------------------------------------------


def _dial(modem: SimModem, cmd: AtCommand) -> Reply:
    if not cmd.raw.endswith(";"):
        return Reply(final="NO CARRIER")  # data/fax calls are not simulated
    number = cmd.raw[:-1].strip()
    if not number:
        raise PlainError
    if modem.sim.state is not SimState.READY:
        raise CmeError(SIM_CME_ERROR[modem.sim.state])
    if not modem.registered:
        return Reply(final="NO CARRIER")
    if modem.calls.current is not None:
        raise PlainError
    modem.calls.dial(number)
    return Reply()


def _hangup(modem: SimModem, cmd: AtCommand) -> Reply:
    modem.calls.drop()
    return Reply()


def _answer(modem: SimModem, cmd: AtCommand) -> Reply:
    return Reply() if modem.calls.answer() else Reply(final="NO CARRIER")


def _flag(name: str, values: tuple[int, ...] = (0, 1)) -> dict[Kind, Handler]:
    """SET/READ/TEST of a simple on/off setting stored in ``Settings.<name>``."""
    label = "+" + name.upper()

    def _set(modem: SimModem, cmd: AtCommand) -> Reply:
        value = cmd.int_arg(0)
        if value not in values:
            raise PlainError
        setattr(modem.settings, name, value)
        return Reply()

    def _read(modem: SimModem, cmd: AtCommand) -> Reply:
        suffix = ",1" if name in ("clip", "colp") else ""  # <m>: provisioned
        return Reply([f"{label}: {getattr(modem.settings, name)}{suffix}"])

    values_text = ",".join(str(v) for v in values)
    return {
        Kind.SET: _set,
        Kind.READ: _read,
        Kind.TEST: lambda modem, cmd: Reply([f"{label}: ({values_text})"]),
    }


CALL_COMMANDS: dict[str, dict[Kind, Handler]] = {
    "D": {Kind.EXEC: _dial},
    "H": {Kind.EXEC: _hangup},
    "+CHUP": {Kind.EXEC: _hangup, Kind.TEST: lambda m, c: Reply()},
    "A": {Kind.EXEC: _answer},
    "+CLIP": _flag("clip"),
    "+CRC": _flag("crc"),
    "+COLP": _flag("colp"),
    "+CLCC": {Kind.EXEC: lambda m, c: Reply(m.calls.clcc())},
    "+CPAS": {Kind.EXEC: lambda m, c: Reply([f"+CPAS: {m.calls.cpas}"])},
}
