"""Add the hub, the device and a dashboard through HA's config-flow APIs.

The same flows a person clicks through in Settings → Devices & services, so a
broken flow breaks the demo and the end-to-end test, not just a unit test.
Every step is idempotent: a second start of the demo finds what is there.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import time
from typing import Any

from .haclient import HaClient, HaError, HaWebSocket

DOMAIN = "isocket"
DEVICE_SUBENTRY = "device"


@dataclass(frozen=True, kw_only=True)
class DeviceSpec:
    """The iSocket to add (what a person types into the subentry flow)."""

    name: str
    phone: str
    password: str | None = None
    alarm_input: str = "door"
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
    for subentry in await ws.call("config_entries/subentries/list", entry_id=entry_id):
        if subentry["subentry_type"] == DEVICE_SUBENTRY:
            subentry_id: str = subentry["subentry_id"]
            return subentry_id
    base = "/api/config/config_entries/subentries/flow"
    flow = await ha.post(base, {"handler": [entry_id, DEVICE_SUBENTRY]})
    form: dict[str, Any] = {
        "name": device.name,
        "phone": device.phone,
        "alarm_input": device.alarm_input,
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
    for subentry in await ws.call("config_entries/subentries/list", entry_id=entry_id):
        if subentry["subentry_type"] == DEVICE_SUBENTRY:
            added: str = subentry["subentry_id"]
            return added
    raise HaError("the device subentry is missing after its flow")


async def device_entities(
    ws: HaWebSocket, entry_id: str, phone: str, within: float = 60
) -> tuple[str, dict[str, str]]:
    """The HA device id of the iSocket and its entities by key."""
    deadline = time.monotonic() + within
    while True:
        registry = await ws.call("config/entity_registry/list")
        prefix = f"{phone}_"
        entities = {
            item["unique_id"].removeprefix(prefix): item["entity_id"]
            for item in registry
            if item["config_entry_id"] == entry_id
            and item["platform"] == DOMAIN
            and item["unique_id"].startswith(prefix)
        }
        device_ids = {
            item["device_id"]
            for item in registry
            if item["entity_id"] in entities.values() and item["device_id"]
        }
        if entities and len(device_ids) == 1:
            return device_ids.pop(), entities
        if time.monotonic() > deadline:
            raise TimeoutError(f"no entities for the device {phone}")
        await asyncio.sleep(0.5)


def dashboard(name: str, entities: dict[str, str]) -> dict[str, Any]:
    """A one-view dashboard: the device's main controls first, then the rest."""
    main_keys = ("socket", "temperature", "mains_power", "alarm_input", "alerts")
    main = [entities[key] for key in main_keys if key in entities]
    rest = sorted(entity for key, entity in entities.items() if key not in main_keys)
    buttons = [entity for entity in rest if entity.startswith("button.")]
    others = [entity for entity in rest if not entity.startswith("button.")]
    cards: list[dict[str, Any]] = [
        {"type": "tile", "entity": entity_id} for entity_id in main
    ]
    cards.append({"type": "entities", "title": f"{name} details", "entities": others})
    if buttons:
        cards.append(
            {
                "type": "grid",
                "columns": 3,
                "square": False,
                "cards": [{"type": "button", "entity": b} for b in buttons],
            }
        )
    if "alerts" in entities:
        cards.append(
            {
                "type": "logbook",
                "title": "Alerts",
                "target": {"entity_id": [entities["alerts"]]},
            }
        )
    return {
        "title": "iSocket demo",
        "views": [{"title": name, "path": "isocket", "cards": cards}],
    }


async def ensure_dashboard(ws: HaWebSocket, config: dict[str, Any]) -> bool:
    """Save the default dashboard unless one was saved before; True when saved."""
    try:
        await ws.call("lovelace/config")
    except HaError as err:
        if "config_not_found" not in str(err):
            raise
    else:
        return False
    await ws.call("lovelace/config/save", config=config)
    return True


async def provision(
    ha: HaClient, *, modem_port: str, device: DeviceSpec, with_dashboard: bool = True
) -> Provisioned:
    """Hub, device and (optionally) dashboard; returns their ids."""
    entry_id = await add_hub(ha, modem_port)
    await wait_entry_loaded(ha, entry_id)
    async with ha.websocket() as ws:
        subentry_id = await add_device(ha, ws, entry_id, device)
        device_id, entities = await device_entities(ws, entry_id, device.phone)
        if with_dashboard:
            await ensure_dashboard(ws, dashboard(device.name, entities))
    return Provisioned(entry_id, subentry_id, device_id, entities)
