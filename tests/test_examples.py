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
SRC = EXAMPLES.parent / "src"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_examples_are_what_the_renderers_write(tmp_path: Path) -> None:
    written = _module("make_examples").write_examples(tmp_path)
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


def test_the_dask_recipe_writes_the_cells_of_read_reports(tmp_path: Path) -> None:
    """examples/dask_to_parquet.py on dask's local process scheduler: its dataset,
    partitioned by year, holds exactly the cells that read_reports gives."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("dask.bag")
    pytest.importorskip("pyarrow")
    import os
    import subprocess
    import sys

    from govdisclosure import read_reports

    out = tmp_path / "cells"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "dask_to_parquet.py"),
            str(EXAMPLES),
            str(out),
            "--glob",
            "20*",
            "--workers",
            "2",
            "--partition-size",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "_failures.parquet",
        "year=2020",
        "year=2022",
        "year=2023",
        "year=2024",
    ]
    assert len(list((out / "year=2024").glob("*.parquet"))) == 2  # written by two tasks
    written = _module("dask_to_parquet").read_dataset(out)
    expected = read_reports(EXAMPLES, glob="20*", jobs=1).cells
    key = ["source", "table", "row", "column"]
    written = written.sort_values(key).reset_index(drop=True)
    expected = expected.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(written, expected)
    assert pd.read_parquet(out / "_failures.parquet").empty
