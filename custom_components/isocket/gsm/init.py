"""The init sequence: wake the modem, unlock the SIM, wait for the network,
select PDU mode, storage and new-message indications, read its identity.

Every step is a plain AT exchange over an ``AtEngine``; choices that depend on
what the modem supports are made from its ``=?`` answers by pure functions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
import logging
import re

from .at import AtEngine
from .errors import (
    AtCommandError,
    CommandTimeoutError,
    GsmError,
    InvalidPinError,
    NoAtResponseError,
    NotRegisteredError,
    PinRejectedError,
    PinRequiredError,
    SimLockedError,
    SimNotInsertedError,
)
from .model import ModemInfo, RegistrationState
from .replies import (
    int_options,
    option_groups,
    own_number,
    plain_value,
    registration,
    value_of,
)
from .urc import split_params

_LOGGER = logging.getLogger(__name__)

# Storage preference: the SIM first (survives a modem swap), then the modem's.
STORAGE_PREFERENCE = ("SM", "ME", "MT")
# +CME ERROR codes (27.007 §9.2) that mean "no usable SIM" / "SIM still busy".
_NO_SIM = frozenset({10, 13, 15})
_SIM_BUSY = 14
_WRONG_PIN = 16
# A SIM PIN is 4 to 8 digits (TS 31.101 §9.9 / 51.011 §9.3); anything else
# could carry a quote, a CR and a second command onto the wire.
PIN_PATTERN = re.compile(r"\d{4,8}", re.ASCII)
# +CPIN: answers that need a code we do not have.
_LOCKED = frozenset({"SIM PUK", "PH-SIM PIN", "PH-SIM PUK", "SIM PIN2", "SIM PUK2"})
# Vendor commands that tell how many PIN attempts are left, and where.
_PIN_COUNTERS: tuple[tuple[str, str, int], ...] = (
    ("AT+SPIC", "+SPIC", 0),  # SIMCom: +SPIC: <pin1>,<puk1>,<pin2>,<puk2>
    ('AT+QPINC="SC"', "+QPINC", 1),  # Quectel: +QPINC: "SC",<pin>,<puk>
    ("AT^CPIN?", "^CPIN", 3),  # Huawei: ^CPIN: <code>,<times>,<puk>,<pin>,...
    ('AT+CPINR="SIM PIN"', "+CPINR", 1),  # 27.007: +CPINR: <code>,<retries>,...
)


@dataclass(frozen=True, slots=True)
class SmsSettings:
    """What the init sequence chose for SMS reception."""

    storage: str
    cnmi: str
    ack_direct: bool  # +CMT/+CDS must be acknowledged with AT+CNMA


def is_valid_pin(pin: str) -> bool:
    """Whether ``pin`` is a SIM PIN: 4 to 8 ASCII digits, nothing else."""
    return PIN_PATTERN.fullmatch(pin) is not None


@dataclass(slots=True)
class InitOptions:
    """Knobs of the init sequence (short values in tests)."""

    pin: str | None = field(default=None, repr=False)
    pin_rejected: bool = False  # set once; the PIN is never sent again
    command_timeout: float = 5.0
    sim_timeout: float = 20.0
    register_timeout: float = 60.0
    poll_interval: float = 1.0


def choose_storage(cpms_test: list[str]) -> str:
    """Pick the receive storage from ``+CPMS: (...),(...),(...)``."""
    value = value_of(cpms_test, "+CPMS") or ""
    groups = option_groups(value)
    offered = groups[-1] if groups else []
    for storage in STORAGE_PREFERENCE:
        if storage in offered:
            return storage
    return offered[0] if offered and offered[0] else "SM"


def choose_cnmi(cnmi_test: list[str]) -> str:
    """Pick ``AT+CNMI`` parameters from ``+CNMI: (modes),(mt),(bm),(ds),(bfr)``.

    Stored delivery (+CMTI, mt=1) is preferred: a message is then deleted only
    after the application accepted it. Direct delivery (+CMT, mt=2) is the
    fallback. Status reports likewise: +CDSI (ds=2) before +CDS (ds=1).
    """
    groups = [
        int_options(group)
        for group in option_groups(value_of(cnmi_test, "+CNMI") or "")
    ]
    groups += [set()] * (5 - len(groups))

    def pick(index: int, preferred: tuple[int, ...]) -> int:
        return next((v for v in preferred if v in groups[index]), preferred[0])

    mode = pick(0, (2, 1, 3))
    mt = pick(1, (1, 2, 3))
    ds = pick(3, (2, 1, 0))
    return f"{mode},{mt},0,{ds},0"


async def initialise(
    engine: AtEngine, options: InitOptions
) -> tuple[ModemInfo, SmsSettings]:
    """Run the whole init sequence; raise the typed errors of ``errors.py``."""
    timeout = options.command_timeout

    async def at(cmd: str) -> list[str]:
        return await engine.command(cmd, timeout=timeout)

    async def optional(cmd: str) -> list[str]:
        try:
            return await at(cmd)
        except AtCommandError, CommandTimeoutError:
            return []

    await wake(engine, timeout)
    await optional("ATE0")
    await optional("AT+CMEE=1")
    await unlock_sim(engine, options)
    await wait_registered(engine, options)
    await at("AT+CMGF=0")
    storage = choose_storage(await optional("AT+CPMS=?"))
    await at(f'AT+CPMS="{storage}","{storage}","{storage}"')
    csms = split_params(value_of(await optional("AT+CSMS?"), "+CSMS") or "0")
    cnmi = choose_cnmi(await optional("AT+CNMI=?"))
    await at(f"AT+CNMI={cnmi}")
    await optional("AT+CLIP=1")
    await optional("AT+CRC=1")
    await optional("AT+CREG=1")  # registration changes as URCs, for the health
    info = await read_info(optional)
    settings = SmsSettings(storage, cnmi, ack_direct=csms[0] == "1")
    _LOGGER.debug("SMS settings: %s", settings)
    return info, settings


async def wake(engine: AtEngine, per_command: float) -> None:
    """Send ``AT`` until the modem answers (it may still be booting)."""
    for _ in range(3):
        try:
            await engine.command("AT", timeout=min(per_command, 2.0))
        except CommandTimeoutError, AtCommandError:
            continue
        return
    raise NoAtResponseError("the port opened but nothing answers AT")


async def _poll[T](
    probe: Callable[[], Awaitable[T | None]], limit: float, interval: float
) -> T | None:
    """Call ``probe`` until it returns a value or ``limit`` seconds pass."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        if (value := await probe()) is not None:
            return value
        if loop.time() + interval > deadline:
            return None
        await asyncio.sleep(interval)


