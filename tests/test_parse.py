"""The public parsing API: results, errors, findings, and what is kept of the text."""

from __future__ import annotations

import attrs
import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure.parse._parser as parse_module
from govdisclosure.codes import CODES
from govdisclosure.document import Document
from govdisclosure.errors import ParseError
from govdisclosure.findings import Findings
from govdisclosure.layouts import render
from govdisclosure.model import Missing, Report, SectionKey
from govdisclosure.parse import ParseResult, parse_document, parse_text
from govdisclosure.parse import _meta as meta_module
from govdisclosure.parse._clean import _PIPE_SEPARATOR, clean_lines

ZERO_2021 = Report.create(
    agency="某县人民政府办公室",
    year=2023,
    format="2021",
    active={},
    applications={},
    appeals={},
)


def _report(**changes: object) -> Report:
    """A consistent 2021 report with every count 0, prose in sections 一, 五, 六."""
    import datetime as dt

    from govdisclosure.model import (
        ActiveTable,
        AppealsTable,
        ApplicationsTable,
        Section,
        StatisticsPeriod,
    )

    active = ActiveTable.empty("2021")
    active = active.with_values(dict.fromkeys(active.layout.cells, 0))
    applications = ApplicationsTable.empty("2021")
    applications = applications.with_values(dict.fromkeys(applications.layout.cells, 0))
    appeals = AppealsTable.empty()
    appeals = appeals.with_values(dict.fromkeys(appeals.layout.cells, 0))
    report = Report(
        agency="某县人民政府办公室",
        year=2023,
        format="2021",
        active=active,
        applications=applications,
        appeals=appeals,
        title="某县人民政府办公室2023年政府信息公开工作年度报告",
        period=StatisticsPeriod(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        preamble="本报告统计数据从2023年1月1日至2023年12月31日。",
        sections=[
            Section(SectionKey.OVERVIEW, "总体情况正文。\n第二段。"),
            Section(SectionKey.ACTIVE),
            Section(SectionKey.APPLICATIONS),
            Section(SectionKey.APPEALS),
            Section(SectionKey.PROBLEMS, "存在问题。"),
            Section(SectionKey.OTHER, "无。"),
        ],
    )
    return attrs.evolve(report, **changes)


REPORT = _report()
TEXT = render(REPORT, "clean_tsv")


def test_parse_text_returns_an_unpackable_frozen_result() -> None:
    result = parse_text(TEXT, source="mem.txt")
    assert isinstance(result, ParseResult)
    report, findings = result
    assert report is result.report
    assert isinstance(findings, Findings)
    assert report == REPORT
    assert report.source == "mem.txt"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.report = REPORT  # type: ignore[misc]


def test_sections_keep_heading_and_line() -> None:
    report, _ = parse_text(TEXT)
    lines = TEXT.split("\n")
    for section in report.sections:
        assert section.line is not None
        assert lines[section.line - 1] == section.heading == section.key.label


def test_parsed_cells_point_at_their_line() -> None:
    report, _ = parse_text(TEXT)
    lines = TEXT.split("\n")
    cell = report.applications.cell("new_requests", "total")
    assert cell.line is not None
    assert lines[cell.line - 1].startswith("一、本年新收政府信息公开申请数量")


def test_parse_document_accepts_a_document() -> None:
    report, _ = parse_document(Document.from_text(TEXT, source="doc"))
    assert report == REPORT


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  \n\t\n", "empty"),
        ("这是一段与年度报告无关的文字。\n第二行。", "no section heading"),
        (
            "\n".join(key.label + "\n正文。" for key in SectionKey),
            "no statistics table",
        ),
    ],
)
def test_unreadable_documents_raise_parse_error_with_reason(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert reason in info.value.reason
    assert info.value.__cause__ is None


def test_non_text_input_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="needs str"):
        parse_text(b"bytes")  # type: ignore[arg-type]


def test_internal_errors_are_wrapped_with_stage_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(parse_module, "assemble", broken)
    with pytest.raises(ParseError) as info:
        parse_text(TEXT)
    assert isinstance(info.value.__cause__, KeyError)
    assert "internal error" in info.value.reason
    assert "prose" in info.value.reason


def test_valid_input_has_no_error_findings_and_only_registered_codes() -> None:
    _, findings = parse_text(TEXT)
    assert findings.ok
    assert {f.code for f in findings} <= set(CODES)


def test_text_before_the_title_is_reported_not_dropped() -> None:
    report, findings = parse_text("网站导航 首页 > 信息公开\n" + TEXT)
    assert report == REPORT
    (found,) = findings.filter(code="unrecognized-text")
    assert found.line == 1
    assert found.context == "网站导航 首页 > 信息公开"


def test_crawler_header_is_kept_out_of_the_preamble() -> None:
    header = "标题: 某县人民政府办公室2023年度政府信息公开工作年度报告\n发布时间: 2024-01-01\n==== 正文 ====\n"
    body = TEXT.split("\n", 1)[1]  # without the title line
    report, findings = parse_text(header + body)
    assert report.title == "某县人民政府办公室2023年度政府信息公开工作年度报告"
    assert report.preamble == REPORT.preamble
    assert (report.agency, report.year) == (REPORT.agency, REPORT.year)
    assert any(f.code == "unrecognized-text" and f.line == 1 for f in findings)


def test_missing_section_heading_is_an_info_finding() -> None:
    text = TEXT.replace("五、存在的主要问题及改进情况\n\n", "")
    report, findings = parse_text(text)
    assert report.section("problems") is None
    assert "存在问题。" in report.text_of("appeals")
    (found,) = findings.filter(code="section-missing")
    assert found.section == "problems"


