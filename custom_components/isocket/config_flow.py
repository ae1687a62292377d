"""Config flows of the iSocket integration.

One config entry per GSM modem (the hub, :class:`ISocketConfigFlow`, with its
options flow), one config subentry per iSocket device
(:class:`DeviceSubentryFlow`) and one per recipient of the hub's SMS
(:class:`RecipientSubentryFlow`: a name and a number, stored in E.164; never
one of the hub's iSockets, whose SMS are commands, not messages). All flows
live here, as in HA's own integrations with subentries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Final, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.selector import (
    BooleanSelector,
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

from .const import (
    ALARM_INPUT_KINDS,
    BAUDRATES,
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_COMMAND_EXPIRY,
    CONF_FACTORY_SETTINGS,
    CONF_FLASH,
    CONF_PASSWORD,
    CONF_PHONE,
    CONF_PIN,
    CONF_PORT,
    CONF_SMS_EXPIRY,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DEFAULT_ALARM_INPUT,
    DEFAULT_BAUDRATE,
    DEFAULT_COMMAND_EXPIRY,
    DEFAULT_SMS_EXPIRY,
    DEFAULT_UNANSWERED_LIMIT,
    DOMAIN,
    MAX_EXPIRY_MINUTES,
    MAX_STATUS_INTERVAL_HOURS,
    SUBENTRY_TYPE_DEVICE,
    SUBENTRY_TYPE_RECIPIENT,
)
from .gsm.concat import IncomingSms
from .gsm.errors import GsmError
from .gsm.numbers import device_format, numbers_match, parse_phone
from .helpers import password_errors, pin_errors
from .modem_probe import async_probe_modem, modem_title, serial_by_id
from .protocol.password import signals_wrong_password
from .protocol.replies import parse_message
from .protocol.results import ErrorReply, UnknownCommandError
from .runtime import ISocketConfigEntry
from .sms_gateway.calls import CALL_OPTIONS_FIELDS, call_options
from .sms_gateway.options import GATEWAY_OPTIONS_FIELDS, gateway_options
from .taught_wordings import kept_lessons, options_field

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


class ISocketConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a GSM modem as the hub that talks to iSocket devices."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with no discovered port."""
        self._discovered_port: str | None = None

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: ISocketConfigEntry,
    ) -> ISocketOptionsFlow:
        """Options of the hub."""
        return ISocketOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """One subentry per iSocket device, one per SMS recipient."""
        return {
            SUBENTRY_TYPE_DEVICE: DeviceSubentryFlow,
            SUBENTRY_TYPE_RECIPIENT: RecipientSubentryFlow,
        }

    async def _async_create_from_probe(
        self, step_id: str, user_input: dict[str, Any], port: str
    ) -> ConfigFlowResult:
        """Probe the modem; create the entry, or show the step again with errors."""
        pin = user_input.get(CONF_PIN) or None
        info, errors = None, pin_errors(pin)
        placeholders: dict[str, str] = {}
        if not errors:  # a malformed PIN never reaches the modem
            info, errors, placeholders = await async_probe_modem(
                port, user_input[CONF_BAUDRATE], pin
            )
        if info is not None:
            await self.async_set_unique_id(info.imei)
            self._abort_if_unique_id_configured(updates={CONF_PORT: port})
            data = {CONF_PORT: port, CONF_BAUDRATE: user_input[CONF_BAUDRATE]}
            if pin:
                data[CONF_PIN] = pin
            return self.async_create_entry(title=modem_title(info), data=data)
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

    @callback
    def _async_update_and_reload(
        self, entry: ConfigEntry, data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Store the hub's new data; the hub reloads exactly once.

        A running hub's update listener reloads it when its data changes, so the
        flow only stores (HA reports a flow's own reload next to an update
        listener as breaking in 2026.12). A hub without listeners (its setup
        failed, or the flow unloaded it to free the port) is reloaded by the flow.
        """
        if not entry.update_listeners:
            return self.async_update_reload_and_abort(entry, data=data)
        if dict(entry.data) == dict(data):
            # Unchanged data wakes no listener, but the hub asked for this flow.
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_update_and_abort(entry, data=data)

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
            # the SIM asks for a PIN here: an empty one is no PIN either
            errors = pin_errors(pin) if pin else {CONF_PIN: "invalid_pin"}
            found: dict[str, str]
            info, found = None, {}
            if not errors:
                info, errors, found = await async_probe_modem(
                    entry.data[CONF_PORT],
                    entry.data.get(CONF_BAUDRATE, DEFAULT_BAUDRATE),
                    pin,
                )
            placeholders.update(found)
            if info is not None:
                return self._async_update_and_reload(
                    entry, {**entry.data, CONF_PIN: pin}
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
            if errors := pin_errors(user_input.get(CONF_PIN)):
                return self._reconfigure_form(user_input, errors, placeholders)
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
                return self._async_update_and_reload(entry, data)
            # Keep the hub running on its old settings while the user retries.
            if was_loaded:
                await self.hass.config_entries.async_setup(entry.entry_id)
            if info is not None:
                return self.async_abort(reason="wrong_modem")
        return self._reconfigure_form(user_input or entry.data, errors, placeholders)

    def _reconfigure_form(
        self,
        values: Mapping[str, Any],
        errors: dict[str, str],
        placeholders: dict[str, str],
    ) -> ConfigFlowResult:
        """The reconfigure form again, never with the PIN filled in."""
        suggested = {k: v for k, v in values.items() if k != CONF_PIN}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(), suggested
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


# How long an SMS waits for an absent modem (minutes; 0 = not at all).
EXPIRY_SELECTOR = NumberSelector(
    NumberSelectorConfig(
        min=0,
        max=MAX_EXPIRY_MINUTES,
        step=1,
        mode=NumberSelectorMode.BOX,
        unit_of_measurement="min",
    )
)


class ISocketOptionsFlow(OptionsFlow):
    """Hub options: periodic STATUS (costs SMS) and the unavailability threshold.

    Both apply to the running devices at once (no reload).
    """

    config_entry: ISocketConfigEntry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and store the options."""
        errors: dict[str, str] = {}
        if user_input is not None:
            region = self.hass.config.country
            gateway, errors = gateway_options(user_input, region)
            calls, call_errors = call_options(user_input, region)
            errors |= call_errors
            if not errors:
                return self.async_create_entry(
                    data={
                        CONF_STATUS_INTERVAL: int(user_input[CONF_STATUS_INTERVAL]),
                        CONF_UNANSWERED_LIMIT: int(user_input[CONF_UNANSWERED_LIMIT]),
                        CONF_COMMAND_EXPIRY: int(user_input[CONF_COMMAND_EXPIRY]),
                        CONF_SMS_EXPIRY: int(user_input[CONF_SMS_EXPIRY]),
                        **gateway,
                        **kept_lessons(
                            self.hass, self.config_entry.options, user_input
                        ),
                        **calls,
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
                vol.Required(
                    CONF_COMMAND_EXPIRY, default=DEFAULT_COMMAND_EXPIRY
                ): EXPIRY_SELECTOR,
                vol.Required(
                    CONF_SMS_EXPIRY, default=DEFAULT_SMS_EXPIRY
                ): EXPIRY_SELECTOR,
                **GATEWAY_OPTIONS_FIELDS,
                **options_field(self.config_entry.options),
                **CALL_OPTIONS_FIELDS,
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema, user_input or self.config_entry.options
            ),
            errors=errors,
        )


ALARM_INPUT_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=list(ALARM_INPUT_KINDS),
        mode=SelectSelectorMode.DROPDOWN,
        translation_key="alarm_input",
    )
)
PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))

