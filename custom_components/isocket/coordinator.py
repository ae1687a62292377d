"""The hub coordinator: owns the GSM modem, routes what it receives.

The hub routes every inbound SMS and call by the sender's number to the
device of that number, through the small :class:`RoutedDevice` protocol (it
knows nothing else of devices); SMS from any other number become an
``isocket_sms_received`` bus event and are never treated as device input.
Numbers are matched by :func:`~.gsm.numbers.match_sender`: exact E.164
equality where HA knows its country; a sender whose type of address is
alphanumeric (a rented name, even one made of digits) is never a device.

``isocket_sms_received`` data: ``sender`` (E.164 or alphanumeric),
``sender_alphanumeric`` (True: the sender is a name, whatever its
characters), ``text``, ``time`` (ISO 8601), ``pdu`` and ``error`` (both
None). A message the modem received but nobody can read (malformed PDU)
fires the same event, so it is never silently dropped: ``sender``,
``sender_alphanumeric`` and ``text`` None, ``time`` when it arrived, ``pdu``
the raw hex and ``error`` what is wrong with it.

Modem health is pushed: the modem reports each new snapshot (its own
periodic read, and signal/registration URCs at once); this coordinator polls
nothing over AT. Its scheduled refresh only looks at the modem's connection
and raises through :func:`modem_failure` what HA should do about it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from . import issues
from .const import (
    CONF_SMS_EXPIRY,
    DEFAULT_SMS_EXPIRY,
    DOMAIN,
    HEALTH_INTERVAL,
    LOGGER,
    RING_SECONDS,
    VERIFY_TIMEOUT,
)
from .gsm.concat import IncomingSms
from .gsm.errors import GsmError, ModemNotConnectedError
from .gsm.listeners import Listeners
from .gsm.modem import IncomingCall, Modem, ModemHealth, ModemInfo, UndecodableSms
from .gsm.numbers import match_sender, normalize_number
from .gsm.sms_send import SentSms
from .gsm.watchdog import WatchdogStatus
from .helpers import SIM_AUTH_ERRORS, gsm_error_key
from .outbox import Outbox
from .protocol.commands import render, status

# What the hub routes to no device: an SMS from someone else, or one nobody can read.
type UnroutedSms = IncomingSms | UndecodableSms


class RoutedDevice(Protocol):
    """All the hub knows of a device."""

    phone: str

    def handle_sms(self, sms: IncomingSms) -> None:
        """A message from the device's number."""

    def handle_call(self, call: IncomingCall) -> None:
        """A call from the device's number (already being rejected)."""

    def connection_changed(self, connected: bool) -> None:
        """The modem connected or disconnected."""


def modem_failure(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    err: GsmError,
    retry: type[HomeAssistantError],
) -> HomeAssistantError:
    """What HA should do about a modem error: ask for a PIN, or retry later.

    SIM problems only the owner can fix raise a repair issue and become
    ``ConfigEntryAuthFailed`` (HA starts the reauthentication flow; the modem
    never retries a wrong PIN by itself); anything else is ``retry``
    (``ConfigEntryNotReady`` at setup, ``UpdateFailed`` while running).
    """
    key = gsm_error_key(err, "modem_not_ready")
    if isinstance(err, SIM_AUTH_ERRORS):
        issues.async_sim_problem(hass, entry, key)
        return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key=key)
    return retry(
        translation_domain=DOMAIN,
        translation_key="modem_not_ready",
        translation_placeholders={"error": type(err).__name__},
    )


