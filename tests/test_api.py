"""The public API: explicit, sorted ``__all__`` lists that say what each module offers.

A name is public when it does not start with ``_``. Every public module that defines
``__all__`` keeps it sorted the way ruff's RUF022 sorts (the lint config selects it:
constants first, then classes, then everything else, each group in natural order), without
duplicates, and naming only what the module defines or re-exports from its own package.
The packages of the API (and the modules listed in ``API_MODULES``) go further: their
``__all__`` is exactly their public names, so nothing becomes public by accident.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import govdisclosure

PACKAGE_DIR = Path(govdisclosure.__file__).parent

# Modules whose __all__ the whole API rests on: they must define one.
REQUIRED = (
    "govdisclosure",
    "govdisclosure.model",
    "govdisclosure.findings",
    "govdisclosure.errors",
)
# Modules whose __all__ must be exactly their public names, when they exist; every public
# package that defines __all__ is held to it too.
API_MODULES = (
    *REQUIRED,
    *(
        f"govdisclosure.{name}"
        for name in (
            "serialize",
            "serialize.grid",
            "validate",
            "parse",
            "strategies",
            "layouts",
            "codes",
            "document",
            "templates",
        )
    ),
)
# Dunder names a module may list in __all__ although they start with "_".
PUBLIC_DUNDERS = frozenset({"__version__"})
OPTIONAL_DEPENDENCIES = ("lxml", "pypdfium2", "pdfplumber", "docx", "pandas", "hypothesis")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _public_modules_with_all() -> list[str]:
    """Every public module of the package whose source defines ``__all__``."""
    names = set(REQUIRED)
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        name = _module_name(path)
        if any(part.startswith("_") for part in name.split(".")):
            continue
        if re.search(r"^__all__\s*[:=]", path.read_text(encoding="utf-8"), re.MULTILINE):
            names.add(name)
    return sorted(names)


MODULES = _public_modules_with_all()
STRICT_MODULES = [
    name
    for name in MODULES
    if name in API_MODULES or (PACKAGE_DIR.parent / name.replace(".", "/") / "__init__.py").exists()
]


def _isort_style_key(name: str) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    """The order of ruff's RUF022: SCREAMING_CASE, then CamelCase, then the rest, naturally."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    chunks = tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
        for chunk in re.split(r"(\d+)", name)
        if chunk
    )
    return group, chunks


