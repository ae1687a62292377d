"""The gateway's hub entities: Incoming SMS and Incoming call (events), Balance and
Ignored SMS (sensors), Reject call (button).

The event and sensor platforms add them to the hub device; they live here so
that the platforms stay about iSockets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final, override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_call_later, async_track_time_interval

from ..const import LOGGER
from ..coordinator import HubCoordinator
from ..entity import HubEntity
from ..gsm.errors import GsmError
from ..gsm.ussd import balance_amount
from ..helpers import isocket_exception_handler
from ..runtime import IgnoredSmsCounter, ISocketConfigEntry
from .calls import CALL_EVENT_TYPES, signal_call_received
from .core import (
    CONF_BALANCE_CODE,
    CONF_BALANCE_INTERVAL,
    DEFAULT_BALANCE_CODE,
    DEFAULT_BALANCE_INTERVAL_HOURS,
    DEFAULT_USSD_TIMEOUT,
)
from .incoming import INCOMING_EVENT_TYPES, signal_sms_received

# Seconds after the sensor is added before its first USSD request.
FIRST_READ_DELAY: Final = 60

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


class IncomingSmsEvent(HubEntity, EventEntity):
    """Fires for each SMS to the hub from anyone who is no device (allow-list applied)."""

    @property
    @override
    def available(self) -> bool:
        """The last SMS stays shown while the modem is away."""
        return True

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the hub's incoming-SMS signal."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_sms_received(self.coordinator.config_entry.entry_id),
                self._on_sms,
            )
        )

    @callback
    def _on_sms(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(
            event_type, {k: v for k, v in data.items() if v is not None}
        )
        self.async_write_ha_state()


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


class BalanceSensor(HubEntity, SensorEntity):
    """The modem SIM's balance by USSD (hub options: code and interval).

    Disabled by default: only an enabled sensor sends the code. The network's
    whole answer is the ``text`` attribute; the state is its first amount.
    """

    def __init__(
        self, coordinator: HubCoordinator, description: SensorEntityDescription
    ) -> None:
        """No reading yet."""
        super().__init__(coordinator, description)
        self._value: Decimal | None = None
        self._text: str | None = None
        self._error: str | None = None
        self._stop_timer: Callable[[], None] | None = None

    @property
    def _entry(self) -> ISocketConfigEntry:
        return self.coordinator.config_entry

    @property
    @override
    def native_value(self) -> Decimal | None:
        """The amount in the last answer."""
        return self._value

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """The network's answer and the last error, if any."""
        return {"text": self._text, "error": self._error}

    @override
    async def async_added_to_hass(self) -> None:
        """Read soon, then at the configured interval (the option is followed live)."""
        await super().async_added_to_hass()
        self._schedule()
        self.async_on_remove(self._entry.add_update_listener(self._options_changed))
        self.async_on_remove(self._cancel_timer)
        # Not at once: the modem has enough to do while HA starts.
        self.async_on_remove(
            async_call_later(self.hass, FIRST_READ_DELAY, self._on_interval)
        )

    @override
    async def async_update(self) -> None:
        """``homeassistant.update_entity``: read the balance now."""
        await self.async_read_balance()

    def _schedule(self) -> None:
        self._cancel_timer()
        hours = self._entry.options.get(
            CONF_BALANCE_INTERVAL, DEFAULT_BALANCE_INTERVAL_HOURS
        )
        self._stop_timer = async_track_time_interval(
            self.hass, self._on_interval, timedelta(hours=hours)
        )

    @callback
    def _cancel_timer(self) -> None:
        if self._stop_timer is not None:
            self._stop_timer()
            self._stop_timer = None

    async def _options_changed(
        self, _hass: HomeAssistant, _entry: ISocketConfigEntry
    ) -> None:
        self._schedule()

    async def _on_interval(self, _now: datetime) -> None:
        await self.async_read_balance()

    async def async_read_balance(self) -> None:
        """Send the balance code and show the answer (skipped while offline)."""
        if not self.coordinator.connected:
            return
        code = self._entry.options.get(CONF_BALANCE_CODE, DEFAULT_BALANCE_CODE)
        try:
            response = await self.coordinator.modem.ussd(
                code, timeout=DEFAULT_USSD_TIMEOUT
            )
        except GsmError as err:
            # Kept: the last amount stays; the error says why it is old.
            LOGGER.debug("Balance request failed: %s", type(err).__name__)
            self._error = type(err).__name__
        else:
            self._text = response.text
            self._value = balance_amount(response.text)
            self._error = None
        self.async_write_ha_state()


@callback
def gateway_sensors(entry: ISocketConfigEntry) -> list[SensorEntity]:
    """The gateway's sensors on the hub device."""
    hub = entry.runtime_data.hub
    return [
        BalanceSensor(hub, BALANCE),
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


class IncomingCallEvent(HubEntity, EventEntity):
    """Fires for each call to the hub from anyone who is no device."""

    @property
    @override
    def available(self) -> bool:
        """The last call stays shown while the modem is away."""
        return True

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the hub's incoming-call signal."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_call_received(self.coordinator.config_entry.entry_id),
                self._on_call,
            )
        )

    @callback
    def _on_call(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(event_type, data)
        self.async_write_ha_state()


class RejectCallButton(HubEntity, ButtonEntity):
    """Rejects the call ringing now (the caller hears busy); never answers."""

    @override
    @isocket_exception_handler
    async def async_press(self) -> None:
        """Hang up the ringing call."""
        await self.coordinator.modem.reject_call()
