"""Only protocol/ writes DeviceState; the HA glue asks for changes and reads.

The scan looks at every HA glue module (custom_components/isocket, outside
gsm/ and protocol/) for what would change a state object: assigning (or
deleting) an attribute named like a DeviceState field, writing into its
``settings`` or ``learned`` mappings, ``setattr``, and calling the writers
``apply``/``assume``/``seen``/``assume_factory_defaults`` (those belong to
protocol/client.py).
"""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from custom_components.isocket.protocol.state import DeviceState

PACKAGE = Path(__file__).parent.parent / "custom_components" / "isocket"
FIELDS = frozenset(f.name for f in fields(DeviceState))
MAPPINGS = frozenset({"settings", "learned", "setting_options"})
WRITERS = frozenset({"apply", "assume", "seen", "assume_factory_defaults"})


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
