"""Config flow of the iSocket integration: one config entry per GSM modem (hub)."""

from __future__ import annotations

from collections.abc import Mapping
import os
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    SerialPortSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.usb import UsbServiceInfo
import probatio as vol

from .config_flow_device import DeviceSubentryFlow
from .const import (
    BAUDRATES,
    CONF_BAUDRATE,
    CONF_PIN,
    CONF_PORT,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DEFAULT_BAUDRATE,
    DEFAULT_UNANSWERED_LIMIT,
    DOMAIN,
    LOGGER,
    MAX_STATUS_INTERVAL_HOURS,
    SUBENTRY_TYPE_DEVICE,
)
from .gsm.errors import (
    GsmError,
    NoAtResponseError,
    NotRegisteredError,
    PinRejectedError,
    PinRequiredError,
    PortBusyError,
    PortNotFoundError,
    SimLockedError,
    SimNotInsertedError,
)
from .gsm.modem import Modem, ModemInfo

# Each typed modem error has its own translated message (strings.json
# config.error.*); order matters only for subclasses, which come first.
MODEM_ERRORS: tuple[tuple[type[GsmError], str], ...] = (
    (PortNotFoundError, "port_not_found"),
    (PortBusyError, "port_busy"),
    (NoAtResponseError, "no_at_response"),
    (SimNotInsertedError, "sim_missing"),
    (PinRequiredError, "pin_required"),
    (PinRejectedError, "pin_rejected"),
    (SimLockedError, "sim_locked"),
    (NotRegisteredError, "not_registered"),
)

PIN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
BAUDRATE_SELECTOR = vol.All(
    vol.Coerce(str),
    SelectSelector(
        SelectSelectorConfig(
            options=[str(rate) for rate in BAUDRATES],
            mode=SelectSelectorMode.DROPDOWN,
        )
    ),
    vol.Coerce(int),
)


def _connection_schema(port_required: bool = True) -> vol.Schema:
    """Port, baud rate and SIM PIN (the PIN is never suggested back)."""
    fields: dict[vol.Marker, Any] = {}
    if port_required:
        fields[vol.Required(CONF_PORT)] = SerialPortSelector()
    fields[vol.Required(CONF_BAUDRATE, default=DEFAULT_BAUDRATE)] = BAUDRATE_SELECTOR
    fields[vol.Optional(CONF_PIN)] = PIN_SELECTOR
    return vol.Schema(fields)


async def async_probe_modem(
    port: str, baudrate: int, pin: str | None
) -> tuple[ModemInfo | None, dict[str, str], dict[str, str]]:
    """Open the port, initialise the modem once and close it again.

    Returns the modem's identity, or form errors and their placeholders. A
    rejected PIN is reported, never retried: a SIM blocks after three tries.
    """
    modem = Modem(port, baudrate=baudrate, pin=pin)
    try:
        await modem.connect()
    except GsmError as err:
        key = next(
            (key for kind, key in MODEM_ERRORS if isinstance(err, kind)),
            "cannot_connect",
        )
        LOGGER.debug("Modem probe on %s failed: %s", port, type(err).__name__)
        placeholders = {}
        if isinstance(err, PinRejectedError):
            placeholders["attempts_left"] = (
                "?" if err.attempts_left is None else str(err.attempts_left)
            )
        return None, {"base": key}, placeholders
    except Exception:  # noqa: BLE001 - any other failure still ends the probe cleanly
        LOGGER.exception("Unexpected error probing the modem on %s", port)
        return None, {"base": "unknown"}, {}
    else:
        return modem.info, {}, {}
    finally:
        await modem.close()


def serial_by_id(device: str, by_id: str = "/dev/serial/by-id") -> str:
    """The stable /dev/serial/by-id link to a tty, else the tty itself.

    ttyUSB numbers change between boots; the by-id name does not. (HA's usb
    component has the same helper, but importing it pulls in its USB watcher.)
    """
    if not os.path.isdir(by_id):
        return device
    for entry in os.scandir(by_id):
        if entry.is_symlink() and os.path.realpath(entry.path) == device:
            return entry.path
    return device


def _title(info: ModemInfo) -> str:
    """The entry title: what the modem calls itself."""
    name = " ".join(part for part in (info.manufacturer, info.model) if part)
    return name or "GSM modem"


class ISocketConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a GSM modem as the hub that talks to iSocket devices."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with no discovered port."""
        self._discovered_port: str | None = None

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: ConfigEntry) -> ISocketOptionsFlow:
        """Options of the hub."""
        return ISocketOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """One subentry per iSocket device."""
        return {SUBENTRY_TYPE_DEVICE: DeviceSubentryFlow}

    async def _async_create_from_probe(
        self, step_id: str, user_input: dict[str, Any], port: str
    ) -> ConfigFlowResult:
        """Probe the modem; create the entry, or show the step again with errors."""
        pin = user_input.get(CONF_PIN) or None
        info, errors, placeholders = await async_probe_modem(
            port, user_input[CONF_BAUDRATE], pin
        )
        if info is not None:
            await self.async_set_unique_id(info.imei)
            self._abort_if_unique_id_configured(updates={CONF_PORT: port})
            data = {CONF_PORT: port, CONF_BAUDRATE: user_input[CONF_BAUDRATE]}
            if pin:
                data[CONF_PIN] = pin
            return self.async_create_entry(title=_title(info), data=data)
        suggested = {k: v for k, v in user_input.items() if k != CONF_PIN}
        schema = _connection_schema(port_required=step_id == "user")
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders={"attempts_left": "?", **placeholders},
        )

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the modem's port, baud rate and SIM PIN."""
        if user_input is not None:
            port = user_input[CONF_PORT].strip()
            self._async_abort_entries_match({CONF_PORT: port})
            return await self._async_create_from_probe("user", user_input, port)
        return self.async_show_form(
            step_id="user",
            data_schema=_connection_schema(),
            description_placeholders={"attempts_left": "?"},
        )

    @override
    async def async_step_usb(self, discovery_info: UsbServiceInfo) -> ConfigFlowResult:
        """A known cellular modem was plugged in."""
        port = await self.hass.async_add_executor_job(
            serial_by_id, discovery_info.device
        )
        self._async_abort_entries_match({CONF_PORT: port})
        # The IMEI is the unique id, but it is only known after probing; until
        # then the USB serial number keeps a second discovery of the same stick
        # from opening a second flow.
        await self.async_set_unique_id(
            f"usb:{discovery_info.vid}:{discovery_info.pid}:{discovery_info.serial_number}"
        )
        self._abort_if_unique_id_configured()
        self._discovered_port = port
        self.context["title_placeholders"] = {
            "name": discovery_info.description or discovery_info.manufacturer or port
        }
        return await self.async_step_usb_confirm()

    async def async_step_usb_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm a discovered modem; a SIM PIN may be needed."""
        assert self._discovered_port is not None
        if user_input is not None:
            return await self._async_create_from_probe(
                "usb_confirm", user_input, self._discovered_port
            )
        return self.async_show_form(
            step_id="usb_confirm",
            data_schema=_connection_schema(port_required=False),
            description_placeholders={
                "port": self._discovered_port,
                "attempts_left": "?",
            },
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The SIM wants a (different) PIN: setup stopped rather than retry it."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the PIN and try it exactly once."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"attempts_left": "?"}
        if user_input is not None:
            pin = user_input[CONF_PIN]
            info, errors, found = await async_probe_modem(
                entry.data[CONF_PORT],
                entry.data.get(CONF_BAUDRATE, DEFAULT_BAUDRATE),
                pin,
            )
            placeholders.update(found)
            if info is not None:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_PIN: pin}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_PIN): PIN_SELECTOR}),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the hub to another port (the same modem: the IMEI must match)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"attempts_left": "?"}
        if user_input is not None:
            port = user_input[CONF_PORT].strip()
            pin = user_input.get(CONF_PIN) or entry.data.get(CONF_PIN)
            if any(
                other.data.get(CONF_PORT) == port
                for other in self._async_current_entries(include_ignore=False)
                if other.entry_id != entry.entry_id
            ):
                # Another hub owns that port; probing it would disturb that hub.
                return self.async_abort(reason="already_configured")
            # The running hub holds the port; free it before probing.
            was_loaded = entry.state is ConfigEntryState.LOADED
            if was_loaded:
                await self.hass.config_entries.async_unload(entry.entry_id)
            info, errors, found = await async_probe_modem(
                port, user_input[CONF_BAUDRATE], pin
            )
            placeholders.update(found)
            if info is not None and info.imei == entry.unique_id:
                data = {CONF_PORT: port, CONF_BAUDRATE: user_input[CONF_BAUDRATE]}
                if pin:
                    data[CONF_PIN] = pin
                return self.async_update_reload_and_abort(entry, data=data)
            # Keep the hub running on its old settings while the user retries.
            if was_loaded:
                await self.hass.config_entries.async_setup(entry.entry_id)
            if info is not None:
                return self.async_abort(reason="wrong_modem")
        suggested: Mapping[str, Any] = {
            k: v for k, v in (user_input or entry.data).items() if k != CONF_PIN
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(), suggested
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


class ISocketOptionsFlow(OptionsFlow):
    """Hub options: periodic STATUS (costs SMS) and the unavailability threshold."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            return self.async_create_entry(
                data={
                    CONF_STATUS_INTERVAL: int(user_input[CONF_STATUS_INTERVAL]),
                    CONF_UNANSWERED_LIMIT: int(user_input[CONF_UNANSWERED_LIMIT]),
                }
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_STATUS_INTERVAL, default=0): NumberSelector(
                    NumberSelectorConfig(
                        min=0,
                        max=MAX_STATUS_INTERVAL_HOURS,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="h",
                    )
                ),
                vol.Required(
                    CONF_UNANSWERED_LIMIT, default=DEFAULT_UNANSWERED_LIMIT
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=1, max=10, step=1, mode=NumberSelectorMode.BOX
                    )
                ),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options
            ),
        )
