"""The command line: ``govdisclosure parse`` and ``govdisclosure validate``, their outputs
and exit codes (0 fine, 1 an error-level finding, 2 unreadable input or bad usage), over
single files and over folders of good and bad files."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD_FILES, GOOD_EXAMPLES
from govdisclosure._text import default_lang
from govdisclosure.cli import main
from govdisclosure.codes import CODES
from govdisclosure.model import keys
from govdisclosure.serialize import from_json

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = str(EXAMPLES / "2024_city_office_clean.txt")
BROKEN = str(EXAMPLES / "2020_district_pdf_text.txt")
FLATTENED = str(EXAMPLES / "2022_bureau_flattened.txt")


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
    assert list(failures[0]) == ["source", "error", "reason", "reason_zh", "line"]
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


# --- the language people read --------------------------------------------------------------

KEYS = frozenset(
    member.key
    for enum_ in vars(keys).values()
    if isinstance(enum_, type) and issubclass(enum_, keys.KeyedEnum)
    for member in enum_
)
"""Every key of a table, section, row and column."""


def _sentences(text: str) -> str:
    """``text`` without its identifiers, each in a field of its own: the files' paths, the
    finding codes in their brackets, and the program's name opening a line."""
    for path in sorted((str(p) for p in EXAMPLES.iterdir()), key=len, reverse=True):
        text = text.replace(path, "")
    text = re.sub(r"\[([a-z-]+)\]", lambda m: "" if m[1] in CODES else m[0], text)
    return re.sub(r"^govdisclosure：", "", text, flags=re.MULTILINE)


def test_validate_in_chinese_names_no_key_in_its_sentences() -> None:
    code, out, err = run("validate", str(EXAMPLES), "--lang", "zh", "-j", "1")
    assert code != 0  # three examples are wrong on purpose
    text = out + err
    # Each wrong example is there, said in Chinese: the rule, where, what was found.
    assert "[applications-balance]" in text
    assert "位置：收到和处理政府信息公开申请情况 › 自然人，第 229 行" in text
    assert "应为 13，实为 3" in text
    assert "其他读法：2/13/6；21/3/6" in text
    assert "未能读取的文件（" in text
    assert "共 " in err
    assert "个文件" in err
    sentences = _sentences(text)
    named = sorted(k for k in KEYS if re.search(rf"(?<![A-Za-z_]){k}(?![A-Za-z_])", sentences))
    assert named == []
    # Nor any other English: one language at a time.
    english = [line for line in sentences.splitlines() if re.search(r"[A-Za-z]", line)]
    assert english == []


def test_validate_in_english_says_each_thing_once() -> None:
    code, out, _ = run("validate", BROKEN, FLATTENED, "--lang", "en", "-j", "1")
    assert code == 1
    assert "expected 13, found 3" in out
    assert "other readings: 2/13/6; 21/3/6" in out
    assert not re.search(r"expected .*\[", out)  # never a Python list as "found"
    assert "「自然人」列" not in out  # the Chinese message is not printed beside the English
    assert "应为" not in out


def test_the_locale_chooses_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, _ = run("validate", CLEAN)
    assert (code, out.rstrip()[-5:]) == (0, "未发现问题")
    code, out, _ = run("validate", CLEAN, "--lang", "en")
    assert out.rstrip().endswith("no findings")
    monkeypatch.setenv("LC_ALL", "C")  # LC_ALL wins over LANG, as POSIX reads the locale
    code, out, _ = run("validate", CLEAN)
    assert out.rstrip().endswith("no findings")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.Big5"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh"),  # set but empty: not the locale
        ({"LC_ALL": "zh_SG", "LANG": "en_GB"}, "zh"),
    ],
)
def test_default_lang_reads_the_locale_as_posix_does(environ: dict[str, str], lang: str) -> None:
    assert default_lang(environ) == lang


