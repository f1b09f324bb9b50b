"""Web pages → Document: grids with spans expanded, prose lines, charsets, clutter, safety."""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_fixture_makers, need_shared, prose, rows
from govdisclosure.document import Document
from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.model import Report, ReportFormat
from govdisclosure.parse import parse_document
from govdisclosure.serialize.grid import table_grid
from govdisclosure.serialize.render import report_to_html
from govdisclosure.sources import SourceLimits, decode_html, load_document, read_html, sniff
from govdisclosure.sources._grid import collapse, join_pieces

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "corpus" / "real"


make_fixtures = load_fixture_makers()


# --- grids -------------------------------------------------------------------------------


def test_rowspan_and_colspan_text_once_at_origin_empty_where_covered() -> None:
    page = """<html><body><table>
    <tr><td rowspan="2" colspan="2">corner</td><td colspan="2">top</td></tr>
    <tr><td>a</td><td>b</td></tr>
    <tr><td rowspan="3">group</td><td>x</td><td>1</td><td>2</td></tr>
    <tr><td>y</td><td>3</td><td>4</td></tr>
    <tr><td>z</td><td>5</td><td>6</td></tr>
    </table></body></html>"""
    doc = read_html(page)
    assert rows(doc) == [
        ("corner", "", "top", ""),
        ("", "", "a", "b"),
        ("group", "x", "1", "2"),
        ("", "y", "3", "4"),
        ("", "z", "5", "6"),
    ]
    # text is the cells joined by tabs, numbers count lines
    assert doc.lines[0].text == "corner\t\ttop\t"
    assert [line.number for line in doc.lines] == [1, 2, 3, 4, 5]


def test_short_rows_are_padded_and_empty_rows_dropped() -> None:
    page = "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr><tr><td></td></tr></table>"
    assert rows(read_html(page)) == [("a", "b", "c"), ("d", "", "")]


def test_thead_tbody_rows_in_order_and_th_cells() -> None:
    page = "<table><thead><tr><th>h1</th><th>h2</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert rows(read_html(page)) == [("h1", "h2"), ("1", "2")]


def test_rowspan_zero_and_overlong_spans_reach_the_end_of_the_table() -> None:
    page = (
        '<table><tr><td rowspan="0">all</td><td>1</td></tr><tr><td>2</td></tr>'
        '<tr><td>3</td><td rowspan="99999999" colspan="5000">big</td></tr></table>'
    )
    doc = read_html(page)
    assert rows(doc)[0][:2] == ("all", "1")
    assert rows(doc)[1][:2] == ("", "2")
    # colspan cut at the widest table a report has, and the cut reported
    assert len(rows(doc)[2]) == SourceLimits().max_table_columns
    assert [f.code for f in doc.findings] == ["span-cut"]
    assert doc.findings[0].line == 1  # the first row of the table
    assert read_html(page, limits=SourceLimits(max_table_columns=2000)).findings == ()
    assert len(rows(read_html(page, limits=SourceLimits(max_table_columns=2000)))[2]) == 1002


def test_span_bomb_is_refused_by_the_cell_limit() -> None:
    page = '<table><tr><td rowspan="6000" colspan="1000">x</td><td>y</td></tr>' + "<tr></tr>" * 6000
    with pytest.raises(SourceError, match="max_table_cells"):
        read_html(page, limits=SourceLimits(max_table_cells=100_000))


@st.composite
def span_tables(draw: st.DrawFn) -> tuple[str, list[tuple[str, ...]]]:
    """A random grid cut into rectangles, as HTML, with its expected expansion."""
    height = draw(st.integers(1, 6))
    width = draw(st.integers(1, 6))
    owner = [[-1] * width for _ in range(height)]
    cells: list[tuple[int, int, int, int]] = []
    for r in range(height):
        for c in range(width):
            if owner[r][c] != -1:
                continue
            max_w = 1
            while c + max_w < width and owner[r][c + max_w] == -1:
                max_w += 1
            w = draw(st.integers(1, max_w))
            h = draw(st.integers(1, height - r))
            # shrink h until the rectangle is free
            while any(owner[r + i][c + j] != -1 for i in range(h) for j in range(w)):
                h -= 1
            for i in range(h):
                for j in range(w):
                    owner[r + i][c + j] = len(cells)
            cells.append((r, c, h, w))
    html_rows = []
    expected = [[""] * width for _ in range(height)]
    for r in range(height):
        tds = []
        for i, (r0, c0, h, w) in enumerate(cells):
            if r0 == r:
                tds.append(f'<td rowspan="{h}" colspan="{w}">c{i}</td>')
                expected[r0][c0] = f"c{i}"
        html_rows.append("<tr>" + "".join(tds) + "</tr>")
    page = "<html><body><table>" + "".join(html_rows) + "</table></body></html>"
    return page, [tuple(row) for row in expected if any(row)]


