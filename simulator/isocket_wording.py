"""What the emulated iSocket says, word for word: the manual's texts, or varied ones.

``exact`` (the default) gives the German manual's texts and, where the manual
quotes none (alerts), the spec's models, byte for byte. ``varied`` picks one
of at least three other wordings per message kind with a seeded
:class:`random.Random`, and varies line breaks, case, spacing, dashes,
temperatures (decimals) and time stamps, so that the integration's parser is
tested against texts it was not written from. Nothing here comes from
``custom_components/isocket/protocol/``: the tables are the emulator's own
(``tests/simulator/test_isocket_wording.py`` checks the imports).

Sources, quoted next to each group:

- [EP-DE] iSocket Environment Pro manual, German edition (``../shared/seed/``).
- [SPEC] ``../shared/spec/isocket-environment-pro.md`` §3 and §4 (models).
- [GSM706] iSocket GSM 706/707 User Guide, Version 1.1.2-EN, Intellectronics
  2012, https://manualshive.com/en/manual/isocket/gsm-706/2093382 pages 10
  (§4.1), 11 (command table), 15 (§6.3), 22 (scheduler).
- [ISSUE9] texts a new user tried in issue 9 (plausible device wording).
- [POWERTXT] Powertxt GSM socket manual (another vendor): "Mains Power
  Lost" / "Mains Power Restored", https://www.easymanua.ls/tekview/powertxt/manual?p=8
- [INVENTED] no public source found; worded in the device's style.

No English iSocket manual found quotes the alert texts (power, temperature,
probe, alarm, SMSCHANGE): every alert variant below is [ISSUE9], [POWERTXT]
or [INVENTED].
"""

from __future__ import annotations

from datetime import datetime
import random
from typing import Literal

type Mode = Literal["exact", "varied"]
MODES: tuple[Mode, ...] = ("exact", "varied")

# -- message kinds: the exact text first, then the varied alternatives ---------
# Fields: {time} device time stamp, {temp} a reading like 25C(77F), {socket}
# ON/OFF, {seconds}, {command} the command as sent, {body} NAME=VALUE,
# {signal} like Good (-67dBm), {armed} Enabled/Disabled, {activity} No act/Act.

EXACT: dict[str, str] = {
    # alerts: [SPEC] §4 models (the manual quotes none)
    "power_failure": "Power failure! Time: {time}",
    "power_restored": "Power supply restored! Power socket {socket}. Time: {time}",
    "temperature_rise": "TEMPERATURE rise alert! TEMP: {temp}",
    "temperature_fall": "TEMPERATURE fall alert! TEMP: {temp}",
    "switch_off_reached": "Switch-off temperature reached! TEMP: {temp}",
    "probe_failure": "Temperature sensor failure!",
    "alarm": "ALARM! Sensor(s) activated! Time: {time}",
    "sensor_active": "ALARM! Input changed: sensor active",
    "sensor_normal": "ALARM! Input changed: sensor normal",
    # replies: [EP-DE] §4.1, §6.3, §7.1
    "socket": "Power socket {socket}",
    "switch_for": "Power {socket} for {seconds} seconds",
    "restarted": "Power socket restarted",
    "temperature": "TEMPERATURE: {temp}",
    "runtime": "Power socket is ON from: {time}",
    "status": (
        "Power socket {socket}\nSignal: {signal}\nTEMP: {temp}\nALARMF: {armed}\n"
        "ALARM status: {activity}\nTime: {time}"
    ),
    "ack": "{body} - OK",
    "unknown_command": "{command} - No such command exists on the device!",
    "config_window": "{command} - Time for configuration expired (Conf)!",
    "invalid_password": "Invalid access password!",
    "incorrect_value": "Incorrect value!",
    "execute_error": "Execute error!",
    "access_deny": "Access deny!",
    "seclist_inactive": "SECLIST is not active!",
}

