"""Chatty mode: a modem that prints vendor lines nobody asked for, anywhere.

Real modems interleave indications the integration never enabled or does not
know: SIM800's ``*PSUTTZ``/``DST`` network time, ``+CIEV`` indicators,
``UNDER-VOLTAGE WARNNING`` (sic), LTE modules' ``+CGEV``, a ``+CUSD`` whose text
holds a stray ``"``. :class:`Chatter` puts such lines at random gaps of every
response (before a line, before the final result, between a ``+CMT`` header
and its PDU), seeded so a run repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
import random

CHATTY_LINES: tuple[str, ...] = (
    '+CIEV: 10,"26201"',
    '+CIEV: "MESSAGE",1',
    '*PSUTTZ: 2026,12,7,5,12,33,"+4",0',
    "DST: 1",
    "UNDER-VOLTAGE WARNNING",
    "+CGEV: ME PDN ACT 1",
    "+CGEV: NW DETACH",
    '+CUSD: 2,"Ihr Guthaben: 5"EUR",15',  # odd number of quotes
    "+CTZV: 26/12/07,05:12:33,+4",
    "+QIND: SMS DONE",
    "Call Ready",
)


class Chatter:
    """Chooses where and what to chatter; ``rate`` is the chance per gap."""

    def __init__(
        self, seed: int = 0, rate: float = 0.3, lines: Sequence[str] = CHATTY_LINES
    ) -> None:
        """Seeded: the same seed gives the same chatter at the same gaps."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        self._random = random.Random(seed)
        self.rate = rate
        self.lines = tuple(lines)
        self.injected = 0

    def gap(self) -> list[str]:
        """What goes into one gap: usually nothing, sometimes a line or two."""
        out: list[str] = []
        while self._random.random() < self.rate and len(out) < 2:
            out.append(self._random.choice(self.lines))
        self.injected += len(out)
        return out

    def interleave(self, lines: Sequence[str]) -> list[str]:
        """``lines`` with chatter before each one and after the last."""
        out: list[str] = []
        for line in lines:
            out += self.gap()
            out.append(line)
        return out + self.gap()
