"""An emulated iSocket Environment Pro on the simulated GSM network (spec §1–§5).

The device reads each SMS as the manual describes (§2): longer than 30
characters → dropped; sender not on an active security list → silence, or
``Access deny!`` with SMSCONFIRMUNAUTH=ON; password prefix (case-sensitive)
missing or wrong → ``Invalid access password!`` (our choice under §7.1);
unknown → ``<command> - No such command exists on the device!``; a Conf
command outside the 30-minute window → ``<command> - Time for configuration
expired (Conf)!``. Error replies need ERROR=ON and are not subject to
SMSCONFIRM; confirmations are, except for the always-answered commands.

Modelling choices where the manual is silent or vague:

- ``Access deny!`` is an error reply too: it needs ERROR=ON as well.
- SMSCONFIRM=ON/OFF is itself confirmed (the manual quotes both replies).
- Without mains the device is off the network: SMS wait in the network
  (store and forward) and are handled after power returns; calls do not get
  through. The clock survives outages up to 6 h, then follows the network.
  The alarm stays armed across an outage; timed switching does not survive.
- Lists: ALERTME/MAKEMEBOSS append the sender; an 11th number or a 9th rule is
  ``Execute error!``; removing an absent number is confirmed.
- RUNTIME with the socket off answers ``Power socket OFF``.
- Empty lists: ``SECNUMBERs:``, ``ALERTNUMBERs:``, ``No scheduler rules``,
  ``ALARM log is empty``.
- Details of probe, alarm and call handling: see their modules.
Modules: ``isocket_commands`` (the table), ``isocket_control``,
``isocket_security``, ``isocket_thermostat``, ``isocket_alarm``,
``isocket_scheduler``, ``isocket_calls``, ``isocket_relay``, ``isocket_time``,
``isocket_wording`` (the texts: the manual's, or varied ones).
"""

from __future__ import annotations

from datetime import datetime

from .clock import SimClock
from .isocket_alarm import Alarm
from .isocket_calls import RingControl
from .isocket_commands import HANDLED_COMMANDS, Kind, Request, match_command
from .isocket_control import status_text
from .isocket_errors import ExecuteError, IncorrectValueError, NotAppliedError
from .isocket_relay import Relay
from .isocket_scheduler import Scheduler
from .isocket_security import listed
from .isocket_settings import ScheduleRule, Settings
from .isocket_thermostat import Thermostat
from .isocket_time import DeviceClock
from .isocket_wording import Mode, Wording
from .network import Call, GsmNetwork, NetworkSms

__all__ = ["HANDLED_COMMANDS", "ISocket"]

MAX_SMS_LENGTH = 30
CONFIG_WINDOW = 30 * 60.0
CLOCK_HOLD = 6 * 3600.0  # the clock survives "a few hours" without mains (§8)

_OUTCOMES: dict[type[Exception], str] = {
    IncorrectValueError: "incorrect_value",
    ExecuteError: "execute_error",
}


