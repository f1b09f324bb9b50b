"""The command line: ``govdisclosure parse`` and ``govdisclosure validate``, their outputs
and exit codes (0 fine, 1 an error-level finding, 2 unreadable input or bad usage)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from govdisclosure.cli import main
from govdisclosure.serialize import from_json

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = str(EXAMPLES / "2024_city_office_clean.txt")
BROKEN = str(EXAMPLES / "2020_district_pdf_text.txt")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_parse_to_json_is_one_report_with_the_spec_keys() -> None:
    code, out, _ = run("parse", CLEAN, "--to", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["agency"], doc["year"], doc["format"]) == ("示例市人民政府办公室", 2024, "2021")
    report = from_json(out)
    assert report.applications["new_requests", "total"] == 50


def test_parse_several_files_to_json_is_a_list() -> None:
    code, out, _ = run("parse", CLEAN, BROKEN)
    assert code == 0
    docs = json.loads(out)
    assert [d["year"] for d in docs] == [2024, 2020]


def test_parse_to_csv_is_tidy_one_row_per_cell() -> None:
    code, out, _ = run("parse", CLEAN, "--to", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"table", "row", "column", "value"} <= set(rows[0])
    assert len(rows) == 10 + 175 + 15
    by_key = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert by_key["applications", "granted", "total"] == "31"
    assert by_key["active", "administrative_licensing", "decisions"] == "1268"


def test_parse_to_markdown_renders_the_official_layout() -> None:
    code, out, _ = run("parse", CLEAN, "--to", "md")
    assert code == 0
    assert "三、收到和处理政府信息公开申请情况" in out
    assert out.count("|") > 100


def test_validate_exit_codes() -> None:
    code, out, _ = run("validate", CLEAN)
    assert code == 0
    assert "no findings" in out
    code, out, _ = run("validate", CLEAN, BROKEN)
    assert code == 1
    # grouped by report, errors first, each naming its rule and place
    assert out.index("示例市人民政府办公室") < out.index("示例区")
    assert "applications-outcome-total" in out
    assert "total_processed" in out


def test_validate_json() -> None:
    code, out, _ = run("validate", "--json", BROKEN)
    assert code == 1
    (doc,) = json.loads(out)
    assert doc["ok"] is False
    places = {(f["code"], f["row"], f["column"]) for f in doc["findings"]}
    assert ("applications-outcome-total", "total_processed", "natural_person") in places
    assert all(f["message_zh"] and f["message"] for f in doc["findings"])


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, command: str) -> None:
    binary = tmp_path / "report.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    for path, reason in (
        (str(tmp_path / "absent.txt"), "no such file"),
        (str(tmp_path), "is a directory"),
        (str(binary), "not text"),
    ):
        code, out, err = run(command, path)
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1, err
        assert err.startswith(f"govdisclosure: error: {path}: ")
        assert reason in err
        assert err.count(path) == 1  # the path is said once


def test_text_that_is_no_report_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n今天讨论了三件事。\n", encoding="utf-8")
    code, _, err = run("validate", str(path))
    assert code == 2
    assert "no section heading" in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse"]) == 2
    assert main(["parse", CLEAN, "--to", "xml"]) == 2
    assert main(["frobnicate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "validate", CLEAN],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no findings" in done.stdout