VARIANTS: dict[str, tuple[str, ...]] = {
    # -- power (§11) ----------------------------------------------------------
    "power_failure": (
        "Power is off!\nTime: {time}",  # [ISSUE9]
        "Mains power lost!\nTime: {time}",  # [POWERTXT] "Mains Power Lost"
        "POWER FAILURE!\nTime: {time}",  # [INVENTED] case, line break
        "Power outage detected! Time: {time}",  # [INVENTED]
    ),
    "power_restored": (
        "Power restored!\nPower socket {socket}\nTime: {time}",  # [INVENTED]
        "Mains power restored!\nTime: {time}",  # [POWERTXT]; no socket state
        "Power is back! Time: {time}",  # [INVENTED]; no socket state
        "POWER SUPPLY RESTORED!\nPower socket {socket}",  # [INVENTED]
    ),
    # -- temperature notifier (§7.3) ----------------------------------------------
    "temperature_rise": (
        "Temperature is too high!\nTEMP: {temp}\nTime: {time}",  # [ISSUE9]
        "Temperature rise!\nTEMPERATURE: {temp}",  # [INVENTED]
        "TEMPERATURE ABOVE LIMIT! TEMP: {temp}",  # [INVENTED]
        "Temperature exceeded the limit - TEMP: {temp}",  # [INVENTED] dash
    ),
    "temperature_fall": (
        "Temperature is too low!\nTEMP: {temp}\nTime: {time}",  # [INVENTED]
        "Temperature fall!\nTEMPERATURE: {temp}",  # [INVENTED]
        "TEMPERATURE BELOW LIMIT! TEMP: {temp}",  # [INVENTED]
        "Temperature fell below the limit - TEMP: {temp}",  # [INVENTED]
    ),
    # the manual (§7.3): it tells that the socket was switched off, and at what
    # temperature; the wording is [INVENTED]
    "switch_off_reached": (
        "Switch-off temperature reached!\nPower socket OFF\nTEMP: {temp}",
        "Thermostat: switch-off temperature reached, TEMP: {temp}",
        "SWITCH-OFF TEMPERATURE REACHED! TEMP: {temp}",
    ),
    "probe_failure": (
        "Temperature sensor error!",  # [ISSUE9]
        "TEMPERATURE SENSOR FAILURE!\nTime: {time}",  # [INVENTED]
        "Temperature probe disconnected!",  # [INVENTED]
        "Temp sensor fault!",  # [INVENTED]
    ),
    # -- alarm notifier (§9.2) and relay links (§9.3) --------------------------
    # variants naming the socket report what a relay link (RELAYTIME) did
    "alarm": (
        "Sensor activated!\nTime: {time}",  # [ISSUE9]
        "ALARM!\nSensor(s) triggered!\nPower socket {socket}\nTime: {time}",  # [INVENTED]
        "ALARM DETECTED!\nTime: {time}",  # [INVENTED]
        "Alarm! Sensor activity detected! Time: {time}",  # [INVENTED]
    ),
    "sensor_active": (
        "Input changed: sensor active!\nTime: {time}",  # [INVENTED]
        "ALARM! Sensor state changed: ACTIVE\nPower socket {socket}",  # [INVENTED]
        "Sensor is active!\nTime: {time}",  # [INVENTED]
    ),
    "sensor_normal": (
        "Input changed: sensor normal!\nTime: {time}",  # [INVENTED]
        "ALARM! Sensor state changed: NORMAL\nPower socket {socket}",  # [INVENTED]
        "Sensor is back to normal!\nTime: {time}",  # [INVENTED]
    ),
    # -- socket replies (§4.1) ----------------------------------------------------
    "socket": (
        "Power socket is {socket}",  # [INVENTED]
        "POWER SOCKET {socket}",  # [INVENTED] case
        "Power socket {socket}!",  # [INVENTED]
    ),
    "switch_for": (
        "Power {socket} for {seconds} sec",  # [GSM706] p.11 "Power ON for 123 min"
        "Power socket {socket} for {seconds} seconds",  # [INVENTED]
        "POWER {socket} FOR {seconds} SECONDS",  # [INVENTED] case
    ),
    "restarted": (
        "Power socket restarted!",  # [INVENTED]
        "POWER SOCKET RESTARTED",  # [INVENTED] case
        "Power socket is restarted",  # [INVENTED]
    ),
    "temperature": (
        "Temperature: {temp}",  # [INVENTED] case
        "TEMPERATURE:{temp}",  # [INVENTED] spacing
        "TEMP: {temp}",  # [INVENTED] the STATUS line's label
    ),
    "runtime": (
        "Power socket is ON from:\n{time}",  # [EP-DE] §4.1 prints it over two lines
        "Power socket is ON from {time}",  # [INVENTED]
        "POWER SOCKET IS ON FROM: {time}",  # [INVENTED] case
    ),
    "status": (
        # [INVENTED] the lines after the first in another order
        (
            "Power socket {socket}\nTEMP: {temp}\nSignal: {signal}\nALARMF: {armed}\n"
            "ALARM status: {activity}\nTime: {time}"
        ),
        # [INVENTED] upper case
        (
            "POWER SOCKET {socket}\nSIGNAL: {signal}\nTEMP: {temp}\nALARMF: {armed}\n"
            "ALARM STATUS: {activity}\nTIME: {time}"
        ),
        # [EP-DE] §9.4's ALARM? line as an extra, unknown line
        (
            "Power socket {socket}\nSignal: {signal}\nTEMP: {temp}\nALARMF: {armed}\n"
            "ALARM status: {activity}\nSensor(s): Connected\nTime: {time}"
        ),
    ),
    # -- confirmations: the dash before OK (§2) -----------------------------------
    "ack": (
        "{body} – OK",  # [EP-DE] and [GSM706] tables print an en dash
        "{body}-OK",  # [INVENTED] no spaces
        "{body} -OK",  # [INVENTED]
        "{body} - ok",  # [INVENTED] case
    ),
    # -- errors (§6.3) ---------------------------------------------------------------
    "unknown_command": (
        "{command} - Error!",  # [GSM706] p.15, older firmware
        "{command} – No such command exists on the device!",  # [EP-DE] §6.3 dash
        "{command} - No such command exists on\nthe device!",  # [EP-DE] §4.1 layout
        "{command} - No such command exists on the device",  # [INVENTED] no "!"
    ),
    "config_window": (
        "{command} - Time for configuration is expired (Conf)!",  # [EP-DE] §6.3
        "{command} - Time for configuration is expired (30min)!",  # [GSM706] p.15
        "{command} – Time for configuration is expired (30min)",  # [GSM706] p.10
        "Time for configuration is expired (Conf)!",  # [EP-DE] §6.3, no command
    ),
    "invalid_password": (
        "Invalid  access  password!",  # [GSM706] p.15 spacing as typeset
        "Invalid access password",  # [INVENTED] no "!"
        "INVALID ACCESS PASSWORD!",  # [INVENTED] case
    ),
    "incorrect_value": (
        "Incorrect  value!",  # [GSM706] p.15 spacing as typeset
        "Incorrect value",  # [INVENTED]
        "INCORRECT VALUE!",  # [INVENTED]
    ),
    "execute_error": (
        "Execute error",  # [INVENTED]
        "EXECUTE ERROR!",  # [INVENTED]
        "Execution error!",  # [INVENTED]
    ),
    "access_deny": (
        "Access denied!",  # [INVENTED]
        "ACCESS DENY!",  # [INVENTED]
        "Access deny",  # [INVENTED]
    ),
    "seclist_inactive": (
        "SECLIST is not active",  # [INVENTED]
        "Seclist is not active!",  # [INVENTED]
        "SECLIST is NOT active!",  # [INVENTED]
    ),
}

