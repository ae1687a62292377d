"""Base entities (one for the iSocket devices, one for the modem hub) and how
platforms add a device's entities, also for a device added while running."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, override

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import HubCoordinator
from .device import DeviceCoordinator
from .protocol.commands import Command
from .protocol.results import Result
from .protocol.state import DeviceState
from .runtime import ISocketConfigEntry, signal_device_added


def hub_identifier(hub: HubCoordinator) -> tuple[str, str]:
    """The modem device's registry identifier: its IMEI (the entry's unique id)."""
    return (DOMAIN, hub.config_entry.unique_id or hub.config_entry.entry_id)


@callback
def async_add_device_entities(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[DeviceCoordinator], Iterable[Entity]],
) -> None:
    """Add ``build(device)`` for every device now and for each one started later."""

    @callback
    def _add(device: DeviceCoordinator) -> None:
        async_add_entities(
            list(build(device)), config_subentry_id=device.subentry.subentry_id
        )

    for device in entry.runtime_data.devices.values():
        _add(device)
    entry.async_on_unload(
        async_dispatcher_connect(hass, signal_device_added(entry.entry_id), _add)
    )


@dataclass(frozen=True, kw_only=True)
class ISocketValueDescription(EntityDescription):
    """A device entity showing what ``value_fn`` reads from the device state."""

    value_fn: Callable[[DeviceState], Any]
    # The DeviceState field whose "learned at" time travels with the value.
    fact: str | None = None
    # More state attributes read from the device state (``None``: none now).
    attributes_fn: Callable[[DeviceState], dict[str, Any] | None] | None = None


# The state attribute of a value shown from the factory defaults (manual §14),
# not yet stated by the device; absent otherwise.
ATTR_ASSUMED: Final = "assumed"
# The state attribute with the time of the message the value shown came from
# (the device is not polled: a value may be hours old).
ATTR_AS_OF: Final = "as_of"
# A reading not taken as true: why, and what the device said (°C).
ATTR_PROBE_WARNING: Final = "probe_warning"
ATTR_LAST_READING: Final = "last_reading"


def probe_warning_attributes(state: DeviceState) -> dict[str, Any] | None:
    """Why the last reading was not taken as true (range, manual §7 fault value)."""
    if state.probe_warning is None or state.last_reading is None:
        return None
    return {
        ATTR_PROBE_WARNING: str(state.probe_warning),
        ATTR_LAST_READING: float(state.last_reading.celsius),
    }


@dataclass(frozen=True)
class RestoredFact(ExtraStoredData):
    """A value and when it was learned, kept across restarts."""

    value: Any
    learned: datetime | None
    assumed: bool = False  # a factory default the device has not stated

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        value = (
            self.value.isoformat() if isinstance(self.value, datetime) else self.value
        )
        stored = {
            "value": value,
            "learned": self.learned.isoformat() if self.learned else None,
        }
        return stored | ({ATTR_ASSUMED: True} if self.assumed else {})


class ISocketEntity(CoordinatorEntity[DeviceCoordinator]):
    """An entity of one iSocket device (one config subentry)."""

    _attr_has_entity_name = True
    # ``as_of`` moves with every reply even when nothing else does; the state's
    # own times tell the history, so the recorder keeps one attribute row.
    _unrecorded_attributes = frozenset({ATTR_AS_OF})

    def __init__(
        self, coordinator: DeviceCoordinator, description: EntityDescription
    ) -> None:
        """Unique id from the device's number and the description's key."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.phone}_{description.key}"
        state = coordinator.data
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, coordinator.phone)},
            name=coordinator.name,
            manufacturer="iSocket Systems",
            model=state.model or "iSocket Environment Pro",
            via_device_id=dr.async_get_device_id_by_identifier(
                coordinator.hass,
                hub_identifier(coordinator.hub),
                config_entry_id=coordinator.config_entry.entry_id,
            ),
        )
        # No serial number or firmware here: a new session knows neither yet,
        # and a None would wipe what the device reported before a restart;
        # device_info.py writes them once the device tells.

    @property
    @override
    def available(self) -> bool:
        """Unavailable while the modem is gone or the device stopped answering."""
        return self.coordinator.available

    async def async_send(self, command: Command) -> Result | None:
        """Send a command for the user whose action this is.

        HA sets the entity's context to the action call's just before it
        calls the entity, so a security-class command (RING=, SECLIST=) is
        refused unless that user is an administrator.
        """
        return await self.coordinator.async_command(command, context=self._context)