SETTINGS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): str,
        vol.Optional(CONF_PASSWORD): PASSWORD_SELECTOR,
        vol.Required(CONF_ALARM_INPUT, default=DEFAULT_ALARM_INPUT): (
            ALARM_INPUT_SELECTOR
        ),
    }
)
# Only when adding: a new or just reset device shows its factory defaults (no SMS).
FACTORY_SCHEMA = vol.Schema(
    {vol.Required(CONF_FACTORY_SETTINGS, default=False): BooleanSelector()}
)
USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): str,
        vol.Required(CONF_PHONE): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEL)
        ),
    }
).extend(
    {
        **{k: v for k, v in SETTINGS_SCHEMA.schema.items() if str(k) != CONF_NAME},
        **FACTORY_SCHEMA.schema,
    }
)


class DeviceSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure an iSocket device."""

    def __init__(self) -> None:
        """Start without data."""
        self._data: dict[str, Any] = {}
        self._title = ""
        self._verify_task: asyncio.Task[IncomingSms] | None = None
        # The link check's reply, handed to the hub for the new device.
        self._reply: IncomingSms | None = None
        self._verify_error = "no_reply"

    def _hub_entry(self) -> ISocketConfigEntry:
        """The hub this device belongs to (typed: its runtime data is ours)."""
        return self._get_entry()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Name, number, password and what is wired to the alarm input."""
        errors: dict[str, str] = {}
        if user_input is not None:
            number = parse_phone(user_input[CONF_PHONE], self.hass.config.country)
            errors = password_errors(user_input)
            if number is None:
                errors[CONF_PHONE] = "invalid_phone"
            elif error := number_in_use(
                self.hass, self._get_entry(), number, SUBENTRY_TYPE_DEVICE
            ):
                errors[CONF_PHONE] = error
            if not errors:
                assert number is not None
                self._title = user_input[CONF_NAME]
                self._data = _device_data(number, user_input)
                return await self.async_step_authorise()
        suggested = {k: v for k, v in (user_input or {}).items() if k != CONF_PASSWORD}
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, suggested),
            errors=errors,
        )

    def _authorise_placeholders(self) -> dict[str, str]:
        """The exact commands the owner sends, with the modem's number filled in."""
        entry = self._hub_entry()
        own = None
        if entry.state is ConfigEntryState.LOADED:
            own = entry.runtime_data.hub.own_number
        modem = device_format(own) if own else "<modem number>"
        prefix = self._data.get(CONF_PASSWORD, "")
        return {
            "device": self._data[CONF_PHONE],
            "modem": own or "?",
            "secnumber": f"{prefix}SECNUMBER+{modem}",
            "alertnumber": f"{prefix}ALERTNUMBER+{modem}",
            "alertme": f"{prefix}ALERTME",
        }

    async def async_step_authorise(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Explain how to authorise the modem; offer to verify the link by SMS."""
        return self.async_show_menu(
            step_id="authorise",
            menu_options=["verify", "finish"],
            description_placeholders=self._authorise_placeholders(),
        )

    async def async_step_verify(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Send STATUS (one SMS) and wait for the device's reply."""
        entry = self._hub_entry()
        if self._verify_task is None:
            if entry.state is not ConfigEntryState.LOADED:
                self._verify_error = "hub_not_loaded"
                return await self.async_step_verify_failed()
            hub = entry.runtime_data.hub
            self._verify_task = self.hass.async_create_task(
                hub.async_verify_device(
                    self._data[CONF_PHONE], self._data.get(CONF_PASSWORD)
                ),
                "isocket verify device",
            )
        if not self._verify_task.done():
            return self.async_show_progress(
                step_id="verify",
                progress_action="wait_for_reply",
                progress_task=self._verify_task,
            )
        try:
            reply = self._verify_task.result()
        except TimeoutError:
            self._verify_error = "no_reply"
        except asyncio.CancelledError:
            # The hub was unloaded (reload, unplug handling) while waiting.
            self._verify_error = "hub_not_loaded"
        except GsmError:
            self._verify_error = "send_failed"
        else:
            self._reply = reply
            self._verify_error = classify_reply(reply.text)
        self._verify_task = None
        return self.async_show_progress_done(
            next_step_id="finish" if not self._verify_error else "verify_failed"
        )

    async def async_step_verify_failed(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Say why the check failed; retry, or add the device anyway."""
        return self.async_show_menu(
            step_id="verify_failed",
            menu_options=["verify", "finish"],
            description_placeholders={
                **self._authorise_placeholders(),
                "reason": self._verify_error,
            },
        )

    async def async_step_finish(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Create the device; its session starts with the link check's reply."""
        entry = self._hub_entry()
        if self._reply is not None and entry.state is ConfigEntryState.LOADED:
            # Not wasted: the reply fills the new device's entities at once.
            entry.runtime_data.hub.hand_over(self._reply)
        return self.async_create_entry(
            title=self._title, data=self._data, unique_id=self._data[CONF_PHONE]
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change name, password or alarm input kind (the number is the identity)."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := password_errors(user_input)):
            return self.async_update_and_abort(
                self._get_entry(),
                subentry,
                title=user_input[CONF_NAME],
                data=_device_data(
                    subentry.data[CONF_PHONE], {**_kept(subentry.data), **user_input}
                ),
            )
        suggested = {
            CONF_NAME: subentry.title,
            CONF_ALARM_INPUT: subentry.data[CONF_ALARM_INPUT],
            CONF_PASSWORD: subentry.data.get(CONF_PASSWORD, ""),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                SETTINGS_SCHEMA, user_input or suggested
            ),
            errors=errors,
            description_placeholders={"device": subentry.data[CONF_PHONE]},
        )


RECIPIENT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): str,
        vol.Required(CONF_PHONE): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEL)
        ),
        vol.Optional(CONF_FLASH, default=False): BooleanSelector(),
    }
)


class RecipientSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure a recipient of the hub's SMS."""

    def _check(self, raw: str, own_id: str | None) -> tuple[str | None, str | None]:
        """The number in E.164 and no error, or None and why it is refused."""
        number = parse_phone(raw, self.hass.config.country)
        if number is None:
            return None, "invalid_phone"
        error = number_in_use(
            self.hass, self._get_entry(), number, SUBENTRY_TYPE_RECIPIENT, own_id
        )
        return (None, error) if error else (number, None)

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Name and number."""
        return await self._async_form("user", user_input, None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change the name or number (applies at the next message)."""
        subentry = self._get_reconfigure_subentry()
        return await self._async_form(
            "reconfigure",
            user_input,
            subentry.subentry_id,
            {
                CONF_NAME: subentry.title,
                CONF_PHONE: subentry.data[CONF_PHONE],
                CONF_FLASH: subentry.data.get(CONF_FLASH, False),
            },
        )

    async def _async_form(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        own_id: str | None,
        current: dict[str, Any] | None = None,
    ) -> SubentryFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            number, error = self._check(user_input[CONF_PHONE], own_id)
            if error is not None:
                errors[CONF_PHONE] = error
            else:
                data: dict[str, Any] = {CONF_PHONE: number}
                if user_input.get(CONF_FLASH):  # stored only when asked for
                    data[CONF_FLASH] = True
                if own_id is None:
                    return self.async_create_entry(
                        title=user_input[CONF_NAME], data=data, unique_id=number
                    )
                return self.async_update_and_abort(
                    self._get_entry(),
                    self._get_reconfigure_subentry(),
                    title=user_input[CONF_NAME],
                    data=data,
                    unique_id=number,
                )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                RECIPIENT_SCHEMA, user_input or current or {}
            ),
            errors=errors,
        )