async def sim_state(engine: AtEngine, per_command: float) -> str | None:
    """``READY``, ``SIM PIN``, ...; None while the SIM is busy."""
    try:
        lines = await engine.command("AT+CPIN?", timeout=per_command)
    except AtCommandError as err:
        if err.cme in _NO_SIM or "NOT INSERTED" in err.final.upper():
            raise SimNotInsertedError("no SIM card in the modem") from err
        if err.cme == _SIM_BUSY:
            return None
        raise
    return value_of(lines, "+CPIN")


async def unlock_sim(engine: AtEngine, options: InitOptions) -> None:
    """Make the SIM ready, entering the PIN at most once in the modem's life."""
    state = await _poll(
        lambda: sim_state(engine, options.command_timeout),
        options.sim_timeout,
        options.poll_interval,
    )
    if state == "READY":
        return
    if state is None or state == "NOT READY":
        raise SimNotInsertedError(f"SIM not ready: {state}")
    if state in _LOCKED:
        raise SimLockedError(f"SIM needs {state}")
    if state != "SIM PIN":
        raise SimNotInsertedError(f"unexpected SIM state {state}")
    if options.pin_rejected:
        raise PinRejectedError(await pin_attempts_left(engine, options.command_timeout))
    if not options.pin:
        raise PinRequiredError("the SIM wants a PIN and none is configured")
    if not is_valid_pin(options.pin):
        # Never on the wire, never in a log: the owner must enter a real PIN.
        raise InvalidPinError
    try:
        await engine.command(
            f'AT+CPIN="{options.pin}"', timeout=options.command_timeout
        )
    except AtCommandError as err:
        # Never again: three wrong PINs block the SIM.
        options.pin_rejected = True
        raise PinRejectedError(
            await pin_attempts_left(engine, options.command_timeout)
        ) from err
    except CommandTimeoutError:
        # Unknown outcome. Resending could burn an attempt: only the SIM's
        # state may tell that the PIN was taken.
        if await sim_state(engine, options.command_timeout) != "READY":
            options.pin_rejected = True
            raise PinRejectedError(
                await pin_attempts_left(engine, options.command_timeout)
            ) from None
    ready = await _poll(
        lambda: _ready(engine, options.command_timeout),
        options.sim_timeout,
        options.poll_interval,
    )
    if ready is None:
        raise SimNotInsertedError("SIM did not become ready after the PIN")


