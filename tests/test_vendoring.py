"""A copy of the package vendored into another tool's tree works with the core
dependencies alone (issue 14).

``src/govdisclosure`` is copied as ``agency_tool/_vendor/govdisclosure`` and run in a child
Python that sees the standard library, that tree and attrs, cattrs and regex (with what
they need) and nothing else: no installed ``govdisclosure``, no extras.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govdisclosure
from govdisclosure.layouts import Layout, render
from govdisclosure.model import Report
from govdisclosure.strategies import reports

PACKAGE = Path(os.environ.get("VENDOR_FROM", Path(govdisclosure.__file__).resolve().parent))
# The core dependencies and what they import: top-level names on sys.path.
CORE = ("attr", "attrs", "cattr", "cattrs", "regex", "typing_extensions", "exceptiongroup")

_CHILD = r"""
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from agency_tool._vendor import govdisclosure as gd
from agency_tool._vendor.govdisclosure.layouts import render
from agency_tool._vendor.govdisclosure.serialize import to_csv

text = sys.stdin.read()
result = gd.parse_text(text)
report = result.report
findings = gd.validate(report)
back = gd.from_json(gd.to_json(report))
csv = to_csv([report])
try:
    gd.parse_file(sys.argv[3])
    missing = "no error"
except gd.MissingExtraError as error:
    missing = str(error)
try:
    from agency_tool._vendor.govdisclosure import strategies  # noqa: F401
    strategies_error = "no error"
except gd.MissingExtraError as error:
    strategies_error = str(error)
print(json.dumps({
    "agency": report.agency,
    "year": report.year,
    "cells": sum(1 for _ in report.active),
    "errors": [f.code for f in findings.errors],
    "round_trip": back == report,
    "csv_lines": len(csv.splitlines()),
    "missing_extra": missing,
    "strategies": strategies_error,
    "schema": bool(gd.serialize.load_schema()["properties"]),
    "leaked": sorted(
        name for name in sys.modules
        if name.split(".")[0] in ("govdisclosure", "lxml", "hypothesis", "pandas", "docx")
    ),
}))
"""


def _core_site(root: Path) -> Path:
    """A directory holding only the core dependencies (links to the installed ones)."""
    site = root / "site"
    site.mkdir()
    for name in CORE:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue  # not needed on this Python (exceptiongroup is built in from 3.11)
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (site / source.name).symlink_to(source, target_is_directory=source.is_dir())
    return site


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The tool's tree with the copy, the core site, and a web page (which needs [html])."""
    root = tmp_path_factory.mktemp("vendoring")
    tree = root / "tree"
    vendor = tree / "agency_tool" / "_vendor"
    vendor.mkdir(parents=True)
    (tree / "agency_tool" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(PACKAGE, vendor / "govdisclosure", ignore=shutil.ignore_patterns("__pycache__"))
    page = root / "report.html"
    page.write_text("<html><body><p>年度报告</p></body></html>", encoding="utf-8")
    return tree, _core_site(root), page


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(), layout=st.sampled_from([Layout.CLEAN_TSV, Layout.MARKDOWN]))
def test_a_vendored_copy_parses_validates_and_serializes_with_core_dependencies_only(
    vendored: tuple[Path, Path, Path], report: Report, layout: Layout
) -> None:
    tree, site, page = vendored
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _CHILD, str(tree), str(site), str(page)],
        input=render(report, layout),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    assert (got["agency"], got["year"]) == (report.agency, report.year)
    assert got["cells"] == sum(1 for _ in report.active)
    assert got["errors"] == []
    assert got["round_trip"] is True
    assert got["csv_lines"] > 1
    assert "govdisclosure[html]" in got["missing_extra"]
    assert "hypothesis" in got["strategies"]
    assert got["schema"] is True
    assert got["leaked"] == []
