"""What every settings entity shares: send a Conf command, learn what it set.

A setting's value is unknown until it is set from HA or read back (an
inquiry reply or the acknowledgement of a command). The acknowledgement is
applied by the device coordinator like any other reply; only when the device
confirms nothing (SMSCONFIRM=OFF) is the value HA asked for taken as set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override
from weakref import WeakKeyDictionary

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.number import NumberEntityDescription
from homeassistant.components.select import SelectEntityDescription
from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .device import DeviceCoordinator
from .entity import ISocketEntity, ISocketEntityDescription, ISocketRestoreEntity
from .protocol.commands import Command
from .protocol.errors import InvalidCommandError


def learn_settings(device: DeviceCoordinator, **settings: str) -> None:
    """Take settings as set although the device did not confirm them."""
    now = dt_util.utcnow()
    device.data.settings = {**device.data.settings, **settings}
    for name in settings:
        device.learned[f"settings.{name}"] = now
    device.async_set_updated_data(device.data)


async def async_send_setting(device: DeviceCoordinator, command: Command) -> None:
    """Send ``NAME=VALUE``; without confirmation (SMSCONFIRM=OFF) assume it took."""
    if await device.async_command(command) is None:
        name, _, value = command.text.partition("=")
        learn_settings(device, **{name: value})


def build(make: Callable[[], Command]) -> Command:
    """Run a command builder; an invalid value is the caller's mistake."""
    try:
        return make()
    except InvalidCommandError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_command",
            translation_placeholders={"message": err.message},
        ) from err


# The last value each number entity showed, per device, in its native unit:
# a threshold switch or the relay action select sends it again.
_LAST_NUMBERS: WeakKeyDictionary[DeviceCoordinator, dict[str, float]] = (
    WeakKeyDictionary()
)


def last_numbers(device: DeviceCoordinator) -> dict[str, float]:
    """The last value of each number entity of ``device``, by description key."""
    return _LAST_NUMBERS.setdefault(device, {})


@dataclass(frozen=True, kw_only=True)
class SettingDescription(ISocketEntityDescription):
    """A setting by its device name (the key of ``DeviceState.settings``)."""

    setting: str


class SettingEntity(ISocketRestoreEntity):
    """A device setting: restored after a restart, changed by a Conf command."""

    entity_description: SettingDescription


@dataclass(frozen=True, kw_only=True)
class SettingSwitchDescription(SettingDescription, SwitchEntityDescription):
    """An ON/OFF setting; ``command_fn`` builds the command for on/off."""

    command_fn: Callable[[ISocketEntity, bool], Command]


class SettingSwitch(SettingEntity, SwitchEntity):
    """A setting that is on or off."""

    entity_description: SettingSwitchDescription

    @property
    @override
    def is_on(self) -> bool | None:
        """The setting as last set or read back."""
        value: bool | None = self.value
        return value

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send the setting's ON form."""
        await async_send_setting(
            self.coordinator,
            build(lambda: self.entity_description.command_fn(self, True)),
        )

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send the setting's OFF form."""
        await async_send_setting(
            self.coordinator,
            build(lambda: self.entity_description.command_fn(self, False)),
        )


@dataclass(frozen=True, kw_only=True)
class SettingSelectDescription(SettingDescription, SelectEntityDescription):
    """A setting with named values; ``command_fn`` builds the command for an option."""

    command_fn: Callable[[ISocketEntity, str], Command]


@dataclass(frozen=True, kw_only=True)
class SettingNumberDescription(SettingDescription, NumberEntityDescription):
    """A numeric setting; ``command_fn`` builds the command for a value."""

    command_fn: Callable[[ISocketEntity, int], Command]


@dataclass(frozen=True, kw_only=True)
class ReadSettingsDescription(ISocketEntityDescription, ButtonEntityDescription):
    """The button that asks the device for its settings."""

    inquiries: tuple[Callable[[], Command], ...]


class ReadSettingsButton(ISocketEntity, ButtonEntity):
    """Sends every inquiry at once; the replies update the settings entities."""

    entity_description: ReadSettingsDescription

    @override
    async def async_press(self) -> None:
        """Ask for everything; fail (translated) if any inquiry went unanswered."""
        await async_read_settings(self.coordinator, self.entity_description.inquiries)


async def async_read_settings(
    device: DeviceCoordinator, inquiries: tuple[Callable[[], Command], ...]
) -> None:
    """Send the inquiries together (the correlator tells the replies apart)."""
    results = await asyncio.gather(
        *(device.async_command(make()) for make in inquiries),
        return_exceptions=True,
    )
    failed = [result for result in results if isinstance(result, BaseException)]
    if not failed:
        return
    unexpected = [err for err in failed if not isinstance(err, HomeAssistantError)]
    if unexpected or len(failed) == len(results):
        # a bug, or nothing got through at all (modem gone): say so as it is
        raise (unexpected or failed)[0]
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="read_settings_incomplete",
        translation_placeholders={
            "device": device.name,
            "failed": str(len(failed)),
            "total": str(len(results)),
        },
    ) from failed[0]
