"""Subentry flow: one iSocket device on a modem hub."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import phonenumbers
import probatio as vol

from .const import (
    ALARM_INPUT_KINDS,
    CONF_ALARM_INPUT,
    CONF_PASSWORD,
    CONF_PHONE,
    DEFAULT_ALARM_INPUT,
    DOMAIN,
    SUBENTRY_TYPE_DEVICE,
)
from .gsm.errors import GsmError
from .gsm.numbers import device_format
from .protocol.arguments import check_password
from .protocol.errors import InvalidCommandError
from .protocol.replies import parse_message
from .protocol.results import ErrorReply, InvalidPassword, UnknownCommandError

if TYPE_CHECKING:
    from .coordinator import ISocketConfigEntry

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
USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): str,
        vol.Required(CONF_PHONE): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEL)
        ),
    }
).extend({k: v for k, v in SETTINGS_SCHEMA.schema.items() if str(k) != CONF_NAME})


def parse_phone(raw: str, region: str | None) -> str | None:
    """The number in E.164, or None when it is no valid phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def password_valid(password: str) -> bool:
    """Exactly five characters the device accepts in a password (spec §3.3)."""
    try:
        check_password(password)
    except InvalidCommandError:
        return False
    return True


class DeviceSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure an iSocket device."""

    def __init__(self) -> None:
        """Start without data."""
        self._data: dict[str, Any] = {}
        self._title = ""
        self._verify_task: asyncio.Task[str] | None = None
        self._verify_error = "no_reply"

    def _hub_entry(self) -> ISocketConfigEntry:
        """The hub this device belongs to (typed: its runtime data is ours)."""
        return self._get_entry()

    def _number_in_use(self, number: str) -> bool:
        """Whether any hub already has this device (the same device twice is an error)."""
        return any(
            subentry.unique_id == number
            for entry in self.hass.config_entries.async_entries(DOMAIN)
            for subentry in entry.subentries.values()
            if subentry.subentry_type == SUBENTRY_TYPE_DEVICE
        )

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Name, number, password and what is wired to the alarm input."""
        errors: dict[str, str] = {}
        if user_input is not None:
            number = parse_phone(user_input[CONF_PHONE], self.hass.config.country)
            password = user_input.get(CONF_PASSWORD) or ""
            if number is None:
                errors[CONF_PHONE] = "invalid_phone"
            elif self._number_in_use(number):
                errors[CONF_PHONE] = "already_configured"
            if password and not password_valid(password):
                errors[CONF_PASSWORD] = "invalid_password"
            if not errors:
                assert number is not None
                self._title = user_input[CONF_NAME]
                self._data = {
                    CONF_PHONE: number,
                    CONF_ALARM_INPUT: user_input[CONF_ALARM_INPUT],
                }
                if password:
                    self._data[CONF_PASSWORD] = password
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
            self._verify_error = _classify_reply(reply)
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
        """Create the device."""
        return self.async_create_entry(
            title=self._title, data=self._data, unique_id=self._data[CONF_PHONE]
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change name, password or alarm input kind (the number is the identity)."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            password = user_input.get(CONF_PASSWORD) or ""
            if password and not password_valid(password):
                errors[CONF_PASSWORD] = "invalid_password"
            else:
                data = {
                    CONF_PHONE: subentry.data[CONF_PHONE],
                    CONF_ALARM_INPUT: user_input[CONF_ALARM_INPUT],
                }
                if password:
                    data[CONF_PASSWORD] = password
                return self.async_update_and_abort(
                    self._get_entry(),
                    subentry,
                    title=user_input[CONF_NAME],
                    data=data,
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


def _classify_reply(text: str) -> str:
    """'' when the reply proves the link, else the reason key for the failure."""
    result = parse_message(text)
    # A device with a password answers a command without (or with a wrong)
    # one with either error, spec §7.1.
    if isinstance(result, InvalidPassword | UnknownCommandError):
        return "wrong_password"
    if isinstance(result, ErrorReply):
        return "error_reply"
    return ""
