"""The simulator's console commands: one table for stdin and the control page."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import json

from .simworld import DemoWorld


class UsageError(Exception):
    """The command's arguments do not fit."""


@dataclass(frozen=True)
class ConsoleCommand:
    """One command: the words that select it, usage text and what it does."""

    words: str
    usage: str
    help: str
    run: Callable[[DemoWorld, list[str]], str]


def _no_args(action: Callable[[DemoWorld], object], done: str) -> Callable[..., str]:
    def run(world: DemoWorld, args: list[str]) -> str:
        if args:
            raise UsageError("takes no arguments")
        action(world)
        return done

    return run


def _temperature(world: DemoWorld, args: list[str]) -> str:
    if len(args) != 1:
        raise UsageError("usage: temp <celsius>")
    try:
        celsius = float(args[0].replace(",", "."))
    except ValueError as err:
        raise UsageError(f"not a temperature: {args[0]}") from err
    world.device.set_temperature(celsius)
    return f"the probe now reads {world.device.temperature_reading:g} °C"


def _sms(world: DemoWorld, args: list[str]) -> str:
    if not args:
        raise UsageError("usage: sms <text>")
    text = " ".join(args)
    world.world.owner.send(world.device.number, text)
    return f"the owner's phone sent {text!r} to the iSocket"


def _advance(world: DemoWorld, args: list[str]) -> str:
    if len(args) != 1:
        raise UsageError("usage: advance <seconds>")
    try:
        seconds = float(args[0])
    except ValueError as err:
        raise UsageError(f"not a number of seconds: {args[0]}") from err
    world.world.clock.advance(seconds)
    return f"simulated time advanced by {seconds:g} s"


def _status(world: DemoWorld, args: list[str]) -> str:
    return json.dumps(world.status(), indent=2, default=str)


def _inbox(world: DemoWorld, args: list[str]) -> str:
    inbox = world.world.owner.inbox
    return "\n".join(f"{sms.sender}: {sms.text}" for sms in inbox) or "(empty)"


def _help(world: DemoWorld, args: list[str]) -> str:
    width = max(len(c.usage) for c in COMMANDS.values())
    return "\n".join(f"{c.usage:<{width}}  {c.help}" for c in COMMANDS.values())


def _device_action(name: str) -> Callable[[DemoWorld], object]:
    return lambda world: getattr(world.device, name)()


COMMANDS: dict[str, ConsoleCommand] = {
    c.words: c
    for c in (
        ConsoleCommand(
            "mains lost",
            "mains lost",
            "mains power fails (the device alerts, then goes off)",
            _no_args(_device_action("mains_lost"), "mains power lost"),
        ),
        ConsoleCommand(
            "mains restored",
            "mains restored",
            "mains power returns",
            _no_args(_device_action("mains_restored"), "mains power restored"),
        ),
        ConsoleCommand(
            "temp", "temp <celsius>", "set the probe's temperature", _temperature
        ),
        ConsoleCommand(
            "sensor active",
            "sensor active",
            "the door sensor on the alarm input detects",
            _no_args(_device_action("sensor_active"), "sensor active"),
        ),
        ConsoleCommand(
            "sensor normal",
            "sensor normal",
            "the door sensor is quiet again",
            _no_args(_device_action("sensor_normal"), "sensor normal"),
        ),
        ConsoleCommand(
            "probe unplug",
            "probe unplug",
            "unplug the temperature probe",
            _no_args(_device_action("unplug_probe"), "probe unplugged"),
        ),
        ConsoleCommand(
            "probe plug",
            "probe plug",
            "plug the temperature probe in again",
            _no_args(_device_action("plug_probe"), "probe plugged in"),
        ),
        ConsoleCommand(
            "button",
            "button",
            "press the device's button (toggles the socket or disarms)",
            _no_args(_device_action("press_button"), "button pressed"),
        ),
        ConsoleCommand("sms", "sms <text>", "send an SMS from the owner's phone", _sms),
        ConsoleCommand("inbox", "inbox", "SMS the owner's phone received", _inbox),
        ConsoleCommand(
            "advance", "advance <seconds>", "jump simulated time ahead", _advance
        ),
        ConsoleCommand("status", "status", "the device's and modem's state", _status),
        ConsoleCommand("help", "help", "this list", _help),
        ConsoleCommand("quit", "quit", "stop the simulator", lambda w, a: "bye"),
    )
}


class Console:
    """Runs command lines against the world; ``quit`` sets ``stop``."""

    def __init__(self, world: DemoWorld, stop: asyncio.Event) -> None:
        """Commands act on ``world``."""
        self.world = world
        self._stop = stop

    def run(self, line: str) -> tuple[bool, str]:
        """Run one line; (success, output)."""
        words = line.split()
        # The longest matching prefix wins ("mains lost" before "mains").
        for length in (2, 1):
            command = COMMANDS.get(" ".join(words[:length]).lower())
            if command is not None and len(words) >= length:
                break
        else:
            return False, f"unknown command {line!r}; type `help`"
        try:
            output = command.run(self.world, words[length:])
        except UsageError as err:
            return False, str(err)
        if command.words == "quit":
            self._stop.set()
        return True, output
