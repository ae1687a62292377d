"""Binary sensors of an iSocket: mains power, alarm input, temperature probe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .device import DeviceCoordinator
from .entity import (
    ISocketRestoreEntity,
    ISocketValueDescription,
    async_add_device_entities,
    probe_warning_attributes,
)
from .protocol.state import DeviceState, ProbeHealth
from .runtime import ISocketConfigEntry

# Read-only: state arrives by SMS, nothing is polled.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ISocketBinarySensorDescription(
    ISocketValueDescription, BinarySensorEntityDescription
):
    """A binary sensor of the device.

    ``alarm_input``: the device class comes from the subentry (what is wired
    to the input), and the input reads active while the client holds an alarm.
    """

    alarm_input: bool = False


def _alarm_input(state: DeviceState) -> bool | None:
    """The input as reported; after an alarm with no report since: normal."""
    if state.sensor_active is not None:
        return state.sensor_active
    return False if "alarm_triggered" in state.learned else None


def _probe_problem(state: DeviceState) -> bool | None:
    """Probe failed (a suspect reading is not yet a problem: unknown)."""
    return {ProbeHealth.OK: False, ProbeHealth.FAILED: True}.get(
        state.probe  # type: ignore[arg-type]
    )


BINARY_SENSORS: Final[tuple[ISocketBinarySensorDescription, ...]] = (
    ISocketBinarySensorDescription(
        key="mains_power",
        translation_key="mains_power",
        device_class=BinarySensorDeviceClass.POWER,
        value_fn=lambda state: state.mains_power,
        fact="mains_power",
    ),
    ISocketBinarySensorDescription(
        key="alarm_input",
        translation_key="alarm_input",
        alarm_input=True,
        value_fn=_alarm_input,
        fact="sensor_active",
    ),
    ISocketBinarySensorDescription(
        key="temperature_probe",
        translation_key="temperature_probe",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=_probe_problem,
        fact="probe",
        attributes_fn=probe_warning_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Three binary sensors per device."""

    def build(device: DeviceCoordinator) -> list[ISocketBinarySensor]:
        return [ISocketBinarySensor(device, desc) for desc in BINARY_SENSORS]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketBinarySensor(ISocketRestoreEntity, BinarySensorEntity):
    """One fact of the device as on/off."""

    entity_description: ISocketBinarySensorDescription

    @property
    @override
    def device_class(self) -> BinarySensorDeviceClass | None:
        """The alarm input's class follows the subentry (reconfigured live)."""
        if not self.entity_description.alarm_input:
            return super().device_class
        kind = self.coordinator.alarm_device_class
        return BinarySensorDeviceClass(kind) if kind else None

    @property
    @override
    def is_on(self) -> bool | None:
        """The fact, or None while unknown (the alarm input: held after an alarm)."""
        if self.entity_description.alarm_input and self.coordinator.client.alarm_hold:
            return True
        value: bool | None = self.value
        return value
