"""Reassembly of concatenated SMS (TS 23.040 §9.2.3.24.1), driven by the caller's clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .numbers import is_alphanumeric_type, normalize_number
from .pdu import SmsDeliver, decode_user_data


@dataclass(frozen=True, slots=True)
class IncomingSms:
    """A whole message as the application sees it.

    `partial` marks a concatenated message whose missing parts never came; its
    text joins the parts that did arrive, in order. `sender_type` is the
    sender's type-of-address octet: with TON alphanumeric (0xD0) `sender` is a
    name, never a number, even when it is made of digits.
    """

    sender: str
    text: str
    timestamp: datetime
    partial: bool = False
    parts_received: int = 1
    parts_total: int = 1
    sender_type: int = 0x81
    # Where the parts sit in the modem's storage (what the caller tagged them
    # with), so they are deleted together once the message is accepted.
    storage_indexes: frozenset[int] = field(default=frozenset(), compare=False)

    @property
    def sender_alphanumeric(self) -> bool:
        """The sender is a name (TON alphanumeric), whatever its characters."""
        return is_alphanumeric_type(self.sender_type)


# (sender is a name, sender, reference, total): a name made of the device's
# digits must not add a part to the device's message.
type _Key = tuple[bool, str, int, int]


@dataclass(slots=True)
class _PendingSet:
    deadline: float
    parts: dict[int, SmsDeliver] = field(default_factory=dict)
    tags: set[int] = field(default_factory=set)


def _assemble(
    parts: dict[int, SmsDeliver], total: int, tags: set[int] | None = None
) -> IncomingSms:
    ordered = [parts[sequence] for sequence in sorted(parts)]
    first = ordered[0]
    complete = len(ordered) == total
    encodings = {part.encoding for part in ordered}
    if complete and len(encodings) == 1:
        # Joining the data first mends a character split across parts.
        text = decode_user_data(first.encoding, b"".join(p.data for p in ordered))
    else:
        text = "".join(part.text for part in ordered)
    return IncomingSms(
        sender=first.sender,
        text=text,
        timestamp=min(part.timestamp for part in ordered),
        partial=not complete,
        parts_received=len(ordered),
        parts_total=total,
        sender_type=first.sender_type,
        storage_indexes=frozenset(tags or ()),
    )


class Reassembler:
    """Collects the parts of concatenated messages by (sender, reference, total).

    Parts may come in any order; a repeated part is ignored. A set still
    incomplete `timeout` seconds after its first part is handed out by
    `expire` as a partial message, so nothing is silently dropped.
    """

    def __init__(self, timeout: float = 300.0) -> None:
        """Create an empty reassembler."""
        self.timeout = timeout
        self._pending: dict[_Key, _PendingSet] = {}
        # Sets pushed out by a reused reference, due at the next `expire`.
        self._orphans: list[tuple[float, IncomingSms]] = []

    def add(
        self, sms: SmsDeliver, now: float, tag: int | None = None
    ) -> IncomingSms | None:
        """Add a decoded message; return the whole message once it is complete.

        `tag` (a storage index) travels with the part and comes back in the
        assembled message's `storage_indexes`, also for a partial one.
        """
        tags = {tag} if tag is not None else set()
        concat = sms.concat
        if concat is None or concat.total == 1:
            return IncomingSms(
                sms.sender,
                sms.text,
                sms.timestamp,
                sender_type=sms.sender_type,
                storage_indexes=frozenset(tags),
            )
        key = (
            sms.sender_alphanumeric,
            normalize_number(sms.sender),
            concat.reference,
            concat.total,
        )
        pending = self._pending.setdefault(key, _PendingSet(now + self.timeout))
        known = pending.parts.get(concat.sequence)
        if known is not None:
            if known.data == sms.data:
                pending.tags.update(tags)  # a duplicate copy: delete it too
                return None
            # Same slot, other content: the sender reused the reference for a
            # new message. Start over; the old set expires as partial.
            self._orphans.append(
                (now, _assemble(pending.parts, concat.total, pending.tags))
            )
            pending = self._pending[key] = _PendingSet(now + self.timeout)
        pending.parts[concat.sequence] = sms
        pending.tags.update(tags)
        if len(pending.parts) < concat.total:
            return None
        del self._pending[key]
        return _assemble(pending.parts, concat.total, pending.tags)

    def expire(self, now: float) -> list[IncomingSms]:
        """Hand out, marked partial, every set whose time is up."""
        expired = [
            key for key, pending in self._pending.items() if pending.deadline <= now
        ]
        out = [sms for _, sms in self._orphans]
        self._orphans.clear()
        for key in expired:
            pending = self._pending.pop(key)
            out.append(_assemble(pending.parts, key[3], pending.tags))
        return out

    def next_deadline(self) -> float | None:
        """When `expire` next has something to hand out (None: nothing pending)."""
        deadlines = [pending.deadline for pending in self._pending.values()]
        deadlines.extend(since for since, _ in self._orphans)
        return min(deadlines, default=None)
