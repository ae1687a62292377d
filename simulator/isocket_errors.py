"""Outcomes of an iSocket command other than success (spec §2.1).

Command handlers raise these; the SMS intake turns them into the device's
error replies (only while ``ERROR=ON``) or, for :class:`NotAppliedError`, into
an ordinary reply that leaves the setting unchanged.
"""

from __future__ import annotations


class IncorrectValueError(Exception):
    """A value out of range or malformed: ``Incorrect value!``."""


class ExecuteError(Exception):
    """The command could not be carried out: ``Execute error!``."""


class NotAppliedError(Exception):
    """The device answers with ``text`` but does not apply the command.

    ``RING=SWITCH`` without an active security list answers
    ``SECLIST is not active!``: a confirmation-type reply, not an error reply.
    """

    def __init__(self, text: str) -> None:
        """Keep the reply text."""
        super().__init__(text)
        self.text = text
