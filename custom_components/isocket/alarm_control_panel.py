"""The iSocket's alarm function (spec §3.8) as an alarm control panel.

Arm away → ALARMON, disarm → ALARMOFF. The device has no code. It shows
triggered from an alarm alert, an alarm call (ALERT=CALL) or an active sensor
while armed, until it is disarmed. Pressing the device's hidden button also disarms it; HA learns that
with the next STATUS or ALARM? reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, override

from homeassistant.components.alarm_control_panel import (
    AlarmControlPanelEntity,
    AlarmControlPanelEntityDescription,
)
from homeassistant.components.alarm_control_panel.const import (
    AlarmControlPanelEntityFeature,
    AlarmControlPanelState,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .device import DeviceCoordinator
from .entity import (
    ISocketRestoreEntity,
    ISocketValueDescription,
    async_add_device_entities,
)
from .helpers import isocket_exception_handler
from .protocol import commands
from .protocol.state import DeviceState
from .runtime import ISocketConfigEntry

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


def alarm_state(state: DeviceState) -> str | None:
    """Disarmed, armed (away) or triggered, as far as the device told."""
    if state.alarm_armed is None:
        return None
    if not state.alarm_armed:
        return AlarmControlPanelState.DISARMED
    if state.alarm_triggered:
        return AlarmControlPanelState.TRIGGERED
    return AlarmControlPanelState.ARMED_AWAY


@dataclass(frozen=True, kw_only=True)
class AlarmDescription(ISocketValueDescription, AlarmControlPanelEntityDescription):
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

    def build(device: DeviceCoordinator) -> list[ISocketAlarmPanel]:
        return [ISocketAlarmPanel(device, ALARM)]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketAlarmPanel(ISocketRestoreEntity, AlarmControlPanelEntity):
    """Arm and disarm the alarm input by SMS.

    An alarm call (ALERT=CALL sends no SMS) is applied by the client like an
    alarm SMS; the panel just reads the state.
    """

    entity_description: AlarmDescription
    _attr_supported_features = AlarmControlPanelEntityFeature.ARM_AWAY
    _attr_code_arm_required = False
    _attr_code_format = None

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

    @isocket_exception_handler
    async def _async_arm(self, armed: bool) -> None:
        command = commands.alarm_on() if armed else commands.alarm_off()
        await self.async_send(command)