class HubCoordinator(DataUpdateCoordinator[ModemHealth | None]):
    """Owns the modem: health, connection state, SMS cost and message routing."""

    config_entry: ConfigEntry[Any]

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry[Any], modem: Modem
    ) -> None:
        """Wire the modem's listeners; nothing runs until the entry is set up."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} modem",
            update_interval=HEALTH_INTERVAL,
            always_update=False,
        )
        self.modem = modem
        # SMS from anyone who is no device, and unreadable ones: the gateway
        # reports them (its bus event and entity; connected in __init__).
        self._unrouted: Listeners[UnroutedSms] = Listeners("unrouted SMS")
        # Calls from anyone who is no device: the gateway's Incoming call.
        self._unrouted_calls: Listeners[IncomingCall] = Listeners("unrouted call")
        self._devices: list[RoutedDevice] = []
        # SMS that wait while the modem is away (the Queued SMS sensor).
        self.outbox = Outbox(hass, modem, self.async_update_listeners)
        # Flows waiting for the first SMS from a number not yet configured.
        self._waiters: dict[str, asyncio.Future[IncomingSms]] = {}
        # Link-check replies a flow handed over for a device about to start.
        self._handed_over: dict[str, IncomingSms] = {}
        self._unsubscribe: list[Callable[[], None]] = [
            modem.add_sms_listener(self._async_on_sms),
            modem.add_call_listener(self._on_call),
            modem.add_connection_listener(self._on_connection),
            modem.add_undecodable_listener(self._on_undecodable),
            modem.add_health_listener(self._on_health),
            modem.add_watchdog_listener(self._on_watchdog),
        ]
        if modem.budget is not None:  # the SMS-sent count is the budget's
            self._unsubscribe.append(
                modem.budget.add_listener(lambda _state: self.async_update_listeners())
            )

    @property
    def connected(self) -> bool:
        """Whether the modem answers right now."""
        return self.modem.connected

    @property
    def info(self) -> ModemInfo | None:
        """The modem's identity (IMEI, model, own number)."""
        return self.modem.info

    @property
    def own_number(self) -> str | None:
        """The SIM's own number, when the SIM knows it."""
        info = self.modem.info
        return info.own_number if info else None

    @property
    def region(self) -> str | None:
        """Default region for national numbers: HA's configured country."""
        return self.hass.config.country

    def add_device(self, device: RoutedDevice) -> Callable[[], None]:
        """Route the device's number to it."""
        self._devices.append(device)
        return lambda: self._devices.remove(device)

    def device_for(
        self, sender: str | None, sender_type: int | None = None
    ) -> RoutedDevice | None:
        """The configured device that owns this number, if exactly one does.

        ``sender_type`` is the SMS sender's type of address: an alphanumeric
        sender is no device's, whatever its characters.
        """
        phone = match_sender(
            sender,
            [d.phone for d in self._devices],
            self.region,
            sender_type=sender_type,
        )
        return next((d for d in self._devices if d.phone == phone), None)

    async def _async_update_data(self) -> ModemHealth | None:
        """Nothing to read (health is pushed): say whether the modem is there."""
        if self.modem.connected:
            return self.modem.health
        error = self.modem.last_error or ModemNotConnectedError("not connected")
        raise modem_failure(self.hass, self.config_entry, error, UpdateFailed)

    @callback
    def _on_health(self, health: ModemHealth) -> None:
        """A new snapshot from the modem (AT read or URC): entities now."""
        issues.async_sim_storage(self.hass, self.config_entry, health.sim_messages)
        self.async_set_updated_data(health)

    @callback
    def _on_watchdog(self, status: WatchdogStatus) -> None:
        """The watchdog's news: the repair issue follows it."""
        issues.async_modem_watchdog(self.hass, self.config_entry, status)

    async def async_restart_modem(self) -> None:
        """Restart the modem safely (stored SMS kept, swept after) and wait for it."""
        await self.modem.restart()

    async def async_shutdown(self) -> None:
        """Stop listening, cancel waiters and close the modem."""
        await super().async_shutdown()
        self.outbox.close()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        for waiter in self._waiters.values():
            waiter.cancel()
        self._waiters.clear()
        self._handed_over.clear()
        await self.modem.close()

    @property
    def sms_sent_today(self) -> int:
        """SMS parts sent today: the day's budget count (restarts at local midnight)."""
        budget = self.modem.budget
        return budget.count if budget is not None else 0

    async def async_send_message(
        self,
        number: str,
        text: str,
        *,
        status_report: bool = False,
        max_parts: int | None = None,
        flash: bool = False,
        expiry: float | None = None,
        what: str | None = None,
        source: str | None = None,
    ) -> SentSms:
        """Send through the modem's single send path (checks, budget, parts).

        While the modem is away the message waits in the outbox up to
        ``expiry`` seconds (0: not at all; None: the gateway SMS option),
        then fails with `SmsExpiredError`; ``what`` is the text as the
        expiry event may show it, ``source`` the device that sends it.
        """
        if expiry is None:
            minutes = self.config_entry.options.get(CONF_SMS_EXPIRY, DEFAULT_SMS_EXPIRY)
            expiry = 60.0 * int(minutes)
        try:
            return await self.outbox.send(
                number,
                text,
                expiry=expiry,
                what=text if what is None else what,
                source=source,
                status_report=status_report,
                max_parts=max_parts,
                flash=flash,
            )
        finally:
            self.async_update_listeners()  # the SMS-sent count may have changed

    async def async_dial(self, number: str) -> None:
        """Ring a device long enough for it to see the caller id, then hang up."""
        await self.modem.dial(number, RING_SECONDS)

    async def async_verify_device(
        self, number: str, password: str | None
    ) -> IncomingSms:
        """Send STATUS to a device not yet configured and return its reply.

        Raises TimeoutError when nothing comes back within VERIFY_TIMEOUT.
        """
        key = normalize_number(number, self.region)
        waiter: asyncio.Future[IncomingSms] = self.hass.loop.create_future()
        self._waiters[key] = waiter

        @callback
        def _expire(_now: datetime) -> None:
            if not waiter.done():
                waiter.set_exception(TimeoutError())

        # HA's timer, not asyncio.timeout: tests move it with the frozen clock.
        cancel = async_call_later(self.hass, VERIFY_TIMEOUT, _expire)
        try:
            # A flow does not wait for an absent modem: expiry 0.
            await self.async_send_message(number, render(status(), password), expiry=0)
            return await waiter
        finally:
            cancel()
            if self._waiters.get(key) is waiter:
                del self._waiters[key]
            if not waiter.done():
                waiter.cancel()
            elif not waiter.cancelled():
                waiter.exception()  # retrieved: the send error is what counts

    @callback
    def add_unrouted_listener(
        self, listener: Callable[[UnroutedSms], None]
    ) -> Callable[[], None]:
        """Hear every SMS no device and no flow takes, and every unreadable one."""
        return self._unrouted.add(listener)

    @callback
    def add_unrouted_call_listener(
        self, listener: Callable[[IncomingCall], None]
    ) -> Callable[[], None]:
        """Hear every call that is no device's (ringing; not yet rejected)."""
        return self._unrouted_calls.add(listener)

    @callback
    def hand_over(self, reply: IncomingSms) -> None:
        """A flow's link-check reply, for the device it is adding."""
        self._handed_over[normalize_number(reply.sender, self.region)] = reply

    @callback
    def take_handed_over(self, phone: str) -> IncomingSms | None:
        """The link-check reply handed over for the device of ``phone``, once."""
        return self._handed_over.pop(normalize_number(phone, self.region), None)

    async def _async_on_sms(self, sms: IncomingSms) -> bool:
        """Route one inbound SMS; always accepted (stored copy deleted)."""
        if device := self.device_for(sms.sender, sms.sender_type):
            device.handle_sms(sms)
            return True
        waiting = [key for key, waiter in self._waiters.items() if not waiter.done()]
        if key := match_sender(
            sms.sender, waiting, self.region, sender_type=sms.sender_type
        ):
            self._waiters[key].set_result(sms)
            return True
        # Not from a configured device: report it, never act on it.
        self._unrouted.notify(sms)
        return True

    @callback
    def _on_undecodable(self, sms: UndecodableSms) -> None:
        """An unreadable message: from whom is unknown, so only report it."""
        self._unrouted.notify(sms)

    @callback
    def _on_call(self, call: IncomingCall) -> None:
        """Calls from a device are never answered: reject at once, then report."""
        device = self.device_for(call.number)
        if device is None:
            # Someone else calls: the gateway reports it (connected in __init__).
            self._unrouted_calls.notify(call)
            return
        self.config_entry.async_create_background_task(
            self.hass, self._async_reject(), "isocket reject call"
        )
        device.handle_call(call)

    async def _async_reject(self) -> None:
        """Reject the ringing call, so the device moves on to its next number."""
        try:
            await self.modem.reject_call()
        except GsmError as err:
            LOGGER.debug("Rejecting a device call failed: %s", type(err).__name__)

    @callback
    def _on_connection(self, connected: bool) -> None:
        """Entities follow the modem's connection (the modem logs each change)."""
        if connected:
            self.async_set_updated_data(self.modem.health)
        else:
            self.async_set_update_error(
                modem_failure(
                    self.hass,
                    self.config_entry,
                    ModemNotConnectedError("disconnected"),
                    UpdateFailed,
                )
            )
        for device in self._devices:
            device.connection_changed(connected)
