"""The GSM layer's typed errors carry what callers need to react."""

from __future__ import annotations

from custom_components.isocket.gsm.errors import (
    AtCommandError,
    GsmError,
    InvalidNumberError,
    PduDecodeError,
    PduEncodeError,
    PduError,
    PinRejectedError,
    SmsSendError,
)


def test_at_command_error_fields() -> None:
    """The command, its final line and the CME/CMS code are kept."""
    err = AtCommandError("AT+CMGS=23", "+CMS ERROR: 38", cms=38)
    assert (err.command, err.final, err.cme, err.cms) == (
        "AT+CMGS=23",
        "+CMS ERROR: 38",
        None,
        38,
    )
    assert "AT+CMGS=23" in str(err)
    assert isinstance(err, GsmError)


def test_pin_rejected_attempts() -> None:
    """Attempts left appear when known."""
    assert PinRejectedError(2).attempts_left == 2
    assert "2 attempts" in str(PinRejectedError(2))
    assert PinRejectedError().attempts_left is None


def test_sms_send_error() -> None:
    """Retryable or not, with the +CMS ERROR code (positional or keyword)."""
    err = SmsSendError(42, True)
    assert (err.cms, err.retryable) == (42, True)
    assert "42" in str(err)
    assert not SmsSendError().retryable


def test_hierarchy() -> None:
    """Codec errors share PduError; a bad number is also a ValueError."""
    assert issubclass(PduDecodeError, PduError)
    assert issubclass(PduEncodeError, PduError)
    assert issubclass(PduError, GsmError)
    assert issubclass(InvalidNumberError, ValueError)
