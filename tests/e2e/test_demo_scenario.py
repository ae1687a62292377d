"""One iSocket in a real Home Assistant, driven through HA's REST and WebSocket APIs.

The tests run in file order as one scenario on one stack (see conftest.py):
the simulator process (modem on a pty, the iSocket emulator) and a ``hass``
process with the integration added through its config flows. Everything the
integration does travels as SMS through the simulated modem.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import time
from typing import Any

import pytest

from scripts.demo.haclient import HaClient, HaWebSocket
from scripts.demo.stack import Stack, run_async

pytestmark = pytest.mark.usefixtures("socket_enabled")

# An SMS round trip through the simulated modem takes well under a second;
# the margin is for a machine shared with other work.
REPLY_WITHIN = 20.0


async def _wait_for_state(
    ws: HaWebSocket, entity_id: str, wanted: Callable[[str], bool], within: float
) -> dict[str, Any]:
    """The first state_changed event of ``entity_id`` whose state is wanted."""
    async with asyncio.timeout(within):
        while True:
            event = await ws.next_event()
            data = event["data"]
            new_state = data.get("new_state") or {}
            state = new_state.get("state")
            if (
                data.get("entity_id") == entity_id
                and isinstance(state, str)
                and wanted(state)
            ):
                return new_state


def _wait_until(check: Callable[[], bool], within: float) -> None:
    """Poll ``check`` (a cheap local call) until it holds."""
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


async def _poll_state(
    ha: HaClient, entity_id: str, wanted: Callable[[str], bool], within: float
) -> str:
    deadline = time.monotonic() + within
    while True:
        state: str = (await ha.state(entity_id))["state"]
        if wanted(state):
            return state
        assert time.monotonic() < deadline, f"{entity_id} stayed {state!r}"
        await asyncio.sleep(0.2)


def _number(state: str) -> float | None:
    """A numeric state as a float; None while unknown or unavailable."""
    try:
        return float(state)
    except ValueError:
        return None


def test_device_and_entities_listed(stack: Stack) -> None:
    """The device has the socket, temperature, mains, alarm and alert entities."""

    async def scenario() -> dict[str, Any]:
        async with stack.logged_in() as ha:
            device_id = stack.provisioned.device_id
            rendered = await ha.render(
                f"{{{{ device_entities('{device_id}') | sort | join(',') }}}}"
            )
            return {
                entity_id: await ha.state(entity_id)
                for entity_id in rendered.split(",")
            }

    states = run_async(scenario())
    entities = stack.provisioned.entities
    for key in ("socket", "temperature", "mains_power", "alarm_input", "alerts"):
        assert key in entities, f"no {key} entity in {sorted(entities)}"
        assert entities[key] in states
    assert entities["socket"].startswith("switch.")
    assert entities["temperature"].startswith("sensor.")
    assert entities["mains_power"].startswith("binary_sensor.")
    assert entities["alarm_input"].startswith("binary_sensor.")
    assert states[entities["alarm_input"]]["attributes"]["device_class"] == "door"
    assert states[entities["temperature"]]["attributes"]["unit_of_measurement"] == (
        "°C"
    )


def test_factory_settings_shown_as_assumed(stack: Stack) -> None:
    """The demo adds its new iSocket with "factory settings": no unknown settings.

    POWERSTATE's factory default (manual §14: REMEMBER) shows at once, marked
    assumed, although no inquiry was ever sent for it.
    """
    entity_id = stack.entity("power_on_state")

    async def scenario() -> dict[str, Any]:
        async with stack.logged_in() as ha:
            return await ha.state(entity_id)

    state = run_async(scenario())
    assert state["state"] == "remember"
    assert state["attributes"].get("assumed") is True


def test_turning_the_socket_on_switches_the_relay(stack: Stack) -> None:
    """switch.turn_on → ON by SMS → the emulated relay is on, HA shows on."""
    assert stack.simulator.status()["device"]["socket_on"] is False
    socket = stack.entity("socket")

    async def scenario() -> str:
        async with stack.logged_in() as ha:
            await ha.call("switch", "turn_on", {"entity_id": socket})
            return await _poll_state(ha, socket, lambda s: s == "on", REPLY_WITHIN)

    assert run_async(scenario()) == "on"
    _wait_until(lambda: stack.simulator.status()["device"]["socket_on"], 5)


def test_refresh_reads_the_new_temperature(stack: Stack) -> None:
    """The probe warms up; refreshing the status shows it on the sensor."""
    stack.simulator.command("temp 27")
    temperature = stack.entity("temperature")

    async def scenario() -> tuple[Any, str]:
        async with stack.logged_in() as ha:
            response = await ha.call(
                "isocket",
                "refresh",
                {"device_id": stack.provisioned.device_id},
                return_response=True,
            )
            state = await _poll_state(
                ha, temperature, lambda s: _number(s) == 27.0, REPLY_WITHIN
            )
        return response, state

    response, state = run_async(scenario())
    assert float(state) == 27.0
    assert response["service_response"]["confirmed"] is True


def test_send_command_returns_the_reply(stack: Stack) -> None:
    """isocket.send_command answers with the device's reply, raw and parsed."""

    async def scenario() -> Any:
        async with stack.logged_in() as ha:
            return await ha.call(
                "isocket",
                "send_command",
                {"device_id": stack.provisioned.device_id, "command": "TEMPERATURE"},
                return_response=True,
            )

    response = run_async(scenario())["service_response"]
    assert response["command"] == "TEMPERATURE"
    assert response["confirmed"] is True
    assert response["reply"].startswith("TEMPERATURE: 27C")
    assert response["type"] != "Unknown"


def test_power_failure_turns_mains_off_within_two_seconds(stack: Stack) -> None:
    """Mains lost → the device's alert SMS → the mains entity is off within 2 s."""
    mains = stack.entity("mains_power")

    async def scenario() -> float:
        async with stack.logged_in() as ha, ha.websocket() as ws:
            await ws.subscribe_events("state_changed")
            started = time.monotonic()
            stack.simulator.command("mains lost")
            await _wait_for_state(ws, mains, lambda s: s == "off", 2.0)
            elapsed = time.monotonic() - started
            stack.simulator.command("mains restored")
            await _wait_for_state(ws, mains, lambda s: s == "on", REPLY_WITHIN)
        return elapsed

    elapsed = run_async(scenario())
    assert elapsed < 2.0
    assert stack.simulator.status()["device"]["powered"] is True
