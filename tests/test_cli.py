"""The command line: ``govdisclosure parse`` and ``govdisclosure validate``, their outputs
and exit codes (0 fine, 1 an error-level finding, 2 unreadable input or bad usage), over
single files and over folders of good and bad files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD_FILES, GOOD_EXAMPLES
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


def test_parse_several_files_to_json_lists_the_reports_and_failures() -> None:
    code, out, _ = run("parse", CLEAN, BROKEN)
    assert code == 0
    doc = json.loads(out)
    assert [d["year"] for d in doc["reports"]] == [2024, 2020]
    assert [d["source"] for d in doc["reports"]] == [CLEAN, BROKEN]
    assert doc["failures"] == []
    assert doc["summary"]["read"] == 2


def test_parse_to_csv_is_tidy_one_row_per_cell() -> None:
    code, out, _ = run("parse", CLEAN, "--to", "csv")
    assert code == 0
    assert not out.startswith("\ufeff")  # no byte-order mark on standard output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"source", "table", "row", "column", "value"} <= set(rows[0])
    assert {r["source"] for r in rows} == {CLEAN}
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
    doc = json.loads(out)  # one file named: its findings alone
    assert doc["ok"] is False
    assert doc["source"] == BROKEN
    places = {(f["code"], f["row"], f["column"]) for f in doc["findings"]}
    assert ("applications-outcome-total", "total_processed", "natural_person") in places
    assert all(f["message_zh"] and f["message"] for f in doc["findings"])


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, command: str) -> None:
    binary = tmp_path / "report.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    for path, reason in (
        (str(tmp_path / "absent.txt"), "no such file"),
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


def test_a_folder_without_documents_exits_2(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run("validate", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "no document found" in err


# --- batches ----------------------------------------------------------------------------


def _bad_reasons(failures: list[dict[str, object]]) -> dict[str, str]:
    return {Path(str(f["source"])).name: str(f["reason"]) for f in failures}


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_a_mixed_folder_keeps_going_and_names_each_bad_file(
    mixed_dir: Path, tmp_path: Path, command: str
) -> None:
    output = tmp_path / "out" / "result.json"
    code, out, err = run(command, str(mixed_dir), "-o", str(output), "-j", "1")
    assert code == 2  # a file could not be read: the worst that happened
    assert out == ""
    doc = json.loads(output.read_text(encoding="utf-8"))
    read = sorted(Path(d["source"]).name for d in doc["reports"])
    assert read == sorted(GOOD_EXAMPLES)
    reasons = _bad_reasons(doc["failures"])
    assert set(reasons) == set(BAD_FILES)
    for name, words in BAD_FILES.items():
        assert words in reasons[name], (name, reasons[name])
        # one line on standard error for each, naming the file and why
        (line,) = [x for x in err.splitlines() if name in x]
        assert line.startswith("govdisclosure: error: ")
        assert words in line
    assert doc["summary"] == {
        "files": 9,
        "read": 5,
        "failed": 4,
        "skipped": 1,  # the image; the hidden file is not even looked at
        "with_errors": 2 if command == "validate" else 0,
        "with_warnings": 2 if command == "validate" else 1,
    }
    # the summary at the end, on standard error
    last = err.splitlines()[-1]
    assert "5 of 9 files read, 4 failed" in last
    assert "1 file skipped" in last
    assert "reports/s" in last


def test_validate_exit_code_is_1_when_every_file_reads_but_a_report_is_wrong(
    mixed_dir: Path,
) -> None:
    code, _, err = run("validate", str(mixed_dir), "--glob", "20*_*.*", "-j", "1")
    # the 2018 report still matches the pattern and fails to read
    assert code == 2
    code, _, err = run("validate", str(mixed_dir), "--glob", "*.html", "-q")
    assert code == 1  # the GBK page has errors; nothing failed
    assert err == ""  # --quiet: no summary


def test_jobs_2_writes_the_same_bytes_as_jobs_1(mixed_dir: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        for command, name in (("parse", "cells.csv"), ("validate", "findings.json")):
            path = tmp_path / jobs / name
            code, _, _ = run(command, str(mixed_dir), "-j", jobs, "-o", str(path), "-q")
            assert code == 2
            outputs[jobs, name] = path.read_bytes()
            if name.endswith(".csv"):
                failures = path.with_name("cells.failures.csv").read_bytes()
                outputs[jobs, "failures"] = failures
    for name in ("cells.csv", "findings.json", "failures"):
        assert outputs["1", name] == outputs["2", name], name


def test_csv_for_excel_has_a_bom_a_source_column_and_integer_counts(
    mixed_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "cells.csv"
    code, _, _ = run("parse", str(mixed_dir), "-o", str(output), "-j", "1", "-q")
    assert code == 2
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {Path(r["source"]).name for r in rows} == set(GOOD_EXAMPLES)
    values = [r["value"] for r in rows if r["value"]]
    assert all("." not in v for v in values if not v.endswith((".2", ".6")))  # no 865.0
    by_key = {(Path(r["source"]).name, r["row"], r["column"]): r["value"] for r in rows}
    assert by_key["2020_district_pdf_text.txt", "administrative_licensing", "decisions"] == ("3051")
    assert by_key[
        "2020_district_pdf_text.txt", "centralized_procurement", "procurement_amount"
    ] == ("412.6")
    failures = list(
        csv.DictReader(io.StringIO(output.with_name("cells.failures.csv").read_text("utf-8-sig")))
    )
    assert {Path(f["source"]).name for f in failures} == set(BAD_FILES)
    assert list(failures[0]) == ["source", "error", "reason", "line"]
    code, _, _ = run("parse", str(mixed_dir), "-o", str(output), "--no-bom", "-q")
    assert not output.read_bytes().startswith(b"\xef\xbb\xbf")


def test_fail_fast_stops_at_the_first_bad_file_and_writes_nothing(
    mixed_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "cells.csv"
    code, _, err = run("parse", str(mixed_dir), "-o", str(output), "--fail-fast", "-j", "1")
    assert code == 2
    assert not output.exists()
    assert not output.with_name("cells.failures.csv").exists()
    assert not list(tmp_path.glob(".cells.csv*"))  # no temporary file left
    assert err.count("govdisclosure: error:") == 1
    assert "2018_old_format.txt" in err  # the first bad file in walking order


def test_glob_narrows_folders_but_not_named_files(mixed_dir: Path) -> None:
    code, out, _ = run(
        "parse", str(mixed_dir), CLEAN, "--glob", "*.HTML", "--to", "jsonl", "-j", "1", "-q"
    )
    assert code == 0
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert [Path(s).name for s in sources] == [
        "2024_bureau_gbk.html",
        "2024_city_office_clean.txt",
    ]


def test_parquet_needs_a_file_and_reads_back_as_the_cells(mixed_dir: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from govdisclosure import read_reports

    code, _, err = run("parse", str(mixed_dir), "--to", "parquet")
    assert code == 2
    assert "-o" in err
    output = tmp_path / "cells.parquet"
    code, _, _ = run("parse", str(mixed_dir), "-o", str(output), "-j", "1", "-q")
    assert code == 2
    written = pd.read_parquet(output)
    expected = read_reports(mixed_dir, jobs=1).cells
    pd.testing.assert_frame_equal(written, expected)
    assert str(written["value"].dtype) == "Int64"
    failures = pd.read_parquet(output.with_name("cells.failures.parquet"))
    assert {Path(s).name for s in failures["source"]} == set(BAD_FILES)


def test_validate_to_csv_is_one_row_per_finding_with_its_source(
    mixed_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "findings.csv"
    code, _, _ = run("validate", str(mixed_dir), "-o", str(output), "-q")
    assert code == 2
    rows = list(csv.DictReader(io.StringIO(output.read_text("utf-8-sig"))))
    assert list(rows[0])[:6] == ["source", "agency", "year", "format", "area", "code"]
    codes = {(Path(r["source"]).name, r["code"]) for r in rows}
    assert ("2024_bureau_gbk.html", "applications-row-total") in codes
    assert ("2023_township_prose.txt", "prose-disagrees") in codes


def test_markdown_and_text_list_the_files_not_read(mixed_dir: Path) -> None:
    code, out, _ = run("validate", str(mixed_dir), "-q", "-j", "1")
    assert code == 2
    assert out.rstrip().splitlines()[-5] == "Files not read (4):"
    code, out, _ = run("parse", str(mixed_dir), "--to", "md", "-q", "-j", "1")
    assert "## Files not read (4):" in out
    assert out.count("# 示例") == 5


def test_unknown_suffix_without_to_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("parse", CLEAN, "-o", str(tmp_path / "cells.xlsx"))
    assert code == 2
    assert "--to" in err
    assert not (tmp_path / "cells.xlsx").exists()


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    text = capsys.readouterr().out
    for code in ("0", "1", "2"):
        assert f"\n  {code}  " in text
    assert "--fail-fast" in text
    assert "--jobs" in text


def test_series_compares_a_body_year_against_year(tmp_path: Path) -> None:
    import attrs

    from govdisclosure.layouts import Layout, render
    from govdisclosure.parse import parse_file

    later = parse_file(CLEAN).report.without_sources()
    # 上年结转 of 2024 should be 2023's 结转下年度继续办理 (4 in the total column); 2023 says 9.
    carried = later.applications.with_values({("carried_forward", "total"): 9})
    earlier = attrs.evolve(later, year=2023, title="", applications=carried)
    for report in (earlier, later):
        (tmp_path / f"{report.year}.txt").write_text(render(report, Layout.CLEAN_TSV), "utf-8")
    _, out, _ = run("validate", str(tmp_path), "--series", "-q", "-j", "1")
    assert "Across years: 示例市人民政府办公室" in out
    assert "carry-over" in out
    code_without, _, _ = run("validate", str(tmp_path), "-q", "-j", "1")
    assert code_without == 1  # 2023's own tables no longer balance
    doc_path = tmp_path / "out" / "series.json"
    run("validate", str(tmp_path), "--series", "-q", "-o", str(doc_path))
    doc = json.loads(doc_path.read_text("utf-8"))
    (series,) = doc["series"]
    assert series["agency"] == "示例市人民政府办公室"
    assert {f["code"] for f in series["findings"]} >= {"carry-over-mismatch"}
