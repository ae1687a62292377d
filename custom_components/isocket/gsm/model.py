"""Plain data the modem reports: identity, health, calls, unreadable SMS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class ModemInfo:
    """Identity of the modem for the device registry."""

    manufacturer: str
    model: str
    firmware: str
    imei: str
    own_number: str | None = None
    iccid: str | None = None


class RegistrationState(StrEnum):
    """Network registration as ``+CREG``/``+CEREG`` report it."""

    NOT_REGISTERED = "not_registered"
    HOME = "home"
    SEARCHING = "searching"
    DENIED = "denied"
    UNKNOWN = "unknown"
    ROAMING = "roaming"

    @property
    def registered(self) -> bool:
        """Whether SMS and calls can go through."""
        return self in (RegistrationState.HOME, RegistrationState.ROAMING)


# <stat> of 3GPP TS 27.007 §7.2; 6..10 are the "SMS only"/"CSFB" variants.
REGISTRATION_STATES: dict[int, RegistrationState] = {
    0: RegistrationState.NOT_REGISTERED,
    1: RegistrationState.HOME,
    2: RegistrationState.SEARCHING,
    3: RegistrationState.DENIED,
    4: RegistrationState.UNKNOWN,
    5: RegistrationState.ROAMING,
    6: RegistrationState.HOME,
    7: RegistrationState.ROAMING,
    9: RegistrationState.HOME,
    10: RegistrationState.ROAMING,
}


@dataclass(frozen=True, slots=True)
class ModemHealth:
    """A snapshot for sensors, refreshed by AT only."""

    signal_dbm: int | None
    registration: RegistrationState
    operator: str | None
    updated: datetime
    sim_messages: SimMessages | None = None  # None: the modem did not say


@dataclass(frozen=True, slots=True)
class SimMessages:
    """The SIM's message storage (``AT+CPMS?``): slots used of slots there are."""

    used: int
    total: int

    @property
    def percent(self) -> float:
        """How full the storage is, 0..100 (100 for a storage with no slots)."""
        return 100.0 * self.used / self.total if self.total else 100.0


@dataclass(frozen=True, slots=True)
class IncomingCall:
    """A ringing call; ``number`` is None when the caller id is withheld."""

    number: str | None
    timestamp: datetime


@dataclass(frozen=True, slots=True)
class UndecodableSms:
    """A received message the PDU codec could not read, surfaced, not dropped.

    ``pdu`` is the hex as the modem gave it, ``error`` says what is wrong and
    ``received`` is when the modem handed it over (its own time is unreadable).
    A message that was read but whose handling kept failing (a *poison*
    message) is surfaced the same way, with its ``sender`` and ``text``.
    """

    pdu: str
    error: str
    received: datetime
    sender: str | None = None
    text: str | None = None
