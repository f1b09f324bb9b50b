"""Imports flow one way: no circle, and no module imports from a layer above its own.

Every import in ``src/govdisclosure`` counts, those inside functions too (a lazy import that
runs back up is still a dependency on what is above).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "govdisclosure"

# Layers from the ground up: a module may import from its own layer and those below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_version", "errors", "_display", "_text", "_fold", "_deadline"),
    ("model",),
    ("findings", "_tableplan"),
    ("codes",),
    ("document",),
    ("sources", "validate", "strategies", "templates"),
    ("serialize", "parse"),
    ("layouts",),
    ("batch",),
    ("cli", "__main__", ""),
)


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> Iterator[str]:
    """The library modules ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [
                f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module
                for a in node.names
            ]
        else:
            continue
        for target in targets:
            if target in MODULES and target != name:
                yield target


GRAPH = {name: set(_imports(name, path)) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    top = name.removeprefix("govdisclosure").removeprefix(".").split(".")[0]
    for i, layer in enumerate(LAYERS):
        if top in layer:
            return i
    raise AssertionError(f"{name} is in no layer: add it to LAYERS")


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        _layer(name)


def test_no_import_runs_back_up() -> None:
    upward = sorted(
        (name, target)
        for name, targets in GRAPH.items()
        for target in targets
        if _layer(target) > _layer(name)
    )
    assert upward == []


def _circles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert _circles() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from govdisclosure.model import Report\n", {"govdisclosure.model"}),
        ("from .model import keys\n", {"govdisclosure.model.keys"}),
        ("def f():\n    import govdisclosure.parse\n", {"govdisclosure.parse"}),
    ],
)
def test_imports_are_read_inside_functions_and_relative(
    source: str, expected: set[str], tmp_path: Path
) -> None:
    path = tmp_path / "__init__.py"
    path.write_text(source, encoding="utf-8")
    assert set(_imports("govdisclosure", path)) == expected


def test_the_package_imports_itself_only_relatively() -> None:
    # A copy vendored under another name (agency_tool/_vendor/govdisclosure) finds its
    # modules only through relative imports (issue 14).
    absolute = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in MODULES.values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if ((isinstance(node, ast.ImportFrom) and not node.level and node.module) or "").split(".")[
            0
        ]
        == "govdisclosure"
        or (
            isinstance(node, ast.Import)
            and any(alias.name.split(".")[0] == "govdisclosure" for alias in node.names)
        )
    ]
    assert absolute == []
