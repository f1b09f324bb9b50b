"""The catalogue of finding codes: complete on import, one entry per code, both titles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from govdisclosure import codes, layouts, parse_text, validate
from govdisclosure import strategies as gds
from govdisclosure.codes import CODES, catalogue_markdown
from govdisclosure.findings import Finding, Severity
from govdisclosure.model import AppealsColumn, AppealsRow, Report, TableKey
from govdisclosure.model.rules import NON_NEGATIVE, SUM_RULES

SRC = Path(__file__).resolve().parents[1] / "src" / "govdisclosure"


def test_codes_are_complete_after_importing_the_package_alone() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import govdisclosure as g; print(len(g.CODES))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    page = catalogue_markdown()
    listed = sum(1 for line in page.splitlines() if line.startswith("| `"))
    assert int(out.stdout) == len(CODES) == listed


def test_every_code_has_distinct_titles_in_both_languages() -> None:
    titles = [info.title for info in CODES.values()]
    titles_zh = [info.title_zh for info in CODES.values()]
    assert all(titles)
    assert all(titles_zh)
    assert len(set(titles)) == len(titles)
    assert len(set(titles_zh)) == len(titles_zh)
    assert all(code == info.code for code, info in CODES.items())
    assert {info.area for info in CODES.values()} == {"parse", "validate"}


def test_every_declared_rule_has_its_code() -> None:
    for rule in (*SUM_RULES, NON_NEGATIVE):
        info = CODES[rule.code]
        assert info.area == "validate"
        assert info.severity is Severity.ERROR
        assert info.rule_zh == rule.statement_zh
        assert info.title_zh != rule.statement_zh  # the title names the problem


def test_module_constants_are_the_catalogue() -> None:
    constants = {
        name: value
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, type(codes.APPEALS_TOTAL))
    }
    assert set(constants.values()) == set(CODES.values())
    for name, info in constants.items():
        assert name == info.code.upper().replace("-", "_")


def test_code_info_builds_its_findings() -> None:
    f = codes.APPEALS_TOTAL.finding(
        "m", "信息", table=TableKey.APPEALS, row=AppealsRow.LITIGATION_DIRECT, column="total"
    )
    assert f == Finding(
        code="appeals-total",
        severity=Severity.ERROR,
        message="m",
        message_zh="信息",
        table="appeals",
        row="litigation_direct",
        column="total",
    )
    lowered = codes.APPEALS_TOTAL.finding(
        "m", severity=Severity.WARNING, column=AppealsColumn.TOTAL
    )
    assert lowered.severity is Severity.WARNING
    assert lowered.column == "total"


def _constructor_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Finding")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Finding")
        )
    ]


def test_findings_are_built_only_by_the_catalogue() -> None:
    offenders = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "findings.py" and (lines := _constructor_calls(path))
    }
    assert offenders == {}


@pytest.mark.parametrize("layout", layouts.LAYOUTS, ids=lambda layout: layout.value)
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=gds.inconsistent_reports())
def test_every_emitted_code_is_catalogued(
    layout: layouts.Layout, data: tuple[Report, gds.Breakage]
) -> None:
    report, _ = data
    text = layouts.render(report, layout, seed=3)
    parsed, found = parse_text(text)
    for f in (*found, *validate(parsed)):
        info = CODES[f.code]
        assert info.title
        assert info.title_zh
