"""The iSocket GSM integration: iSocket Environment Pro devices over a GSM modem."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.typing import ConfigType

from . import issues, unknown_messages
from .const import (
    CONF_BAUDRATE,
    CONF_PIN,
    CONF_PORT,
    DEFAULT_BAUDRATE,
    DOMAIN,
    WATCH_INTERVAL,
)
from .coordinator import HubCoordinator, modem_failure
from .gsm.errors import GsmError
from .gsm.modem import Modem
from .gsm.watchdog import WatchdogPolicy
from .modem_probe import modem_maker, modem_model
from .runtime import (
    ISocketConfigEntry,
    ISocketRuntimeData,
    async_apply_options,
    async_stop_devices,
    async_sync_devices,
    signal_entry_updated,
)
from .services import async_setup_services
from .sms_gateway.budget import async_remove_counts, async_setup_budget
from .sms_gateway.calls import IncomingCallReporter, async_setup_call_budget
from .sms_gateway.incoming import IncomingSmsReporter

PLATFORMS = [
    Platform.ALARM_CONTROL_PANEL,
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CLIMATE,
    Platform.EVENT,
    Platform.NOTIFY,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
# The watchdog's thresholds and backoff (tests shorten them).
WATCHDOG_POLICY = WatchdogPolicy()


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions (once, whether or not a hub is loaded)."""
    async_setup_services(hass)
    await unknown_messages.async_setup(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> bool:
    """Connect the modem, start one session per device, set up platforms."""
    modem = Modem(
        entry.data[CONF_PORT],
        baudrate=entry.data.get(CONF_BAUDRATE, DEFAULT_BAUDRATE),
        pin=entry.data.get(CONF_PIN),
        budget=await async_setup_budget(hass, entry),
        call_budget=await async_setup_call_budget(hass, entry),
        watchdog=WATCHDOG_POLICY,
        watch_interval=WATCH_INTERVAL,
    )
    try:
        await modem.connect()
    except GsmError as err:
        await modem.close()
        raise modem_failure(hass, entry, err, ConfigEntryNotReady) from err

    issues.async_sim_ready(hass, entry)
    hub = HubCoordinator(hass, entry, modem)
    # SMS from anyone who is no device: the gateway's bus event and entity.
    incoming = IncomingSmsReporter(hass, entry)
    entry.async_on_unload(hub.add_unrouted_listener(incoming.report_unrouted))
    # Calls from anyone who is no device: Incoming call, rejected unless allowed.
    calls = IncomingCallReporter(hass, entry, hub)
    entry.async_on_unload(hub.add_unrouted_call_listener(calls.report))
    entry.runtime_data = ISocketRuntimeData(
        hub=hub,
        incoming=incoming,
        hub_data=dict(entry.data),
        options=dict(entry.options),
    )
    # From here on the modem reconnects by itself after an unplug.
    await modem.start()
    entry.async_on_unload(hub.async_shutdown)
    await hub.async_refresh()

    info = modem.info
    if info is not None:
        dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(DOMAIN, info.imei)},
            manufacturer=modem_maker(info),
            model=modem_model(info),
            model_id=info.model,
            sw_version=info.firmware,
            name=entry.title,
        )

    async_sync_devices(hass, entry)
    entry.async_on_unload(lambda: async_stop_devices(entry))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_update_listener))
    # Now that every device listens: what arrived while HA was down.
    modem.request_sweep()
    return True


async def _async_update_listener(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> None:
    """Devices or options changed: follow them live; a new port needs a reload."""
    runtime = entry.runtime_data
    if dict(entry.data) != runtime.hub_data:
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    if dict(entry.options) != runtime.options:
        async_apply_options(entry)
    async_sync_devices(hass, entry)
    # The entry's only update listener: the gateway's parts follow this signal.
    async_dispatcher_send(hass, signal_entry_updated(entry.entry_id))


async def async_unload_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> bool:
    """Unload platforms; the on-unload callbacks stop sessions and close the port."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: ISocketConfigEntry) -> None:
    """The hub is deleted: its repair issues go with it."""
    issues.async_remove_all(hass, entry.entry_id)
    await async_remove_counts(hass, entry.entry_id)
