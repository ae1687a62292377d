"""Add the hub and the device through HA's config-flow APIs.

The same flows a person clicks through in Settings → Devices & services, so a
broken flow breaks the demo and the end-to-end test, not just a unit test.
Every step is idempotent: a second start of the demo finds what is there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import time
from typing import Any

from .dashboard import HISTORY_HOURS, EntityInfo, dashboard, ensure_dashboard
from .haclient import HaClient, HaError, HaWebSocket

DOMAIN = "isocket"
DEVICE_SUBENTRY = "device"
# The demo's owner account (a local instance; the password is printed on start).
OWNER_NAME = "Demo"
USER = "demo"
PASSWORD = "isocket-demo"
DEVICE_NAME = "iSocket"


@dataclass(frozen=True, kw_only=True)
class DeviceSpec:
    """The iSocket to add (what a person types into the subentry flow)."""

    name: str
    phone: str
    password: str | None = None
    alarm_input: str = "door"
    # The emulated iSocket starts with the manual's factory settings: the demo
    # says so, and the settings show those defaults (assumed) at no SMS cost.
    factory_settings: bool = True
    # "verify" sends STATUS and waits for the reply (proves the link and
    # fills in the state; one SMS); "finish" adds the device without it.
    check: str = "verify"


@dataclass(frozen=True)
class Provisioned:
    """What was set up: ids to find it again."""

    entry_id: str
    subentry_id: str
    device_id: str
    # entity key (unique id without the phone prefix) -> entity id
    entities: dict[str, str]


async def add_hub(ha: HaClient, port: str, baudrate: int = 115200) -> str:
    """The hub's entry id; the config flow runs when there is no hub yet."""
    entries = await ha.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
    if entries:
        entry_id: str = entries[0]["entry_id"]
        return entry_id
    flow = await ha.post("/api/config/config_entries/flow", {"handler": DOMAIN})
    result = await ha.post(
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"port": port, "baudrate": str(baudrate)},
    )
    if result.get("type") != "create_entry":
        raise HaError(f"hub flow did not create an entry: {result}")
    created: str = result["result"]["entry_id"]
    return created


async def wait_entry_loaded(ha: HaClient, entry_id: str, within: float = 60) -> None:
    """Wait until the hub is set up (its modem connected)."""
    deadline = time.monotonic() + within
    while True:
        entries = await ha.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
        state = next(e["state"] for e in entries if e["entry_id"] == entry_id)
        if state == "loaded":
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the hub did not load (state {state})")
        await asyncio.sleep(0.5)


async def add_device(
    ha: HaClient, ws: HaWebSocket, entry_id: str, device: DeviceSpec
) -> str:
    """The device's subentry id; the subentry flow runs when it is missing."""
    if (found := await _device_subentry(ws, entry_id, device.phone)) is not None:
        return found
    base = "/api/config/config_entries/subentries/flow"
    flow = await ha.post(base, {"handler": [entry_id, DEVICE_SUBENTRY]})
    form: dict[str, Any] = {
        "name": device.name,
        "phone": device.phone,
        "alarm_input": device.alarm_input,
        "factory_settings": device.factory_settings,
    }
    if device.password:
        form["password"] = device.password
    result = await ha.post(f"{base}/{flow['flow_id']}", form)
    if result.get("step_id") != "authorise":
        raise HaError(f"device flow did not reach the authorise step: {result}")
    result = await ha.post(f"{base}/{flow['flow_id']}", {"next_step_id": device.check})
    deadline = time.monotonic() + 200
    # The check waits for the device's reply SMS; the flow shows progress.
    while result.get("type") in {"progress", "progress_done"}:
        if time.monotonic() > deadline:
            raise TimeoutError("the device check did not finish")
        await asyncio.sleep(0.3)
        result = await ha.post(f"{base}/{flow['flow_id']}", {})
    if result.get("type") == "menu" and result.get("step_id") == "verify_failed":
        raise HaError(
            "the device did not answer the check: "
            f"{result.get('description_placeholders', {}).get('reason')}"
        )
    if result.get("type") != "create_entry":
        raise HaError(f"device flow did not create the device: {result}")
    if (added := await _device_subentry(ws, entry_id, device.phone)) is not None:
        return added
    raise HaError("the device subentry is missing after its flow")


async def _device_subentry(ws: HaWebSocket, entry_id: str, phone: str) -> str | None:
    """The subentry id of the device with this number (its unique id), if any."""
    for subentry in await ws.call("config_entries/subentries/list", entry_id=entry_id):
        if (
            subentry["subentry_type"] == DEVICE_SUBENTRY
            and subentry["unique_id"] == phone
        ):
            subentry_id: str = subentry["subentry_id"]
            return subentry_id
    return None


async def hub_entity(ws: HaWebSocket, entry_id: str, key: str) -> str | None:
    """The entity id of the hub's entity ``key`` (e.g. ``incoming_sms``), if any."""
    info = await hub_entity_info(ws, entry_id, key)
    return info.entity_id if info is not None else None


async def hub_entity_info(
    ws: HaWebSocket, entry_id: str, key: str
) -> EntityInfo | None:
    """The hub's entity ``key`` (e.g. ``incoming_sms``), if any."""
    registry = await ws.call("config/entity_registry/list")
    return next(
        (
            EntityInfo(
                item["entity_id"],
                item.get("entity_category"),
                item.get("disabled_by") is None,
                item.get("name") or item.get("original_name"),
            )
            for item in registry
            if item["config_entry_id"] == entry_id
            and item["platform"] == DOMAIN
            and item["unique_id"].endswith(f"_{key}")
            and item.get("config_subentry_id") is None
        ),
        None,
    )


