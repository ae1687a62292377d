"""Console commands for ``python -m simulator``: a table of phrases and actions.

Each entry is the phrase typed (one or more words), a help text, and an
action taking the world and the rest of the line; the longest matching
phrase wins, so ``mains lost`` and ``mains restored`` share a first word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .world import World


class ConsoleError(Exception):
    """A command line that cannot be run; the message says why."""


class Quit(Exception):  # noqa: N818 - control flow, not an error
    """The user asked to leave."""


@dataclass(frozen=True, slots=True)
class ConsoleCommand:
    """One console phrase: ``usage`` is the phrase with its argument placeholder."""

    phrase: str
    usage: str
    help: str
    run: Callable[[World, str], str]


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConsoleError(f"{what} must be a number, not {text!r}") from None


def _no_argument(
    action: Callable[[World], object], done: str
) -> Callable[[World, str], str]:
    def _run(world: World, rest: str) -> str:
        if rest:
            raise ConsoleError("this command takes no argument")
        action(world)
        return done

    return _run


def _no_argument_run(
    run: Callable[[World, str], str],
) -> Callable[[World, str], str]:
    def _run(world: World, rest: str) -> str:
        if rest:
            raise ConsoleError("this command takes no argument")
        return run(world, rest)

    return _run


def _temp(world: World, rest: str) -> str:
    world.isocket.set_temperature(_number(rest, "temperature"))
    return f"temperature now {world.isocket.temperature_reading} °C"


def _sms(world: World, rest: str) -> str:
    if not rest:
        raise ConsoleError("usage: sms <text>")
    reference = world.owner.send(world.isocket.number, rest)
    return f"owner -> device: {rest!r} (reference {reference})"


def _stranger(world: World, rest: str) -> str:
    if not rest:
        raise ConsoleError("usage: stranger <text>")
    # Typed text: "\\n" stands for a line break (one console line is one line).
    text = rest.replace("\\n", "\n")
    reference = world.stranger.send(world.modem.number, text)
    return f"{world.stranger.number} -> modem: {text!r} (reference {reference})"


def _balance(world: World, rest: str) -> str:
    if not rest:
        raise ConsoleError("usage: balance <text>")
    world.network.ussd_replies["*100#"] = rest
    return f"*100# now answers {rest!r}"


def _advance(world: World, rest: str) -> str:
    seconds = _number(rest, "seconds")
    if seconds < 0:
        raise ConsoleError("time only goes forward")
    world.clock.advance(seconds)
    return f"simulated time now {world.clock.utcnow():%Y-%m-%d %H:%M:%S} UTC"


def _signal(world: World, rest: str) -> str:
    world.modem.set_signal(int(_number(rest, "rssi")))
    return f"modem signal rssi {world.modem.rssi}"


def _register(world: World, rest: str) -> str:
    world.modem.set_registration(int(_number(rest, "registration state")))
    return f"modem registration {world.modem.registration}"


def _call_modem(world: World, rest: str) -> str:
    number = rest or world.stranger.number
    if not number.removeprefix("+").isdigit():
        raise ConsoleError(f"usage: call modem [number], not {rest!r}")
    world.call_modem(number)
    return f"{number} calls the modem"


def _hang_up(world: World, rest: str) -> str:
    ringing = [
        call
        for call in world.network.call_log
        if call.active and call.callee == world.modem.number
    ]
    if not ringing:
        raise ConsoleError("no call to the modem is ringing")
    ringing[-1].hangup(ringing[-1].origin)
    return f"{ringing[-1].origin} hung up"


_POLICIES = {"answers": "answer", "rejects": "reject", "ignores": "ignore"}


def _owner_calls(world: World, rest: str) -> str:
    words = rest.split()
    if not words or words[0] not in _POLICIES or len(words) > 2:
        raise ConsoleError("usage: owner answers|rejects|ignores [after seconds]")
    world.owner.on_call = _POLICIES[words[0]]  # type: ignore[assignment]
    world.owner.ring_for = _number(words[1], "seconds") if len(words) == 2 else 0.0
    return f"the owner's phone {words[0]} calls after {world.owner.ring_for:g} s"


def _sim_fill(world: World, rest: str) -> str:
    stored = world.modem.sim.storage.fill(int(_number(rest, "count")))
    storage = world.modem.sim.storage
    return f"{stored} messages left on the SIM: {storage.used}/{storage.size}"


def _sim_clear(world: World, rest: str) -> str:
    storage = world.modem.sim.storage
    for index in list(storage.slots):
        storage.delete(index)
    world.modem.sms.release_held()
    return f"SIM emptied: {storage.used}/{storage.size}"


def status(world: World, rest: str = "") -> str:
    """A few lines about the world as it is now."""
    device, modem = world.isocket, world.modem
    return "\n".join(
        [
            f"time     {world.clock.utcnow():%Y-%m-%d %H:%M:%S} UTC",
            (
                f"device   {device.number}: powered={device.powered} "
                f"socket={'ON' if device.socket_on else 'OFF'} "
                f"alarm={'armed' if device.alarm_armed else 'off'} "
                f"temp={device.temperature_reading}"
            ),
            f"modem    {modem.number} at {modem.path}"
            + (f" (tcp {world.tcp_port})" if world.tcp_port else "")
            + f": plugged={modem.plugged} sim={modem.sim.state.value} "
            f"reg={modem.effective_registration} rssi={modem.rssi} "
            f"stored={modem.sim.storage.used}/{modem.sim.storage.size}",
            (
                f"network  {len(world.network.sent_log)} SMS sent, "
                f"{len(world.network.call_log)} calls"
            ),
        ]
    )


def _help(world: World, rest: str) -> str:
    width = max(len(command.usage) for command in COMMANDS)
    return "\n".join(f"{c.usage.ljust(width)}  {c.help}" for c in COMMANDS)


def _quit(world: World, rest: str) -> str:
    raise Quit


def _device(name: str) -> Callable[[World], object]:
    return lambda world: getattr(world.isocket, name)()


def _modem(name: str) -> Callable[[World], object]:
    return lambda world: getattr(world.modem, name)()


COMMANDS: list[ConsoleCommand] = [
    ConsoleCommand(
        "mains lost",
        "mains lost",
        "the device loses mains power",
        _no_argument(_device("mains_lost"), "mains lost"),
    ),
    ConsoleCommand(
        "mains restored",
        "mains restored",
        "mains power returns",
        _no_argument(_device("mains_restored"), "mains restored"),
    ),
    ConsoleCommand(
        "temp", "temp <celsius>", "the probe measures this temperature", _temp
    ),
    ConsoleCommand(
        "sensor active",
        "sensor active",
        "the alarm sensor triggers",
        _no_argument(_device("sensor_active"), "sensor active"),
    ),
    ConsoleCommand(
        "sensor normal",
        "sensor normal",
        "the alarm sensor calms down",
        _no_argument(_device("sensor_normal"), "sensor normal"),
    ),
    ConsoleCommand(
        "probe unplug",
        "probe unplug",
        "pull the temperature probe",
        _no_argument(_device("unplug_probe"), "probe unplugged"),
    ),
    ConsoleCommand(
        "probe plug",
        "probe plug",
        "plug the temperature probe back in",
        _no_argument(_device("plug_probe"), "probe plugged"),
    ),
    ConsoleCommand(
        "button",
        "button",
        "press the device's button",
        _no_argument(_device("press_button"), "button pressed"),
    ),
    ConsoleCommand(
        "hold button",
        "hold button",
        "hold the button (factory reset)",
        _no_argument(_device("hold_button"), "button held"),
    ),
    ConsoleCommand("sms", "sms <text>", "the owner's phone texts the device", _sms),
    ConsoleCommand(
        "stranger",
        "stranger <text>",
        "a phone that is no device texts the modem (\\n: line break)",
        _stranger,
    ),
    ConsoleCommand(
        "balance", "balance <text>", "the network's answer to *100# (USSD)", _balance
    ),
    ConsoleCommand(
        "call device",
        "call device",
        "the owner's phone calls the device",
        _no_argument(lambda w: w.owner.call(w.isocket.number), "calling"),
    ),
    ConsoleCommand(
        "call modem",
        "call modem [number]",
        "a phone calls the modem (default: the stranger)",
        _call_modem,
    ),
    ConsoleCommand(
        "hang up",
        "hang up",
        "the latest caller of the modem gives up",
        _hang_up,
    ),
    ConsoleCommand(
        "owner",
        "owner answers|rejects|ignores [s]",
        "what the owner does when the modem rings (after s seconds)",
        _owner_calls,
    ),
    ConsoleCommand(
        "sim fill",
        "sim fill <count>",
        "leave sent messages on the modem's SIM (fills its storage)",
        _sim_fill,
    ),
    ConsoleCommand(
        "sim clear",
        "sim clear",
        "delete every message on the modem's SIM",
        _no_argument_run(_sim_clear),
    ),
    ConsoleCommand(
        "modem unplug",
        "modem unplug",
        "pull the modem's USB plug",
        _no_argument(_modem("unplug"), "modem unplugged"),
    ),
    ConsoleCommand(
        "modem replug",
        "modem replug",
        "plug the modem back in (same path)",
        _no_argument(_modem("replug"), "modem replugged"),
    ),
    ConsoleCommand(
        "modem reset",
        "modem reset",
        "the modem restarts (RDY)",
        _no_argument(_modem("reset"), "modem reset"),
    ),
    ConsoleCommand(
        "signal", "signal <rssi>", "modem signal 0-31 (99 unknown)", _signal
    ),
    ConsoleCommand("register", "register <stat>", "modem registration 0-5", _register),
    ConsoleCommand(
        "advance", "advance <seconds>", "jump simulated time ahead", _advance
    ),
    ConsoleCommand("status", "status", "show the world", status),
    ConsoleCommand("help", "help", "this list", _help),
    ConsoleCommand("quit", "quit", "stop the simulator", _quit),
]


def run_command(world: World, line: str) -> str:
    """Run one console line; returns what to print. Raises ConsoleError or Quit."""
    words = line.split()
    if not words:
        return ""
    for command in sorted(COMMANDS, key=lambda c: -len(c.phrase.split())):
        phrase = command.phrase.split()
        if [w.lower() for w in words[: len(phrase)]] == phrase:
            parts = line.split(maxsplit=len(phrase))
            rest = parts[len(phrase)].strip() if len(parts) > len(phrase) else ""
            return command.run(world, rest)
    raise ConsoleError(f"unknown command {words[0]!r}; try 'help'")
