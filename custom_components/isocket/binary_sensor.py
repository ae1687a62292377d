"""Binary sensors of an iSocket: mains power, alarm input, temperature probe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ISocketConfigEntry
from .device import DeviceCoordinator
from .entity import ISocketEntityDescription, ISocketRestoreEntity

# Read-only: state arrives by SMS, nothing is polled.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ISocketBinarySensorDescription(
    ISocketEntityDescription, BinarySensorEntityDescription
):
    """A binary sensor whose device class may come from the device's settings."""

    device_class_fn: Callable[[DeviceCoordinator], BinarySensorDeviceClass | None] = (
        lambda device: None
    )


def _alarm_class(device: DeviceCoordinator) -> BinarySensorDeviceClass | None:
    kind = device.alarm_device_class
    return BinarySensorDeviceClass(kind) if kind else None


BINARY_SENSORS: tuple[ISocketBinarySensorDescription, ...] = (
    ISocketBinarySensorDescription(
        key="mains_power",
        translation_key="mains_power",
        device_class=BinarySensorDeviceClass.POWER,
        value_fn=lambda device: device.data.mains_power,
        fact="mains_power",
    ),
    ISocketBinarySensorDescription(
        key="alarm_input",
        translation_key="alarm_input",
        device_class_fn=_alarm_class,
        value_fn=lambda device: device.alarm_input_active,
        fact="sensor_active",
    ),
    ISocketBinarySensorDescription(
        key="temperature_probe",
        translation_key="temperature_probe",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda device: device.probe_problem,
        fact="probe",
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Three binary sensors per device."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [ISocketBinarySensor(device, desc) for desc in BINARY_SENSORS],
            config_subentry_id=subentry_id,
        )


class ISocketBinarySensor(ISocketRestoreEntity, BinarySensorEntity):
    """One fact of the device as on/off."""

    entity_description: ISocketBinarySensorDescription

    def __init__(
        self,
        coordinator: DeviceCoordinator,
        description: ISocketBinarySensorDescription,
    ) -> None:
        """Resolve the device class (the alarm input's comes from the subentry)."""
        super().__init__(coordinator, description)
        if (device_class := description.device_class_fn(coordinator)) is not None:
            self._attr_device_class = device_class

    @property
    @override
    def is_on(self) -> bool | None:
        """The fact, or None while unknown."""
        value: bool | None = self.value
        return value
