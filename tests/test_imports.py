"""Imports flow one way: no module of tidings imports itself back, and `import tidings` is light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tidings

PACKAGE = Path(tidings.__file__).parent
HEAVY = ("spacy", "duckdb", "dask", "distributed")


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module under the package, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_modules(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """The modules an import anywhere in the module loads (inside functions and under
    TYPE_CHECKING too; relative imports resolved): `from pkg import x` is an edge to `pkg.x`
    when that is a module, else to `pkg`. Parent packages that Python runs on the way are no
    edges of their own, or every module would sit in a cycle with `tidings/__init__.py`."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                yield submodule if submodule in known else origin


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """Edges from each module to the tidings modules it imports (a package is its __init__)."""
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = imported_modules(tree, name, path.name == "__init__.py", known)
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_imports_graph_has_no_cycles() -> None:
    graph = import_graph(modules())
    found = cycles(graph)
    described = [
        " <-> ".join(c) + ": " + "; ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c)
        for c in found
    ]
    assert not found, "import cycles:\n" + "\n".join(described)


def write_package(root: Path, files: dict[str, str]) -> Path:
    for relative, source in files.items():
        path = root / "pkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # A function-level import closes the loop.
        (
            {"__init__.py": "", "a.py": "import pkg.b\n", "b.py": "def f():\n    import pkg.a\n"},
            [["pkg.a", "pkg.b"]],
        ),
        # Relative `from . import mod` is an edge to the module; TYPE_CHECKING counts.
        (
            {
                "__init__.py": "",
                "sub/__init__.py": "",
                "sub/x.py": "from . import y\n",
                "sub/y.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from ..sub.x import thing\n",
            },
            [["pkg.sub.x", "pkg.sub.y"]],
        ),
        # `from pkg import NAME` (not a module) is an edge to the package's __init__.
        (
            {"__init__.py": "from pkg.a import f\n", "a.py": "from pkg import VERSION\n"},
            [["pkg", "pkg.a"]],
        ),
        # A package importing its own submodule and the submodule importing a sibling is no cycle.
        (
            {"__init__.py": "from pkg.a import f\n", "a.py": "from pkg.b import g\n", "b.py": ""},
            [],
        ),
    ],
    ids=["function-level", "relative-type-checking", "package-name", "acyclic"],
)
def test_imports_cycle_finder_sees_every_kind_of_import(
    tmp_path: Path, files: dict[str, str], expected: list[list[str]]
) -> None:
    root = write_package(tmp_path, files)
    assert cycles(import_graph(modules(root))) == expected


def test_imports_tidings_stays_light() -> None:
    code = (
        "import json, sys, tidings; "
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
