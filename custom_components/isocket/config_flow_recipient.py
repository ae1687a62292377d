"""Config subentry flow of a recipient: a name and a number to send SMS to.

The number is checked as a device's is (E.164, or national in Home
Assistant's country) and stored in E.164. It must not be one of the hub's
iSockets: their SMS are commands, not messages.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from .const import CONF_PHONE, SUBENTRY_TYPE_DEVICE
from .gateway import SUBENTRY_TYPE_RECIPIENT
from .gsm.numbers import numbers_match, parse_phone

RECIPIENT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): str,
        vol.Required(CONF_PHONE): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEL)
        ),
    }
)


class RecipientSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure a recipient of the hub's SMS."""

    def _check(self, raw: str, own_id: str | None) -> tuple[str | None, str | None]:
        """The number in E.164 and no error, or None and why it is refused."""
        region = self.hass.config.country
        number = parse_phone(raw, region)
        if number is None:
            return None, "invalid_phone"
        for subentry_id, subentry in self._get_entry().subentries.items():
            if subentry_id == own_id or not numbers_match(
                number, subentry.data[CONF_PHONE], region
            ):
                continue
            if subentry.subentry_type == SUBENTRY_TYPE_DEVICE:
                return None, "device_number"
            return None, "already_configured"
        return number, None

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
            {CONF_NAME: subentry.title, CONF_PHONE: subentry.data[CONF_PHONE]},
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
                data = {CONF_PHONE: number}
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


SUBENTRY_FLOWS: dict[str, type[ConfigSubentryFlow]] = {
    SUBENTRY_TYPE_RECIPIENT: RecipientSubentryFlow
}
