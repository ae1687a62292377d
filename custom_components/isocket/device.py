"""One coordinator per iSocket device: commands out, replies and alerts in.

State comes only from command replies, alerts and on-demand STATUS (no SMS
polling unless the owner enables the periodic STATUS option).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from . import issues
from .const import (
    ALARM_INPUT_KINDS,
    CONF_ALARM_INPUT,
    CONF_PASSWORD,
    CONF_PHONE,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DEFAULT_UNANSWERED_LIMIT,
    DOMAIN,
    LOGGER,
    RING_SECONDS,
)
from .coordinator import VERIFIED_REPLIES, mask_number
from .gsm.errors import GsmError
from .gsm.modem import IncomingCall
from .message_log import MessageLog
from .protocol.commands import Command, render, status
from .protocol.correlation import Correlator, Outcome, Pending
from .protocol.interpret import interpret
from .protocol.results import (
    AlarmTriggered,
    Alert,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
    SensorActive,
    SensorNormal,
    SwitchOffReached,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)
from .protocol.state import DeviceState, ProbeHealth

if TYPE_CHECKING:
    from .coordinator import HubCoordinator, ISocketConfigEntry
    from .gsm.concat import IncomingSms

# Alarm SMS (ALERT=SMS) say "triggered", never "back to normal"; the device
# detects at most one alarm per 60 s, so the input reads active that long.
ALARM_HOLD_SECONDS = 60.0
# RINGCONFIRM=CALL calls back within about 10 s of the call that triggered it;
# a call later than this is an alarm call.
CALL_CONFIRM_WINDOW = timedelta(seconds=60)

# Alert result type -> event type of the Alerts event entity.
ALERT_EVENTS: dict[type[Result], str] = {
    PowerFailure: "power_failure",
    PowerRestored: "power_restored",
    TemperatureRise: "temperature_rise",
    TemperatureFall: "temperature_fall",
    SwitchOffReached: "switch_off",
    ProbeFailure: "probe_failure",
    AlarmTriggered: "alarm",
    SensorActive: "sensor_active",
    SensorNormal: "sensor_normal",
}

type AlertListener = Callable[[str, dict[str, Any]], None]


class DeviceCoordinator(DataUpdateCoordinator[DeviceState]):
    """Owns one device's protocol state; entities read ``data`` (DeviceState)."""

    config_entry: ISocketConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ISocketConfigEntry,
        subentry: ConfigSubentry,
    ) -> None:
        """Read the device's settings from its subentry."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {subentry.title}",
            update_interval=None,
        )
        self.subentry = subentry
        self.hub: HubCoordinator = entry.runtime_data.hub
        self.phone: str = subentry.data[CONF_PHONE]
        self.name: str = subentry.title
        self.password: str | None = subentry.data.get(CONF_PASSWORD)
        self.alarm_device_class = ALARM_INPUT_KINDS.get(
            subentry.data.get(CONF_ALARM_INPUT, "generic")
        )
        self.unanswered_limit = int(
            entry.options.get(CONF_UNANSWERED_LIMIT, DEFAULT_UNANSWERED_LIMIT)
        )
        self.status_hours = int(entry.options.get(CONF_STATUS_INTERVAL, 0))
        self.data = DeviceState()
        # When each DeviceState field was last learned (kept across restarts).
        self.learned: dict[str, datetime] = {}
        self.alarm_hold = False
        # Restart by call: when we rang, and when the device called back.
        self._dialled_at: datetime | None = None
        self.call_confirmed_at: datetime | None = None
        self.unanswered = 0
        self.correlator = Correlator()
        self._futures: dict[int, asyncio.Future[Pending]] = {}
        self._expiry: CALLBACK_TYPE | None = None
        self._unsent: set[int] = set()
        self._alert_listeners: list[AlertListener] = []
        self._cancel: list[CALLBACK_TYPE] = []
        self._alarm_reset: CALLBACK_TYPE | None = None
        self.message_log = MessageLog()  # diagnostics

    # --- life cycle -----------------------------------------------------------

    async def async_start(self) -> None:
        """Apply a verification reply; start the optional periodic STATUS."""
        verified = self.hass.data.get(VERIFIED_REPLIES, {}).pop(self.phone, None)
        if verified is not None:
            # the flow's link check sent our STATUS: its reply is solicited
            # (nothing else is pending before start, so cancelling is safe)
            self.correlator.expect(status(), _now())
            self.handle_sms(verified)
            self.correlator.cancel_all(_now())
        if self.status_hours:
            self._cancel.append(
                async_track_time_interval(
                    self.hass,
                    self._periodic_status,
                    timedelta(hours=self.status_hours),
                    name=f"isocket status {mask_number(self.phone)}",
                )
            )

    async def async_stop(self) -> None:
        """Cancel timers and fail every waiting command."""
        for cancel in self._cancel:
            cancel()
        self._cancel.clear()
        if self._alarm_reset:
            self._alarm_reset()
            self._alarm_reset = None
        if self._expiry:
            self._expiry()
            self._expiry = None
        for pending in self.correlator.cancel_all(_now()):
            self._complete(pending)

    @callback
    def _periodic_status(self, _now: datetime) -> None:
        self.config_entry.async_create_background_task(
            self.hass, self._async_quiet_refresh(), "isocket periodic status"
        )

    async def _async_quiet_refresh(self) -> None:
        try:
            await self.async_refresh_status()
        except HomeAssistantError as err:
            LOGGER.debug("Periodic STATUS failed: %s", err)

    async def _async_update_data(self) -> DeviceState:
        """No polling: 'update entity' must not cost an SMS."""
        return self.data

    # --- availability ---------------------------------------------------------

    @property
    def available(self) -> bool:
        """Known-reachable: the modem is up and the device has not gone silent."""
        return self.hub.connected and self.unanswered < self.unanswered_limit

    @property
    def alarm_input_active(self) -> bool | None:
        """The alarm input: active while an alarm SMS is fresh, else as reported."""
        if self.alarm_hold:
            return True
        if self.data.sensor_active is not None:
            return self.data.sensor_active
        return False if "alarm_triggered" in self.learned else None

    @property
    def probe_problem(self) -> bool | None:
        """Probe failed (a suspect reading is not yet a problem: unknown)."""
        return {ProbeHealth.OK: False, ProbeHealth.FAILED: True}.get(
            self.data.probe  # type: ignore[arg-type]
        )

    @property
    def temperature(self) -> float | None:
        """Last credible reading in °C."""
        reading = self.data.temperature
        return float(reading.celsius) if reading is not None else None

    @property
    def socket_on_since(self) -> datetime | None:
        """RUNTIME's answer, in UTC (the device keeps local time)."""
        since = self.data.socket_on_since
        if since is None or not self.data.socket_on:
            return None
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt_util.get_default_time_zone())
        return dt_util.as_utc(since)

    @property
    def ring_action(self) -> str | None:
        """RING=: what a call to the device does."""
        return self.data.setting("RING")

    @property
    def model(self) -> str | None:
        """Hardware string when the device told it."""
        return self.data.model

    @property
    def serial_number(self) -> str | None:
        """Serial number when the device told it."""
        return self.data.serial_number

    @property
    def firmware(self) -> str | None:
        """Firmware version when the device told it."""
        return self.data.firmware

    def _heard_from(self, now: datetime) -> None:
        """Any SMS or call from the device proves it is alive."""
        if self.unanswered >= self.unanswered_limit:
            LOGGER.info("iSocket %s is heard from again", self.name)
        self.unanswered = 0
        issues.async_device_heard(self)
        self.data.last_seen = now
        self.learned["last_seen"] = now

    def _missed_reply(self) -> None:
        self.unanswered += 1
        if self.unanswered == self.unanswered_limit:
            LOGGER.warning(
                "iSocket %s did not answer %s commands in a row; unavailable until it is heard from",
                self.name,
                self.unanswered,
            )
            issues.async_device_silent(self)
        self.async_update_listeners()

    # --- inbound --------------------------------------------------------------

    def add_alert_listener(self, listener: AlertListener) -> CALLBACK_TYPE:
        """Subscribe to alert events (the event entity)."""
        self._alert_listeners.append(listener)
        return lambda: self._alert_listeners.remove(listener)

    def _fire(self, event_type: str, message: str | None) -> None:
        data: dict[str, Any] = {"device": self.name}
        if message is not None:
            data["message"] = message
        for listener in list(self._alert_listeners):
            listener(event_type, data)

    @callback
    def handle_sms(self, sms: IncomingSms) -> None:
        """A message from this device's number: interpret, apply, report."""
        now = dt_util.utcnow()
        self.message_log.add(now, "in", sms.text)
        self._heard_from(now)
        seen = interpret(sms.text, self.correlator, _now())
        if seen.pending is not None:
            self._complete(seen.pending)
            self._schedule_expiry()
        result = seen.result
        for name in self.data.apply(result, now, solicited=seen.solicited):
            self.learned[name] = now
        issues.async_message_applied(self, result)
        if isinstance(result, Alert):
            self._fire(ALERT_EVENTS.get(type(result), "unknown_message"), result.raw)
            self._hold_alarm(result)
        elif isinstance(result, Unknown):
            self._fire("unknown_message", result.raw)
        self.async_set_updated_data(self.data)

    def _hold_alarm(self, result: Result) -> None:
        if not isinstance(result, AlarmTriggered):
            return
        if self._alarm_reset:
            self._alarm_reset()
        self.alarm_hold = True

        @callback
        def _reset(_now: datetime) -> None:
            self._alarm_reset = None
            self.alarm_hold = False
            self.async_set_updated_data(self.data)

        self._alarm_reset = async_call_later(self.hass, ALARM_HOLD_SECONDS, _reset)

    @callback
    def handle_call(self, call: IncomingCall) -> None:
        """The device called (alarm cascade or call-back); the hub rejected it."""
        now = dt_util.utcnow()
        self._heard_from(now)
        dialled, self._dialled_at = self._dialled_at, None
        if dialled is not None and now - dialled < CALL_CONFIRM_WINDOW:
            # RINGCONFIRM=CALL: the device confirms the action our call started.
            self.call_confirmed_at = now
            LOGGER.debug("iSocket %s confirmed the call-triggered action", self.name)
        else:
            self._fire("alarm_call", None)
        self.async_set_updated_data(self.data)

    # --- outbound -------------------------------------------------------------

    async def async_command(
        self,
        command: Command,
        *,
        wait: float | None = None,
        password: str | None = None,
    ) -> Result | None:
        """Send a command and wait for its reply (None: SMSCONFIRM=OFF, none comes).

        Raises HomeAssistantError (translated) when the modem cannot send, the
        device answers with an error, or nothing comes within the timeout.
        """
        if not self.hub.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="modem_disconnected"
            )
        text = render(command, password or self.password)
        pending = self.correlator.expect(command, _now())
        future: asyncio.Future[Pending] = self.hass.loop.create_future()
        if pending.done:
            future.set_result(pending)
        else:
            self._futures[pending.id] = future
            self._schedule_expiry()
        try:
            await self.hub.async_send_sms(self.phone, text)
        except GsmError as err:
            self._forget(pending)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="send_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err
        self.message_log.add(dt_util.utcnow(), "out", command.redacted)

        # A caller may wait less than the correlator does; a late reply is
        # still matched and applied.
        @callback
        def _give_up(_now: datetime) -> None:
            if not future.done():
                future.set_exception(TimeoutError())

        give_up = (
            async_call_later(self.hass, wait, _give_up)
            if wait is not None and wait < self.correlator.timeout
            else None
        )
        try:
            done = await future
        except TimeoutError:
            done = pending
        finally:
            if give_up:
                give_up()
        return self._outcome(command, done)

    def _outcome(self, command: Command, pending: Pending) -> Result | None:
        """The reply, or the translated reason there is none."""
        if pending.outcome is Outcome.UNCONFIRMED:
            return None
        if pending.outcome is Outcome.REPLIED:
            return pending.result
        if pending.outcome is Outcome.FAILED and pending.result is not None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="error_reply",
                translation_placeholders={
                    "device": self.name,
                    "command": command.redacted,
                    "reply": pending.result.raw,
                },
            )
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="no_reply",
            translation_placeholders={"device": self.name, "command": command.redacted},
        )

    def _forget(self, pending: Pending) -> None:
        """A command that never left: its expiry is no missed reply."""
        self._futures.pop(pending.id, None)
        self._unsent.add(pending.id)

    def _complete(self, pending: Pending) -> None:
        if (future := self._futures.pop(pending.id, None)) and not future.done():
            future.set_result(pending)

    def _schedule_expiry(self) -> None:
        """One timer for the correlator's next deadline."""
        if self._expiry:
            self._expiry()
            self._expiry = None
        deadline = self.correlator.next_deadline()
        if deadline is None:
            return

        @callback
        def _expire(_now_dt: datetime) -> None:
            self._expiry = None
            # The timer is the authority: it fired for this deadline.
            for pending in self.correlator.expire(max(_now(), deadline)):
                self._complete(pending)
                if pending.id in self._unsent:
                    self._unsent.discard(pending.id)
                else:
                    self._missed_reply()
            self._schedule_expiry()

        self._expiry = async_call_later(self.hass, max(deadline - _now(), 0), _expire)

    async def async_refresh_status(self) -> Result | None:
        """STATUS now (one SMS)."""
        return await self.async_command(status())

    async def async_dial(self) -> None:
        """Ring the device and hang up: free, triggers its RING action."""
        if not self.hub.connected:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="modem_disconnected"
            )
        self._dialled_at = dt_util.utcnow()
        try:
            await self.hub.modem.dial(self.phone, RING_SECONDS)
        except GsmError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="send_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err


def _now() -> float:
    """Correlator time: HA's clock, so tests move it with the frozen time."""
    return dt_util.utcnow().timestamp()
