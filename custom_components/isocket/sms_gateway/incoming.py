"""Incoming SMS that are no device's: the bus event, the event entity, the allow-list.

The hub hands every SMS that no device and no device flow takes, and every
one nobody can read, to its unrouted-SMS listeners; ``__init__`` connects
:meth:`IncomingSmsReporter.report_unrouted` there. It fires ``isocket_sms_received`` on the bus
and sends the hub's dispatcher signal the *Incoming SMS* event entity listens
to. With the hub option *Allowed senders* set, SMS from anyone else are
ignored: neither event fires, but each is logged at debug level (number
masked) and counted in the hub's *Ignored SMS* sensor, so none is lost
unseen. The message is deleted from the SIM either way.

A message the modem received but nobody can read (no sender known) is
always reported, with ``pdu`` and ``error``: an allow-list cannot judge it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from ..const import CONF_ALLOWED_SENDERS, DOMAIN, EVENT_SMS_RECEIVED, LOGGER
from ..gsm.concat import IncomingSms
from ..gsm.listeners import Listeners
from ..gsm.modem import UndecodableSms
from ..gsm.numbers import match_sender
from ..gsm.redact import redact

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

# Event types of the Incoming SMS event entity.
EVENT_RECEIVED: Final = "received"
EVENT_UNDECODABLE: Final = "undecodable"
INCOMING_EVENT_TYPES: Final = (EVENT_RECEIVED, EVENT_UNDECODABLE)


def sender_allowed(
    options: Mapping[str, Any],
    sender: str,
    region: str | None,
    sender_type: int | None = None,
) -> bool:
    """Whether an SMS from ``sender`` is reported (an empty allow-list: everyone).

    ``sender_type`` is the SMS's type of address: a sender name (alphanumeric,
    even one of digits only) matches only the same name on the list, never a
    number (`gsm.numbers.match_sender`).
    """
    allowed: Sequence[str] = options.get(CONF_ALLOWED_SENDERS) or ()
    return not allowed or (
        match_sender(sender, allowed, region, sender_type=sender_type) is not None
    )


def signal_sms_received(entry_id: str) -> str:
    """Dispatcher signal of a hub: an SMS to report (event type, event data)."""
    return f"{DOMAIN}_{entry_id}_sms_received"


class IncomingSmsReporter:
    """Reports one hub's gateway SMS; counts the ones the allow-list ignores."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Nothing ignored yet."""
        self.hass = hass
        self.entry = entry
        self.ignored = 0
        self._ignored_listeners = Listeners[[]]("ignored SMS")

    def add_ignored_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Hear each ignored SMS (the sensor's count changed)."""
        return self._ignored_listeners.add(listener)

    @callback
    def report_unrouted(self, message: IncomingSms | UndecodableSms) -> None:
        """What the hub routed to no device: a readable SMS, or an unreadable one."""
        if isinstance(message, UndecodableSms):
            self.report_undecodable(message)
        else:
            self.report(message)

    @callback
    def report(self, sms: IncomingSms) -> None:
        """An SMS from someone who is no device: report it, or count it ignored."""
        if not sender_allowed(
            self.entry.options, sms.sender, self.hass.config.country, sms.sender_type
        ):
            self.ignored += 1
            LOGGER.debug(
                "SMS from %s ignored: not on the allow-list (%d ignored)",
                redact(sms.sender),
                self.ignored,
            )
            self._ignored_listeners.notify()
            return
        self._fire(
            EVENT_RECEIVED,
            {
                "sender": sms.sender,
                "sender_alphanumeric": sms.sender_alphanumeric,
                "text": sms.text,
                "time": sms.timestamp,
            },
        )

    @callback
    def report_undecodable(self, sms: UndecodableSms) -> None:
        """A message nobody can read: from whom is unknown, so always report it.

        A *poison* message (read, but its handling kept failing) is reported
        the same way, with its sender and text and no PDU.
        """
        self._fire(
            EVENT_UNDECODABLE,
            {
                "time": sms.received,
                "pdu": sms.pdu or None,
                "error": sms.error,
                "sender": sms.sender,
                "text": sms.text,
            },
        )

    def _fire(self, event_type: str, fields: dict[str, Any]) -> None:
        """The bus event (every key, None when unknown) and the entity's signal."""
        data: dict[str, Any] = {
            "sender": None,
            "sender_alphanumeric": None,
            "text": None,
            "pdu": None,
            "error": None,
            **fields,
            "time": fields["time"].isoformat(),
        }
        self.hass.bus.async_fire(EVENT_SMS_RECEIVED, data)
        async_dispatcher_send(
            self.hass, signal_sms_received(self.entry.entry_id), event_type, data
        )
