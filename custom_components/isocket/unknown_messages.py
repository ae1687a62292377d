"""The message shapes the owner was already told about (one repair per shape).

A message no rule is sure of becomes an ``unknown_message`` event, stays in
the message log and diagnostics, and opens a repair issue once per new
:func:`~.protocol.interpret.message_shape` (numbers masked). The shapes seen
are stored, so a restart does not raise the same issue again. The issue's fix
flow lets the owner teach what the shape means (:mod:`.taught_wordings`);
forgetting that lesson forgets the shape here too.
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

STORAGE_KEY: Final = f"{DOMAIN}.unknown_shapes"
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 1.0
_DATA: HassKey[SeenShapes] = HassKey(STORAGE_KEY)


class SeenShapes:
    """The set of shapes, persisted (for every hub of this Home Assistant)."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Empty until :meth:`async_load`."""
        self._store: Store[list[str]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._shapes: set[str] = set()

    async def async_load(self) -> None:
        """Read what earlier runs saw."""
        self._shapes = set(await self._store.async_load() or ())

    @callback
    def add(self, shape: str) -> bool:
        """Remember ``shape``; whether it is new."""
        if shape in self._shapes:
            return False
        self._shapes.add(shape)
        self._store.async_delay_save(lambda: sorted(self._shapes), SAVE_DELAY)
        return True

    @callback
    def discard(self, shape: str) -> None:
        """Forget that ``shape`` was reported (its taught meaning was forgotten)."""
        if shape in self._shapes:
            self._shapes.discard(shape)
            self._store.async_delay_save(lambda: sorted(self._shapes), SAVE_DELAY)


async def async_setup(hass: HomeAssistant) -> None:
    """Load the seen shapes once per Home Assistant run."""
    seen = SeenShapes(hass)
    await seen.async_load()
    hass.data[_DATA] = seen


@callback
def is_new(hass: HomeAssistant, shape: str) -> bool:
    """Whether ``shape`` was never reported before (and remember it)."""
    return hass.data[_DATA].add(shape)


@callback
def forget(hass: HomeAssistant, shape: str) -> None:
    """Report ``shape`` again when it next arrives (a forgotten lesson)."""
    hass.data[_DATA].discard(shape)
