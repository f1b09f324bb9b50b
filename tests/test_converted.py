"""Tables as PDF-to-Markdown converters and language models rebuild them: the pass that
turns them back into rows (``parse/_converted.py``), and the two properties over the
converter layouts — a consistent report gives no error, a broken one read with certainty
gives the error at its broken cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.document import Document, Line
from govdisclosure.findings import Severity
from govdisclosure.layouts import Layout, render
from govdisclosure.model import Report
from govdisclosure.parse import parse_text
from govdisclosure.parse._converted import regroup_converter_tables
from govdisclosure.validate import format_findings, validate

CONVERTER_LAYOUTS = (Layout.CONVERTER_MARKDOWN, Layout.LLM_MARKDOWN)


def regrouped(text: str) -> tuple[list[str], list[str]]:
    """The lines' texts after the pass, and the codes of its findings."""
    result = regroup_converter_tables(Document.from_text(text).lines)
    return [line.text for line in result.lines], [f.code for f in result.findings]


# --- the pass, shape by shape ------------------------------------------------------------


def test_text_without_tables_is_left_alone() -> None:
    lines = Document.from_text("一、总体情况\n本年度 100 件。\n").lines
    result = regroup_converter_tables(lines)
    assert result.lines == lines
    assert result.findings == ()


@pytest.mark.parametrize(
    "header",
    [
        "| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |",
        "| 项目 | 列1 | 列2 | 列3 |",
        "| Column 1 | Column 2 | Column 3 |",
        "|  | 数据1 | 数据2 |",
        "| 指标 |",
    ],
)
def test_made_up_headers_are_removed(header: str) -> None:
    lines, codes = regrouped(f"{header}\n|---|---|\n| 3.其他 | 1 | 2 |")
    assert lines == ["|---|---|", "| 3.其他 | 1 | 2 |"]
    assert codes == ["converter-header-removed"]


@pytest.mark.parametrize(
    "header",
    [
        "| 自然人 | 商业企业 | 总计 |",  # the report's own column headers
        "| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |",  # real 004, table 四
        "| 项目 | 数量 |",  # a word a converter does not make up
    ],
)
def test_printed_headers_are_kept(header: str) -> None:
    lines, codes = regrouped(f"{header}\n|---|---|\n| 1 | 2 | 3 |")
    assert lines[0] == header
    assert "converter-header-removed" not in codes


def test_markup_is_removed_from_cells() -> None:
    text = "| **（七）总计** | **5** | *3* | 1\\.属于<br>国家秘密 | 申请人 \\| 自然人 | &nbsp;\\- |"
    lines, codes = regrouped(text)
    assert lines == ["（七）总计\t5\t3\t1.属于 国家秘密\t申请人 自然人\t-"]
    assert codes == ["converter-table-read"]


def test_rows_without_markup_keep_their_text() -> None:
    text = "| 1.属于国家秘密 | 0 | 0 |\n| 2.重复申请 | 0 | 0 |"
    assert regrouped(text) == (text.split("\n"), [])


def test_html_table_is_read_as_rows_with_its_spans() -> None:
    text = (
        "前文<table><tr><th rowspan='2'>甲</th><th colspan=\"2\">乙</th></tr>\n"
        "<tr><td>1</td><td>2<br/>3</td></tr>\n"
        "<tr><td>&amp;</td></tr></table>后文"
    )
    result = regroup_converter_tables(Document.from_text(text).lines)
    assert [line.text for line in result.lines] == ["前文", "甲\t乙\t", "\t1\t2 3", "&", "后文"]
    # Each row keeps the line it stood on.
    assert [line.number for line in result.lines] == [1, 1, 2, 3, 3]
    assert [f.code for f in result.findings] == ["converter-table-read"]


def test_html_spans_are_bounded_and_a_cut_is_said() -> None:
    text = '<table><tr><td rowspan="99999" colspan="99999">x</td></tr><tr><td>1</td></tr></table>'
    result = regroup_converter_tables(Document.from_text(text).lines)
    first, second = (line.text.split("\t") for line in result.lines)
    assert first == ["x"] + [""] * 63
    assert second == [""] * 64
    cut = [f for f in result.findings if f.code == "span-cut"]
    assert [f.context for f in cut] == ["1"]


def test_placeholders_for_header_cells_are_removed() -> None:
    text = "申请人情况\n| - | - |\n|---|---|\n\n| 一、本年新收政府信息公开申请数量 | 1 | 1 |"
    lines, codes = regrouped(text)
    assert "| - | - |" not in lines
    assert codes == ["converter-header-removed"]
    # A header row of dashes over a table's rows, too.
    lines, _ = regrouped("| - | - | - |\n|---|---|---|\n| 3.其他 | 1 | 1 |")
    assert lines == ["|---|---|---|", "| 3.其他 | 1 | 1 |"]


def test_a_last_row_of_dashes_is_data() -> None:
    # Table 四 with every cell a dash: nothing of the table follows it.
    text = "行政复议 行政诉讼\n| - | - | - |\n|---|---|---|\n\n五、存在的主要问题及改进情况"
    lines, codes = regrouped(text)
    assert "| - | - | - |" in lines
    assert codes == []


SPLIT = """\
| 项目 |
|---|
| 一、本年新收政府信息公开申请数量 |
| 二、上年结转政府信息公开申请数量 |
| 三、本年度办理结果 |
| （一）予以公开 |

| 数据1 | 数据2 |
|---|---|
| 5 | 1 |
| 2 | - |
| 7 | 0 |"""


