"""The iSocket GSM integration: iSocket Environment Pro devices over a GSM modem."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from . import issues
from .const import CONF_BAUDRATE, CONF_PIN, CONF_PORT, DEFAULT_BAUDRATE, DOMAIN
from .coordinator import HubCoordinator, ISocketConfigEntry, ISocketRuntimeData
from .device import DeviceCoordinator
from .device_info import async_track_device_info
from .gsm.errors import (
    GsmError,
    PinRejectedError,
    PinRequiredError,
    SimLockedError,
)
from .gsm.modem import Modem
from .services import async_setup_services

PLATFORMS = [
    Platform.ALARM_CONTROL_PANEL,
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CLIMATE,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

# SIM problems a retry cannot fix; retrying a wrong PIN would block the SIM.
SIM_AUTH_ERRORS: dict[type[GsmError], str] = {
    PinRejectedError: "pin_rejected",
    PinRequiredError: "pin_required",
    SimLockedError: "sim_locked",
}


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions (once, whether or not a hub is loaded)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> bool:
    """Connect the modem, create one coordinator per device, set up platforms."""
    modem = Modem(
        entry.data[CONF_PORT],
        baudrate=entry.data.get(CONF_BAUDRATE, DEFAULT_BAUDRATE),
        pin=entry.data.get(CONF_PIN),
    )
    try:
        await modem.connect()
    except GsmError as err:
        await modem.close()
        issues.async_sim_problem(hass, entry, err)  # alongside the reauth flow
        for kind, key in SIM_AUTH_ERRORS.items():
            if isinstance(err, kind):
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key=key
                ) from err
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="modem_not_ready",
            translation_placeholders={"error": type(err).__name__},
        ) from err

    issues.async_sim_ready(hass, entry)
    issues.async_remove_stale(hass, entry)
    hub = HubCoordinator(hass, entry, modem)
    entry.runtime_data = ISocketRuntimeData(hub=hub)
    # From here on the modem reconnects by itself after an unplug.
    await modem.start()
    entry.async_on_unload(hub.async_shutdown)
    await hub.async_refresh()

    info = modem.info
    if info is not None:
        dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(DOMAIN, info.imei)},
            manufacturer=info.manufacturer,
            model=info.model,
            sw_version=info.firmware,
            name=entry.title,
        )

    for subentry in entry.subentries.values():
        device = DeviceCoordinator(hass, entry, subentry)
        entry.runtime_data.devices[subentry.subentry_id] = device
        entry.async_on_unload(hub.add_device(device))
        await device.async_start()
        entry.async_on_unload(device.async_stop)
        entry.async_on_unload(async_track_device_info(hass, device))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    # Now that every device listens: what arrived while HA was down.
    modem.request_sweep()
    return True


async def _async_reload(hass: HomeAssistant, entry: ISocketConfigEntry) -> None:
    """Devices or options changed: rebuild the hub."""
    hass.config_entries.async_schedule_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> bool:
    """Unload platforms; the on-unload callbacks close the port and stop tasks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> None:
    """The hub is deleted: its repair issues go with it."""
    issues.async_remove_all(hass, entry.entry_id)
