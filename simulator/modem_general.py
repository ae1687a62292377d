"""General AT commands: echo, errors, identity, SIM/PIN, registration, signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .modem_at import AtCommand, CmeError, Handler, Kind, PlainError, Reply
from .sim_card import SIM_CME_ERROR, PinResult, SimState

if TYPE_CHECKING:
    from .modem import SimModem

CME_NOT_ALLOWED = 3
CME_SIM_MISSING = 10
CME_WRONG_PASSWORD = 16


def _ok(modem: SimModem, cmd: AtCommand) -> Reply:
    return Reply()


def _fixed(*lines: str) -> Handler:
    return lambda modem, cmd: Reply(list(lines))


def _echo(modem: SimModem, cmd: AtCommand) -> Reply:
    if cmd.raw not in ("", "0", "1"):
        raise PlainError
    modem.settings.echo = cmd.raw == "1"
    return Reply()


def _only(*allowed: str) -> Handler:
    """Basic commands like ``ATV1``: accept the given values, nothing else."""

    def _handler(modem: SimModem, cmd: AtCommand) -> Reply:
        if cmd.raw not in allowed:
            raise PlainError
        return Reply()

    return _handler


def _reset_settings(modem: SimModem, cmd: AtCommand) -> Reply:
    modem.reset_settings()
    return Reply()


def _cmee_set(modem: SimModem, cmd: AtCommand) -> Reply:
    value = cmd.int_arg(0, 0)
    if value not in (0, 1, 2):
        raise PlainError
    modem.settings.cmee = value
    return Reply()


def _cpin_read(modem: SimModem, cmd: AtCommand) -> Reply:
    state = modem.sim.state
    if state is SimState.MISSING:
        raise CmeError(CME_SIM_MISSING)
    return Reply([f"+CPIN: {state.value}"])


def _cpin_set(modem: SimModem, cmd: AtCommand) -> Reply:
    if modem.sim.state is SimState.MISSING:
        raise CmeError(CME_SIM_MISSING)
    args = cmd.args
    if not args or not args[0]:
        raise CmeError(50)
    before = modem.sim.state
    result = modem.sim.enter_pin(args[0], args[1] if len(args) > 1 else None)
    if result is PinResult.NOT_ALLOWED:
        raise CmeError(CME_NOT_ALLOWED)
    if result is PinResult.WRONG:
        if before is SimState.PIN and modem.sim.state is SimState.PUK:
            # the third failure locks the SIM; the modem says so after the error
            return Reply(
                final=modem._cme_final(CME_WRONG_PASSWORD),
                after=[lambda: modem.emit("+CPIN: SIM PUK")],
            )
        raise CmeError(CME_WRONG_PASSWORD)

    def _ready() -> None:
        modem.emit("+CPIN: READY", "Call Ready", "SMS Ready")
        modem.announce_registration()

    return Reply(after=[_ready])


def _need_inserted(modem: SimModem) -> None:
    if modem.sim.state is SimState.MISSING:
        raise CmeError(CME_SIM_MISSING)


def _ccid(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_inserted(modem)
    return Reply([modem.sim.iccid])


def _cnum(modem: SimModem, cmd: AtCommand) -> Reply:
    if modem.sim.state is not SimState.READY:
        raise CmeError(SIM_CME_ERROR[modem.sim.state])
    number = modem.sim.number
    if number is None:
        return Reply()
    kind = 145 if number.startswith("+") else 129
    return Reply([f'+CNUM: "","{number}",{kind}'])


def _spic(modem: SimModem, cmd: AtCommand) -> Reply:
    _need_inserted(modem)
    sim = modem.sim
    return Reply([f"+SPIC: {sim.pin_attempts},{sim.puk_attempts},3,10"])


def _registration(label: str, attribute: str) -> dict[Kind, Handler]:
    """``+CREG`` / ``+CEREG``: set the URC mode, read ``<n>,<stat>``."""

    def _set(modem: SimModem, cmd: AtCommand) -> Reply:
        value = cmd.int_arg(0, 0)
        if value not in (0, 1, 2):
            raise PlainError
        setattr(modem.settings, attribute, value)
        return Reply()

    def _read(modem: SimModem, cmd: AtCommand) -> Reply:
        mode = getattr(modem.settings, attribute)
        stat = modem.effective_registration
        cell = ',"1A2B","00C3D4E5"' if mode == 2 and stat in (1, 5) else ""
        return Reply([f"{label}: {mode},{stat}{cell}"])

    return {
        Kind.SET: _set,
        Kind.READ: _read,
        Kind.TEST: _fixed(f"{label}: (0-2)"),
    }


def _cereg(modem: SimModem, cmd: AtCommand) -> Reply:
    """Only LTE modems know ``+CEREG``; a SIM800 answers like any unknown command."""
    handler = _CEREG.get(cmd.kind) if modem.quirks.lte else None
    if handler is None:
        return modem._dispatch(AtCommand("+CEREG-UNSUPPORTED", cmd.kind))
    return handler(modem, cmd)


_CEREG = _registration("+CEREG", "cereg")


def _csq(modem: SimModem, cmd: AtCommand) -> Reply:
    return Reply([f"+CSQ: {modem.rssi},0"])


def _cops_read(modem: SimModem, cmd: AtCommand) -> Reply:
    if not modem.registered:
        return Reply(["+COPS: 0"])
    return Reply([f'+COPS: 0,0,"{modem.operator}"'])


def _cfun_set(modem: SimModem, cmd: AtCommand) -> Reply:
    fun, restart = cmd.int_arg(0), cmd.int_arg(1, 0)
    if fun not in (0, 1, 4):
        raise PlainError
    if restart:
        if not modem.quirks.restart_command:
            raise PlainError
        return Reply(after=[modem.reset])
    was_on, modem.radio_on = modem.radio_on, fun == 1
    if modem.radio_on and not was_on:
        modem.recovery_step("cfun")
    modem.announce_registration()
    return Reply()


def _cops_set(modem: SimModem, cmd: AtCommand) -> Reply:
    if cmd.int_arg(0, 0) == 0:  # automatic: register again
        modem.recovery_step("cops")
    return Reply()


def _cscs_set(modem: SimModem, cmd: AtCommand) -> Reply:
    charset = (cmd.args or [""])[0].upper()
    if charset not in ("IRA", "GSM", "UCS2"):
        raise PlainError
    modem.settings.cscs = charset
    return Reply()


def _identity(attribute: str) -> dict[Kind, Handler]:
    return {
        Kind.EXEC: lambda modem, cmd: Reply([getattr(modem.quirks, attribute)]),
        Kind.TEST: _ok,
    }


def _imei() -> dict[Kind, Handler]:
    return {Kind.EXEC: lambda modem, cmd: Reply([modem.imei]), Kind.TEST: _ok}


GENERAL_COMMANDS: dict[str, dict[Kind, Handler]] = {
    "E": {Kind.EXEC: _echo},
    "V": {Kind.EXEC: _only("", "1")},
    "Q": {Kind.EXEC: _only("", "0")},
    "Z": {Kind.EXEC: _reset_settings},
    "&F": {Kind.EXEC: _reset_settings},
    "&W": {Kind.EXEC: _ok},
    "I": {Kind.EXEC: lambda m, c: Reply([f"{m.quirks.model} {m.quirks.revision}"])},
    "+CMEE": {
        Kind.SET: _cmee_set,
        Kind.READ: lambda m, c: Reply([f"+CMEE: {m.settings.cmee}"]),
        Kind.TEST: _fixed("+CMEE: (0-2)"),
    },
    "+CGMI": _identity("manufacturer"),
    "+GMI": _identity("manufacturer"),
    "+CGMM": _identity("model"),
    "+GMM": _identity("model"),
    "+CGMR": _identity("revision"),
    "+GMR": _identity("revision"),
    "+CGSN": _imei(),
    "+GSN": _imei(),
    "+CPIN": {Kind.READ: _cpin_read, Kind.SET: _cpin_set, Kind.TEST: _ok},
    "+SPIC": {Kind.EXEC: _spic},
    "+CCID": {Kind.EXEC: _ccid, Kind.TEST: _ok},
    "+CNUM": {Kind.EXEC: _cnum, Kind.TEST: _ok},
    "+CREG": _registration("+CREG", "creg"),
    "+CEREG": dict.fromkeys(Kind, _cereg),
    "+CSQ": {Kind.EXEC: _csq, Kind.TEST: _fixed("+CSQ: (0-31,99),(0-7,99)")},
    "+COPS": {
        Kind.READ: _cops_read,
        Kind.SET: _cops_set,
        Kind.TEST: lambda m, c: Reply(
            [f'+COPS: (2,"{m.operator}","{m.operator[:8]}","26201"),,(0-4),(0-2)']
        ),
    },
    "+CFUN": {
        Kind.READ: lambda m, c: Reply([f"+CFUN: {1 if m.radio_on else 0}"]),
        Kind.SET: _cfun_set,
        Kind.TEST: _fixed("+CFUN: (0,1,4),(0,1)"),
    },
    "+CSCS": {
        Kind.SET: _cscs_set,
        Kind.READ: lambda m, c: Reply([f'+CSCS: "{m.settings.cscs}"']),
        Kind.TEST: _fixed('+CSCS: ("IRA","GSM","UCS2")'),
    },
}
