"""One coordinator per iSocket: a thin HA shell around :class:`ISocketClient`.

The session (correlation, timers, alarm hold, call-back confirmation, state)
lives in :mod:`.protocol.client`; this class gives it HA's clock and timers,
the hub as its transport (a command waits in the hub's outbox while the modem
is away, up to the command-expiry option), and turns what the client reports into entity
updates, alert events and repair issues. State comes only from command
replies, alerts and on-demand STATUS (no SMS polling unless the owner enables
the periodic STATUS option).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from . import issues
from .const import (
    ALARM_INPUT_KINDS,
    CONF_ALARM_INPUT,
    CONF_COMMAND_EXPIRY,
    CONF_FACTORY_SETTINGS,
    CONF_PASSWORD,
    CONF_PHONE,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DEFAULT_COMMAND_EXPIRY,
    DEFAULT_UNANSWERED_LIMIT,
    DOMAIN,
    LOGGER,
    UNEXPECTED_CALL_EVENT,
)
from .gsm.errors import ModemNotConnectedError
from .gsm.listeners import Listeners
from .gsm.redact import mask_numbers
from .helpers import async_authorize_command, translate_error
from .protocol.calls import CallMeaning
from .protocol.client import Cancel, ISocketClient
from .protocol.commands import Command, status
from .protocol.notices import Notice
from .protocol.results import Result
from .protocol.state import DeviceState
from .taught_wordings import taught_shapes

if TYPE_CHECKING:
    from .coordinator import HubCoordinator
    from .gsm.concat import IncomingSms
    from .gsm.model import IncomingCall

type AlertListener = Callable[[str, dict[str, Any]], None]


class _Outgoing:
    """The device's way out: the hub's outbox, with the device's expiry."""

    def __init__(self, device: DeviceCoordinator) -> None:
        self._device = device

    async def async_send_sms(self, number: str, text: str, *, shown: str) -> object:
        device = self._device
        return await device.hub.async_send_message(
            number, text, expiry=device.command_expiry, what=shown, source=device.name
        )

    async def async_dial(self, number: str) -> None:
        await self._device.hub.async_dial(number)


def signal_device_alert(subentry_id: str) -> str:
    """Dispatcher signal of a device's alerts (event type, event data)."""
    return f"{DOMAIN}_{subentry_id}_alert"


