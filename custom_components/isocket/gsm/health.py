"""The health snapshot: signal, registration, operator, SIM message storage —
read by AT (no SMS), kept current between reads by the URCs the modem
volunteers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from .at import AtEngine
from .errors import AtCommandError
from .init import registration_state
from .model import REGISTRATION_STATES, ModemHealth, RegistrationState
from .replies import operator, signal_dbm, sim_messages
from .urc import Registration, SignalReport, Urc


async def read_health(engine: AtEngine, per_command: float) -> ModemHealth:
    """Ask ``AT+CSQ``, ``AT+CREG?``/``AT+CEREG?``, ``AT+COPS?`` and ``AT+CPMS?``."""
    dbm = signal_dbm(await engine.command("AT+CSQ", timeout=per_command))
    state = await registration_state(engine, per_command)
    try:
        name = operator(await engine.command("AT+COPS?", timeout=per_command))
    except AtCommandError:
        name = None
    try:
        storage = sim_messages(await engine.command("AT+CPMS?", timeout=per_command))
    except AtCommandError:
        storage = None  # no SIM storage to speak of (or the SIM is busy)
    return ModemHealth(dbm, state, name, datetime.now(UTC), storage)


def apply_urc(health: ModemHealth | None, urc: Urc) -> ModemHealth | None:
    """Update the snapshot from ``+CREG:``/``+CEREG:`` and ``^RSSI:`` URCs."""
    if health is None:
        return None
    match urc:
        case Registration(domain="CREG" | "CEREG", stat=stat):
            state = REGISTRATION_STATES.get(stat, RegistrationState.UNKNOWN)
            return replace(health, registration=state, updated=datetime.now(UTC))
        case SignalReport(rssi=rssi):
            dbm = -113 + 2 * rssi if rssi <= 31 else None
            return replace(health, signal_dbm=dbm, updated=datetime.now(UTC))
        case _:
            return health
