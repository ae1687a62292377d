"""Password changes and wrong-password evidence (manual §5.2, §6.3, §12).

A password change is stored only when the device confirms it. With
SMSCONFIRM=OFF, ERROR=OFF or an expired configuration window the device may
refuse silently, and a lost SMS looks the same. So:

- :func:`password_change` reads the outcome of a sent ``PASSWORD=`` (or
  ``PASSWORD=NO``) command: only ``CONFIRMED`` may replace the stored password;
- when the outcome is ``UNCONFIRMED``, :func:`password_check` is a harmless
  inquiry to send *with the new password*: :func:`password_check_result` of
  its outcome tells whether the new password works.

Only `Invalid access password!` is evidence of a wrong password
(:func:`signals_wrong_password`). `<cmd> - No such command exists on the
device!` is a distinct result (:class:`.results.UnknownCommandError`): it also
answers a command the firmware lacks (CREDIT, §12), so it never counts as
wrong-password evidence, even though §6.3 says a missing password may get it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from .commands import Command, query_security_list
from .correlation import Outcome, Pending
from .results import Category, InvalidPassword, Result, UnknownCommandError

PASSWORD_KEYS: Final = frozenset({"PASSWORD=", "PASSWORD=NO"})
"""Command keys that change the password."""


class PasswordChange(StrEnum):
    """What is known about a password change (or its check)."""

    PENDING = "pending"  # still waiting for the device
    CONFIRMED = "confirmed"  # the device confirmed: store the new password
    REFUSED = "refused"  # the device answered with an error: keep the old one
    UNCONFIRMED = "unconfirmed"  # no word from the device: keep the old one, check


def is_password_change(command: Command) -> bool:
    """Whether ``command`` sets or removes the password."""
    return command.key in PASSWORD_KEYS


def password_change(pending: Pending) -> PasswordChange:
    """The state of a sent ``PASSWORD=``/``PASSWORD=NO`` command."""
    if pending.outcome is Outcome.PENDING:
        return PasswordChange.PENDING
    if pending.outcome is Outcome.REPLIED:  # `PASSWORD=***** - OK`
        return PasswordChange.CONFIRMED
    if pending.outcome is Outcome.FAILED:
        return PasswordChange.REFUSED
    # UNCONFIRMED (SMSCONFIRM=OFF), EXPIRED (silence), CANCELLED
    return PasswordChange.UNCONFIRMED


def password_check() -> Command:
    """An inquiry (SECLIST?) to render with the *new* password.

    Inquiries are answered even with SMSCONFIRM=OFF (§6.1) and change nothing.
    """
    return query_security_list()


def password_check_result(pending: Pending) -> PasswordChange:
    """The state of a :func:`password_check` sent with the new password."""
    if pending.outcome is Outcome.PENDING:
        return PasswordChange.PENDING
    result = pending.result
    if pending.outcome is Outcome.REPLIED:
        return PasswordChange.CONFIRMED
    # a command with a wrong password counts as a wrong command (§6.3)
    if isinstance(result, InvalidPassword | UnknownCommandError):
        return PasswordChange.REFUSED
    return PasswordChange.UNCONFIRMED


def signals_wrong_password(result: Result) -> bool:
    """Whether ``result`` is evidence that the password we send is wrong.

    Only `Invalid access password!`; never "No such command exists" (§6.3/§12).
    """
    return result.category is Category.ERROR and isinstance(result, InvalidPassword)
