"""Typed errors of the protocol layer; the HA glue translates them once."""

from __future__ import annotations

from collections.abc import Mapping


class ProtocolError(Exception):
    """Base of every error the protocol layer raises."""


class InvalidCommandError(ProtocolError, ValueError):
    """A command (built or typed by a user) is not one the device accepts.

    ``reason`` is a stable key for translations (``empty``, ``too_long``,
    ``control_character``, ``not_gsm_character``, ``unknown_command``,
    ``value_out_of_range``, ``malformed_value``, ``bad_password_length``,
    ``bad_password_character``, ...); ``placeholders`` fill the translated
    message; ``message`` is the English text that says exactly what is wrong.
    """

    def __init__(
        self,
        reason: str,
        message: str,
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        """Keep the reason key, the English message and its placeholders."""
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.placeholders: dict[str, str] = dict(placeholders or {})

    def __repr__(self) -> str:
        """Show the reason with the message (handy in test failures)."""
        return f"InvalidCommandError({self.reason!r}, {self.message!r})"


class InvalidValueError(ProtocolError, ValueError):
    """A value (temperature, number, time) cannot be represented for the device."""