# -- fields -----------------------------------------------------------------------

#: A temperature reading: ``25C(77F)`` [EP-DE]; decimals (the probe is ±0.5 °C,
#: [ISSUE9] ``25.5C(77.9F)``) and spaces [INVENTED].
TEMPERATURE_STYLES: tuple[str, ...] = (
    "{c:.0f}C({f:.0f}F)",
    "{c:.1f}C({f:.1f}F)",
    "{c:.0f}C ({f:.0f}F)",
    "{c:.1f} C ({f:.1f} F)",
)
#: Time stamps of STATUS, RUNTIME and alerts: [EP-DE] ``y/m/d,h:m:s``; the DATE
#: reply's ``yy/mm/dd, hh:mm:ss`` [EP-DE §8]; four-digit years [INVENTED].
TIME_STYLES: tuple[str, ...] = (
    "%y/%m/%d,%H:%M:%S",
    "%y/%m/%d, %H:%M:%S",
    "%Y/%m/%d,%H:%M:%S",
)
#: Alarm log lines: [SPEC] ``yy/mm/dd,hh:mm:ss``; the manual's colon form
#: ``yy/mm/dd:hh:ss`` read as ``yy/mm/dd:hh:mm:ss`` (spec §7.6).
LOG_STYLES: tuple[str, ...] = ("%y/%m/%d,%H:%M:%S", "%y/%m/%d:%H:%M:%S")
#: Inf replies ``NAME=A,(B),C`` as (before ``=``, after ``=``, between values):
#: [EP-DE] spaces them several ways (``ERROR =(ON),OFF``,
#: ``ALERT=(SMS),CALL, SMSCHANGE, OFF``, ``RING=(NOACTION), RESTART,SWITCH``).
INQUIRY_STYLES: tuple[tuple[str, str, str], ...] = (
    ("", "", ","),
    (" ", "", ","),
    ("", "", ", "),
    (" ", " ", ", "),
)
#: Line ends: the emulator's ``\n``; ``\r\n`` as many GSM devices send [INVENTED].
LINE_ENDS: tuple[str, ...] = ("\n", "\r\n")