def test_labels_and_numbers_of_separate_tables_are_joined() -> None:
    result = regroup_converter_tables(Document.from_text(SPLIT).lines)
    texts = [line.text for line in result.lines]
    assert texts == [
        "|---|",
        "一、本年新收政府信息公开申请数量\t5\t1",
        "二、上年结转政府信息公开申请数量\t2\t-",
        "| 三、本年度办理结果 |",
        "（一）予以公开\t7\t0",
    ]
    # The joined rows point at the lines their numbers stood on.
    assert [line.number for line in result.lines][1:] == [10, 11, 5, 12]
    codes = [f.code for f in result.findings]
    # The made-up headers over both tables (项目, 数据1 …) are removed.
    assert codes == ["converter-header-removed"] * 2 + ["converter-rows-joined"]


def test_labels_and_numbers_are_not_joined_when_the_rows_do_not_match() -> None:
    text = SPLIT + "\n| 8 | 8 |"
    lines, codes = regrouped(text)
    assert "converter-rows-joined" not in codes
    assert "| 8 | 8 |" in lines


def test_a_header_over_one_row_of_numbers_is_not_a_label() -> None:
    # Real 004, table 四: the last header row, then the fifteen numbers.
    text = "| 维持 | 纠正 | 总计 |\n|---|---|---|\n| 40 | 0 | 40 |"
    assert regrouped(text) == (text.split("\n"), [])


MOVED = """\
三、收到和处理政府信息公开申请情况
| （六）其他处理 | 1 | 1 |
|---|---|---|
注：本表含上年结转。

四、政府信息公开行政复议、行政诉讼情况
| （七）总计 | 2 | 2 |
|---|---|---|
| 四、结转下年度继续办理 | 0 | 0 |

| 行政复议 | 行政诉讼 |"""


def test_rows_under_the_next_heading_are_moved_back() -> None:
    lines, codes = regrouped(MOVED)
    assert lines[:7] == [
        "三、收到和处理政府信息公开申请情况",
        "| （六）其他处理 | 1 | 1 |",
        "|---|---|---|",
        "| （七）总计 | 2 | 2 |",
        "|---|---|---|",
        "| 四、结转下年度继续办理 | 0 | 0 |",
        "注：本表含上年结转。",
    ]
    assert lines[8:] == ["四、政府信息公开行政复议、行政诉讼情况", "", "| 行政复议 | 行政诉讼 |"]
    assert codes == ["converter-rows-moved"]


def test_rows_of_the_next_table_stay() -> None:
    text = MOVED.replace("| （七）总计 | 2 | 2 |", "| 行政复议 | 2 | 2 |")
    lines, codes = regrouped(text)
    assert codes == []
    assert lines == text.split("\n")


def test_a_converted_table_reads_with_certainty() -> None:
    text = render(_one_report(), Layout.LLM_MARKDOWN, seed=3)
    parsed, findings = parse_text(text)
    assert parsed.tables == _one_report().tables
    assert all(c.source is None or c.source.uncertain is None for c in parsed.applications)
    assert not [f for f in findings if f.severity is not Severity.INFO]


def _one_report() -> Report:
    from test_render import SAMPLES

    return SAMPLES["2021-subtotal"]


_PIECES = st.sampled_from(
    [
        "|",
        " | ",
        "|---|",
        "\n",
        "\n\n",
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        '<td rowspan="3">',
        '<th colspan="40">',
        "</td>",
        "<br>",
        "\\|",
        "**",
        "-",
        "7",
        "1.属于国家秘密",
        "（七）总计",
        "数据1",
        "项目",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
)


@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_markdown_is_regrouped_without_error(text: str) -> None:
    lines = [Line(t, i) for i, t in enumerate(text.split("\n"), 1)]
    result = regroup_converter_tables(lines)
    # No line is invented: every line that comes out stood in the input.
    numbers = {line.number for line in lines}
    assert {line.number for line in result.lines} <= numbers


# --- the properties over the converter layouts ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("layout", CONVERTER_LAYOUTS, ids=lambda layout: layout.value)
@given(
    report=st.booleans().flatmap(
        lambda large: gds.reports(allow_missing=True, large_numbers=large, subtotal=None)
    ),
    seed=st.integers(0, 10_000),
)
def test_a_consistent_report_gives_no_error(layout: Layout, report: Report, seed: int) -> None:
    parsed, findings = parse_text(render(report, layout, seed=seed))
    errors = [*findings.errors, *validate(parsed).errors]
    assert not errors, format_findings(errors)


@pytest.mark.slow
@pytest.mark.parametrize("layout", CONVERTER_LAYOUTS, ids=lambda layout: layout.value)
@given(case=gds.inconsistent_reports(), seed=st.integers(0, 10_000))
def test_a_broken_cell_read_with_certainty_is_an_error_there(
    layout: Layout, case: tuple[Report, gds.Breakage], seed: int
) -> None:
    report, breakage = case
    parsed, _ = parse_text(render(report, layout, seed=seed))
    cell = next(
        c
        for c in parsed.table(breakage.table)
        if (c.row_key, c.column_key) == (breakage.row, breakage.column)
    )
    certain = cell.source is not None and cell.source.uncertain is None
    if breakage.rule != "negative-count":
        # The converters keep every cell beside its label: the broken one is read as
        # printed, with certainty. (A negative count in table 二, ``-1``, is read in every
        # layout as a dash and a number, each uncertain: then no error is claimed.)
        assert cell.value == breakage.actual, breakage.description
        assert certain, cell
    if cell.value != breakage.actual or not certain:
        return
    found = validate(parsed)
    hits = [
        f
        for f in found.errors
        if f.code == breakage.rule
        and f.table == breakage.table
        and (f.row == breakage.row or f.column == breakage.column)
    ]
    assert hits, (breakage.description, format_findings(found))