def fact_attributes(
    state: DeviceState, facts: Iterable[str | None], shown: object
) -> dict[str, Any] | None:
    """What a value ``shown`` from ``facts`` rests on.

    ``as_of``: the time of the message the value came from; for a value made
    of several facts the oldest, so that all of it is at least that fresh.
    ``assumed: true`` while one of them is an assumed factory default.
    Nothing while nothing is shown.
    """
    named = [fact for fact in facts if fact]
    if shown is None or not named:
        return None
    attributes: dict[str, Any] = {}
    if times := [when for fact in named if (when := state.as_of(fact)) is not None]:
        attributes[ATTR_AS_OF] = min(times)
    if any(fact in state.assumed for fact in named):
        attributes[ATTR_ASSUMED] = True
    return attributes or None


class ISocketValueEntity(ISocketEntity):
    """A device entity showing ``value_fn``, with when it was stated (or assumed)."""

    entity_description: ISocketValueDescription

    @property
    def shown(self) -> Any:
        """The value the entity shows."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """``as_of`` the message it came from; ``assumed: true`` for a factory default.

        Plus what the description's ``attributes_fn`` reads (a probe warning).
        """
        state = self.coordinator.data
        attributes = fact_attributes(state, [self.entity_description.fact], self.shown)
        more = self.entity_description.attributes_fn
        extra = more(state) if more is not None else None
        if not extra:
            return attributes
        return (attributes or {}) | extra


class ISocketRestoreEntity(ISocketValueEntity, RestoreEntity):
    """A device entity that shows its last known value after a restart.

    The device is not polled, so after a restart nothing would be known until
    it next speaks; the restored value stands in until then.
    """

    entity_description: ISocketValueDescription
    _restored: Any = None

    @property
    def value(self) -> Any:
        """The live value, or the restored one while the device has not spoken."""
        value = self.entity_description.value_fn(self.coordinator.data)
        return self._restored if value is None else value

    @property
    @override
    def shown(self) -> Any:
        """The live or the restored value."""
        return self.value

    @property
    @override
    def extra_restore_state_data(self) -> ExtraStoredData | None:
        """Keep the value and when it was learned for the next start."""
        fact = self.entity_description.fact
        learned = self.coordinator.data.learned.get(fact) if fact else None
        attributes = self.extra_state_attributes or {}
        return RestoredFact(self.value, learned, bool(attributes.get(ATTR_ASSUMED)))

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the last known value (and when it was learned)."""
        await super().async_added_to_hass()
        if (extra := await self.async_get_last_extra_data()) is None:
            return
        stored = extra.as_dict()
        value = stored.get("value")
        if isinstance(value, str) and self._restores_timestamp:
            value = dt_util.parse_datetime(value)
        self._restored = value
        fact = self.entity_description.fact
        if fact and value is not None and not stored.get(ATTR_ASSUMED):
            # learned before the restart: outranks this start's assumption
            self.coordinator.client.unassume(fact)
        learned = dt_util.parse_datetime(stored.get("learned") or "")
        if fact and learned is not None:
            self.coordinator.client.restore_learned_at(fact, learned)

    @property
    def _restores_timestamp(self) -> bool:
        """Timestamp sensors store their value as ISO text."""
        return False


class HubEntity(CoordinatorEntity[HubCoordinator]):
    """An entity of the GSM modem (the hub config entry).

    Unavailable while the hub coordinator's last update failed, which is
    while the modem is disconnected.
    """

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: HubCoordinator, description: EntityDescription
    ) -> None:
        """Unique id from the modem's IMEI and the description's key."""
        super().__init__(coordinator)
        self.entity_description = description
        identifier = hub_identifier(coordinator)
        self._attr_unique_id = f"{identifier[1]}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={identifier})
