"""The device's factory defaults (manual §14; spec §5).

A table, not logic: :mod:`.factory` compares replies against it to spot a
reset, and :meth:`.state.DeviceState.assume_factory_defaults` shows it for a
device the owner says is new or just reset (no SMS needed).

Checked against the German manual's §14 list, which wins over the spec: the
manual prints two names misspelt (``RESTARTIME=10`` and ``CRDITUMS=NO``);
they are the RESTARTTIME and CREDITUMS commands of its own tables, so the
canonical names are used here. The manual's §4.1 also says the first value
of an inquiry reply is the factory value, but its examples contradict §14
for RESTARTTIME (5) and TSENSFAILALERT (ON): §14 wins (spec §7.3, §7.4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

FACTORY_SETTINGS: Final[Mapping[str, str]] = {
    "RESTARTTIME": "10",  # the manual prints "RESTARTIME=10"
    "RING": "NOACTION",
    "SECLIST": "OFF",
    "PASSWORD": "NO",
    "SMSCONFIRM": "ON",
    "RINGCONFIRM": "SMS",
    "ERROR": "ON",
    "SMSCONFIRMUNAUTH": "OFF",
    "RELAYTIME": "0",
    "SENSORTYPE": "NO",
    "ALERT": "SMS",
    "CREDITUMS": "NO",  # the manual prints "CRDITUMS=NO"
    "THERMOSTAT": "HEATING",
    "SWITCHOFFTEMP": "10C(50F)",
    "SWITCHOFFALERT": "OFF",
    "TRISEALERT": "OFF",
    "TFALLALERT": "OFF",
    "TSENSFAILALERT": "OFF",
    "POWERALERT": "ON",
    "POWERSTATE": "REMEMBER",
}
"""Every setting's factory value (manual §14; spec §5)."""

FACTORY_FIELDS: Final[Mapping[str, object]] = {
    "thermostat_enabled": False,  # "Die Thermostatfunktion ist deaktiviert"
}
"""The factory state of the functions a setting entity or the thermostat shows.

Not assumed: the socket ("ausgeschaltet") and the alarm ("deaktiviert"),
since the hidden button switches the socket and the link check's STATUS
reply tells both; the number lists and the schedule (empty), which no
setting entity shows.
"""