async def device_entities(
    ws: HaWebSocket, entry_id: str, phone: str, within: float = 60
) -> tuple[str, dict[str, EntityInfo]]:
    """The HA device id of the iSocket and its entities by key.

    The key is the entity's unique id without the device's number
    (``socket``, ``temperature``, ``mains_power``, ...).
    """
    deadline = time.monotonic() + within
    prefix = f"{phone}_"
    while True:
        registry = await ws.call("config/entity_registry/list")
        mine = [
            item
            for item in registry
            if item["config_entry_id"] == entry_id
            and item["platform"] == DOMAIN
            and item["unique_id"].startswith(prefix)
        ]
        device_ids = {item["device_id"] for item in mine if item["device_id"]}
        if mine and len(device_ids) == 1:
            return device_ids.pop(), {
                item["unique_id"].removeprefix(prefix): EntityInfo(
                    item["entity_id"],
                    item.get("entity_category"),
                    item.get("disabled_by") is None,
                    # a name the user gave, else the entity's own (without
                    # the device's); None: named after the device
                    item.get("name") or item.get("original_name"),
                )
                for item in mine
            }
        if time.monotonic() > deadline:
            raise TimeoutError(f"no entities for the device {phone}")
        await asyncio.sleep(0.5)


# The demo's automation from blueprints/automation/isocket/notify_power_failure.yaml:
# a power cut raises a persistent notification (the bell in the sidebar),
# power back replaces it with the all-clear.
POWER_FAILURE_AUTOMATION = "isocket_demo_power_failure"
IDENTITY_COMMANDS = ("HARDWARE", "FIRMWARE")
POWER_FAILURE_NOTIFICATION = "isocket_power_failure"
POWER_FAILURE_BLUEPRINT = "isocket/notify_power_failure.yaml"


def power_failure_automation(mains_power: str) -> dict[str, Any]:
    """The automation's config: the blueprint with notifications as its actions."""
    where = "{{ state_attr(trigger.entity_id, 'friendly_name') }}"
    when = "{{ now().strftime('%H:%M') }}"
    notify = "persistent_notification.create"
    return {
        "alias": "iSocket: notify on power failure",
        "description": "Made by the demo from the iSocket power-failure blueprint.",
        "use_blueprint": {
            "path": POWER_FAILURE_BLUEPRINT,
            "input": {
                "mains_power": mains_power,
                "on_failure": [
                    {
                        "action": notify,
                        "data": {
                            "notification_id": POWER_FAILURE_NOTIFICATION,
                            "title": "Power cut",
                            "message": f"{where}: mains power failed at {when}.",
                        },
                    }
                ],
                "on_restore": [
                    {
                        "action": notify,
                        "data": {
                            "notification_id": POWER_FAILURE_NOTIFICATION,
                            "title": "Power is back",
                            "message": f"{where}: mains power restored at {when}.",
                        },
                    }
                ],
            },
        },
    }


async def ensure_power_failure_automation(ha: HaClient, mains_power: str) -> None:
    """Save the blueprint automation (the same id again overwrites it)."""
    await ha.post(
        f"/api/config/automation/config/{POWER_FAILURE_AUTOMATION}",
        power_failure_automation(mains_power),
    )


async def provision(
    ha: HaClient,
    *,
    modem_port: str,
    device: DeviceSpec,
    with_dashboard: bool = True,
    refresh: bool = False,
    history_hours: float = HISTORY_HOURS,
    say: Callable[[str], None] = lambda _: None,
) -> Provisioned:
    """Hub, device and (optionally) dashboard; returns their ids.

    ``refresh`` asks the device for its status (one SMS) so that the entities
    show the emulator's current state rather than what HA remembers.
    ``history_hours`` is the dashboard's temperature graph window. ``say``
    receives a line before each step.
    """
    say(f"adding the modem on {modem_port} (config flow)")
    entry_id = await add_hub(ha, modem_port)
    await wait_entry_loaded(ha, entry_id)
    async with ha.websocket() as ws:
        say(f"adding the iSocket {device.phone} (subentry flow, {device.check})")
        subentry_id = await add_device(ha, ws, entry_id, device)
        device_id, entities = await device_entities(ws, entry_id, device.phone)
        if with_dashboard:
            say("adding the dashboard")
            await ensure_dashboard(
                ws,
                dashboard(
                    device.name,
                    entities,
                    history_hours=history_hours,
                    incoming_sms=await hub_entity_info(ws, entry_id, "incoming_sms"),
                ),
            )
    if with_dashboard and "mains_power" in entities:
        say("adding the power-failure notification (the blueprint)")
        await ensure_power_failure_automation(ha, entities["mains_power"].entity_id)
    if refresh:
        say("asking the iSocket for its status (one SMS)")
        await ha.call("isocket", "refresh", {"device_id": device_id})
        # What it is and its firmware, for the device page (two SMS; Read
        # settings asks these too, among 22).
        for command in IDENTITY_COMMANDS:
            await ha.call(
                "isocket",
                "send_command",
                {"device_id": device_id, "command": command},
                return_response=True,
            )
    return Provisioned(
        entry_id,
        subentry_id,
        device_id,
        {key: info.entity_id for key, info in entities.items()},
    )