def test_parse_warns_in_the_language_chosen(tmp_path: Path) -> None:
    code, _, err = run("parse", FLATTENED, "--lang", "zh", "-o", str(tmp_path / "r.json"))
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{FLATTENED}：警告 数字拆分方式不唯一 [digits-ambiguous]（位置：")
    assert "“2136”有多种读法，取 2/1/36" in lines[0]
    assert "can be read" not in err
    _, _, err = run("parse", FLATTENED, "--lang", "en", "-o", str(tmp_path / "r.json"))
    assert "'2136' can be read in several ways" in err
    assert "有多种读法" not in err


def test_files_not_read_are_named_with_their_reason_in_chinese(mixed_dir: Path) -> None:
    code, out, err = run("validate", str(mixed_dir), "--lang", "zh", "-j", "1")
    assert code == 2
    said = {
        Path(line.split("：")[2]).name: line.split("：", 3)[3]
        for line in err.splitlines()
        if line.startswith("govdisclosure：错误：")
    }
    assert set(said) == set(BAD_FILES)
    assert said["scan.pdf"] == "PDF 没有文字层（扫描件）：请先进行文字识别（OCR）"
    assert said["empty.txt"] == "文档为空"
    assert said["2018_old_format.txt"].startswith("这是 2018 年度按 2019 年以前格式编写的报告")
    assert said["statistics.xlsx"].startswith("这是 Excel 表格，不是 Word 文档")
    assert "未能读取的文件（4 个）：" in out
    assert err.splitlines()[-1].startswith("govdisclosure：共 9 个文件，读取 5 个，失败 4 个；")
    # JSON keeps both languages.
    _, out, _ = run("validate", str(mixed_dir), "--lang", "zh", "--to", "json", "-q", "-j", "1")
    failures = {Path(f["source"]).name: f for f in json.loads(out)["failures"]}
    assert failures["scan.pdf"]["reason"] == "no text layer: scanned PDF; OCR it first"
    assert failures["scan.pdf"]["reason_zh"] == said["scan.pdf"]


def test_json_keeps_both_languages_and_the_readings_as_lists() -> None:
    for lang in ("zh", "en"):
        _, out, _ = run("validate", FLATTENED, "--to", "json", "--lang", lang)
        (first, _) = json.loads(out)["findings"]
        assert first["message"].startswith("'2136' can be read")
        assert first["message_zh"].startswith("“2136”有多种读法")
        assert (first["title"], first["title_zh"]) == ("Ambiguous digits", "数字拆分方式不唯一")
        assert (first["expected"], first["actual"]) == (None, None)
        assert first["reading"] == "2/1/36"
        assert first["alternatives"] == ["2/13/6", "21/3/6"]
        assert first["unplaced"] == []


def test_markdown_and_html_in_chinese(tmp_path: Path) -> None:
    code, out, _ = run("validate", BROKEN, FLATTENED, "--to", "md", "--lang", "zh", "-q")
    assert code == 1
    assert (
        "## " + BROKEN + "：示例区 2020 年度（2019 年格式）：错误 4 项，警告 0 项，提示 0 项" in out
    )
    assert "errors (" not in out
    page = tmp_path / "report.html"
    run("validate", BROKEN, FLATTENED, "-o", str(page), "--lang", "zh", "-q")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "其他读法：2/13/6；21/3/6" in html
    assert "应为 13，实为 3" in html
    assert "other readings" not in html
    from lxml import html as lxml_html

    body = lxml_html.fromstring(html).xpath("//body")[0].text_content()
    english = [line for line in _sentences(body).splitlines() if re.search(r"[A-Za-z]", line)]
    assert english == []


def test_timeout_makes_a_slow_file_a_failure_and_zero_lifts_it(tmp_path: Path) -> None:
    code, out, err = run("parse", CLEAN, "--timeout", "0.000000001", "--to", "json")
    assert code == 2
    assert "time budget" in err
    code, out, _ = run("parse", CLEAN, "--timeout", "0", "--to", "json")
    assert code == 0
    assert json.loads(out)["year"] == 2024
    code, _, _ = run("parse", CLEAN, "--timeout", "soon")
    assert code == 2
