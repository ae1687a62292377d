"""The iSocket's alarm function (spec §3.8) as an alarm control panel.

Arm away → ALARMON, disarm → ALARMOFF. The device has no code. It shows
triggered from an alarm alert, an alarm call (ALERT=CALL) or an active sensor
while armed, until it is disarmed. Pressing the device's hidden button also disarms it; HA learns that
with the next STATUS or ALARM? reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, override

from homeassistant.components.alarm_control_panel import (
    AlarmControlPanelEntity,
    AlarmControlPanelEntityDescription,
)
from homeassistant.components.alarm_control_panel.const import (
    AlarmControlPanelEntityFeature,
    AlarmControlPanelState,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import ISocketConfigEntry
from .device import DeviceCoordinator
from .entity import ISocketEntityDescription, ISocketRestoreEntity
from .protocol import commands

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


def alarm_state(device: DeviceCoordinator) -> str | None:
    """Disarmed, armed (away) or triggered, as far as the device told."""
    state = device.data
    if state.alarm_armed is None:
        return None
    if not state.alarm_armed:
        return AlarmControlPanelState.DISARMED
    if state.alarm_triggered:
        return AlarmControlPanelState.TRIGGERED
    return AlarmControlPanelState.ARMED_AWAY


@dataclass(frozen=True, kw_only=True)
class AlarmDescription(ISocketEntityDescription, AlarmControlPanelEntityDescription):
    """The alarm panel."""


ALARM: Final = AlarmDescription(
    key="alarm", translation_key="alarm", value_fn=alarm_state, fact="alarm_armed"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One alarm panel per device."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [ISocketAlarmPanel(device, ALARM)], config_subentry_id=subentry_id
        )


class ISocketAlarmPanel(ISocketRestoreEntity, AlarmControlPanelEntity):
    """Arm and disarm the alarm input by SMS."""

    entity_description: AlarmDescription
    _attr_supported_features = AlarmControlPanelEntityFeature.ARM_AWAY
    _attr_code_arm_required = False
    _attr_code_format = None

    @override
    async def async_added_to_hass(self) -> None:
        """Also listen for alarm calls (ALERT=CALL sends no SMS)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.add_alert_listener(self._on_alert))

    @callback
    def _on_alert(self, event_type: str, _data: dict[str, Any]) -> None:
        # The device calls the modem only to raise an alarm (a call-back that
        # confirms our own call is told apart by the coordinator), and it
        # raises alarms only while armed.
        if event_type != "alarm_call":
            return
        state = self.coordinator.data
        state.alarm_armed = state.alarm_triggered = True
        now = dt_util.utcnow()
        self.coordinator.learned["alarm_armed"] = now
        self.coordinator.learned["alarm_triggered"] = now
        self.async_write_ha_state()

    @property
    @override
    def alarm_state(self) -> AlarmControlPanelState | None:
        """The last state the device reported (or HA set)."""
        value = self.value
        return AlarmControlPanelState(value) if value else None

    @override
    async def async_alarm_arm_away(self, code: str | None = None) -> None:
        """ALARMON; a new arming starts untriggered."""
        await self._async_arm(True)

    @override
    async def async_alarm_disarm(self, code: str | None = None) -> None:
        """ALARMOFF."""
        await self._async_arm(False)

    async def _async_arm(self, armed: bool) -> None:
        device = self.coordinator
        command = commands.alarm_on() if armed else commands.alarm_off()
        reply = await device.async_command(command)
        state = device.data
        if reply is None:
            # SMSCONFIRM=OFF: no reply will tell, so take it as done
            state.alarm_armed = armed
            device.learned["alarm_armed"] = dt_util.utcnow()
        state.alarm_triggered = False
        device.async_set_updated_data(state)
