"""Fix flows of the repair issues raised by :mod:`.issues`.

- wrong password: ask for the device's password and store it in the subentry
  (the running device takes it at once, without a reload);
- scheduler rules: confirm, then send SCHEDULER-ALL (one SMS) and wait for the
  device's acknowledgement;
- unknown message: the owner says what the text means (an alert kind, with
  the number that is its reading, or only information); the shape is taught
  to the hub (:mod:`.taught_wordings`) and recognised from then on.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntryState, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from .const import CONF_PASSWORD, DOMAIN
from .helpers import LIBRARY_ERRORS, password_errors
from .issues import SCHEDULER_RULES, UNKNOWN_MESSAGE, WRONG_PASSWORD
from .protocol.commands import clear_schedules
from .protocol.taught import MEANINGS, WITH_READING, TeachingError, Wording, teach
from .runtime import ISocketConfigEntry, async_store_password
from .taught_wordings import async_teach

if TYPE_CHECKING:
    from .device import DeviceCoordinator

PASSWORD_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        )
    }
)


def _issue_placeholders(flow: RepairsFlow) -> dict[str, str]:
    """The placeholders of the issue ``flow`` fixes."""
    issue = ir.async_get(flow.hass).async_get_issue(DOMAIN, flow.issue_id)
    return dict(issue.translation_placeholders or {}) if issue else {}


class _DeviceRepairFlow(RepairsFlow):
    """A fix flow for one device's issue (hub entry and subentry in the issue data)."""

    def __init__(self, entry_id: str, subentry_id: str) -> None:
        """Remember which device the issue is about."""
        self.entry_id = entry_id
        self.subentry_id = subentry_id

    def _entry(self) -> ISocketConfigEntry | None:
        return self.hass.config_entries.async_get_entry(self.entry_id)

    def _subentry(self) -> ConfigSubentry | None:
        entry = self._entry()
        return entry.subentries.get(self.subentry_id) if entry else None

    def _placeholders(self) -> dict[str, str]:
        return _issue_placeholders(self)


class WrongPasswordRepairFlow(_DeviceRepairFlow):
    """Ask for the device's password and store it."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Start with the password form."""
        return await self.async_step_password()

    async def async_step_password(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """The password the device has (empty: the device has none)."""
        entry, subentry = self._entry(), self._subentry()
        if entry is None or subentry is None:
            return self.async_abort(reason="device_removed")
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := password_errors(user_input)):
            password = user_input.get(CONF_PASSWORD)
            async_store_password(self.hass, entry, subentry, password)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="password",
            data_schema=PASSWORD_SCHEMA,
            errors=errors,
            description_placeholders={"device": subentry.title},
        )


class SchedulerRulesRepairFlow(_DeviceRepairFlow):
    """Confirm, then clear the device's scheduler rules (SCHEDULER-ALL)."""

    _task: asyncio.Task[None] | None = None
    _error: str | None = None

    def _device(self) -> DeviceCoordinator | None:
        entry = self._entry()
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            return None
        return entry.runtime_data.devices.get(self.subentry_id)

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Show the rules; on confirmation clear them."""
        if user_input is not None:
            return await self.async_step_clear()
        errors = {"base": self._error} if self._error else {}
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            errors=errors,
            description_placeholders=self._placeholders(),
        )

    async def async_step_clear(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Send SCHEDULER-ALL and wait for the device to confirm it."""
        if self._task is None:
            device = self._device()
            if device is None:
                return self.async_abort(reason="hub_not_loaded")
            self._task = self.hass.async_create_task(
                self._async_clear(device), "isocket clear scheduler"
            )
        if not self._task.done():
            return self.async_show_progress(
                step_id="clear",
                progress_action="clearing_schedule",
                progress_task=self._task,
            )
        task, self._task = self._task, None
        try:
            task.result()
        except (HomeAssistantError, *LIBRARY_ERRORS):
            self._error = "clear_failed"
            return self.async_show_progress_done(next_step_id="confirm")
        return self.async_show_progress_done(next_step_id="done")

    async def async_step_done(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """The rules are gone."""
        return self.async_create_entry(data={})

    @staticmethod
    async def _async_clear(device: DeviceCoordinator) -> None:
        await device.async_command(clear_schedules())


MEANING = "meaning"
READING = "reading"
MEANING_SCHEMA = vol.Schema(
    {
        vol.Required(MEANING): SelectSelector(
            SelectSelectorConfig(
                options=list(MEANINGS),
                mode=SelectSelectorMode.LIST,
                translation_key="taught_meaning",
            )
        )
    }
)


class TeachWordingRepairFlow(RepairsFlow):
    """Ask what an unknown message means and teach its shape to the hub."""

    def __init__(self, data: dict[str, str | int | float | None]) -> None:
        """The text cut at its numbers (phone numbers masked) from the issue."""
        self.entry_id = str(data["entry_id"])
        self.seen = str(data["seen"])
        self.cut = Wording(
            tuple(json.loads(str(data["parts"]))),
            tuple(json.loads(str(data["numbers"]))),
        )
        self.meaning = ""

    def _placeholders(self) -> dict[str, str]:
        device = _issue_placeholders(self).get("device", "iSocket")
        return {"device": device, "text": self.cut.text()}

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Start with the question."""
        return await self.async_step_meaning()

    async def async_step_meaning(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """What does the text mean?"""
        if user_input is not None:
            self.meaning = user_input[MEANING]
            slots = self.cut.reading_slots() if self.meaning in WITH_READING else []
            if len(slots) > 1:
                return await self.async_step_reading()
            return self._learn(slots[0] if slots else None)
        return self.async_show_form(
            step_id="meaning",
            data_schema=MEANING_SCHEMA,
            description_placeholders=self._placeholders(),
        )

    async def async_step_reading(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Which of its numbers is the reading?"""
        if user_input is not None:
            return self._learn(int(user_input[READING]))
        choices = [
            SelectOptionDict(value=str(index), label=self.cut.context(index))
            for index in self.cut.reading_slots()
        ]
        suggested = self.cut.suggested_reading()
        schema = vol.Schema(
            {
                vol.Required(READING, default=str(suggested)): SelectSelector(
                    SelectSelectorConfig(options=choices, mode=SelectSelectorMode.LIST)
                )
            }
        )
        return self.async_show_form(
            step_id="reading",
            data_schema=schema,
            description_placeholders=self._placeholders(),
        )

    def _learn(self, reading: int | None) -> RepairsFlowResult:
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None:
            return self.async_abort(reason="hub_removed")
        try:
            lesson = teach(self.cut, self.meaning, reading)
        except TeachingError:
            return self.async_abort(reason="cannot_teach")
        async_teach(self.hass, entry, lesson, self.seen)
        return self.async_create_entry(data={})


_FLOWS: dict[str, type[_DeviceRepairFlow]] = {
    WRONG_PASSWORD: WrongPasswordRepairFlow,
    SCHEDULER_RULES: SchedulerRulesRepairFlow,
}


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """The fix flow for a fixable issue (a device's, or an unknown message)."""
    assert data is not None
    if issue_id.startswith(f"{UNKNOWN_MESSAGE}_"):
        return TeachWordingRepairFlow(data)
    kind = issue_id.removesuffix(f"_{data['subentry_id']}")
    return _FLOWS[kind](str(data["entry_id"]), str(data["subentry_id"]))
