"""No import cycles inside custom_components/isocket.

Runtime cycles nowhere: every import counts, also one hidden inside a
function. Type-only cycles nowhere either: an import under
``if TYPE_CHECKING:`` that would close a loop is typed against a small
Protocol instead, so the package (the HA glue above all) reads bottom-up.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "custom_components" / "isocket"
ROOT = PACKAGE.parent.parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(
    tree: ast.AST, *, type_only: bool = False
) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if not type_only and isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(
    files: dict[str, str], *, type_only: bool = False
) -> dict[str, set[str]]:
    """Module name -> the package modules it imports at runtime.

    ``type_only``: also those imported under ``if TYPE_CHECKING:``.
    """
    known = set(files)
    graph: dict[str, set[str]] = {}
    for name, source in files.items():
        is_package = source.startswith("#package\n")
        base = name.split(".") if is_package else name.split(".")[:-1]
        edges: set[str] = set()
        for node in _imports(ast.parse(source), type_only=type_only):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    stem = base[: len(base) - node.level + 1]
                    module = ".".join([*stem, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                # a name that is a submodule imports that module, else the module
                targets = [
                    f"{module}.{alias.name}"
                    if f"{module}.{alias.name}" in known
                    else module
                    for alias in node.names
                ]
            # a parent package is initialised before its modules: no cycle
            edges.update(
                t for t in targets if t in known and not name.startswith(f"{t}.")
            )
            edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def _package_files() -> dict[str, str]:
    files = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name == "__init__.py":
            source = f"#package\n{source}"
        files[_module_name(path)] = source
    return files


def test_no_runtime_import_cycles() -> None:
    """Every module can be imported on its own; nothing leans on import order."""
    graph = import_graph(_package_files())
    assert "custom_components.isocket.device" in graph
    assert find_cycle(graph) is None


def test_no_type_only_cycles() -> None:
    """Also counting TYPE_CHECKING imports, nothing in the package closes a circle.

    Above all in the HA glue; ``gsm/`` and ``protocol/`` keep the rule too
    (``protocol.state_updates`` types its state as ``LearnedState``).
    """
    graph = import_graph(_package_files(), type_only=True)
    assert "custom_components.isocket.sms_gateway.core" in graph
    assert "custom_components.isocket.protocol.state_updates" in graph
    assert find_cycle(graph) is None


def test_type_only_cycles_are_seen_when_asked() -> None:
    """The glue check can fail: a loop closed by a TYPE_CHECKING import."""
    files = {
        "pkg.a": "from . import b\n",
        "pkg.b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
    }
    assert find_cycle(import_graph(files)) is None
    assert find_cycle(import_graph(files, type_only=True)) == [
        "pkg.a",
        "pkg.b",
        "pkg.a",
    ]


def test_cycle_finder_sees_cycles() -> None:
    """A cycle through a function-local import is found; a type-only one is not."""
    files = {
        "pkg.a": "from . import b\n",
        "pkg.b": "def f():\n    from .a import x\n",
        "pkg.c": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
        "pkg.d": "from .c import y\n",
        "pkg.e.f": "from .. import a\nfrom . import g\n",
        "pkg.e.g": "from ..c import z\n",
    }
    graph = import_graph(files)
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.c"] == set()
    assert graph["pkg.e.f"] == {"pkg.a", "pkg.e.g"}
    assert graph["pkg.e.g"] == {"pkg.c"}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]
    files["pkg.b"] = "x = 1\n"
    assert find_cycle(import_graph(files)) is None
