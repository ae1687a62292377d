"""The SIM card: state, PIN/PUK attempts, own number and message storage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SimState(StrEnum):
    """What ``AT+CPIN?`` would tell (``missing`` gives ``+CME ERROR: 10``)."""

    READY = "READY"
    PIN = "SIM PIN"
    PUK = "SIM PUK"
    MISSING = "NOT INSERTED"


# Per 27.007 §9.2: the CME error a command gets when the SIM is not usable,
# and the CMS equivalent (27.005 §3.2.5) for SMS commands.
SIM_CME_ERROR: dict[SimState, int] = {
    SimState.MISSING: 10,
    SimState.PIN: 11,
    SimState.PUK: 12,
}
SIM_CMS_ERROR: dict[SimState, int] = {
    SimState.MISSING: 310,
    SimState.PIN: 311,
    SimState.PUK: 316,
}

PIN_ATTEMPTS = 3
PUK_ATTEMPTS = 10


class PinResult(StrEnum):
    """Outcome of ``AT+CPIN=``."""

    ACCEPTED = "accepted"
    WRONG = "wrong"  # +CME ERROR: 16
    NOT_ALLOWED = "not_allowed"  # no PIN wanted now: +CME ERROR: 3


@dataclass(slots=True)
class StoredMessage:
    """One slot of the message storage; ``stat`` as in ``AT+CMGL`` (0 unread ... 3 sent)."""

    pdu: str  # hex, SMSC address first
    stat: int = 0

    @property
    def tpdu_length(self) -> int:
        """Octets after the SMSC address (the ``<length>`` of +CMGR/+CMGL)."""
        smsc_octets = int(self.pdu[:2], 16) + 1
        return len(self.pdu) // 2 - smsc_octets


# An SMS-SUBMIT "hi" to +491700000000, as a sent message left on a SIM.
FILLER_PDU = "0001000C91947100000000000002E834"


class MessageStore:
    """Fixed number of slots, indices 1..size, lowest free slot first."""

    def __init__(self, size: int) -> None:
        """Create an empty store with ``size`` slots."""
        self.size = size
        self.slots: dict[int, StoredMessage] = {}
        self.peak = 0  # the most slots ever used at once (for benches)

    @property
    def used(self) -> int:
        """Occupied slots."""
        return len(self.slots)

    @property
    def full(self) -> bool:
        """No free slot left."""
        return self.used >= self.size

    def store(self, pdu: str, stat: int = 0) -> int | None:
        """Put ``pdu`` in the lowest free slot; ``None`` when full."""
        for index in range(1, self.size + 1):
            if index not in self.slots:
                self.slots[index] = StoredMessage(pdu.upper(), stat)
                self.peak = max(self.peak, len(self.slots))
                return index
        return None

    def fill(self, count: int, pdu: str = FILLER_PDU, stat: int = 3) -> int:
        """Put ``count`` more messages in (sent ones by default, as another tool
        or the phone the SIM came from leaves them); returns how many fit."""
        stored = 0
        for _ in range(count):
            if self.store(pdu, stat) is None:
                break
            stored += 1
        return stored

    def valid(self, index: int) -> bool:
        """``index`` names a slot (empty or not)."""
        return 1 <= index <= self.size

    def read(self, index: int) -> StoredMessage | None:
        """The message at ``index``; reading marks a received message read."""
        message = self.slots.get(index)
        if message is not None and message.stat == 0:
            message.stat = 1
        return message

    def delete(self, index: int) -> None:
        """Free ``index`` (no-op when empty)."""
        self.slots.pop(index, None)

    def listing(self, stat: int) -> list[tuple[int, StoredMessage]]:
        """Messages with ``stat`` (4 = all), in index order; marks them read."""
        found = [
            (index, self.slots[index])
            for index in sorted(self.slots)
            if stat == 4 or self.slots[index].stat == stat
        ]
        result = [(index, StoredMessage(msg.pdu, msg.stat)) for index, msg in found]
        for _, message in found:
            if message.stat == 0:
                message.stat = 1
        return result


class SimCard:
    """A SIM with optional PIN (3 attempts, then PUK-locked)."""

    def __init__(
        self,
        number: str | None,
        *,
        pin: str | None = None,
        puk: str = "12345678",
        iccid: str = "89490200001234567890",
        storage_size: int = 20,
    ) -> None:
        """A SIM whose subscriber number is ``number`` (``None``: not stored on it)."""
        self.number = number
        self.pin = pin
        self.puk = puk
        self.iccid = iccid
        self.storage = MessageStore(storage_size)
        self.pin_attempts = PIN_ATTEMPTS
        self.puk_attempts = PUK_ATTEMPTS
        self.inserted = True
        self._locked = pin is not None  # PIN asked at every power-up
        self._puk_locked = False

    @property
    def state(self) -> SimState:
        """Current SIM state as ``AT+CPIN?`` reports it."""
        if not self.inserted:
            return SimState.MISSING
        if self._puk_locked:
            return SimState.PUK
        return SimState.PIN if self._locked else SimState.READY

    def power_up(self) -> None:
        """A modem reset: the PIN is asked again (if the SIM has one)."""
        self._locked = self.pin is not None

    def force_state(self, state: SimState) -> None:
        """Fault injection: put the SIM in ``state``."""
        self.inserted = state is not SimState.MISSING
        self._puk_locked = state is SimState.PUK
        self._locked = state is SimState.PIN
        if state is SimState.PIN and self.pin is None:
            self.pin = "1234"
        if state is SimState.PUK:
            self.pin_attempts = 0

    def enter_pin(self, code: str, new_pin: str | None = None) -> PinResult:
        """``AT+CPIN=<pin>`` or, PUK-locked, ``AT+CPIN=<puk>,<new pin>``."""
        state = self.state
        if state is SimState.PIN:
            if code == self.pin:
                self._locked = False
                self.pin_attempts = PIN_ATTEMPTS
                return PinResult.ACCEPTED
            self.pin_attempts -= 1
            if self.pin_attempts <= 0:
                self._puk_locked = True
            return PinResult.WRONG
        if state is SimState.PUK:
            if new_pin is None:
                return PinResult.NOT_ALLOWED
            if self.puk_attempts > 0 and code == self.puk:
                self.pin = new_pin
                self._puk_locked = self._locked = False
                self.pin_attempts, self.puk_attempts = PIN_ATTEMPTS, PUK_ATTEMPTS
                return PinResult.ACCEPTED
            self.puk_attempts = max(self.puk_attempts - 1, 0)
            return PinResult.WRONG
        return PinResult.NOT_ALLOWED
