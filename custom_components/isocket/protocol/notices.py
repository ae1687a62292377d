"""What a message from the device means for its owner: typed notices (issue 18).

:class:`.client.ISocketClient` reads each message once, applies it to the
state and decides which of these hold; it tells its listener one
:class:`Notice` each. The Home Assistant side only turns notices into repair
issues (raised or cleared) and never reads a message a second time.

Pairs raise and clear one problem:

- :class:`WrongPassword` / :class:`PasswordAccepted` (only `Invalid access
  password!` is evidence, :func:`.password.signals_wrong_password`);
- :class:`ConfigWindowClosed` / :class:`ConfigWindowOpen` (§4.1);
- :class:`FactoryReset` and :class:`MissedAlert` / :class:`AlertsArrive`
  (:mod:`.factory`, §14);
- :class:`UnknownShape` (a message no rule is sure of; the owner may teach it);
- :class:`ProbeImplausible` / :class:`ProbePlausible` (a reading not taken as
  true, :mod:`.probe`, manual §7; a credible reading clears it);
- :class:`ScheduleKnown` (the device's own scheduler rules were read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import re
from typing import Final

from .factory import factory_reset_signs, missed_alert
from .interpret import message_shape
from .password import signals_wrong_password
from .probe import ProbeHealth
from .results import (
    Alert,
    Category,
    ConfigWindowExpired,
    NumberList,
    Result,
    ScheduleList,
    ScheduleRule,
    SettingAck,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)
from .state import DeviceState

# The device echoes a refused PASSWORD= with the new password in it.
_NEW_PASSWORD: Final = re.compile(r"(PASSWORD\s*=\s*)(?!NO\b)\S+", re.IGNORECASE)
# The state fields a temperature reading sets (:mod:`.state_updates`).
_PROBE_FIELDS: Final = frozenset({"last_reading", "probe", "probe_warning"})
# The alert a missed_alert names, as the event type users know.
_MISSED_EVENTS: Final[dict[type[Alert], str]] = {
    TemperatureRise: "temperature_rise",
    TemperatureFall: "temperature_fall",
}


@dataclass(frozen=True, slots=True)
class Notice:
    """Base of what a message means for the owner."""


@dataclass(frozen=True, slots=True)
class WrongPassword(Notice):
    """`Invalid access password!`: the password we send is wrong or missing."""


@dataclass(frozen=True, slots=True)
class PasswordAccepted(Notice):
    """A proper reply: the device answers only when the password fits."""


@dataclass(frozen=True, slots=True)
class ConfigWindowClosed(Notice):
    """A configuration command was refused: `Time for configuration expired`.

    ``command`` is the refused command as the device echoed it, without the
    password it may start with and with a new password masked. ``secured``:
    a password or the security list is configured, which should have lifted
    the 30-minute limit (§4.1), so power-cycling is no advice.
    """

    command: str
    secured: bool


@dataclass(frozen=True, slots=True)
class ConfigWindowOpen(Notice):
    """The configuration window is open (an accepted Conf command, a power-on)."""


@dataclass(frozen=True, slots=True)
class FactoryReset(Notice):
    """A reply shows factory settings where the state knew otherwise (§14)."""


@dataclass(frozen=True, slots=True)
class MissedAlert(Notice):
    """A solicited reading crossed an alert threshold and no alert came.

    ``alert`` is the missing alert's event type (``temperature_rise``, ...).
    """

    alert: str


@dataclass(frozen=True, slots=True)
class AlertsArrive(Notice):
    """Alerts reach us again, or a number list holds numbers again."""


@dataclass(frozen=True, slots=True)
class UnknownShape(Notice):
    """A message no rule is sure of; ``shape`` is it with every number masked."""

    text: str
    shape: str


@dataclass(frozen=True, slots=True)
class ProbeImplausible(Notice):
    """A reading was not taken as true: the probe may be loose or broken (§7).

    ``warning`` is the :class:`.probe.ProbeWarning` (``fault_value``,
    ``out_of_range``), ``celsius`` the reading as the device reported it.
    """

    warning: str
    celsius: float


@dataclass(frozen=True, slots=True)
class ProbePlausible(Notice):
    """A reading taken as true arrived: no probe warning holds any more."""


@dataclass(frozen=True, slots=True)
class ScheduleKnown(Notice):
    """The device's own scheduler rules are known (empty: none)."""

    rules: tuple[ScheduleRule, ...]


def refused_command(echo: str, password: str | None) -> str:
    """The command the device echoes, without the password it may start with."""
    if password and echo.startswith(password):
        echo = echo[len(password) :]
    echo = _NEW_PASSWORD.sub(r"\1*****", echo)
    return echo.strip() or "?"


def notices_before(state: DeviceState, result: Result) -> list[Notice]:
    """What ``result`` means compared with ``state``, the state *before* it is applied."""
    notices: list[Notice] = []
    if factory_reset_signs(state, result):
        notices.append(FactoryReset())
    if (missed := missed_alert(state, result)) is not None:
        notices.append(MissedAlert(_MISSED_EVENTS[missed]))
    return notices


def _probe(state: DeviceState) -> Notice | None:
    """The probe notice of a state whose reading just changed, if any."""
    if state.probe_warning is not None and state.last_reading is not None:
        return ProbeImplausible(
            str(state.probe_warning), float(state.last_reading.celsius)
        )
    if state.probe is ProbeHealth.OK:
        return ProbePlausible()
    # a failure the device reports itself (no reading): the probe entity says it
    return None


def notices_after(
    state: DeviceState,
    result: Result,
    now: datetime,
    password: str | None,
    changed: frozenset[str] = frozenset(),
) -> list[Notice]:
    """What ``result`` means once applied to ``state`` (at ``now``).

    ``password`` is the one the session sends (a configured password counts
    as security, §4.1); ``changed`` names the state fields the result changed
    (:meth:`.state.DeviceState.apply`).
    """
    notices: list[Notice] = []
    if changed & _PROBE_FIELDS and (probe := _probe(state)) is not None:
        notices.append(probe)
    if signals_wrong_password(result):
        # Only `Invalid access password!`: `No such command exists` also
        # answers a command the firmware lacks (manual §6.3/§12).
        notices.append(WrongPassword())
    elif result.category is Category.REPLY:
        notices.append(PasswordAccepted())
    if isinstance(result, ConfigWindowExpired):
        secured = bool(state.security_configured) or password is not None
        notices.append(
            ConfigWindowClosed(refused_command(result.command, password), secured)
        )
    elif state.config_window_open(now):
        notices.append(ConfigWindowOpen())
    if isinstance(result, Unknown):
        notices.append(UnknownShape(result.raw, message_shape(result.raw)))
    if result.category is Category.ALERT or (
        isinstance(result, NumberList) and result.numbers
    ):
        notices.append(AlertsArrive())
    is_schedule_ack = isinstance(result, SettingAck) and result.name == "SCHEDULER"
    if isinstance(result, ScheduleList) or is_schedule_ack:
        notices.append(ScheduleKnown(tuple(state.schedule or ())))
    return notices