# Why a number cannot be a subentry's, by the kind of the subentry that has it.
IN_USE_ERRORS: Final = {
    SUBENTRY_TYPE_DEVICE: "device_number",
    SUBENTRY_TYPE_RECIPIENT: "recipient_number",
}


def number_in_use(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    number: str,
    kind: str,
    own_id: str | None = None,
) -> str | None:
    """The one rule for numbers: why ``number`` cannot be a new ``kind`` subentry.

    A number belongs to one subentry of a hub, device or recipient: a device's
    SMS are commands and replies, a recipient's are messages, and the hub
    routes by number. The same kind twice is ``already_configured``, the other
    kind ``device_number`` / ``recipient_number``. A device is also one
    device across hubs. ``own_id``: the subentry being reconfigured. None: free.
    """
    region = hass.config.country
    for subentry_id, subentry in entry.subentries.items():
        if subentry_id == own_id or not numbers_match(
            number, subentry.data[CONF_PHONE], region
        ):
            continue
        if subentry.subentry_type == kind:
            return "already_configured"
        return IN_USE_ERRORS.get(subentry.subentry_type, "already_configured")
    if kind == SUBENTRY_TYPE_DEVICE and any(
        subentry.subentry_type == SUBENTRY_TYPE_DEVICE
        and numbers_match(number, subentry.data[CONF_PHONE], region)
        for other in hass.config_entries.async_entries(DOMAIN)
        if other.entry_id != entry.entry_id
        for subentry in other.subentries.values()
    ):
        return "already_configured"
    return None


def _device_data(number: str, user_input: Mapping[str, Any]) -> dict[str, Any]:
    """A device subentry's data from its form (no password key when it has none)."""
    data = {CONF_PHONE: number, CONF_ALARM_INPUT: user_input[CONF_ALARM_INPUT]}
    if password := user_input.get(CONF_PASSWORD):
        data[CONF_PASSWORD] = password
    if user_input.get(CONF_FACTORY_SETTINGS):
        data[CONF_FACTORY_SETTINGS] = True
    return data


def _kept(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a reconfiguration keeps from the device's data (its form lacks it)."""
    return {k: v for k, v in data.items() if k == CONF_FACTORY_SETTINGS}


def classify_reply(text: str) -> str:
    """'' when the reply proves the link, else the reason key for the failure."""
    result = parse_message(text)
    # Only `Invalid access password!` proves a wrong password (manual §6.3/§12).
    if signals_wrong_password(result):
        return "wrong_password"
    if isinstance(result, UnknownCommandError):
        return "unknown_command"
    if isinstance(result, ErrorReply):
        return "error_reply"
    return ""