def test_table_missing_gives_missing_cells_and_an_error_finding() -> None:
    start = TEXT.index("四、政府信息公开行政复议")
    end = TEXT.index("五、存在的主要问题")
    text = (
        TEXT[:start]
        + "四、政府信息公开行政复议、行政诉讼情况\n\n本年度无行政复议。\n\n"
        + TEXT[end:]
    )
    report, findings = parse_text(text)
    assert all(isinstance(v, Missing) for v in report.appeals.values)
    assert report.applications == REPORT.applications
    assert report.text_of("appeals") == "本年度无行政复议。"
    assert [f.table for f in findings.filter(code="table-missing")] == ["appeals"]
    assert not findings.ok


def test_year_falls_back_to_the_statistics_period() -> None:
    text = TEXT.replace(REPORT.title, "某县人民政府办公室政府信息公开工作年度报告", 1)
    report, findings = parse_text(text)
    assert report.year == 2023
    assert report.agency == "某县人民政府办公室"
    assert findings.filter(code="year-from-period")


def test_format_is_inferred_from_a_citation_when_tables_do_not_tell() -> None:
    from govdisclosure.model import ReportFormat
    from govdisclosure.parse._meta import format_from_text

    assert format_from_text(TEXT) is None
    report, _ = parse_text(TEXT)
    assert report.format is ReportFormat.F2021


def test_page_footers_and_link_residue_inside_prose_are_removed() -> None:
    text = TEXT.replace("总体情况正文。", "总体情况正文。\n- 2 -\nmailto:a@b.cn）。", 1)
    report, findings = parse_text(text)
    assert report == REPORT
    assert findings.filter(code="page-footer-removed")
    assert findings.filter(code="link-residue-removed")


def test_markdown_headings_and_split_title() -> None:
    text = render(REPORT, "markdown", seed=3)
    report, _ = parse_text(text)
    assert report == REPORT


def test_flattened_page_is_split_at_headings() -> None:
    text = render(REPORT, "flattened", seed=1)
    assert text.count("\n") == 1
    report, findings = parse_text(text)
    assert [s.key for s in report.sections] == list(SectionKey)
    assert report.title == REPORT.title
    assert len(findings.filter(code="heading-inline")) == 6


def test_bare_page_number_before_a_page_break_is_a_footer() -> None:
    text = "第一页的文字\n\n1\n\f第二页的文字\n7\n\f第三页\n3\n\n\f第四页"
    cleaned = clean_lines(Document.from_text(text).lines)
    kept = [line.text for line in cleaned.lines if line.text.strip()]
    # 1 and 3 number their pages; 7 on page 2 is a value (a table's last cell), kept.
    assert kept == ["第一页的文字", "\f第二页的文字", "7", "\f第三页", "\f第四页"]
    assert [f.code for f in cleaned.findings] == ["page-footer-removed"] * 2


def test_running_header_on_every_page_is_removed() -> None:
    text = "标题\n正文一\n\f示例市人民政府办公室\n正文二\n\f示例市人民政府办公室\n正文三"
    cleaned = clean_lines(Document.from_text(text).lines)
    kept = [line.text for line in cleaned.lines if line.text.strip()]
    assert kept == ["标题", "正文一", "正文二", "正文三"]
    assert len(cleaned.findings) == 2


def test_byte_order_mark_left_by_the_reader_is_not_text() -> None:
    report = parse_text("\ufeff" + TEXT).report
    assert report == parse_text(TEXT).report
    assert report.agency == REPORT.agency


def test_a_cell_of_thousands_of_digits_is_unreadable_not_an_internal_error() -> None:
    # Found by fuzzing (a long line pasted into a table): Python refuses to turn more than
    # 4300 digits into an int, which escaped as "internal error … ValueError".
    text = render(_report(), "clean_tsv")
    row = next(line for line in text.split("\n") if line.startswith("规章"))
    report, findings = parse_text(text.replace(row, "规章\t0\t" + "7" * 5000 + "\t0"))
    assert report.active["regulations", "repealed"] == Missing()
    assert [f.context for f in findings if f.code == "cell-unreadable"] == ["7" * 5000]


_QUADRATIC_PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@given(st.text(alphabet=" \t|:-x", max_size=16))
def test_the_markdown_rule_pattern_reads_what_it_read(text: str) -> None:
    assert bool(_PIPE_SEPARATOR.match(text)) == bool(_QUADRATIC_PIPE_SEPARATOR.match(text))


@pytest.mark.parametrize(
    "line", [" " * 200_000 + "--x", "---" + " " * 200_000 + "x", "|--" + "\t" * 200_000 + "x"]
)
def test_a_long_run_of_spaces_is_no_markdown_rule_and_no_hang(line: str) -> None:
    # The pattern tried every split of a run of spaces between two ``\s*``: the quadratic
    # match took minutes on such a line. The generous regex timeout only catches a hang.
    assert _PIPE_SEPARATOR.match(line, timeout=30) is None


def test_only_the_start_of_a_long_title_is_searched_for_its_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A crawled page's title of 2019年 repeated made the search quadratic (minutes).
    searched: list[int] = []
    pattern = meta_module._TITLE_PARTS

    class Recording:
        def match(self, text: str) -> regex.Match[str] | None:
            searched.append(len(text))
            return pattern.match(text)

    monkeypatch.setattr(meta_module, "_TITLE_PARTS", Recording())
    assert meta_module.parse_title("2019年" * 8_000).year == 2019
    assert (
        meta_module.parse_title("红寺堡区人民政府2021年政府信息公开工作年度报告").agency
        == "红寺堡区人民政府"
    )
    assert searched
    assert max(searched) <= 200
