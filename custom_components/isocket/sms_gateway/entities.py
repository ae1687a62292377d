"""The gateway's hub entities: Incoming SMS and Incoming call (events), Balance and
Ignored SMS (sensors), Reject call (button).

The event and sensor platforms add them to the hub device; they live here so
that the platforms stay about iSockets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Final, override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..coordinator import HubCoordinator
from ..entity import HubEntity, hub_identifier
from ..helpers import isocket_exception_handler
from ..runtime import IgnoredSmsCounter, ISocketConfigEntry, signal_entry_updated
from .balance import FIRST_READ_DELAY, BalanceCoordinator
from .calls import CALL_EVENT_TYPES, signal_call_received
from .incoming import INCOMING_EVENT_TYPES, signal_sms_received

INCOMING_SMS: Final = EventEntityDescription(
    key="incoming_sms",
    translation_key="incoming_sms",
    event_types=list(INCOMING_EVENT_TYPES),
)
BALANCE: Final = SensorEntityDescription(
    key="balance",
    translation_key="balance",
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    entity_registry_enabled_default=False,  # each reading is a USSD request
)
IGNORED_SMS: Final = SensorEntityDescription(
    key="ignored_sms",
    translation_key="ignored_sms",
    state_class=SensorStateClass.TOTAL_INCREASING,
    entity_category=EntityCategory.DIAGNOSTIC,
)


class HubSignalEvent(HubEntity, EventEntity):
    """Fires for each (event type, data) the hub's ``signal`` sends.

    The attributes are what is known: None values are left out (a withheld
    caller, an SMS without text). The last event stays shown while the
    modem is away.
    """

    signal: ClassVar[Callable[[str], str]]
    """The hub's dispatcher signal, by entry id."""

    @property
    @override
    def available(self) -> bool:
        """The last event stays shown while the modem is away."""
        return True

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the hub's signal."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                type(self).signal(self.coordinator.config_entry.entry_id),
                self._on_event,
            )
        )

    @callback
    def _on_event(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(
            event_type, {k: v for k, v in data.items() if v is not None}
        )
        self.async_write_ha_state()


class IncomingSmsEvent(HubSignalEvent):
    """Fires for each SMS to the hub from anyone who is no device (allow-list applied)."""

    signal = signal_sms_received


class IgnoredSmsSensor(HubEntity, SensorEntity):
    """SMS the allow-list ignored since Home Assistant started (none is lost unseen)."""

    def __init__(
        self,
        coordinator: HubCoordinator,
        description: SensorEntityDescription,
        reporter: IgnoredSmsCounter,
    ) -> None:
        """Count what ``reporter`` ignores."""
        super().__init__(coordinator, description)
        self._reporter = reporter

    @property
    @override
    def available(self) -> bool:
        """A count is always known."""
        return True

    @property
    @override
    def native_value(self) -> int:
        """How many were ignored."""
        return self._reporter.ignored

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the count."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self._reporter.add_ignored_listener(self.async_write_ha_state)
        )


class BalanceSensor(CoordinatorEntity[BalanceCoordinator], SensorEntity):
    """The modem SIM's balance by USSD (hub options: code and interval).

    Disabled by default: only an enabled sensor makes its coordinator poll.
    The network's whole answer is the ``text`` attribute; the state is its
    first amount.
    """

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: BalanceCoordinator, description: SensorEntityDescription
    ) -> None:
        """On the hub device, next to its other entities."""
        super().__init__(coordinator)
        self.entity_description = description
        identifier = hub_identifier(coordinator.hub)
        self._attr_unique_id = f"{identifier[1]}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={identifier})

    @property
    @override
    def native_value(self) -> Decimal | None:
        """The amount in the last answer."""
        return self.coordinator.data.value

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """The network's answer and the last error, if any."""
        return {
            "text": self.coordinator.data.text,
            "error": self.coordinator.data.error,
        }

    @override
    async def async_added_to_hass(self) -> None:
        """Read soon (not at once: the modem has enough to do while HA starts)."""
        await super().async_added_to_hass()
        entry_id = self.coordinator.config_entry.entry_id
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_entry_updated(entry_id),
                self.coordinator.follow_options,
            )
        )
        self.async_on_remove(
            async_call_later(self.hass, FIRST_READ_DELAY, self._first_read)
        )

    async def _first_read(self, _now: datetime) -> None:
        await self.coordinator.async_refresh()


@callback
def gateway_sensors(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> list[SensorEntity]:
    """The gateway's sensors on the hub device."""
    hub = entry.runtime_data.hub
    return [
        BalanceSensor(BalanceCoordinator(hass, entry, hub), BALANCE),
        IgnoredSmsSensor(hub, IGNORED_SMS, entry.runtime_data.incoming),
    ]


INCOMING_CALL: Final = EventEntityDescription(
    key="incoming_call",
    translation_key="incoming_call",
    event_types=list(CALL_EVENT_TYPES),
)
REJECT_CALL: Final = ButtonEntityDescription(
    key="reject_call", translation_key="reject_call"
)


class IncomingCallEvent(HubSignalEvent):
    """Fires for each call to the hub from anyone who is no device."""

    signal = signal_call_received


class RejectCallButton(HubEntity, ButtonEntity):
    """Rejects the call ringing now (the caller hears busy); never answers."""

    @override
    @isocket_exception_handler
    async def async_press(self) -> None:
        """Hang up the ringing call."""
        await self.coordinator.modem.reject_call()
