"""The outgoing line: one holder, urgent work right after it, then the queue."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.outgoing_line import OutgoingLine


async def test_urgent_goes_before_the_queue_and_the_queue_in_order() -> None:
    """While one holds the line, three queue and an urgent one comes last: it
    goes second; the queued ones follow in the order they came."""
    line = OutgoingLine()
    order: list[str] = []
    release = asyncio.Event()

    async def user(name: str, *, urgent: bool = False, hold: bool = False) -> None:
        async with line.hold(urgent=urgent):
            order.append(name)
            if hold:
                await release.wait()

    first = asyncio.create_task(user("in flight", hold=True))
    await asyncio.sleep(0)
    queued = [asyncio.create_task(user(f"queued {i}")) for i in range(3)]
    await asyncio.sleep(0)
    urgent = asyncio.create_task(user("urgent", urgent=True))
    await asyncio.sleep(0)
    assert order == ["in flight"]
    release.set()
    await asyncio.gather(first, *queued, urgent)
    assert order == ["in flight", "urgent", "queued 0", "queued 1", "queued 2"]
    assert not line.held


async def test_a_waiter_that_gives_up_is_skipped() -> None:
    """A cancelled waiter leaves the queue; the line goes to the next, then is free."""
    line = OutgoingLine()
    order: list[str] = []
    async with line:
        gone = asyncio.create_task(line.hold().__aenter__())
        later = asyncio.create_task(_note(line, order, "later"))
        await asyncio.sleep(0)
        gone.cancel()
        with pytest.raises(asyncio.CancelledError):
            await gone
    await later
    assert order == ["later"]
    assert not line.held


async def test_handed_the_line_while_cancelled_passes_it_on() -> None:
    """Handed the line and cancelled before it ran: the next waiter gets it."""
    line = OutgoingLine()
    order: list[str] = []
    await line.__aenter__()
    unlucky = asyncio.create_task(_note(line, order, "unlucky"))
    after = asyncio.create_task(_note(line, order, "after"))
    await asyncio.sleep(0)
    await line.__aexit__(None, None, None)  # hands it to "unlucky" ...
    unlucky.cancel()  # ... which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await unlucky
    await after
    assert order == ["after"]
    assert not line.held


async def _note(line: OutgoingLine, order: list[str], name: str) -> None:
    async with line.hold():
        order.append(name)
