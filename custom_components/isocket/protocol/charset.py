"""Which characters may travel in a command SMS.

The modem takes the SMS body after ``AT+CMGS`` in text entry mode: CR and LF
end lines, Ctrl-Z (0x1A) sends, ESC (0x1B) aborts. Any of them inside a
command would cut the message short and let the rest run as AT commands, so
they never pass. The body must also fit the GSM 7-bit default alphabet (basic
table): extension characters cost two septets and no command uses them.
(``protocol`` may not import ``gsm``, hence this small copy of the table.)
"""

from __future__ import annotations

from .errors import InvalidCommandError

#: Printable characters of the GSM 03.38 basic table (LF, CR and ESC left out).
GSM_PRINTABLE = frozenset(
    "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

#: Characters of the GSM extension table (escape + septet).
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")


def is_control(char: str) -> bool:
    """C0 controls, DEL and C1 controls: never part of a command."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def describe(char: str) -> str:
    """Show a character unambiguously in an error message."""
    return f"U+{ord(char):04X}" if is_control(char) or not char.isprintable() else char


def check_characters(text: str) -> None:
    """Raise ``InvalidCommandError`` for the first character a command may not hold."""
    for position, char in enumerate(text, start=1):
        if is_control(char):
            raise InvalidCommandError(
                "control_character",
                f"Control character {describe(char)} at position {position} is not "
                "allowed: it would end the modem's SMS entry.",
                {"character": describe(char), "position": str(position)},
            )
    for position, char in enumerate(text, start=1):
        if char not in GSM_PRINTABLE:
            extra = (
                " (a GSM extension character, used by no command)"
                if char in GSM_EXTENSION
                else ""
            )
            raise InvalidCommandError(
                "not_gsm_character",
                f"Character {describe(char)} at position {position} is not in the "
                f"GSM 7-bit default alphabet{extra}.",
                {"character": describe(char), "position": str(position)},
            )
