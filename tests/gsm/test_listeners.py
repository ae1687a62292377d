"""gsm/listeners.py: the one listener helper, for any number of arguments."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from custom_components.isocket.gsm.listeners import Listeners


def test_two_arguments_and_unsubscribe() -> None:
    """Each callback hears the event's arguments until it unsubscribes."""
    heard: list[tuple[str, dict[str, Any]]] = []
    listeners = Listeners[str, dict[str, Any]]("alert")
    stop = listeners.add(lambda kind, data: heard.append((kind, data)))
    listeners.notify("alarm", {"device": "Garage"})
    stop()
    listeners.notify("alarm", {"device": "Shed"})
    assert heard == [("alarm", {"device": "Garage"})]
    assert len(listeners) == 0


def test_a_failing_callback_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No argument at all; the first callback raises, the second still runs."""
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    listeners = Listeners[[]]("ignored SMS")
    listeners.add(broken)
    listeners.add(lambda: calls.append("second"))
    with caplog.at_level(logging.ERROR):
        listeners.notify()
    assert calls == ["second"]
    assert "ignored SMS listener failed" in caplog.text
