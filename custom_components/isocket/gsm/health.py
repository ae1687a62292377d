"""The health snapshot: signal, registration, operator — by AT only."""

from __future__ import annotations

from datetime import UTC, datetime

from .at import AtEngine
from .errors import AtCommandError
from .init import registration_state
from .model import ModemHealth
from .replies import operator, signal_dbm


async def read_health(engine: AtEngine, per_command: float) -> ModemHealth:
    """Ask ``AT+CSQ``, ``AT+CREG?``/``AT+CEREG?`` and ``AT+COPS?``."""
    dbm = signal_dbm(await engine.command("AT+CSQ", timeout=per_command))
    state = await registration_state(engine, per_command)
    try:
        name = operator(await engine.command("AT+COPS?", timeout=per_command))
    except AtCommandError:
        name = None
    return ModemHealth(dbm, state, name, datetime.now(UTC))
