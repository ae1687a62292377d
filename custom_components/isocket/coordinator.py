"""Runtime data and the hub coordinator that owns the GSM modem.

The hub routes every inbound SMS and call by the sender's normalised number
to the device coordinator of that number; SMS from any other number become an
``isocket_sms_received`` bus event and are never treated as device input.

``isocket_sms_received`` data: ``sender`` (E.164 or alphanumeric), ``text``,
``time`` (ISO 8601), ``pdu`` and ``error`` (both None). A message the modem
received but nobody can read (malformed PDU) fires the same event, so it is
never silently dropped: ``sender`` and ``text`` None, ``time`` when it
arrived, ``pdu`` the raw hex and ``error`` what is wrong with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from . import issues
from .const import DOMAIN, EVENT_SMS_RECEIVED, HEALTH_INTERVAL, LOGGER, VERIFY_TIMEOUT
from .gsm.concat import IncomingSms
from .gsm.errors import GsmError
from .gsm.modem import IncomingCall, Modem, ModemHealth, ModemInfo, UndecodableSms
from .gsm.numbers import normalize_number, numbers_match
from .protocol.commands import render, status

if TYPE_CHECKING:
    from .device import DeviceCoordinator


@dataclass(kw_only=True)
class ISocketRuntimeData:
    """What a loaded hub entry holds: its modem coordinator and its devices."""

    hub: HubCoordinator
    devices: dict[str, DeviceCoordinator] = field(default_factory=dict)
    """Device coordinators by config subentry id."""


type ISocketConfigEntry = ConfigEntry[ISocketRuntimeData]


# The reply to a device flow's STATUS check, by number, until the device's
# coordinator (created when the subentry is added) takes it.
VERIFIED_REPLIES: HassKey[dict[str, IncomingSms]] = HassKey(
    f"{DOMAIN}_verified_replies"
)


def mask_number(number: str) -> str:
    """A phone number for logs: only the last two digits stay readable."""
    return f"{'*' * max(len(number) - 2, 0)}{number[-2:]}"


class HubCoordinator(DataUpdateCoordinator[ModemHealth | None]):
    """Owns the modem: health, connection state, SMS cost and message routing."""

    config_entry: ISocketConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ISocketConfigEntry, modem: Modem
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
        self.sms_sent_today = 0
        self._sms_count_date: date = dt_util.now().date()
        self._devices: list[DeviceCoordinator] = []
        # Flows waiting for the first SMS from a number not yet configured.
        self._waiters: dict[str, asyncio.Future[str]] = {}
        self._unsubscribe: list[Callable[[], None]] = [
            modem.add_sms_listener(self._async_on_sms),
            modem.add_call_listener(self._on_call),
            modem.add_connection_listener(self._on_connection),
            modem.add_undecodable_listener(self._on_undecodable),
        ]

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

    def add_device(self, device: DeviceCoordinator) -> Callable[[], None]:
        """Route the device's number to its coordinator."""
        self._devices.append(device)
        return lambda: self._devices.remove(device)

    def device_for(self, sender: str | None) -> DeviceCoordinator | None:
        """The configured device that owns this number, if any."""
        if not sender:
            return None
        return next(
            (d for d in self._devices if numbers_match(sender, d.phone, self.region)),
            None,
        )

    async def _async_update_data(self) -> ModemHealth | None:
        """Read signal and registration: local AT commands, no SMS cost."""
        self._roll_sms_counter()
        if not self.modem.connected:
            issues.async_check_modem(self)  # SIM problems stop reconnection
            return self.modem.health
        try:
            return await self.modem.refresh_health()
        except GsmError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="modem_health_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err

    async def async_shutdown(self) -> None:
        """Stop listening, cancel waiters and close the modem."""
        await super().async_shutdown()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        for waiter in self._waiters.values():
            waiter.cancel()
        self._waiters.clear()
        await self.modem.close()

    def _roll_sms_counter(self) -> None:
        """The SMS counter counts today's messages; it restarts at local midnight."""
        today = dt_util.now().date()
        if today != self._sms_count_date:
            self._sms_count_date = today
            self.sms_sent_today = 0

    def restore_sms_count(self, count: int, day: date) -> None:
        """Carry today's count across a restart."""
        if day == dt_util.now().date():
            self._sms_count_date = day
            self.sms_sent_today = max(self.sms_sent_today, count)

    async def async_send_sms(self, number: str, text: str) -> list[int]:
        """Send one (possibly multi-part) SMS and count what it costs."""
        references = await self.modem.send_sms(number, text)
        self._roll_sms_counter()
        self.sms_sent_today += max(len(references), 1)
        self.async_update_listeners()
        return references

    async def async_verify_device(self, number: str, password: str | None) -> str:
        """Send STATUS to a device not yet configured and return its reply text.

        Raises TimeoutError when nothing comes back within VERIFY_TIMEOUT.
        """
        key = normalize_number(number, self.region)
        waiter: asyncio.Future[str] = self.hass.loop.create_future()
        self._waiters[key] = waiter

        @callback
        def _expire(_now: datetime) -> None:
            if not waiter.done():
                waiter.set_exception(TimeoutError())

        # HA's timer, not asyncio.timeout: tests move it with the frozen clock.
        cancel = async_call_later(self.hass, VERIFY_TIMEOUT, _expire)
        try:
            await self.async_send_sms(number, render(status(), password))
            return await waiter
        finally:
            cancel()
            if self._waiters.get(key) is waiter:
                del self._waiters[key]
            if not waiter.done():
                waiter.cancel()
            elif not waiter.cancelled():
                waiter.exception()  # retrieved: the send error is what counts

    async def _async_on_sms(self, sms: IncomingSms) -> bool:
        """Route one inbound SMS; always accepted (stored copy deleted)."""
        if device := self.device_for(sms.sender):
            device.handle_sms(sms)
            return True
        for key, waiter in self._waiters.items():
            if numbers_match(sms.sender, key, self.region) and not waiter.done():
                waiter.set_result(sms.text)
                # Adding the device reloads the hub: its new coordinator
                # applies this reply, so the check's STATUS is not wasted.
                self.hass.data.setdefault(VERIFIED_REPLIES, {})[key] = sms
                return True
        # Not from a configured device: report it, never act on it.
        self.hass.bus.async_fire(
            EVENT_SMS_RECEIVED,
            {
                "sender": sms.sender,
                "text": sms.text,
                "time": sms.timestamp.isoformat(),
                "pdu": None,
                "error": None,
            },
        )
        return True

    @callback
    def _on_undecodable(self, sms: UndecodableSms) -> None:
        """An unreadable message: from whom is unknown, so only report it."""
        self.hass.bus.async_fire(
            EVENT_SMS_RECEIVED,
            {
                "sender": None,
                "text": None,
                "time": sms.received.isoformat(),
                "pdu": sms.pdu,
                "error": sms.error,
            },
        )

    @callback
    def _on_call(self, call: IncomingCall) -> None:
        """Calls from a device are never answered: reject at once, then report."""
        device = self.device_for(call.number)
        if device is None:
            # Someone else calls the modem's SIM: not ours to answer or reject.
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
        self.async_update_listeners()
        for device in self._devices:
            device.async_update_listeners()
        if connected:
            self.config_entry.async_create_background_task(
                self.hass, self.async_request_refresh(), "isocket modem health"
            )
