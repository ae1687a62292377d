"""The hub's daily SMS budget in Home Assistant: option, storage, repair issue.

``gsm.budget.SmsBudget`` counts every part the modem sends (device commands
and gateway messages take the same path) and refuses a message that would
pass the cap, before anything is sent. Here it gets:

- its cap from the hub option *Maximum SMS per day* (0 = unlimited), followed
  live when the option changes;
- its count from a ``Store``, written on every change, so a restart the same
  day does not hand out a fresh budget (the one place the day's count is kept:
  the *SMS sent today* sensor shows it, it restores nothing);
- a repair issue when a send is refused, with the day's count and how to
  raise the cap; it is cleared when the day rolls over (a timer at local
  midnight) or the cap is raised above the count.

The stored count (:func:`async_load_count`, :func:`async_keep_count`,
:func:`async_remove_counts`) serves the daily call cap too (``calls.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Final, override

from homeassistant.core import CoreState, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import CONF_MAX_SMS_PER_DAY, DEFAULT_MAX_SMS_PER_DAY, DOMAIN
from ..gsm.budget import BudgetState, SmsBudget
from ..gsm.errors import SmsBudgetExceededError
from ..runtime import ISocketConfigEntry, signal_entry_updated

STORAGE_VERSION: Final = 1
BUDGET_ISSUE: Final = "sms_budget_exceeded"
# Coalesce writes: a long message changes the count once per part.
SAVE_DELAY: Final = 1.0


def max_sms_per_day(options: Mapping[str, Any]) -> int:
    """The hub's daily SMS cap (0 = unlimited)."""
    return int(options.get(CONF_MAX_SMS_PER_DAY, DEFAULT_MAX_SMS_PER_DAY))


def budget_issue_id(entry_id: str) -> str:
    """The id of a hub's budget issue."""
    return f"{BUDGET_ISSUE}_{entry_id}"


# The daily counts a hub keeps, each in its own Store file.
SMS_COUNT: Final = "sms_budget"
CALL_COUNT: Final = "call_budget"
COUNTS: Final = (SMS_COUNT, CALL_COUNT)

# One Store per hub and count for the life of HA: a reload reads what the
# last session's delayed save still holds, not an older file.
STORES: HassKey[dict[str, dict[str, Store[dict[str, Any]]]]] = HassKey(
    f"{DOMAIN}_budget_stores"
)


def _store(hass: HomeAssistant, entry_id: str, kind: str) -> Store[dict[str, Any]]:
    stores = hass.data.setdefault(STORES, {}).setdefault(entry_id, {})
    if (store := stores.get(kind)) is None:
        store = stores[kind] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.{kind}"
        )
    return store


async def async_load_count(
    hass: HomeAssistant, entry_id: str, kind: str
) -> BudgetState | None:
    """The stored count of ``kind`` (SMS_COUNT, CALL_COUNT), if any."""
    stored = await _store(hass, entry_id, kind).async_load()
    return BudgetState.from_dict(stored) if stored is not None else None


@callback
def async_keep_count(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    kind: str,
    budget: SmsBudget,
    changed: Callable[[], None] | None = None,
) -> None:
    """Store each change of ``budget``'s count (coalesced) while the entry runs.

    ``changed`` is called after each one.
    """
    store = _store(hass, entry.entry_id, kind)

    @callback
    def _changed(state: BudgetState) -> None:
        store.async_delay_save(state.as_dict, SAVE_DELAY)
        if changed is not None:
            changed()

    unsubscribe = budget.add_listener(_changed)

    @callback
    def _stop() -> None:
        unsubscribe()
        # An SMS the modem was sending when the hub unloads is counted after
        # this (its line is lost as the port closes): the last save reads the
        # count when it is written (or when the next setup loads it). Once
        # Home Assistant's final write is under way (or it stopped) nothing
        # writes any more.
        if hass.state in (CoreState.starting, CoreState.running, CoreState.stopping):
            store.async_delay_save(_current, SAVE_DELAY)

    def _current() -> dict[str, Any]:
        return budget.state.as_dict()

    entry.async_on_unload(_stop)


def _today() -> date:
    return dt_util.now().date()


class HassSmsBudget(SmsBudget):
    """The budget of one hub: a refused send raises the repair issue."""

    def __init__(
        self, hass: HomeAssistant, entry: ISocketConfigEntry, state: BudgetState | None
    ) -> None:
        """Cap from the hub's options, count from ``state`` when it is today's."""
        super().__init__(max_sms_per_day(entry.options), today=_today, state=state)
        self.hass = hass
        self.entry = entry

    @override
    def check(self, parts: int = 1) -> None:
        """Refuse what would pass the cap, and tell the owner in a repair issue."""
        try:
            super().check(parts)
        except SmsBudgetExceededError as err:
            self._raise_issue(err)
            raise

    def _raise_issue(self, err: SmsBudgetExceededError) -> None:
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            budget_issue_id(self.entry.entry_id),
            data={"entry_id": self.entry.entry_id},
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=BUDGET_ISSUE,
            translation_placeholders={
                "hub": self.entry.title,
                "count": str(err.count),
                "limit": str(err.limit),
            },
        )

    @callback
    def clear_issue_if_room(self) -> None:
        """No issue while a single SMS would still go out."""
        if self.remaining is None or self.remaining > 0:
            ir.async_delete_issue(
                self.hass, DOMAIN, budget_issue_id(self.entry.entry_id)
            )


async def async_setup_budget(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> HassSmsBudget:
    """The hub's budget, with today's stored count; follows options and midnight.

    Everything it starts is stopped when the entry unloads.
    """
    state = await async_load_count(hass, entry.entry_id, SMS_COUNT)
    budget = HassSmsBudget(hass, entry, state)
    async_keep_count(hass, entry, SMS_COUNT, budget, budget.clear_issue_if_room)

    @callback
    def _options_changed() -> None:
        budget.max_per_day = max_sms_per_day(entry.options)
        budget.clear_issue_if_room()

    @callback
    def _midnight(_now: datetime) -> None:
        budget.roll_over()

    entry.async_on_unload(
        async_dispatcher_connect(
            hass, signal_entry_updated(entry.entry_id), _options_changed
        )
    )
    entry.async_on_unload(
        async_track_time_change(hass, _midnight, hour=0, minute=0, second=0)
    )
    budget.clear_issue_if_room()  # the cap may have been raised while HA was down
    return budget


async def async_remove_counts(hass: HomeAssistant, entry_id: str) -> None:
    """The hub is deleted: its stored counts (SMS and calls) go with it."""
    for kind in COUNTS:
        await _store(hass, entry_id, kind).async_remove()
    hass.data[STORES].pop(entry_id, None)
