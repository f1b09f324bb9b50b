"""The bundled examples (``examples/``): made by the library, and what validation says of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from govdisclosure.cli import main
from govdisclosure.parse import parse_file
from govdisclosure.validate import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_examples_are_what_the_renderers_write(tmp_path: Path) -> None:
    written = _maker().write_examples(tmp_path)
    assert len(written) >= 5
    for path in written:
        committed = EXAMPLES / path.name
        assert committed.is_file(), f"{path.name} is not committed: run examples/make_examples.py"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{path.name} is stale: run examples/make_examples.py"
        )


# file -> (codes of error findings, codes of warning findings) that validation must give
EXPECTED = {
    "2024_city_office_clean.txt": (set(), set()),
    "2024_county_page_breaks.txt": (set(), set()),
    "2023_township_prose.txt": (set(), {"prose-disagrees"}),
    "2020_district_pdf_text.txt": ({"applications-balance", "applications-outcome-total"}, set()),
    "2022_bureau_flattened.txt": (set(), set()),
    "2024_bureau_gbk.html": ({"applications-row-total", "applications-outcome-total"}, set()),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings(name: str) -> None:
    report = parse_file(EXAMPLES / name).report
    found = validate(report)
    errors, warnings = EXPECTED[name]
    assert {f.code for f in found.errors} == errors
    assert {f.code for f in found.warnings} == warnings


def test_the_readme_command_exits_1_on_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert "applications-outcome-total" in out
    assert "示例镇" in out
