"""Real reports parse to exactly what they say (``../shared/corpus``: seeds and real/).

Every scored cell, the reporting body, the year and the format are compared with the
truth files; cells named in a truth file's ``skip`` list (a whole table, or
``[table, row, column]``) are not scored because their reading in the source is uncertain.
The corpus lives beside the repository; without it these tests skip (or fail, when
``GOVDISCLOSURE_REQUIRE_SHARED`` is set, as CI sets it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import need_shared
from govdisclosure.errors import ParseError
from govdisclosure.model import Missing, Report
from govdisclosure.parse import ParseResult, parse_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


def _params(files: list[Path]) -> list[Any]:
    if not files:
        # One test that skips (or fails, with GOVDISCLOSURE_REQUIRE_SHARED) saying why.
        return [pytest.param(CORPUS, id="no-corpus")]
    return [pytest.param(f, id=f.name) for f in files]


def _with_truth(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    files = sorted(f for p in patterns for f in folder.glob(p))
    return [f for f in files if (folder / "truth" / f"{f.stem}.json").is_file()]


SEEDS = _with_truth(CORPUS / "seeds", ("*.txt",))
REAL = _with_truth(CORPUS / "real", ("*.txt", "*.md", "*.html"))


def _skipped(truth: dict[str, Any]) -> tuple[set[str], set[tuple[str, ...]]]:
    tables: set[str] = set()
    cells: set[tuple[str, ...]] = set()
    for entry in truth.get("skip", []):
        if isinstance(entry, str):
            tables.add(entry)
        else:
            cells.add(tuple(entry))
    return tables, cells


def _differences(report: Report, truth: dict[str, Any]) -> list[str]:
    expected = Report.create(
        agency=truth["agency"],
        year=truth["year"],
        format=truth["format"],
        active=truth["active"],
        applications=truth["applications"],
        appeals=truth["appeals"],
    )
    skip_tables, skip_cells = _skipped(truth)
    out = []
    for field in ("agency", "year", "format"):
        if getattr(report, field) != getattr(expected, field):
            out.append(
                f"{field}: got {getattr(report, field)!r}, expected {getattr(expected, field)!r}"
            )
    if report.applications.subtotal != expected.applications.subtotal:
        out.append(
            f"applications.subtotal: got {report.applications.subtotal}, "
            f"expected {expected.applications.subtotal}"
        )
        return out
    for got_table, want_table in zip(report.tables, expected.tables, strict=True):
        name = want_table.key.key
        if name in skip_tables:
            continue
        for got, want in zip(got_table, want_table, strict=True):
            where = (name, want.row_key, want.column_key)
            if where in skip_cells or (name, want.row_key) in skip_cells:
                continue
            same = got.value == want.value or (
                isinstance(got.value, Missing) and isinstance(want.value, Missing)
            )
            if not same:
                out.append(
                    f"{'.'.join(where)}: got {got.value!r}, expected {want.value!r} "
                    f"(line {got.line})"
                )
    return out


def _parse(path: Path) -> ParseResult:
    # A wrapped internal error (a ParseError with a __cause__) is a bug, not a verdict on
    # the document: let it fail the test with its traceback.
    return parse_file(path)


@pytest.mark.parametrize("path", _params(SEEDS))
def test_seed_parses_to_its_truth(path: Path) -> None:
    need_shared(path)
    truth = json.loads((path.parent / "truth" / f"{path.stem}.json").read_text("utf-8"))
    report, _ = _parse(path)
    assert _differences(report, truth) == []


@pytest.mark.parametrize("path", _params(REAL))
def test_real_report_parses_to_its_truth(path: Path) -> None:
    need_shared(path)
    truth = json.loads((path.parent / "truth" / f"{path.stem}.json").read_text("utf-8"))
    report, _ = _parse(path)
    assert _differences(report, truth) == []


def _real(name: str) -> Path:
    return need_shared(CORPUS / "real" / name)


def test_pre_2019_report_is_refused_with_a_reason() -> None:
    with pytest.raises(ParseError) as info:
        parse_file(_real("012.txt"))
    assert info.value.__cause__ is None
    assert "pre-2019" in info.value.reason
    assert "2018" in info.value.reason
    assert "2019 trial and 2021 formats are supported" in info.value.reason


def test_2020_report_in_the_trial_format_reports_what_it_says() -> None:
    report, _ = _parse(_real("007.txt"))
    assert report.format.value == "2019"
    assert (report.agency, report.year) == ("平潭综合实验区", 2020)
    # the source is inconsistent; the parser reports what it prints
    assert report.applications["total_processed", "natural_person"] == 20
    assert report.applications["total_processed", "total"] == 21
    assert report.text_of("other") == "无其他需要报告的事项"


@pytest.mark.parametrize("path", _params(SEEDS + REAL))
def test_corpus_metadata_and_sections(path: Path) -> None:
    need_shared(path)
    report, findings = _parse(path)
    assert report.title.endswith("政府信息公开工作年度报告")
    assert report.sections[0].key.key == "overview"
    assert report.sections[-1].key.key == "other"
    assert report.text_of("other")
    # nothing was dropped silently: every finding code is registered
    from govdisclosure.codes import CODES

    assert {f.code for f in findings} <= set(CODES)


def test_crawled_page_keeps_its_header_out_of_the_preamble() -> None:
    report, findings = _parse(_real("008.txt"))
    assert report.title == "平潭综合实验区2022年度政府信息公开工作年度报告"
    assert report.preamble.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "发布时间" not in report.preamble
    header = [f for f in findings if f.code == "unrecognized-text" and f.line == 1]
    assert header
    assert "发布时间" in (header[0].context or "")
    assert report.section("appeals") is not None
    assert report.period is not None
    assert report.period.start.year == 2022


def test_markdown_report_without_heading_five() -> None:
    report, findings = _parse(_real("004.md"))
    assert report.section("problems") is None
    assert [f.section for f in findings if f.code == "section-missing"] == ["problems"]
    # the text of the missing section 五 stays with section 四, after its table
    assert "2025 年工作中存在的主要问题" in report.text_of("appeals")
    assert report.title == "2025年上海市人民政府办公厅政府信息公开工作年度报告"
    assert report.text_of("other") == "2025 年度本机关未收取信息公开处理费。"