class Wording:
    """Turns a message kind and its fields into the device's text."""

    def __init__(self, mode: Mode = "exact", seed: int | None = 0) -> None:
        """``exact`` or ``varied``; ``seed`` makes ``varied`` repeatable."""
        if mode not in MODES:
            raise ValueError(f"wording must be one of {MODES}, not {mode!r}")
        self.mode: Mode = mode
        self._rng = random.Random(seed)

    @property
    def varied(self) -> bool:
        """Whether texts are varied."""
        return self.mode == "varied"

    def text(self, kind: str, **fields: object) -> str:
        """The text of ``kind`` with its fields filled in."""
        if not self.varied:
            return EXACT[kind].format(**fields)
        text = self._rng.choice(VARIANTS[kind]).format(**fields)
        return text.replace("\n", self._rng.choice(LINE_ENDS))

    def ack(self, reply: str) -> str:
        """A reply whose first line is ``NAME=VALUE - OK``, with this wording's dash."""
        first, newline, rest = reply.partition("\n")
        if not self.varied or not first.endswith(" - OK"):
            return reply
        return self.text("ack", body=first.removesuffix(" - OK")) + newline + rest

    def inquiry(self, exact: str, name: str, values: list[str]) -> str:
        """An Inf reply: ``exact`` as the manual spaces it, or ``values`` spaced anew."""
        if not self.varied:
            return exact
        before, after, between = self._rng.choice(INQUIRY_STYLES)
        return f"{name}{before}={after}{between.join(values)}"

    def temperature(self, celsius: float) -> str:
        """A probe reading: ``25C(77F)``, or in a varied style ``25.5C(77.9F)``."""
        fahrenheit = celsius * 9 / 5 + 32
        if not self.varied:
            # whole degrees, rounded like the device does in its examples
            return f"{round(celsius)}C({round(fahrenheit)}F)"
        style = self._rng.choice(TEMPERATURE_STYLES)
        return style.format(c=celsius, f=fahrenheit)

    def stamp(self, moment: datetime) -> str:
        """STATUS/RUNTIME/alert time: ``yy/mm/dd,hh:mm:ss`` or a varied form."""
        return moment.strftime(self._style(TIME_STYLES))

    def log_stamp(self, moment: datetime) -> str:
        """One alarm log line's time stamp."""
        return moment.strftime(self._style(LOG_STYLES))

    def _style(self, styles: tuple[str, ...]) -> str:
        return self._rng.choice(styles) if self.varied else styles[0]
