"""The iSocket's thermostat (spec §3.6) as a climate entity.

The device regulates by itself from its probe, once a minute: in heating mode
it switches the socket off when the temperature rises above the target and on
when it falls below; in cooling mode on above the target and off below. HA
only enables, disables and configures it: off → THERMOSTATOFF, heat →
THERMOSTAT=HEATING + THERMOSTATON, cool → THERMOSTAT=COOLING + THERMOSTATON,
target → SWITCHOFFTEMP (whole °C, −55…120). The mode command is a Conf
command (30-minute window, spec §2) and is skipped when the mode is known to
be set already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, override

from homeassistant.components.climate import ClimateEntity, ClimateEntityDescription
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, PRECISION_WHOLE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity

from .device import DeviceCoordinator
from .entity import (
    ATTR_ASSUMED,
    ISocketEntity,
    async_add_device_entities,
    fact_attributes,
)
from .helpers import isocket_exception_handler
from .protocol import commands
from .protocol.commands import ThermostatMode
from .runtime import ISocketConfigEntry

# Each change is one or two SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


THERMOSTAT: Final = ClimateEntityDescription(
    key="thermostat", translation_key="thermostat"
)

# The device's THERMOSTAT= value per HVAC mode, and what a running relay means.
MODES: Final[dict[HVACMode, ThermostatMode]] = {
    HVACMode.HEAT: "HEATING",
    HVACMode.COOL: "COOLING",
}
# What the thermostat shows, as DeviceState facts (assumed or learned).
FACTS: Final = ("thermostat_enabled", "settings.THERMOSTAT", "settings.SWITCHOFFTEMP")
# What else it shows: the probe's reading and (as the action) the socket.
SHOWN_FACTS: Final = ("temperature", "socket_on")
HVAC_MODES: Final[dict[str, HVACMode]] = {value: mode for mode, value in MODES.items()}
ACTIONS: Final = {HVACMode.HEAT: HVACAction.HEATING, HVACMode.COOL: HVACAction.COOLING}
# How the device regulates in each mode (the mode's name stays short: Heat,
# Cool; this attribute explains it, in the attribute's translation).
ATTR_REGULATION: Final = "regulation"
REGULATION: Final = {
    HVACMode.HEAT: "socket_off_above_target",
    HVACMode.COOL: "socket_on_above_target",
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One thermostat per device."""

    def build(device: DeviceCoordinator) -> list[ISocketThermostat]:
        return [ISocketThermostat(device, THERMOSTAT)]

    async_add_device_entities(hass, entry, async_add_entities, build)


@dataclass(frozen=True)
class RestoredAssumptions(ExtraStoredData):
    """The facts still assumed when HA stopped (the others were learned)."""

    assumed: list[str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {ATTR_ASSUMED: self.assumed}


class ISocketThermostat(ISocketEntity, ClimateEntity, RestoreEntity):
    """Enable/disable the device's thermostat, its mode and switch-off temperature."""

    entity_description: ClimateEntityDescription
    _attr_hvac_modes = [HVACMode.OFF, HVACMode.HEAT, HVACMode.COOL]  # noqa: RUF012
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_precision = PRECISION_WHOLE
    _attr_target_temperature_step = 1
    _attr_min_temp = -55
    _attr_max_temp = 120
    _restored_mode: HVACMode | None = None
    _restored_target: float | None = None

    @override
    async def async_added_to_hass(self) -> None:
        """Show the last known mode and target until the device tells them."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_state()) is None:
            return
        if (extra := await self.async_get_last_extra_data()) is not None:
            still_assumed = extra.as_dict().get(ATTR_ASSUMED) or ()
            # learned before the restart: outranks this start's assumption
            for fact in set(FACTS).difference(still_assumed):
                self.coordinator.client.unassume(fact)
        if last.state in self._attr_hvac_modes:
            self._restored_mode = HVACMode(last.state)
        target = last.attributes.get(ATTR_TEMPERATURE)
        if isinstance(target, int | float):
            self._restored_target = float(target)

    @property
    def _live_mode(self) -> HVACMode | None:
        state = self.coordinator.data
        if state.thermostat_enabled is None:
            return None
        if not state.thermostat_enabled:
            return HVACMode.OFF
        return HVAC_MODES.get(state.thermostat_mode or "")

    @property
    @override
    def hvac_mode(self) -> HVACMode | None:
        """Off while disabled, else the device's heating/cooling mode."""
        return self._live_mode or self._restored_mode

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """How the mode regulates; as of when, and whether assumed."""
        attributes = fact_attributes(
            self.coordinator.data, (*FACTS, *SHOWN_FACTS), self._live_mode
        )
        regulation = REGULATION.get(self.hvac_mode or HVACMode.OFF)
        if regulation is None:
            return attributes
        return {**(attributes or {}), ATTR_REGULATION: regulation}

    @property
    @override
    def extra_restore_state_data(self) -> ExtraStoredData | None:
        """Which of the thermostat's facts are still assumed, for the next start."""
        state = self.coordinator.data
        return RestoredAssumptions([fact for fact in FACTS if fact in state.assumed])

    @property
    @override
    def hvac_action(self) -> HVACAction | None:
        """Heating/cooling while the thermostat has the socket on, idle while off."""
        mode = self._live_mode
        if mode is None:
            return None
        if mode is HVACMode.OFF:
            return HVACAction.OFF
        socket_on = self.coordinator.data.socket_on
        if socket_on is None:
            return None
        return ACTIONS[mode] if socket_on else HVACAction.IDLE

    @property
    @override
    def current_temperature(self) -> float | None:
        """The probe's last credible reading."""
        reading = self.coordinator.data.temperature
        return float(reading.celsius) if reading is not None else None

    @property
    @override
    def target_temperature(self) -> float | None:
        """SWITCHOFFTEMP in °C."""
        target = self.coordinator.data.switch_off_temperature
        return float(target.celsius) if target else self._restored_target

    @override
    @isocket_exception_handler
    async def async_set_temperature(self, **kwargs: Any) -> None:
        """SWITCHOFFTEMP=<t>C, then the mode if one was given."""
        if (target := kwargs.get(ATTR_TEMPERATURE)) is not None:
            command = commands.set_switch_off_temperature(round(target))
            await self.async_send(command)
        if (mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            await self._async_set_mode(mode)

    @override
    @isocket_exception_handler
    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Off: THERMOSTATOFF; heat/cool: the mode (if it differs), THERMOSTATON."""
        await self._async_set_mode(hvac_mode)

    async def _async_set_mode(self, hvac_mode: HVACMode) -> None:
        if hvac_mode is HVACMode.OFF:
            await self._async_enable(False)
            return
        wanted = MODES[hvac_mode]
        if self.coordinator.data.thermostat_mode != wanted:
            await self.async_send(commands.set_thermostat_mode(wanted))
        await self._async_enable(True)

    @override
    @isocket_exception_handler
    async def async_turn_on(self) -> None:
        """THERMOSTATON in the device's current mode."""
        await self._async_enable(True)

    @override
    @isocket_exception_handler
    async def async_turn_off(self) -> None:
        """THERMOSTATOFF: the socket stays as it is."""
        await self._async_enable(False)

    async def _async_enable(self, enabled: bool) -> None:
        command = commands.thermostat_on() if enabled else commands.thermostat_off()
        # Without confirmation (SMSCONFIRM=OFF) the client assumes it took.
        await self.async_send(command)