class DeviceCoordinator(DataUpdateCoordinator[DeviceState]):
    """One device; ``data`` is its client's :class:`DeviceState` (read-only here)."""

    # The hub's entry; a device reads only its own subentry and options from it
    # (typed loosely, as the hub coordinator's: runtime.py builds devices).
    config_entry: ConfigEntry[Any]

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        subentry: ConfigSubentry,
        hub: HubCoordinator,
    ) -> None:
        """Build the session from the device's subentry and the hub's options."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {subentry.title}",
            update_interval=None,
        )
        self.hub = hub
        self.subentry = subentry
        self.phone: str = subentry.data[CONF_PHONE]
        self.client = ISocketClient(
            self.phone,
            name=subentry.title,
            transport=_Outgoing(self),
            listener=self,
            clock=dt_util.utcnow,
            scheduler=self._schedule,
            password=subentry.data.get(CONF_PASSWORD),
            # also at each restart: the entities' restore drops what was
            # learned before it (entity.py)
            factory_settings=bool(subentry.data.get(CONF_FACTORY_SETTINGS)),
        )
        self.data = self.client.state
        self.name: str = subentry.title
        # The last value each number entity showed, in its native unit: a
        # threshold switch or the relay action select sends it again.
        self.number_memory: dict[str, float] = {}
        self._configured = (subentry.title, dict(subentry.data))
        self._alert_listeners = Listeners[str, dict[str, Any]]("alert")
        self._periodic: CALLBACK_TYPE | None = None
        # How long a command waits for an absent modem (seconds; an option).
        self.command_expiry = 60.0 * DEFAULT_COMMAND_EXPIRY
        self.apply_options(entry.options)

    # --- settings from the subentry and the hub's options ------------------------

    @property
    def password(self) -> str | None:
        """The device password the commands start with."""
        return self.client.password

    @password.setter
    def password(self, value: str | None) -> None:
        self.client.password = value

    @property
    def alarm_device_class(self) -> str | None:
        """What is wired to the alarm input, as a binary sensor device class."""
        return ALARM_INPUT_KINDS.get(self.subentry.data.get(CONF_ALARM_INPUT, ""))

    @callback
    def reconfigure(self, subentry: ConfigSubentry) -> None:
        """Take over a changed subentry (name, password, alarm input) live."""
        configured = (subentry.title, dict(subentry.data))
        self.subentry = subentry
        if configured == self._configured:
            return
        self._configured = configured
        self.name = self.client.name = subentry.title
        self.client.password = subentry.data.get(CONF_PASSWORD)
        self.async_update_listeners()

    @callback
    def apply_options(self, options: Mapping[str, Any]) -> None:
        """The hub's options: unavailability threshold, periodic STATUS, taught wordings."""
        self.client.taught = taught_shapes(options)
        self.command_expiry = 60.0 * int(
            options.get(CONF_COMMAND_EXPIRY, DEFAULT_COMMAND_EXPIRY)
        )
        self.client.unanswered_limit = int(
            options.get(CONF_UNANSWERED_LIMIT, DEFAULT_UNANSWERED_LIMIT)
        )
        hours = int(options.get(CONF_STATUS_INTERVAL, 0))
        if self._periodic:
            self._periodic()
            self._periodic = None
        if hours:
            self._periodic = async_track_time_interval(
                self.hass,
                self._periodic_status,
                timedelta(hours=hours),
                name=f"isocket status {mask_numbers(self.phone)}",
            )

    # --- life cycle -----------------------------------------------------------------

    @callback
    def async_stop(self) -> None:
        """Cancel timers and fail every waiting command."""
        if self._periodic:
            self._periodic()
            self._periodic = None
        self.client.close()

    def _schedule(self, delay: float, action: Callable[[], None]) -> Cancel:
        """The client's timers on HA's clock (tests move it with the frozen time)."""
        return async_call_later(self.hass, delay, callback(lambda _now: action()))

    @callback
    def _periodic_status(self, _now: datetime) -> None:
        self.config_entry.async_create_background_task(
            self.hass, self._async_quiet_refresh(), "isocket periodic status"
        )

    async def _async_quiet_refresh(self) -> None:
        try:
            await self.async_refresh_status()
        except Exception as err:  # noqa: BLE001 - a failed poll is only logged
            LOGGER.debug("Periodic STATUS failed: %s", translate_error(err))

    async def _async_update_data(self) -> DeviceState:
        """No polling: 'update entity' must not cost an SMS."""
        return self.data

    @callback
    def adopt_link_check(self, reply: IncomingSms) -> None:
        """The subentry flow's STATUS check was answered: the reply is ours."""
        self.client.feed_reply(status(), reply.text)

    # --- what the hub routes here (coordinator.RoutedDevice) ---------------------

    @callback
    def handle_sms(self, sms: IncomingSms) -> None:
        """A message from this device's number."""
        self.client.feed_sms(sms.text)

    @callback
    def handle_call(self, call: IncomingCall) -> None:
        """The device's number called (the hub rejected it): alarm, call-back or neither.

        A call that is neither our call-back nor an alarm Home Assistant can
        be sure of is reported as ``unexpected_call`` (its ``reason`` is the
        :class:`CallMeaning`); where HA cannot tell, STATUS is asked (two
        SMS, at most every 15 minutes) and decides.
        """
        meaning = self.client.feed_call()
        if meaning in (CallMeaning.CONFIRMATION, CallMeaning.ALARM):
            return
        self.alert(UNEXPECTED_CALL_EVENT, None, None, reason=meaning.value)
        if meaning is CallMeaning.CHECKING:
            self.config_entry.async_create_background_task(
                self.hass, self._async_check_call(), "isocket check call"
            )

    async def _async_check_call(self) -> None:
        try:
            await self.client.check_call()
        except Exception as err:  # noqa: BLE001 - the call was reported already
            LOGGER.debug("STATUS after a call failed: %s", translate_error(err))

    @callback
    def connection_changed(self, connected: bool) -> None:
        """The modem came or went: entities follow."""
        self.async_update_listeners()

    # --- what the client reports (protocol.client.ClientListener) ------------------

    @callback
    def state_changed(self) -> None:
        """Entities read the new state."""
        self.async_set_updated_data(self.data)

    @callback
    def notice(self, notice: Notice) -> None:
        """Raise or clear the repair issue the client's notice speaks to."""
        issues.async_notice(self, notice)

    @callback
    def alert(
        self,
        event_type: str,
        message: str | None,
        recognised_by: str | None,
        *,
        reason: str | None = None,
    ) -> None:
        """Hand an alert to the event entity (and the alarm panel)."""
        data: dict[str, Any] = {"device": self.name}
        if message is not None:
            data["message"] = message
        if recognised_by is not None:
            data["recognised_by"] = recognised_by
        if reason is not None:
            data["reason"] = reason
        self._alert_listeners.notify(event_type, data)
        # Device triggers outlive this coordinator (a restart builds a new one).
        async_dispatcher_send(
            self.hass, signal_device_alert(self.subentry.subentry_id), event_type, data
        )

    @callback
    def heard(self, was_silent: bool) -> None:
        """Any SMS or call from the device proves it is reachable."""
        if was_silent:
            LOGGER.info("iSocket %s is heard from again", self.name)
        issues.async_device_heard(self)

    @callback
    def silent(self, unanswered: int) -> None:
        """Too many commands went unanswered."""
        LOGGER.warning(
            "iSocket %s did not answer %s commands in a row; unavailable until it is heard from",
            self.name,
            unanswered,
        )
        issues.async_device_silent(self)

    def add_alert_listener(self, listener: AlertListener) -> CALLBACK_TYPE:
        """Subscribe to alert events (the event entity)."""
        return self._alert_listeners.add(listener)

    # --- views --------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Known-reachable: the device has not gone silent, and the modem is up
        or a command waits for it (the command expiry is not 0)."""
        return self.client.reachable and (self.hub.connected or self.command_expiry > 0)

    @property
    def unanswered(self) -> int:
        """Commands in a row that got no reply."""
        return self.client.unanswered

    # --- outbound -----------------------------------------------------------------

    async def async_command(
        self,
        command: Command,
        *,
        context: Context | None = None,
        wait: float | None = None,
        password: str | None = None,
    ) -> Result | None:
        """Send a command and wait for its reply (None: SMSCONFIRM=OFF, none comes).

        While the modem is away the command waits (the command expiry), then
        fails with `SmsExpiredError`. ``context``: who asked (the action call's or the entity's context); a
        security-class command is sent only for an administrator (or for Home
        Assistant itself) and never without one. Raises ``Unauthorized`` and
        the library's errors; :func:`.helpers.isocket_exception_handler`
        translates the latter for entities and actions.
        """
        await async_authorize_command(self.hass, command, context)
        return await self.client.command(command, wait=wait, password=password)

    async def async_refresh_status(self) -> Result | None:
        """STATUS now (one SMS)."""
        return await self.async_command(status())

    async def async_dial(self) -> None:
        """Ring the device and hang up: free, triggers its RING action."""
        if not self.hub.connected:
            raise ModemNotConnectedError("the GSM modem is not connected")
        await self.client.dial()
