"""What a loaded hub holds, and how its devices follow the config subentries.

Adding, removing or reconfiguring a device subentry never reloads the hub:
the update listener calls :func:`async_sync_devices`, which starts, stops or
reconfigures only the devices that changed while the modem stays connected.
A started device is announced with :func:`signal_device_added`; each platform
listens and adds that device's entities. A removed subentry takes its HA
device and entities with it (HA clears them from the registries); here only
its session stops. Hub data (port, baud rate, PIN) still needs a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry, ConfigEntryState, ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send

from . import issues
from .const import CONF_PASSWORD, DOMAIN, SUBENTRY_TYPE_DEVICE
from .coordinator import HubCoordinator
from .device import DeviceCoordinator
from .device_info import async_track_device_info


class IgnoredSmsCounter(Protocol):
    """What the hub's entities see of the gateway's reporter (sms_gateway.incoming)."""

    @property
    def ignored(self) -> int:
        """SMS the allow-list ignored since the hub started."""

    def add_ignored_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Hear each ignored SMS; returns the unsubscribe function."""


@dataclass(kw_only=True)
class ISocketRuntimeData:
    """What a loaded hub entry holds: its modem coordinator and its devices."""

    hub: HubCoordinator
    incoming: IgnoredSmsCounter
    """The gateway's reporter of SMS the hub routes to no device."""
    hub_data: Mapping[str, Any]
    """The entry data the modem runs with: a change needs a new session (reload)."""
    options: Mapping[str, Any]
    devices: dict[str, DeviceCoordinator] = field(default_factory=dict)
    """Device coordinators by config subentry id."""
    stops: dict[str, list[Callable[[], None]]] = field(default_factory=dict)
    """What to undo when a device stops, by config subentry id."""


type ISocketConfigEntry = ConfigEntry[ISocketRuntimeData]


def signal_entry_updated(entry_id: str) -> str:
    """Dispatcher signal: the hub's options or subentries changed (no argument).

    Sent by the entry's one update listener (``__init__``) after the devices
    followed; the gateway's parts (budget cap, balance interval, recipients)
    listen to it instead of adding update listeners of their own.
    """
    return f"{DOMAIN}_{entry_id}_entry_updated"


def signal_device_added(entry_id: str) -> str:
    """Dispatcher signal: a device of this hub started (argument: its coordinator)."""
    return f"{DOMAIN}_{entry_id}_device_added"


def _device_subentries(entry: ISocketConfigEntry) -> dict[str, ConfigSubentry]:
    return {
        subentry_id: subentry
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_TYPE_DEVICE
    }


@callback
def _async_start_device(
    hass: HomeAssistant, entry: ISocketConfigEntry, subentry: ConfigSubentry
) -> None:
    runtime = entry.runtime_data
    device = DeviceCoordinator(hass, entry, subentry, runtime.hub)
    runtime.devices[subentry.subentry_id] = device
    if (reply := runtime.hub.take_handed_over(device.phone)) is not None:
        device.adopt_link_check(reply)
    runtime.stops[subentry.subentry_id] = [
        device.async_stop,
        async_track_device_info(hass, device),
        runtime.hub.add_device(device),
    ]
    async_dispatcher_send(hass, signal_device_added(entry.entry_id), device)


@callback
def _async_stop_device(entry: ISocketConfigEntry, subentry_id: str) -> None:
    runtime = entry.runtime_data
    del runtime.devices[subentry_id]
    for stop in reversed(runtime.stops.pop(subentry_id)):
        stop()


@callback
def async_sync_devices(hass: HomeAssistant, entry: ISocketConfigEntry) -> None:
    """Start, stop or reconfigure devices so that they match the subentries."""
    runtime = entry.runtime_data
    wanted = _device_subentries(entry)
    for subentry_id in runtime.devices.keys() - wanted.keys():
        _async_stop_device(entry, subentry_id)
    for subentry_id, subentry in wanted.items():
        if (device := runtime.devices.get(subentry_id)) is None:
            _async_start_device(hass, entry, subentry)
        else:
            device.reconfigure(subentry)
    issues.async_remove_stale(hass, entry)


@callback
def async_stop_devices(entry: ISocketConfigEntry) -> None:
    """The hub unloads: every session stops."""
    for subentry_id in list(entry.runtime_data.devices):
        _async_stop_device(entry, subentry_id)


@callback
def async_apply_options(entry: ISocketConfigEntry) -> None:
    """Hub options changed (periodic STATUS, unavailability threshold): apply live."""
    runtime = entry.runtime_data
    runtime.options = dict(entry.options)
    for device in runtime.devices.values():
        device.apply_options(entry.options)


def loaded_hubs(hass: HomeAssistant) -> list[ISocketConfigEntry]:
    """Every loaded hub entry (the one place that looks them up)."""
    entries: list[ISocketConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    return entries


def async_get_device(hass: HomeAssistant, device_id: str) -> DeviceCoordinator:
    """The coordinator of a loaded iSocket by its device registry id."""
    if (device := dr.async_get(hass).async_get(device_id)) is not None:
        phones = {value for domain, value in device.identifiers if domain == DOMAIN}
        for entry in loaded_hubs(hass):
            for coordinator in entry.runtime_data.devices.values():
                if coordinator.phone in phones:
                    return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="device_not_found",
        translation_placeholders={"device_id": device_id},
    )


@callback
def async_store_password(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    subentry: ConfigSubentry,
    password: str | None,
) -> None:
    """Keep the device's password in its subentry (None or empty: it has none).

    The running device takes it from the update listener; it is also set on
    the running device here, for when the subentry did not change at all.
    """
    data = {k: v for k, v in subentry.data.items() if k != CONF_PASSWORD}
    if password:
        data[CONF_PASSWORD] = password
    hass.config_entries.async_update_subentry(entry, subentry, data=data)
    if entry.state is ConfigEntryState.LOADED and (
        device := entry.runtime_data.devices.get(subentry.subentry_id)
    ):
        device.password = password or None
