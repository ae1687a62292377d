"""Parse a command typed by a user (the ``send_command`` action) into a ``Command``.

Only the manual's command set passes, in any case, with or without the
5-character password prefix. Everything else raises ``InvalidCommandError``
with a stable ``reason``.

Password rule: a password can look like the start of a command
(``ALARMON`` is a command, and also password ``ALARM`` + ``ON``). The whole
text is tried as a command first; only if that fails are the first five
characters taken as the password. Commands keep their canonical spelling
(upper case, no leading zeros); the password and a ``PASSWORD=`` value keep
their case, because the device compares passwords as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Final

from .arguments import PASSWORD_LENGTH, check_password
from .charset import check_characters
from .commands import COMMANDS, MAX_SMS_LENGTH, Command, CommandSpec
from .errors import InvalidCommandError

_UPPER: Final = str.maketrans(
    "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_NAME: Final = re.compile(r"[A-Z]+")
_LITERALS: Final = {spec.stem: spec for spec in COMMANDS.values() if not spec.argument}
# Longest stem first, so RELAYTIME=ON<n> is tried before anything shorter.
_STEMS: Final = sorted(
    ((spec, spec.argument) for spec in COMMANDS.values() if spec.argument),
    key=lambda row: -len(row[0].stem),
)


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    """A valid command and the password it was typed with (``None``: none)."""

    command: Command
    password: str | None


def _unknown(text: str) -> InvalidCommandError:
    return InvalidCommandError(
        "unknown_command",
        f"{text!r} is not an iSocket command.",
        {"command": text},
    )


def _claims(spec: CommandSpec, rest: str) -> bool:
    """Whether the text after a stem is meant as that command's argument.

    A stem ending in a letter (``ON``, ``SIMCARD``) only claims text that does
    not continue the word: ``ON30`` is ON<n>, ``ONE`` is no command at all.
    A stem ending in ``=``, ``+`` or ``-`` claims everything after it.
    """
    if spec.stem[-1].isalpha():
        return bool(rest) and not rest[0].isalpha()
    return True  # SECNUMBER+ with nothing after it is a missing value


def _name(key: str) -> str:
    """The command word of a key: ``SECNUMBER`` for ``SECNUMBER+``."""
    match = _NAME.match(key)
    return match[0] if match else key


def _forms_of(key: str) -> str:
    """Every key of the same command word (``SECNUMBER+``, ``SECNUMBER?``, ...)."""
    word = _name(key)
    return ", ".join(other for other in COMMANDS if _name(other) == word)


def parse_command(text: str) -> Command:
    """Parse a command without password; raise ``InvalidCommandError``."""
    upper = text.translate(_UPPER)
    literal = _LITERALS.get(upper)
    if literal is not None:
        return literal.build()
    for spec, argument in _STEMS:
        if not upper.startswith(spec.stem) or not _claims(
            spec, upper[len(spec.stem) :]
        ):
            continue
        rest = (text if spec.keeps_case else upper)[len(spec.stem) :]
        try:
            return spec.build(argument.parse(rest))
        except InvalidCommandError as err:
            message = f"{spec.key}: {err.message} Forms of this command: {_forms_of(spec.key)}."
            raise InvalidCommandError(
                err.reason, message, err.placeholders | {"command": spec.key}
            ) from None
    name, equals, value = upper.partition("=")
    if equals and f"{name}?" in COMMANDS:
        # A known setting with a value it does not take, e.g. RING=SOMETIMES.
        forms = _forms_of(name)
        raise InvalidCommandError(
            "malformed_value",
            f"{name}= does not take {value!r}. Forms of this command: {forms}.",
            {"value": value, "command": f"{name}=", "expected": forms},
        )
    raise _unknown(text)


def _check_frame(text: str) -> str:
    check_characters(text)
    stripped = text.strip(" ")
    if not stripped:
        raise InvalidCommandError("empty", "The command is empty.", {})
    if len(stripped) > MAX_SMS_LENGTH:
        raise InvalidCommandError(
            "too_long",
            f"{len(stripped)} characters (password included) is too long: the device "
            f"drops messages over {MAX_SMS_LENGTH} characters.",
            {"length": str(len(stripped)), "maximum": str(MAX_SMS_LENGTH)},
        )
    return stripped


def _attempt(text: str) -> Command | InvalidCommandError:
    try:
        return parse_command(text)
    except InvalidCommandError as err:
        return err


def parse_raw_command(text: str) -> ParsedCommand:
    """Parse user-typed text, with or without password; raise ``InvalidCommandError``."""
    text = _check_frame(text)
    whole = _attempt(text)
    if isinstance(whole, Command):
        return ParsedCommand(whole, None)
    after_password = (
        _attempt(text[PASSWORD_LENGTH:]) if len(text) > PASSWORD_LENGTH else whole
    )
    if isinstance(after_password, Command):
        return ParsedCommand(after_password, check_password(text[:PASSWORD_LENGTH]))
    # Neither reading is a command: report the most specific complaint.
    for err in (whole, after_password):
        if err.reason != "unknown_command":
            raise err
    for cut in range(1, len(text)):
        if cut != PASSWORD_LENGTH and isinstance(_attempt(text[cut:]), Command):
            raise InvalidCommandError(
                "bad_password_length",
                f"{text!r} is not a command; if {text[:cut]!r} is the password, "
                f"it has {cut} characters instead of {PASSWORD_LENGTH}.",
                {"length": str(cut), "expected": str(PASSWORD_LENGTH)},
            )
    raise whole
