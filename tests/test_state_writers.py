"""Only protocol/ writes DeviceState; the HA glue asks for changes and reads.

The scan looks at every HA glue module (custom_components/isocket, outside
gsm/ and protocol/) for what would change a state object: assigning (or
deleting) an attribute named like a DeviceState field, writing into its
``settings`` or ``learned`` mappings, ``setattr``, and calling any of
DeviceState's writers (``WRITERS``: those belong to protocol/client.py, which
offers the glue ``unassume``/``restore_learned_at`` for restored entities).
``WRITERS`` is checked against protocol/state.py: every public method that
changes the state, directly or through another, is listed.
"""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from custom_components.isocket.protocol.state import DeviceState

PACKAGE = Path(__file__).parent.parent / "custom_components" / "isocket"
FIELDS = frozenset(f.name for f in fields(DeviceState))
MAPPINGS = frozenset({"settings", "learned", "setting_options"})
WRITERS = frozenset(
    {
        "apply",
        "assume",
        "seen",
        "assume_factory_defaults",
        "restore_learned",
        "drop_assumption",
    }
)
STATE_SOURCE = PACKAGE / "protocol" / "state.py"
# Calls on a mapping or list attribute of self that change it.
MUTATING_CALLS = frozenset(
    {"pop", "popitem", "setdefault", "update", "clear", "append", "extend", "remove"}
)


def _targets(node: ast.AST) -> list[ast.expr]:
    match node:
        case ast.Assign(targets=targets) | ast.Delete(targets=targets):
            return list(targets)
        case ast.AugAssign(target=target) | ast.AnnAssign(target=target):
            return [target]
    return []


def _flatten(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        return [leaf for item in target.elts for leaf in _flatten(item)]
    return [target]


def state_writes(source: str) -> list[str]:
    """Where ``source`` writes (or may write) device state, as ``line: what``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        for target in (t for raw in _targets(node) for t in _flatten(raw)):
            if isinstance(target, ast.Attribute) and target.attr in FIELDS:
                found.append(f"{node.lineno}: .{target.attr} =")
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr in MAPPINGS
            ):
                found.append(f"{node.lineno}: .{target.value.attr}[...] =")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in WRITERS:
                found.append(f"{node.lineno}: .{func.attr}()")
            if isinstance(func, ast.Name) and func.id == "setattr":
                found.append(f"{node.lineno}: setattr()")
    return sorted(found, key=lambda write: int(write.split(":")[0]))


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _writes_self(method: ast.FunctionDef) -> tuple[bool, set[str]]:
    """Whether the method changes ``self`` itself, and the self-methods it calls."""
    writes = False
    calls: set[str] = set()
    for node in ast.walk(method):
        for target in (t for raw in _targets(node) for t in _flatten(raw)):
            base = target.value if isinstance(target, ast.Subscript) else target
            if isinstance(base, ast.Attribute) and _is_self(base.value):
                writes = True
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("setattr", "Delta"):
            writes = writes or any(_is_self(arg) for arg in node.args[:1])
        if isinstance(func, ast.Attribute):
            owner = func.value
            if _is_self(owner):
                calls.add(func.attr)
            elif (
                isinstance(owner, ast.Attribute)
                and _is_self(owner.value)
                and func.attr in MUTATING_CALLS
            ):
                writes = True
    return writes, calls


def mutating_methods(source: str, class_name: str) -> set[str]:
    """Public methods of ``class_name`` that change an instance, also indirectly."""
    (cls,) = (
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and node.name == class_name
    )
    methods = {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}
    facts = {name: _writes_self(method) for name, method in methods.items()}
    mutating = {name for name, (writes, _) in facts.items() if writes}
    grown = True
    while grown:  # a method calling a writer writes too
        more = {name for name, (_, calls) in facts.items() if calls & mutating}
        grown = not more <= mutating
        mutating |= more
    return {name for name in mutating if not name.startswith("_")}


def test_writers_lists_every_mutating_method() -> None:
    """A new DeviceState writer must be listed, or the glue scan would miss it."""
    found = mutating_methods(STATE_SOURCE.read_text(encoding="utf-8"), "DeviceState")
    assert found == WRITERS


def test_mutating_method_finder() -> None:
    """Direct writes, writes through Delta, setattr, mapping calls and callers count."""
    source = """
class S:
    def a(self, x):
        self.x = x
    def b(self):
        self.learned.pop("k", None)
    def c(self):
        return self.a(1)
    def d(self):
        delta = Delta(self)
    def e(self, name):
        setattr(self, name, None)
    def f(self):
        return self.x + 1
    def _g(self):
        self.y = 2
    def h(self):
        self.items[0] = 1
"""
    assert mutating_methods(source, "S") == {"a", "b", "c", "d", "e", "h"}


def _glue_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in ("gsm", "protocol")
    ]


def test_only_protocol_writes_device_state() -> None:
    """No HA glue module writes a DeviceState (the client in protocol/ does)."""
    modules = _glue_modules()
    assert any(path.name == "switch.py" for path in modules)
    offenders = {
        path.name: writes
        for path in modules
        if (writes := state_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_scan_sees_state_writes() -> None:
    """The scan itself finds each kind of write, so the test above can fail."""
    bad = """
state.socket_on = True
device.data.alarm_armed, x = False, 1
device.data.settings["RING"] = "SWITCH"
device.data.learned["socket_on"] += now
state.apply(result, now)
device.client.state.assume(command, now)
setattr(state, name, value)
del state.temperature
self.name = "ok"
"""
    assert state_writes(bad) == [
        "2: .socket_on =",
        "3: .alarm_armed =",
        "4: .settings[...] =",
        "5: .learned[...] =",
        "6: .apply()",
        "7: .assume()",
        "8: setattr()",
        "9: .temperature =",
    ]
