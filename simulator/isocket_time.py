"""The iSocket's own clock (spec §3.7): network time, settable by DATE=/DATESMS.

The device keeps local time with a GSM time zone (quarters of an hour). It
runs on the simulated clock, so setting it only stores an offset.
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
    """``yy/mm/dd, hh:mm:ss+zz`` with ``zz`` in quarters of an hour (DATE replies)."""
    offset = moment.utcoffset() or timedelta()
    quarters = int(offset.total_seconds()) // 900
    sign = "-" if quarters < 0 else "+"
    return f"{moment.strftime('%y/%m/%d, %H:%M:%S')}{sign}{abs(quarters):02d}"


def parse_date(value: str) -> datetime:
    """Read ``yy/mm/dd,hh:mm:ss+zz`` (the DATE= argument) as an aware datetime."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise IncorrectValueError(value)
    yy, mo, dd, hh, mi, ss, sign, zz = match.groups()
    quarters = int(zz) * (-1 if sign == "-" else 1)
    if not -48 <= quarters <= 56:
        raise IncorrectValueError(value)
    try:
        return datetime(
            2000 + int(yy),
            int(mo),
            int(dd),
            int(hh),
            int(mi),
            int(ss),
            tzinfo=timezone(timedelta(minutes=15 * quarters)),
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
