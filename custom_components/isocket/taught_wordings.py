"""Wordings the owner taught, kept with the hub (issue 18).

A lesson (:class:`.protocol.taught.TaughtShape`) is stored in the hub entry's
options under ``taught``, so it survives restarts, goes when the hub is
removed and shows in the hub's diagnostics. Each stored lesson also keeps the
unknown-message key of its shape (``seen``): forgetting the lesson forgets
that the owner was told, so the next such text raises the repair again.

- the unknown-message repair's fix flow teaches (:func:`async_teach`);
- the hub options list the lessons; unticking one forgets it
  (:func:`options_field`, :func:`kept_lessons`);
- every device's client recognises texts by them (:func:`taught_shapes`,
  applied with the options).

Nothing here holds a digit of a message: a shape keeps its numbers as slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio as vol

from . import unknown_messages
from .const import LOGGER
from .protocol.taught import TaughtShape, TaughtShapes, TeachingError

CONF_TAUGHT: Final = "taught"
"""Options key: the lessons, as :meth:`TaughtShape.as_dict` plus ``seen``."""
FORM_FIELD: Final = "taught_wordings"
"""The options form's field: the positions of the lessons kept."""
SEEN: Final = "seen"


def _stored(options: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(item) for item in options.get(CONF_TAUGHT) or ()]


def _lesson(item: Mapping[str, Any]) -> TaughtShape | None:
    try:
        return TaughtShape.from_dict(item)
    except TeachingError:
        # an edited or older entry: skipped, never a failed setup
        LOGGER.warning("Ignoring a taught wording that cannot be read")
        return None


def taught_shapes(options: Mapping[str, Any]) -> TaughtShapes:
    """The lessons in the hub's options, ready for the clients."""
    return TaughtShapes(
        lesson for item in _stored(options) if (lesson := _lesson(item)) is not None
    )


def label(lesson: TaughtShape) -> str:
    """One lesson in a line: its shape and what it means (numbers as `#`)."""
    shape = " / ".join(line for line in lesson.shape.splitlines() if line)
    reading = (
        "" if lesson.reading is None else f", reading: number {lesson.reading + 1}"
    )
    return f"{shape} → {lesson.meaning}{reading}"


@callback
def async_teach(
    hass: HomeAssistant, entry: ConfigEntry[Any], lesson: TaughtShape, seen: str
) -> None:
    """Store ``lesson`` with the hub (one per shape: a new one replaces the old).

    ``seen`` is the unknown-message key of the taught text. The running
    devices take it with the options (:func:`.runtime.async_apply_options`).
    """
    kept = [
        item
        for item in _stored(entry.options)
        if (old := _lesson(item)) is None or old.key != lesson.key
    ]
    kept.append({**lesson.as_dict(), SEEN: seen})
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_TAUGHT: kept}
    )


def options_field(options: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """The options form's list of lessons (all ticked), when there are any."""
    items = _stored(options)
    if not items:
        return {}
    choices = [
        SelectOptionDict(value=str(index), label=label(lesson))
        for index, item in enumerate(items)
        if (lesson := _lesson(item)) is not None
    ]
    return {
        vol.Optional(
            FORM_FIELD, default=[choice["value"] for choice in choices]
        ): SelectSelector(
            SelectSelectorConfig(
                options=choices, multiple=True, mode=SelectSelectorMode.LIST
            )
        )
    }


@callback
def kept_lessons(
    hass: HomeAssistant, options: Mapping[str, Any], user_input: Mapping[str, Any]
) -> dict[str, Any]:
    """The options entry for the lessons still ticked in a submitted form.

    The unticked ones are forgotten, together with the fact that the owner
    was told about their shape: the next such text raises the repair again.
    """
    items = _stored(options)
    if not items:
        return {}
    ticked = {int(value) for value in user_input.get(FORM_FIELD) or ()}
    kept = [item for index, item in enumerate(items) if index in ticked]
    forgotten = [item for index, item in enumerate(items) if index not in ticked]
    for item in forgotten:
        if isinstance(seen := item.get(SEEN), str):
            unknown_messages.forget(hass, seen)
    return {CONF_TAUGHT: kept} if kept else {}
