"""Constants of the iSocket integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "isocket"
LOGGER: Final = logging.getLogger(__package__)

# Hub (config entry) data: one GSM modem.
CONF_PORT: Final = "port"
CONF_BAUDRATE: Final = "baudrate"
CONF_PIN: Final = "pin"
DEFAULT_BAUDRATE: Final = 115200
BAUDRATES: Final = (9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)

# Hub options.
CONF_STATUS_INTERVAL: Final = "status_interval"
CONF_UNANSWERED_LIMIT: Final = "unanswered_limit"
DEFAULT_UNANSWERED_LIMIT: Final = 3
# How long a device command waits for an absent modem (minutes; 0 = not at all).
CONF_COMMAND_EXPIRY: Final = "command_expiry"
DEFAULT_COMMAND_EXPIRY: Final = 10
# How long a gateway SMS (send_sms, notify) waits for an absent modem (minutes).
CONF_SMS_EXPIRY: Final = "sms_expiry"
DEFAULT_SMS_EXPIRY: Final = 60
MAX_EXPIRY_MINUTES: Final = 24 * 60
# 0 = off. The device charges one SMS per reply, so at least an hour apart.
MIN_STATUS_INTERVAL_HOURS: Final = 1
MAX_STATUS_INTERVAL_HOURS: Final = 168

# Device (config subentry) data: one iSocket.
SUBENTRY_TYPE_DEVICE: Final = "device"
CONF_PHONE: Final = "phone"
CONF_PASSWORD: Final = "password"  # noqa: S105 - a field name
CONF_ALARM_INPUT: Final = "alarm_input"
# The owner says the device is new or just reset: show the factory defaults.
CONF_FACTORY_SETTINGS: Final = "factory_settings"
PASSWORD_LENGTH: Final = 5

# What is wired to the alarm input; the value is the binary sensor device class
# (None = a generic input without a class).
ALARM_INPUT_KINDS: Final[dict[str, str | None]] = {
    "motion": "motion",
    "door": "door",
    "window": "window",
    "moisture": "moisture",
    "smoke": "smoke",
    "gas": "gas",
    "generic": None,
}
DEFAULT_ALARM_INPUT: Final = "generic"

# Bus event for SMS from numbers that are no configured device.
EVENT_SMS_RECEIVED: Final = "isocket_sms_received"
# An SMS that waited for the modem and was not sent (data: device, number,
# text, queued, expiry_minutes, reason expired|unloaded; docs/actions.md).
EVENT_SMS_NOT_SENT: Final = "isocket_sms_not_sent"

# How long a command waits for the device's reply (spec: a reply can take
# minutes on a busy network; the protocol correlator uses 180 s as well).
REPLY_TIMEOUT: Final = 180.0
# The subentry flow's "verify now" waits this long for the STATUS reply.
VERIFY_TIMEOUT: Final = 180.0
# Modem health is read locally over AT commands: free, so poll it.
HEALTH_INTERVAL: Final = timedelta(minutes=5)
# Restart by call: let it ring long enough for the device to see the caller id.
RING_SECONDS: Final = 10.0
# The modem watchdog: how often it looks (seconds); the policy's defaults
# (a minute's grace for a lost network, three health reads without signal,
# three refused SMS; a repair issue after three failed recovery steps).
WATCH_INTERVAL: Final = 10.0

# Alert event types of the event entity.
EVENT_TYPES: Final = (
    "power_failure",
    "power_restored",
    "temperature_rise",
    "temperature_fall",
    "switch_off",
    "probe_failure",
    "alarm",
    "sensor_active",
    "sensor_normal",
    "alarm_call",
    "unexpected_call",
    "unknown_message",
    "information",
    "unsolicited_reply",
)
# A call from the device's number that is no alarm Home Assistant can be sure
# of (protocol/calls.py CallMeaning): reported with a ``reason``.
UNEXPECTED_CALL_EVENT: Final = "unexpected_call"

# The SMS gateway (sms_gateway/).
# Its hub options.
CONF_MAX_SMS_PER_DAY: Final = "max_sms_per_day"
DEFAULT_MAX_SMS_PER_DAY: Final = 50
CONF_ALLOWED_SENDERS: Final = "allowed_senders"
CONF_BALANCE_CODE: Final = "balance_code"
DEFAULT_BALANCE_CODE: Final = "*100#"
CONF_BALANCE_INTERVAL: Final = "balance_interval"
DEFAULT_BALANCE_INTERVAL_HOURS: Final = 24
MAX_BALANCE_INTERVAL_HOURS: Final = 168

# Recipients (config subentries): a name and a number.
SUBENTRY_TYPE_RECIPIENT: Final = "recipient"
# A recipient's option (and send_sms's field): class 0, shown at once, not stored.
CONF_FLASH: Final = "flash"

# At most this many SMS per message: 1530 GSM 7-bit or 670 UCS-2 characters.
# A longer text is refused as a whole, never cut.
SMS_MAX_PARTS: Final = 10
# How long send_sms waits for delivery reports by default (seconds).
DEFAULT_DELIVERY_WAIT: Final = 30.0
MAX_DELIVERY_WAIT: Final = 300.0
# The network's USSD answer (seconds).
DEFAULT_USSD_TIMEOUT: Final = 20.0

# The modem's voice side (sms_gateway/calls.py). Its hub options.
CONF_MAX_CALLS_PER_DAY: Final = "max_calls_per_day"
DEFAULT_MAX_CALLS_PER_DAY: Final = 20
CONF_ALLOWED_CALLERS: Final = "allowed_callers"
CONF_OTHER_CALLS: Final = "other_calls"
OTHER_CALLS_REJECT: Final = "reject"
OTHER_CALLS_RING: Final = "ring"
OTHER_CALLS_CHOICES: Final = (OTHER_CALLS_REJECT, OTHER_CALLS_RING)
