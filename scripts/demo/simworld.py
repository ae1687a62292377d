"""The demo's simulated world, observed: status for the control page and a wire log.

The world itself (clock, network, modem, iSocket, owner's phone, the modem
authorised on the device) is ``simulator.world.World``; this adds what the
demo, the end-to-end tests and the benchmarks look at from outside.
"""

from __future__ import annotations

from dataclasses import asdict
import time
from typing import Any

from simulator.console import ConsoleError, Quit, run_command
from simulator.isocket import ISocket
from simulator.network import NetworkSms
from simulator.world import World


class DemoWorld:
    """A ``World`` plus a log of every SMS that reached or left the modem."""

    def __init__(self, *, speed: float = 1.0) -> None:
        """Build the world; ``start`` puts the modem on its pty."""
        self.world = World(speed=speed)
        # Wall-clock times: HA stamps its state changes with the same clock.
        self.wire_log: list[dict[str, Any]] = []
        self._hook()

    @property
    def device(self) -> ISocket:
        """The emulated iSocket."""
        return self.world.isocket

    async def start(self) -> str:
        """Start the world; the modem's pty path."""
        path: str = await self.world.start()
        return path

    async def stop(self) -> None:
        """Stop everything."""
        await self.world.stop()

    def numbers(self) -> dict[str, str | None]:
        """Who is who on the simulated network (for the ready file)."""
        return {
            "device_number": self.world.isocket.number,
            "owner_number": self.world.owner.number,
            "modem_number": self.world.modem.number,
            "device_password": self.world.isocket.settings.password,
        }

    def run(self, line: str) -> tuple[bool, str]:
        """Run one console line of ``python -m simulator``; (success, output).

        ``quit`` answers ``(True, "quit")``; the caller stops the process.
        """
        try:
            return True, run_command(self.world, line)
        except ConsoleError as err:
            return False, str(err)
        except Quit:
            return True, "quit"

    def _hook(self) -> None:
        """Record SMS at the modem: delivered to it, and handed by it to the network."""
        modem = self.world.modem
        network = self.world.network
        receive = modem.receive_sms
        send = network.send_sms

        def receive_sms(sms: NetworkSms) -> None:
            self._log("to_modem", sms.sender, sms.recipient, sms.text)
            receive(sms)

        def send_sms(sender: str, recipient: str, text: str, **kwargs: Any) -> int:
            if sender == modem.number:
                self._log("from_modem", sender, recipient, text)
            return send(sender, recipient, text, **kwargs)

        # Instance attributes shadow the methods the network and modem call.
        modem.receive_sms = receive_sms  # type: ignore[method-assign]
        network.send_sms = send_sms  # type: ignore[method-assign]

    def _log(self, direction: str, sender: str, recipient: str, text: str) -> None:
        self.wire_log.append(
            {
                "t": time.time(),
                "direction": direction,
                "sender": sender,
                "recipient": recipient,
                "text": text,
            }
        )

    def status(self) -> dict[str, Any]:
        """What the device, the modem and the owner's phone are doing now."""
        device = self.world.isocket
        modem = self.world.modem
        owner = self.world.owner
        settings = device.settings
        return {
            "device": {
                "number": device.number,
                "powered": device.powered,
                "socket_on": device.socket_on,
                "temperature": device.temperature_reading,
                "probe_plugged": device.thermostat.probe_plugged,
                "sensor_detecting": device.alarm.detecting,
                "alarm_armed": device.alarm_armed,
                "security_numbers": device.security_numbers,
                "alert_numbers": device.alert_numbers,
                "password": settings.password,
                "settings": {
                    key: value
                    for key, value in asdict(settings).items()
                    if isinstance(value, str | int | bool | None)
                },
            },
            "modem": {
                "path": modem.path,
                "plugged": modem.plugged,
                "number": modem.number,
                "sms_from_modem": sum(
                    1 for e in self.wire_log if e["direction"] == "from_modem"
                ),
                "sms_to_modem": sum(
                    1 for e in self.wire_log if e["direction"] == "to_modem"
                ),
            },
            "owner": {
                "number": owner.number,
                "inbox": [sms.text for sms in owner.inbox[-10:]],
            },
            "network": {"sms_total": len(self.world.network.sent_log)},
            "clock": self.world.clock.utcnow().isoformat(),
        }
