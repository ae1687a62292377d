"""Keep the device registry in step with the device: its name (the subentry's
title) and what it told about itself."""

from __future__ import annotations

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .device import DeviceCoordinator


@callback
def async_track_device_info(
    hass: HomeAssistant, device: DeviceCoordinator
) -> CALLBACK_TYPE:
    """Write model, serial number and firmware (HARDWARE/SERIALNUM/FIRMWARE) once known."""

    @callback
    def _update() -> None:
        registry = dr.async_get(hass)
        entry = registry.async_get_device_by_identifier(
            (DOMAIN, device.phone), device.config_entry.entry_id
        )
        if entry is None:
            return
        state = device.data
        known = {
            "name": device.name,
            "model": state.model,
            "serial_number": state.serial_number,
            "sw_version": state.firmware,
        }
        changes = {
            name: value
            for name, value in known.items()
            if value is not None and getattr(entry, name) != value
        }
        if changes:
            registry.async_update_device(entry.id, **changes)  # type: ignore[arg-type]

    return device.async_add_listener(_update)