def _resolve(node: ast.ImportFrom, module: types.ModuleType) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _top_level_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements at module level, including those inside top-level if/try blocks."""
    out: list[ast.stmt] = []
    for stmt in body:
        out.append(stmt)
        if isinstance(stmt, ast.If):
            out.extend(_top_level_statements(stmt.body + stmt.orelse))
        elif isinstance(stmt, ast.Try):
            blocks = stmt.body + stmt.orelse + stmt.finalbody
            for handler in stmt.handlers:
                blocks += handler.body
            out.extend(_top_level_statements(blocks))
    return out


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in _target_names(elt)]
    return []


def defined_public_names(
    module: types.ModuleType, *, reexports_from: str | None = None
) -> set[str]:
    """Public names the module binds itself, or imports from ``reexports_from`` (a package).

    By default that package is the module itself when it is a package (re-exports from its
    submodules), and nothing for a plain module. Other imports (``typing``, ``attrs``, a
    sibling module) are its implementation, not its API; nor are submodules or
    ``from __future__ import annotations``.
    """
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    own_package = reexports_from
    if own_package is None and hasattr(module, "__path__"):
        own_package = module.__name__
    names: set[str] = set()
    for stmt in _top_level_statements(tree.body):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                names.update(_target_names(target))
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
            names.update(_target_names(stmt.target))
        elif isinstance(stmt, ast.ImportFrom) and own_package is not None:
            source = _resolve(stmt, module)
            if source == own_package or source.startswith(own_package + "."):
                names.update(alias.asname or alias.name for alias in stmt.names)
    return {
        name
        for name in names
        if not name.startswith("_")
        and name != "annotations"
        and not isinstance(getattr(module, name, None), types.ModuleType)
    }


def test_required_modules_are_checked() -> None:
    assert set(REQUIRED) <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
class TestAll:
    def test_defines_all(self, name: str) -> None:
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "__all__", None), list | tuple)

    def test_all_is_sorted(self, name: str) -> None:
        exported = list(importlib.import_module(name).__all__)
        expected = sorted(exported, key=_isort_style_key)
        first = next(
            (i for i, (a, b) in enumerate(zip(exported, expected, strict=True)) if a != b), None
        )
        assert exported == expected, f"{name}.__all__ is out of order from {exported[first:]}"

    def test_all_has_no_duplicates(self, name: str) -> None:
        exported = list(importlib.import_module(name).__all__)
        assert len(set(exported)) == len(exported)

    def test_all_names_only_what_the_module_defines(self, name: str) -> None:
        module = importlib.import_module(name)
        exported = set(module.__all__) - PUBLIC_DUNDERS
        # A plain module may re-export a name from elsewhere in the library.
        defined = defined_public_names(module, reexports_from="govdisclosure")
        stale = sorted(exported - defined)
        assert not stale, f"in __all__ but not defined in {name}: {stale}"

    def test_every_name_is_importable(self, name: str) -> None:
        module = importlib.import_module(name)
        for exported in module.__all__:
            assert hasattr(module, exported), exported
        namespace: dict[str, object] = {}
        exec(f"from {name} import *", namespace)
        assert set(module.__all__) <= set(namespace)


@pytest.mark.parametrize("name", STRICT_MODULES)
def test_all_is_exactly_the_public_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__) - PUBLIC_DUNDERS
    defined = defined_public_names(module)
    unlisted = sorted(defined - exported)
    assert not unlisted, f"public in {name} but not in __all__ (list them or add a _): {unlisted}"
    stale = sorted(exported - defined)
    assert not stale, f"in __all__ but not defined in {name}: {stale}"


def test_api_modules_are_held_to_exact_all_when_present() -> None:
    assert set(REQUIRED) <= set(STRICT_MODULES)
    for name in API_MODULES:
        path = PACKAGE_DIR.parent / name.replace(".", "/")
        exists = (path / "__init__.py").exists() or path.with_suffix(".py").exists()
        if exists and hasattr(importlib.import_module(name), "__all__"):
            assert name in STRICT_MODULES


def test_isort_style_key_orders_like_ruff() -> None:
    names = ["value", "Report", "CODES", "ActiveRow2021", "ActiveRow2019", "Row10", "Row9", "A"]
    assert sorted(names, key=_isort_style_key) == [
        "CODES",
        "A",
        "ActiveRow2019",
        "ActiveRow2021",
        "Report",
        "Row9",
        "Row10",
        "value",
    ]


def test_defined_public_names_ignores_imports_from_elsewhere() -> None:
    findings = importlib.import_module("govdisclosure.findings")
    defined = defined_public_names(findings)
    assert {"Finding", "Findings", "CodeInfo", "Severity"} <= defined
    # Imported for the implementation: attrs, typing, a sibling module's error class.
    assert not {"attrs", "Any", "GovDisclosureError", "annotations", "enum"} & defined


def test_py_typed_ships() -> None:
    assert (PACKAGE_DIR / "py.typed").is_file()


def test_version_is_a_string() -> None:
    assert isinstance(govdisclosure.__version__, str)
    assert re.match(r"^\d+\.\d+", govdisclosure.__version__)


def test_import_does_not_load_optional_dependencies() -> None:
    code = (
        "import sys, govdisclosure, govdisclosure.model, govdisclosure.findings\n"
        f"loaded = sorted(m for m in {OPTIONAL_DEPENDENCIES!r} if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_top_level_verbs_parse_validate_and_serialize() -> None:
    from govdisclosure import layouts

    report = govdisclosure.Report.create(
        agency="示例局",
        year=2024,
        format="2021",
        active={},
        applications={},
        appeals={"administrative_review": [1, 0, 0, 0, 2]},
        title="示例局2024年政府信息公开工作年度报告",
        sections=[govdisclosure.Section(k, heading=k.label) for k in govdisclosure.SectionKey],
    )
    text = layouts.render(report, "clean_tsv")
    parsed, _findings = govdisclosure.parse_text(text)
    assert parsed.appeals == report.appeals
    assert [f.code for f in govdisclosure.validate(parsed).errors] == ["appeals-total"]
    assert govdisclosure.from_json(govdisclosure.to_json(parsed)) == parsed
    assert govdisclosure.validate_series([parsed]).ok
    assert govdisclosure.parse_file is govdisclosure.parse.parse_file


def test_validate_stays_the_verb_when_its_subpackage_is_imported() -> None:
    code = (
        "import govdisclosure as gd, govdisclosure.validate, govdisclosure.parse\n"
        "print(type(gd.validate).__name__, gd.validate.__name__, callable(gd.parse_file))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["function", "validate", "True"]
