"""The outbox: every SMS of the hub, one after the other; they outlive an outage.

Each message (a device command, a gateway SMS) takes its turn here, in the
order it was given; the Queued SMS sensor counts those not yet sent. While
the modem is disconnected (unplugged, ser2net gone, restarting) or without
network, nothing goes: the modem's `ready_to_send` turning True
(`Modem.add_ready_listener`: a reconnect, or a registration regained) lets
the first message go, and each one that ends lets the next go. Each message
has an expiry (hub options: device commands 10 minutes, gateway SMS an hour;
0 = do not wait, the modem's error at once); when it passes while the modem
is away, the caller gets `SmsExpiredError` and the bus gets ``isocket_sms_not_sent`` naming what was not sent (``reason``
``expired``). A hub unloaded (or Home Assistant stopped) while messages wait
fails them at once, with the same event (``reason`` ``unloaded``): the queue
lives in memory only, and nothing of it is sent after a restart.

The send itself runs in the caller's task, so whatever the caller holds goes
with it: a gateway send's budget reservation (`SmsBudget.reserve`, bound to
the task) is drawn on when the message finally goes, and the budget counts
each SMS once. Nothing is sent twice: only a send that failed before anything
went out (`NotSentError`) waits again; any other error, a line lost during
``AT+CMGS`` included, is the caller's. A message whose send has begun is not
expired: it ends as the modem says.
"""

from __future__ import annotations

import asyncio
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
import itertools
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .const import EVENT_SMS_NOT_SENT, LOGGER
from .gsm.errors import NotSentError, SmsExpiredError
from .gsm.modem import Modem
from .gsm.redact import mask_numbers
from .gsm.sms_send import SentSms


@dataclass(eq=False)
class _Waiting:
    """One message waiting for the modem."""

    order: int  # when it was given: the queue keeps this order
    number: str
    what: str  # the text as the event may show it (a password masked)
    source: str | None  # the device's name; None for a gateway SMS
    expiry: float  # seconds
    queued: datetime
    turn: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    sending: bool = False
    overdue: bool = False

    def __lt__(self, other: _Waiting) -> bool:
        return self.order < other.order


class Outbox:
    """The messages waiting for one modem; they go one after the other."""

    def __init__(
        self, hass: HomeAssistant, modem: Modem, changed: Callable[[], None]
    ) -> None:
        """Send through ``modem``; call ``changed`` whenever the queue changes."""
        self._hass = hass
        self._modem = modem
        self._changed = changed
        self._queue: list[_Waiting] = []
        self._order = itertools.count()
        self._closed = False
        self._unsubscribe = modem.add_ready_listener(self._on_ready)

    @property
    def queued(self) -> int:
        """Messages not yet sent (the one going now included)."""
        return len(self._queue)

    async def send(
        self,
        number: str,
        text: str,
        *,
        expiry: float,
        what: str,
        source: str | None = None,
        **kwargs: Any,
    ) -> SentSms:
        """Send now, or once the modem is back; `SmsExpiredError` after ``expiry`` s.

        With ``expiry`` 0 nothing waits: the modem's own error is raised.
        ``kwargs`` go to `Modem.send_message`.
        """
        modem = self._modem
        if expiry <= 0 or self._closed or modem.closed:
            return await modem.send_message(number, text, **kwargs)
        modem.check_message(text, **kwargs)  # refused anyway: fail now, not later
        item = _Waiting(
            next(self._order), number, what, source, expiry, dt_util.utcnow()
        )
        insort(self._queue, item)
        cancel = async_call_later(
            self._hass, expiry, callback(lambda _now: self._expire(item))
        )
        self._changed()
        if not modem.ready_to_send:
            LOGGER.info(
                "GSM modem not ready: an SMS waits for it up to %d min",
                round(expiry / 60),
            )
        try:
            while True:
                self._wake()
                await item.turn
                if item.overdue and not modem.ready_to_send:
                    raise self._expired(item)
                item.sending = True
                try:
                    return await modem.send_message(number, text, **kwargs)
                except NotSentError as err:
                    if self._closed or modem.closed:
                        raise
                    if item.overdue:
                        raise self._expired(item) from err
                    item.sending = False  # away again: wait for the next turn
                    item.turn = asyncio.get_running_loop().create_future()
        finally:
            cancel()
            self._queue.remove(item)
            self._changed()
            self._wake()

    @callback
    def _on_ready(self, ready: bool) -> None:
        """The modem is back: the first message goes. Gone: the overdue fail."""
        if ready:
            self._wake()
            return
        for item in self._queue:
            if item.overdue:
                self._release(item)

    @callback
    def _wake(self) -> None:
        """Give the first waiting message its turn, when the modem can send."""
        if not self._closed and self._queue and self._modem.ready_to_send:
            self._release(self._queue[0])

    @staticmethod
    def _release(item: _Waiting) -> None:
        """Let ``item``'s caller go on (to send it, or to fail it)."""
        if not item.sending and not item.turn.done():
            item.turn.set_result(None)

    @callback
    def _expire(self, item: _Waiting) -> None:
        """Its time is up: while the modem is away it fails now; while the
        modem is there it goes in its turn (it only waits for the ones
        before it), and fails if the modem is gone again before that."""
        item.overdue = True
        if not self._modem.ready_to_send:
            self._release(item)

    def _expired(self, item: _Waiting) -> SmsExpiredError:
        """Say what was not sent (event, log); the error for its caller."""
        minutes = self._not_sent(item, "expired")
        LOGGER.warning(
            "An SMS to %s was not sent: the GSM modem stayed away for %d min",
            mask_numbers(item.number),
            minutes,
        )
        return SmsExpiredError(minutes)

    def _not_sent(self, item: _Waiting, reason: str) -> int:
        """The ``isocket_sms_not_sent`` event for ``item``; its expiry in minutes."""
        minutes = round(item.expiry / 60)
        self._hass.bus.async_fire(
            EVENT_SMS_NOT_SENT,
            {
                "device": item.source,
                "number": item.number,
                "text": item.what,
                "queued": item.queued.isoformat(),
                "expiry_minutes": minutes,
                "reason": reason,
            },
        )
        return minutes

    @callback
    def close(self) -> None:
        """The hub unloads: what still waits fails now (nothing sends it later)."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        for item in self._queue:
            if not item.sending and not item.turn.done():
                self._not_sent(item, "unloaded")
                item.turn.set_exception(NotSentError("the hub was unloaded"))