class ISocket:
    """The device: a :class:`~simulator.network.Subscriber` with stimuli for tests.

    Stimuli: :meth:`set_temperature`, :meth:`unplug_probe`, :meth:`plug_probe`,
    :meth:`sensor_active`, :meth:`sensor_normal`, :meth:`mains_lost`,
    :meth:`mains_restored`, :meth:`press_button`, :meth:`hold_button`.
    ``sensor_wiring`` is the physical sensor's type (N/O or N/C), which
    SENSORTYPE must match. ``security_lifts_config_window``: the German
    manual (§4.1) says configuring security (SECLIST=ON or a password) lifts
    the 30-minute limit; the spec's §2 says it does not. The manual wins, so
    this is on by default; off models the spec's reading. ``wording``:
    ``exact`` (the manual's texts) or ``varied`` (other wordings, chosen with
    ``seed``; see :mod:`simulator.isocket_wording`).
    """

    # declared here so that the subsystems' modules can type-check against them
    relay: Relay
    thermostat: Thermostat
    alarm: Alarm
    scheduler: Scheduler
    settings: Settings

    def __init__(
        self,
        network: GsmNetwork,
        clock: SimClock,
        number: str,
        *,
        serial_number: str = "12345678987654321",
        firmware: str = "v1.0.0",
        signal_dbm: int = -67,
        temperature: float = 21.0,
        sensor_wiring: str = "NO",
        security_lifts_config_window: bool = True,
        wording: Mode = "exact",
        seed: int | None = 0,
    ) -> None:
        """Plug the device in: factory state, powered, attached to ``network``."""
        self.network = network
        self.clock = clock
        self.number = number
        self.serial_number = serial_number
        self.firmware = firmware
        self.signal_dbm = signal_dbm
        self.security_lifts_config_window = security_lifts_config_window
        self.wording = Wording(wording, seed)
        self.settings = Settings()
        self.device_clock = DeviceClock(clock)
        self.relay = Relay(clock, self.device_clock.now)
        self.thermostat = Thermostat(self, temperature)
        self.alarm = Alarm(self, sensor_wiring)
        self.scheduler = Scheduler(self)
        self.ring_control = RingControl(self)
        self.powered = False
        self._window_closes = 0.0
        self._socket_at_failure = False
        self._power_lost_at = 0.0
        self._power_on()

    # -- inspectable state ------------------------------------------------------

    @property
    def socket_on(self) -> bool:
        """Whether the main socket delivers power (never without mains)."""
        return self.powered and self.relay.on

    @property
    def alarm_armed(self) -> bool:
        """Whether the alarm function is on."""
        return self.settings.alarm_armed

    @property
    def alarm_log(self) -> list[datetime]:
        """The last 10 alarm events, oldest first (device time)."""
        return list(self.alarm.log)

    @property
    def security_numbers(self) -> list[str]:
        """The security list as stored (digits, country code, no ``+``)."""
        return list(self.settings.security_numbers)

    @property
    def alert_numbers(self) -> list[str]:
        """The alert numbers as stored, in calling order."""
        return list(self.settings.alert_numbers)

    @property
    def schedule(self) -> list[ScheduleRule]:
        """The scheduler rules."""
        return list(self.settings.schedule)

    @property
    def config_window_open(self) -> bool:
        """Whether Conf commands are accepted now."""
        return self.powered and (
            self.clock.now() < self._window_closes or self._window_lifted()
        )

    @property
    def device_time(self) -> datetime:
        """The device clock (local time with its zone)."""
        return self.device_clock.now()

    @property
    def temperature_reading(self) -> float:
        """What the probe reads now (a failure signature when unplugged)."""
        return self.thermostat.reading

    # -- stimuli ----------------------------------------------------------------

    def set_temperature(self, celsius: float) -> None:
        """The probe's surroundings are now at ``celsius``."""
        self.thermostat.temperature = celsius

    def unplug_probe(self, reading: int = 127) -> None:
        """The probe fails; the device reads ``reading`` (127, 85 or 0 °C)."""
        self.thermostat.probe_plugged = False
        self.thermostat.failure_reading = reading

    def plug_probe(self) -> None:
        """The probe works again."""
        self.thermostat.probe_plugged = True

    def sensor_active(self) -> None:
        """The alarm sensor detects (motion, open door, water …)."""
        self.alarm.set_detecting(True)

    def sensor_normal(self) -> None:
        """The alarm sensor is quiet again."""
        self.alarm.set_detecting(False)

    def mains_lost(self) -> None:
        """Mains fails: POWERALERT on the battery, then the device shuts down."""
        if not self.powered:
            return
        if self.settings.power_alert == "ON":
            self.alert(self.say("power_failure"))
        self._socket_at_failure = self.relay.on
        self._power_lost_at = self.clock.now()
        self._shut_down()

    def mains_restored(self) -> None:
        """Mains returns: boot, POWERSTATE decides the socket, POWERALERT reports."""
        if self.powered:
            return
        if self.clock.now() - self._power_lost_at > CLOCK_HOLD:
            self.device_clock.sync_to_network()
        on = {"ON": True, "OFF": False}.get(
            self.settings.power_state, self._socket_at_failure
        )
        self.relay.set(on)
        self._power_on()
        if self.settings.power_alert == "ON":
            self.alert(self.say("power_restored", socket=_on_off(on)))

    def press_button(self) -> None:
        """Short press: disarm an armed alarm, else toggle the socket."""
        if not self.powered:
            return
        if self.alarm_armed:
            self.alarm.disarm()
        else:
            self.relay.set(not self.relay.on)

    def hold_button(self) -> None:
        """Hold ~10 s: factory defaults (§14); the device restarts."""
        if not self.powered:
            return
        self.settings = Settings()
        self.relay.set(False)
        self.alarm.reset()
        self.thermostat.reset()
        self.ring_control.stop()
        self._power_on()

    # -- Subscriber ---------------------------------------------------------------

    def receive_sms(self, sms: NetworkSms) -> None:
        """Handle one SMS command (§2)."""
        if not self.powered or len(sms.text) > MAX_SMS_LENGTH:
            return  # too long: dropped without a word
        sender = sms.sender
        if not self.is_authorised(sender):
            if self.settings.smsconfirm_unauth == "ON":
                self._error(sender, self.say("access_deny"))
            return
        body = self._strip_password(sms.text)
        if body is None:
            self._error(sender, self.say("invalid_password"))
            return
        found = match_command(body)
        if found is None:
            self._error(sender, self.say("unknown_command", command=body))
            return
        row, match = found
        if row.kind is Kind.CONF and not self.config_window_open:
            self._error(sender, self.say("config_window", command=body))
            return
        confirming = self.settings.smsconfirm
        try:
            reply = row.handler(self, match, Request(sender, sms.timestamp, body))
        except NotAppliedError as refused:
            reply = refused.text
        except (IncorrectValueError, ExecuteError) as failure:
            self._error(sender, self.say(_OUTCOMES[type(failure)]))
            return
        else:
            if row.kind is Kind.CONF:
                self._window_closes = self.clock.now() + CONFIG_WINDOW
        # SMSCONFIRM=ON/OFF is itself confirmed: the manual lists both replies
        confirm = "ON" in (confirming, self.settings.smsconfirm)
        if reply is not None and (confirm or row.always_replies):
            self.send_sms(sender, self.wording.ack(reply))

    def incoming_call(self, call: Call) -> None:
        """A call rings (RING actions, §3.2)."""
        self.ring_control.incoming(call)

    # -- services for the subsystems --------------------------------------------

    def is_authorised(self, number: str | None) -> bool:
        """Whether ``number`` may command the device (hidden numbers never can)."""
        return self.settings.seclist != "ON" or listed(
            self.settings.security_numbers, number
        )

    def say(self, kind: str, **fields: object) -> str:
        """The text of a message ``kind`` in this device's wording, time stamped now."""
        fields.setdefault("time", self.wording.stamp(self.device_clock.now()))
        fields.setdefault("socket", _on_off(self.relay.on))
        return self.wording.text(kind, **fields)

    def send_sms(self, to: str, text: str) -> None:
        """Send an SMS from the device."""
        self.network.send_sms(self.number, to, text)

    def alert(self, text: str) -> None:
        """Send ``text`` to every alert number, in list order."""
        for number in self.settings.alert_numbers:
            self.send_sms(f"+{number}", text)

    def status_text(self) -> str:
        """The STATUS reply as of now."""
        return status_text(self)

    def set_clock(self, moment: datetime) -> None:
        """Set the device clock (DATE=, DATESMS); the scheduler re-aims."""
        self.device_clock.set(moment)
        if self.powered:
            self.scheduler.start()

    def close(self) -> None:
        """Stop every timer and leave the network (test teardown)."""
        self._stop_timers()
        self.network.detach(self)

    # -- internals ------------------------------------------------------------------

    def _window_lifted(self) -> bool:
        settings = self.settings
        return self.security_lifts_config_window and (
            settings.seclist == "ON" or settings.password is not None
        )

    def _strip_password(self, text: str) -> str | None:
        password = self.settings.password
        if password is None:
            return text
        return text[len(password) :] if text.startswith(password) else None

    def _error(self, to: str, text: str) -> None:
        if self.settings.error == "ON":
            self.send_sms(to, text)

    def _power_on(self) -> None:
        self.powered = True
        self._window_closes = self.clock.now() + CONFIG_WINDOW
        self.thermostat.start()
        self.scheduler.start()
        self.alarm.start()
        self.network.attach(self)

    def _shut_down(self) -> None:
        self.powered = False
        self._stop_timers()
        self.relay.set(False)
        self.network.detach(self)

    def _stop_timers(self) -> None:
        self.relay.cancel_timer()
        self.thermostat.stop()
        self.scheduler.stop()
        self.alarm.stop()
        self.ring_control.stop()


def _on_off(on: bool) -> str:
    return "ON" if on else "OFF"