@given(span_tables())
def test_any_partition_into_spans_expands_to_its_grid(
    case: tuple[str, list[tuple[str, ...]]],
) -> None:
    page, expected = case
    doc = read_html(page)
    if sum(1 for row in expected for text in row if text) == 1:
        # a one-cell table frames text: it is read as prose
        assert prose(doc) == ["c0"]
    else:
        assert rows(doc) == expected


# --- cell text and prose ----------------------------------------------------------------


def test_cell_text_collapses_whitespace_and_joins_br_lines() -> None:
    page = (
        "<table><tr><td>（二）部分公开<br>（区分处理的，\n   只计这一情形）</td>"
        "<td>  12 \n</td><td>Legal&nbsp;&nbsp; service<br/>agency</td>"
        "<td><p>行政</p><p>许可</p></td></tr></table>"
    )
    assert rows(read_html(page)) == [
        ("（二）部分公开（区分处理的，只计这一情形）", "12", "Legal service agency", "行政许可")
    ]


def test_block_elements_and_br_make_prose_lines() -> None:
    page = (
        "<html><body><div>一、总体情况</div><p>第一段\n文字。</p>"
        "<p>line one<br>line two</p><ul><li>甲</li><li>乙</li></ul>"
        "<span>inline</span> <b>text</b></body></html>"
    )
    assert prose(read_html(page)) == [
        "一、总体情况",
        "第一段文字。",
        "line one",
        "line two",
        "甲",
        "乙",
        "inline text",
    ]


def test_collapse_and_join_pieces() -> None:
    assert collapse("  a \t b\n ") == "a b"
    assert collapse("政府\n  信息") == "政府信息"
    assert collapse("政府  信息") == "政府 信息"  # a space the author typed stays
    assert collapse("a\tb", tabs=True) == "a\tb"
    assert join_pieces(["行政", "许可", "", "of", "fees"]) == "行政许可 of fees"


def test_title_from_head_when_the_body_does_not_state_it() -> None:
    page = "<html><head><title>测试市2025年政府信息公开工作年度报告</title></head><body><p>正文</p></body></html>"
    assert prose(read_html(page)) == ["测试市2025年政府信息公开工作年度报告", "正文"]
    stated = (
        "<html><head><title>某报告</title></head><body><h1>某报告</h1><p>正文</p></body></html>"
    )
    assert prose(read_html(stated)) == ["某报告", "正文"]


# --- charsets ----------------------------------------------------------------------------

_REPORT_PAGE = (
    "<html><head>{meta}<title>某县2024年政府信息公开工作年度报告</title></head><body>"
    "<p>一、总体情况</p><table><tr><td>规章</td><td>3</td></tr>"
    "<tr><td>行政规范性文件</td><td>12</td></tr></table><p>㛃（GBK 之外的字）</p></body></html>"
)


@pytest.mark.parametrize(
    ("meta", "codec"),
    [
        ('<meta charset="gbk">', "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030"),
        ("", "gb18030"),  # no declaration: detected
        ('<meta charset="utf-8">', "gb18030"),  # a page that lies about its charset
        ('<meta charset="iso-8859-1">', "gb18030"),
        ('<meta charset="gbk">', "utf-8"),  # and the other way round
        ("", "utf-8"),
    ],
)
def test_chinese_pages_decode_whatever_they_declare(meta: str, codec: str) -> None:
    page = _REPORT_PAGE.format(meta=meta)
    doc = load_document(page.encode(codec))
    assert doc is not None
    assert prose(doc) == [
        "某县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "㛃（GBK 之外的字）",
    ]
    assert rows(doc) == [("规章", "3"), ("行政规范性文件", "12")]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_bom_decides_the_encoding(bom: bytes) -> None:
    codec = {
        codecs.BOM_UTF8: "utf-8",
        codecs.BOM_UTF16_LE: "utf-16-le",
        codecs.BOM_UTF16_BE: "utf-16-be",
    }[bom]
    data = bom + _REPORT_PAGE.format(meta='<meta charset="gbk">').encode(codec)
    assert sniff(data) == "html"
    text, _ = decode_html(data)
    assert text.startswith("<html>")
    doc = load_document(data)
    assert doc is not None
    assert rows(doc) == [("规章", "3"), ("行政规范性文件", "12")]


