"""The iSocket's own clock (spec §3.7): network time, settable by DATE=/DATESMS.

The device keeps local time with a time zone. The manual (§8) says only "zz
steht für die GMT-Zeitzone": the GMT zone, so ``zz`` is read and printed in
whole hours (``+02`` is GMT+2), not in the quarter hours of ``AT+CCLK``
(issue 18). It runs on the simulated clock, so setting it only stores an offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
import re

from .clock import SimClock
from .isocket_errors import IncorrectValueError

_DATE = re.compile(
    r"(\d\d)/(\d\d)/(\d\d),\s?(\d\d):(\d\d):(\d\d)([+-])(\d\d)", re.ASCII
)


def date_text(moment: datetime) -> str:
    """``yy/mm/dd, hh:mm:ss+zz`` with ``zz`` the GMT zone in hours (DATE replies)."""
    offset = moment.utcoffset() or timedelta()
    hours = int(offset.total_seconds()) // 3600
    sign = "-" if hours < 0 else "+"
    return f"{moment.strftime('%y/%m/%d, %H:%M:%S')}{sign}{abs(hours):02d}"


def parse_date(value: str) -> datetime:
    """Read ``yy/mm/dd,hh:mm:ss+zz`` (the DATE= argument) as an aware datetime."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise IncorrectValueError(value)
    yy, mo, dd, hh, mi, ss, sign, zz = match.groups()
    hours = int(zz) * (-1 if sign == "-" else 1)
    if not -12 <= hours <= 14:
        raise IncorrectValueError(value)
    try:
        return datetime(
            2000 + int(yy),
            int(mo),
            int(dd),
            int(hh),
            int(mi),
            int(ss),
            tzinfo=timezone(timedelta(hours=hours)),
        )
    except ValueError as err:
        raise IncorrectValueError(value) from err


class DeviceClock:
    """Local time of the device: the network's time plus whatever DATE= set."""

    def __init__(self, clock: SimClock) -> None:
        """Start from the network time (UTC)."""
        self._clock = clock
        self._skew = timedelta()
        self._zone: timezone = UTC

    def now(self) -> datetime:
        """Current device time, aware, in the device's time zone."""
        return (self._clock.utcnow() + self._skew).astimezone(self._zone)

    def set(self, moment: datetime) -> None:
        """Set the clock to ``moment`` (aware; its offset becomes the time zone)."""
        offset = moment.utcoffset() or timedelta()
        self._zone = timezone(offset)
        self._skew = moment - self._clock.utcnow()

    def sync_to_network(self) -> None:
        """Forget DATE= and follow the network's UTC time again."""
        self._skew = timedelta()
        self._zone = UTC
