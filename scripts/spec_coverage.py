"""Print every command of spec §3 against {builder, parser, emulator}.

- builder: ``protocol.commands.BUILDERS`` has a builder for the key;
- parser: ``protocol.replies`` can parse the command's reply
  (``reply_kinds_for(key)`` returns something, or ``key in REPLY_PARSERS``);
- emulator: ``simulator.isocket.HANDLED_COMMANDS`` contains the key.

The command list is ``protocol.commands.COMMANDS``, cross-checked against the
first column of the spec's §3 tables when the spec file is there. A module
that does not exist (yet) or fails to import leaves its cells missing. Exits 1
when any cell is missing or table and spec disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import importlib
from pathlib import Path
import re
import sys
import types

ROOT = Path(__file__).resolve().parents[1]
# The repository's copy of ../shared/spec (tests/test_vendored_spec.py keeps them equal).
SPEC = ROOT / "docs" / "spec" / "isocket-environment-pro.md"


def _import_without_home_assistant(name: str) -> types.ModuleType | None:
    """Import a module under custom_components.isocket without its HA ``__init__``.

    protocol/ and simulator/ never need Home Assistant; skipping the package's
    ``__init__`` keeps this script fast and independent of the HA glue.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if "custom_components.isocket" not in sys.modules:
        package = types.ModuleType("custom_components.isocket")
        package.__path__ = [str(ROOT / "custom_components" / "isocket")]
        sys.modules["custom_components.isocket"] = package
    try:
        return importlib.import_module(name)
    except Exception as err:  # noqa: BLE001 - a broken module only means missing cells
        print(f"note: cannot import {name}: {type(err).__name__}: {err}")
        return None


def spec_command_keys(text: str, resolve: Callable[[str], str | None]) -> list[str]:
    """The keys of the commands in the first column of §3's tables, in order.

    Cells look like ``SECLIST=ON`` / ``SECLIST=OFF`` or ``SMSCONFIRM=ON`` / ``=OFF``:
    a token starting with ``=`` continues the previous token's name. Tokens
    that resolve to no key come back as they are, so they show up as missing.
    """
    section = text.split("\n## 3.", 1)[-1].split("\n## 4.", 1)[0]
    keys: list[str] = []
    for line in section.splitlines():
        cells = line.split("|")
        if len(cells) < 3 or not line.startswith("|"):
            continue
        name = ""
        for cell_token in re.findall(r"`([^`]+)`", cells[1]):
            token = name + cell_token if cell_token.startswith("=") else cell_token
            name = token.split("=", 1)[0]
            key = resolve(token) or token
            if key not in keys:
                keys.append(key)
    return keys


def _row_status(
    keys: Iterable[str],
    builders: Iterable[str],
    parser: Callable[[str], bool],
    emulated: Iterable[str],
) -> list[tuple[str, bool, bool, bool]]:
    built, handled = set(builders), set(emulated)
    return [(key, key in built, parser(key), key in handled) for key in keys]


def _parser_check(replies: types.ModuleType | None) -> Callable[[str], bool]:
    kinds_for = getattr(replies, "reply_kinds_for", None)
    parsers = getattr(replies, "REPLY_PARSERS", None)

    def check(key: str) -> bool:
        if callable(kinds_for):
            try:
                return bool(kinds_for(key))
            except Exception:  # noqa: BLE001 - a failing lookup is a missing cell
                return False
        return parsers is not None and key in parsers

    return check


def main() -> int:
    """Print the table; 0 when every cell is present, else 1."""
    commands = _import_without_home_assistant(
        "custom_components.isocket.protocol.commands"
    )
    replies = _import_without_home_assistant(
        "custom_components.isocket.protocol.replies"
    )
    simulator = _import_without_home_assistant("simulator.isocket")
    table: dict[str, object] = getattr(commands, "COMMANDS", {})
    builders: dict[str, object] = getattr(commands, "BUILDERS", {})
    handled: Iterable[str] = getattr(simulator, "HANDLED_COMMANDS", frozenset())

    problems: list[str] = []
    keys = list(table)
    if SPEC.is_file():
        resolve = _resolver(table)
        in_spec = spec_command_keys(SPEC.read_text(encoding="utf-8"), resolve)
        problems += [
            f"in the spec, not in COMMANDS: {key}"
            for key in in_spec
            if key not in table
        ]
        problems += [
            f"in COMMANDS, not in the spec: {key}" for key in keys if key not in in_spec
        ]
        keys += [key for key in in_spec if key not in table]
    else:
        print(f"note: {SPEC} not found; using the COMMANDS table only")

    rows = _row_status(keys, builders, _parser_check(replies), handled)
    width = max((len(key) for key in keys), default=7)
    print(f"{'command':<{width}}  builder  parser  emulator")
    for key, *cells in rows:
        marks = ["ok" if cell else "MISSING" for cell in cells]
        print(f"{key:<{width}}  {marks[0]:<7}  {marks[1]:<7} {marks[2]}")
    missing = sum(not cell for _, *cells in rows for cell in cells)
    for problem in problems:
        print(problem)
    print(
        f"{len(rows)} commands, {missing} missing cells, {len(problems)} table/spec differences"
    )
    return 1 if missing or problems or not rows else 0


def _resolver(table: dict[str, object]) -> Callable[[str], str | None]:
    """Map a spec token (``SWITCHOFFTEMP=<t>C``, ``SIMCARD*X#``) to its key."""
    stems = sorted(
        (
            (getattr(spec, "stem", key), key)
            for key, spec in table.items()
            if getattr(spec, "argument", None)
        ),
        key=lambda row: -len(row[0]),
    )

    def resolve(token: str) -> str | None:
        if token in table:
            return token
        return next((key for stem, key in stems if token.startswith(stem)), None)

    return resolve


if __name__ == "__main__":
    sys.exit(main())