def test_explicit_encoding_wins_and_unknown_encoding_is_a_source_error() -> None:
    data = _REPORT_PAGE.format(meta="").encode("big5", errors="replace")
    assert decode_html(data, encoding="big5")[1] == "big5"
    with pytest.raises(SourceError, match="unknown encoding"):
        decode_html(data, encoding="no-such-codec")


# --- clutter -----------------------------------------------------------------------------

_CLUTTERED = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>某县人民政府</title>
<style>.nav{color:red}</style><script>var menu = "首页 机构概况";</script>
<link rel="stylesheet" href="http://example.invalid/site.css"></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<nav><ul><li>首页</li><li>新闻中心</li></ul></nav>
<div id="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div class="main"><div class="article">
<h1>某县2024年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本县认真贯彻条例。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td>规章</td><td>0</td></tr></table>
<p>六、其他需要报告的事项</p><p>无。</p>
<img src="http://example.invalid/tracker.gif">
<iframe src="http://example.invalid/ad"></iframe>
</div>
<div class="share">分享到：微信 微博</div>
</div>
<div class="footer">版权所有：某县人民政府 网站标识码 1234 ICP备 0000</div>
<script>document.write("统计代码")</script>
</body></html>"""


def test_site_clutter_is_dropped_and_report_text_kept() -> None:
    doc = load_document(_CLUTTERED.encode("gbk"))
    assert doc is not None
    assert prose(doc) == [
        "某县人民政府",
        "某县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本县认真贯彻条例。",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "无。",
    ]
    assert rows(doc) == [("规章", "0")]
    text = doc.text()
    for clutter in (
        "版权所有",
        "分享到",
        "当前位置",
        "新闻中心",
        "统计代码",
        "color:red",
        "var menu",
    ):
        assert clutter not in text


def test_a_mislabelled_wrapper_holding_the_report_is_kept() -> None:
    # class="footer" on the element that holds the whole report: if unsure, keep it
    page = (
        '<html><body><div class="footer"><p>一、总体情况</p><p>正文正文正文。</p>'
        "<table><tr><td>规章</td><td>1</td></tr></table></div></body></html>"
    )
    doc = read_html(page)
    assert prose(doc) == ["一、总体情况", "正文正文正文。"]
    assert rows(doc) == [("规章", "1")]


def test_layout_tables_are_read_as_blocks_and_the_nested_table_as_a_grid() -> None:
    page = (
        "<html><body><table><tr><td>导航</td></tr><tr><td>"
        "<p>二、主动公开政府信息情况</p>"
        "<table><tr><td>规章</td><td>5</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    doc = read_html(page)
    assert prose(doc) == ["导航", "二、主动公开政府信息情况"]
    assert rows(doc) == [("规章", "5")]


# --- safety ------------------------------------------------------------------------------


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "<html><body><p>before &xxe; after</p></body></html>"
    )
    doc = read_html(page.encode())
    assert "TOP-SECRET-CONTENT" not in doc.text()
    assert "before" in doc.text()


def test_oversized_page_is_refused() -> None:
    with pytest.raises(SourceError, match="max_file_bytes"):
        load_document(b"<html>" + b"x" * 2000, limits=SourceLimits(max_file_bytes=1000))


def test_missing_lxml_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[html\]") as info:
        read_html("<html><body><p>x</p></body></html>")
    assert info.value.extra == "html"
    assert info.value.package == "lxml"


# --- sniffing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html></html>",
        b"  \n<html lang='zh'>",
        b"<!-- saved page --><table><tr><td>1</td></tr></table>",
        b'<?xml version="1.0" encoding="gbk"?><html>',
        b"<meta charset=gbk><p>x</p>",
    ],
)
def test_sniff_html(data: bytes) -> None:
    assert sniff(data) == "html"


@pytest.mark.parametrize(
    "data",
    [
        "某县2024年政府信息公开工作年度报告\n一、总体情况\n".encode(),
        "# 标题\n\n| a | b |\n|---|---|\n<br>\n".encode(),
        b"plain text mentioning <table> later on",
        b"",
    ],
)
def test_text_is_not_sniffed_and_load_document_returns_none(data: bytes) -> None:
    assert sniff(data) is None
    assert load_document(data) is None


def test_kind_overrides_sniffing() -> None:
    doc = load_document(b"just text <b>bold</b>", kind="html")
    assert doc is not None
    assert prose(doc) == ["just text bold"]
    with pytest.raises(ValueError, match="kind"):
        load_document(b"x", kind="xls")  # type: ignore[arg-type]


def test_unreadable_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        load_document(tmp_path / "missing.html")


# --- reports rendered by the project -------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_rendered_report_tables_come_back_cell_for_cell(fmt: ReportFormat) -> None:
    report = make_fixtures.sample_report(fmt)
    doc = load_document(report_to_html(report).encode("gb18030"))
    assert doc is not None
    expected = [tuple(r) for t in report.tables for r in table_grid(t).text_rows() if any(r)]
    assert rows(doc) == expected
    assert prose(doc)[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_generated_reports_tables_come_back_cell_for_cell(data: st.DataObject) -> None:
    from govdisclosure.strategies import reports

    report = data.draw(reports(allow_missing=True, subtotal=None))
    doc = read_html(report_to_html(report))
    expected = [tuple(r) for t in report.tables for r in table_grid(t).text_rows() if any(r)]
    assert rows(doc) == expected


# --- the real test page ------------------------------------------------------------------


def test_real_015_tables_carry_the_right_cells() -> None:
    need_shared(REAL)
    truth = json.loads((REAL / "truth" / "015.json").read_text(encoding="utf-8"))
    doc = load_document(REAL / "015.html")
    assert doc is not None
    assert doc.source == str(REAL / "015.html")
    assert truth["agency"] in prose(doc)[0]
    assert str(truth["year"]) in prose(doc)[0]
    by_label = {cells[0] or cells[1] or cells[2]: cells for cells in rows(doc)}
    # table 二: values stand after their label, spanning cells once
    assert by_label["规章"] == ("规章", "3", "5", "74")
    assert by_label["行政许可"] == (
        "行政许可",
        str(truth["active"]["administrative_licensing"]["decisions"]),
        "",
        "",
    )
    # table 三: every row's seven numbers are the truth's, the labels are not repeated
    numbers = [cells[3:] for cells in rows(doc) if len(cells) == 10 and cells[3].isdigit()]
    applications = truth["applications"]
    assert [list(map(int, n)) for n in numbers[: len(applications)]] == list(applications.values())
    denied = [cells for cells in rows(doc) if cells[2].startswith(("1.属于国家秘密", "2.其他法律"))]
    assert denied[0][:2] == ("", "（三）不予公开")
    assert denied[1][:2] == ("", "")
    # table 四: 15 numbers in one row, under a three-row header
    appeals = truth["appeals"]
    flat = [
        v
        for group in appeals.values()
        for v in (group.values() if isinstance(group, dict) else group)
    ]
    assert [int(v) for v in rows(doc)[-1]] == flat


# --- round trip through the parser ---------------------------------------------------------


def assert_parses_back(doc: Document | None, report: Report) -> None:
    assert doc is not None
    parsed = parse_document(doc).report
    assert (parsed.agency, parsed.year, parsed.format) == (
        report.agency,
        report.year,
        report.format,
    )
    assert parsed.active == report.active
    assert parsed.applications == report.applications
    assert parsed.appeals == report.appeals


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_rendered_page_parses_back_to_the_report(fmt: ReportFormat) -> None:
    report = make_fixtures.sample_report(fmt)
    assert_parses_back(load_document(report_to_html(report).encode("gb18030")), report)


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_generated_reports_parse_back_from_html(data: st.DataObject) -> None:
    from govdisclosure.strategies import reports

    report = data.draw(reports())
    assert_parses_back(read_html(report_to_html(report)), report)
