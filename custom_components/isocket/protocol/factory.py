"""Signs of a factory reset (manual §14).

After a reset (hidden button held ~10 s) the number lists are empty and every
setting is back to its default, so alerts stop *silently*: nothing tells the
integration. :func:`factory_reset_signs` is a pure detector for replies that
show factory settings where the state knew otherwise. Call it with the state
*before* applying the result.

:func:`missed_alert` is the other sign: a reading we asked for (a periodic
STATUS, TEMPERATURE) crossed an alert threshold since the last reading, yet no
alert came, so alerts no longer reach us (lists emptied by a reset, or our
number removed).

What cannot be detected:

- a reset followed by silence with nothing to compare: with the alert list
  empty the device sends nothing, and a reply comes only when we ask; a STATUS
  showing the socket off and the alarm disarmed may as well be the user's doing;
- settings whose factory value equals what we knew (nothing changed for us);
- a password removed by the reset: commands with the old password prefix are
  then answered `... No such command exists` (§6.3), which a missing command
  on older firmware also causes, so it is no proof;
- a reset while the device was unreachable and later reconfigured by hand.
"""

from __future__ import annotations

from typing import Final

from .defaults import FACTORY_SETTINGS
from .results import (
    Alert,
    NumberList,
    Result,
    SettingInquiry,
    StatusReport,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
)
from .state import DeviceState

__all__ = ["FACTORY_SETTINGS", "factory_reset_signs", "missed_alert"]


# Settings a user rarely turns back to the default: a jump to it is a sign.
_TELLTALES: Final = frozenset({"SECLIST", "RING"})
_LISTS: Final = {"security": "security_numbers", "alert": "alert_numbers"}


def factory_reset_signs(state: DeviceState, result: Result) -> bool:
    """Whether ``result`` shows factory settings where ``state`` knew otherwise.

    Signs: a number list (security or alert) reported empty while we knew it
    held numbers; SECLIST or RING reported at the factory value while we knew
    another one. See the module docstring for what cannot be detected.
    """
    if isinstance(result, NumberList):
        known = getattr(state, _LISTS[result.kind])
        return bool(known) and not result.numbers
    if isinstance(result, SettingInquiry) and result.name in _TELLTALES:
        factory = FACTORY_SETTINGS[result.name]
        known_value = state.setting(result.name)
        return (
            result.current == factory
            and known_value is not None
            and known_value != factory
        )
    return False


def missed_alert(state: DeviceState, result: Result) -> type[Alert] | None:
    """The alert a solicited reading implies but that never came, if any.

    Call with the state *before* applying ``result``. The device sends a rise
    alert when the temperature rises above TRISEALERT and a fall alert when it
    falls below TFALLALERT (§7.3). An alert updates the last reading, so a
    reading that crossed a threshold since the last one we have means the
    alert did not reach us. Only a hint: the probe samples once a minute.
    """
    if not isinstance(result, StatusReport | TemperatureReading):
        return None
    now, before = result.temperature, state.last_reading
    if now is None or before is None:
        return None
    rise, fall = state.rise_alert, state.fall_alert
    if rise is not None and before.celsius <= rise.celsius < now.celsius:
        return TemperatureRise
    if fall is not None and now.celsius < fall.celsius <= before.celsius:
        return TemperatureFall
    return None
