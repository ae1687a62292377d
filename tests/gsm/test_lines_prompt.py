"""The ``> `` prompt stays a prompt when a URC follows it in the same read."""

from __future__ import annotations

from custom_components.isocket.gsm.lines import PROMPT, LineSplitter


def test_prompt_followed_by_urc_in_one_chunk() -> None:
    """An SMS arriving while the modem waits for a PDU must not hide the prompt.

    Found by bench/many_devices.py: with replies pouring in during a STATUS
    burst, one ``AT+CMGS`` in fifty waited its full timeout for a prompt that
    had come, glued to a ``+CMTI``.
    """
    splitter = LineSplitter()
    assert splitter.feed(b'\r\n> \r\n+CMTI: "SM",5\r\n') == [PROMPT, '+CMTI: "SM",5']
    # as before: a prompt alone, and a line that only starts like one
    assert splitter.feed(b"\r\n> ") == [PROMPT]
    assert splitter.feed(b"> quoted\r\n") == ["> quoted"]