async def _ready(engine: AtEngine, per_command: float) -> bool | None:
    return True if await sim_state(engine, per_command) == "READY" else None


async def pin_attempts_left(engine: AtEngine, per_command: float) -> int | None:
    """Ask the vendor-specific counters; None when no modem dialect answers."""
    for command, prefix, position in _PIN_COUNTERS:
        try:
            lines = await engine.command(command, timeout=per_command)
        except GsmError:
            continue
        params = split_params(value_of(lines, prefix) or "")
        if len(params) > position and params[position].isdigit():
            return int(params[position])
    return None


async def registration_state(engine: AtEngine, per_command: float) -> RegistrationState:
    """The best of ``+CREG`` and ``+CEREG`` (an LTE-only modem has only the latter)."""
    states: list[RegistrationState] = []
    for command, prefix in (("AT+CREG?", "+CREG"), ("AT+CEREG?", "+CEREG")):
        try:
            state = registration(
                await engine.command(command, timeout=per_command), prefix
            )
        except AtCommandError:
            continue
        if state is not None:
            if state.registered:
                return state
            states.append(state)
    return states[0] if states else RegistrationState.UNKNOWN


async def wait_registered(engine: AtEngine, options: InitOptions) -> RegistrationState:
    """Wait until the modem is registered; raise ``NotRegisteredError`` if never."""
    last: list[RegistrationState] = []

    async def probe() -> RegistrationState | None:
        state = await registration_state(engine, options.command_timeout)
        last.append(state)
        return state if state.registered else None

    state = await _poll(probe, options.register_timeout, options.poll_interval)
    if state is None:
        raise NotRegisteredError(f"not registered ({last[-1] if last else 'unknown'})")
    return state


async def read_info(
    optional: Callable[[str], Awaitable[list[str]]],
) -> ModemInfo:
    """Manufacturer, model, firmware, IMEI, and number/ICCID when the SIM tells."""
    iccid_lines = await optional("AT+CCID") or await optional("AT+ICCID")
    return ModemInfo(
        manufacturer=plain_value(await optional("AT+CGMI"), "+CGMI"),
        model=plain_value(await optional("AT+CGMM"), "+CGMM"),
        firmware=plain_value(await optional("AT+CGMR"), "+CGMR").removeprefix(
            "Revision:"
        ),
        imei=plain_value(await optional("AT+CGSN"), "+CGSN"),
        own_number=own_number(await optional("AT+CNUM")),
        iccid=plain_value(iccid_lines, "+ICCID")
        or plain_value(iccid_lines, "+CCID")
        or None,
    )
