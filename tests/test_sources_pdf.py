"""PDFs → Document: lines with pages, ruled tables, tables stitched across pages, scans."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, load_fixture_makers, rows
from govdisclosure.document import Document
from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.model import Report, ReportFormat
from govdisclosure.parse import parse_document
from govdisclosure.serialize.grid import table_grid
from govdisclosure.sources import SourceLimits, load_document, read_pdf, sniff

mf = load_fixture_makers()


def prose(doc: Document) -> list[tuple[int | None, str]]:
    return [(line.page, line.text) for line in doc.lines if line.cells is None]


# --- hand-made PDFs ----------------------------------------------------------------------


def test_words_become_lines_in_reading_order_with_pages() -> None:
    page_1 = (
        mf.pdf_text(72, 120, "second line")
        + mf.pdf_text(72, 100, "Annual")
        + mf.pdf_text(110, 100, "report")
    )
    page_2 = mf.pdf_text(72, 100, "on page two")
    doc = read_pdf(mf.tiny_pdf([page_1, page_2]))
    assert prose(doc) == [(1, "Annual report"), (1, "second line"), (2, "on page two")]
    assert [line.number for line in doc.lines] == [1, 2, 3]
    assert doc.lines[0].ref.page == 1


def test_characters_drawn_twice_for_bold_are_read_once() -> None:
    page = mf.pdf_text(72, 100, "Bold heading") + mf.pdf_text(72.3, 100.2, "Bold heading")
    assert prose(read_pdf(mf.tiny_pdf([page]))) == [(1, "Bold heading")]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [
        mf.pdf_text(72, 20, "County Government Office")
        + mf.pdf_text(72, 100, f"body {n}")
        + mf.pdf_text(290, 810, footer)
        for n, footer in ((1, "- 1 -"), (2, "2"), (3, "Page 3 of 3"))
    ]
    # a line in the top margin on one page only is text (a title), not a running header
    pages[0] = mf.pdf_text(72, 40, "The title") + pages[0]
    doc = read_pdf(mf.tiny_pdf(pages))
    assert prose(doc) == [(1, "The title"), (1, "body 1"), (2, "body 2"), (3, "body 3")]


def test_ruled_table_cells() -> None:
    page = mf.pdf_text(72, 60, "Table two") + mf.pdf_table(
        72,
        100,
        [120, 60, 60],
        [["Item", "made", "repealed"], ["Rules", "3", "5"], ["Documents", "", "7"]],
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert prose(doc) == [(1, "Table two")]
    assert rows(doc) == [("Item", "made", "repealed"), ("Rules", "3", "5"), ("Documents", "", "7")]
    assert doc.lines[1].text == "Item\tmade\trepealed"


def test_merged_cells_spanning_rows_and_columns() -> None:
    # a label spanning two rows and a header spanning two columns, drawn as one box each
    page = (
        mf.pdf_box(72, 100, 172, 120)
        + mf.pdf_text(75, 105, "Header")
        + mf.pdf_box(172, 100, 292, 120)
        + mf.pdf_text(175, 105, "Applicants")
        + mf.pdf_box(72, 120, 122, 160)
        + mf.pdf_text(75, 125, "Denied")
        + mf.pdf_table(122, 120, [50, 60, 60], [["a", "1", "2"], ["b", "3", "4"]])
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == [
        ("Header", "", "Applicants", ""),
        ("Denied", "a", "1", "2"),
        ("", "b", "3", "4"),
    ]


def _table_pages(header_repeated: bool) -> list[str]:
    widths = [120, 60, 60]
    first = (
        mf.pdf_text(72, 60, "Section three")
        + mf.pdf_table(
            72, 700, widths, [["Item", "a", "b"], ["row 1", "1", "2"], ["row 2", "3", "4"]]
        )
        + mf.pdf_text(290, 810, "- 1 -")
    )
    second_rows = [["row 3", "5", "6"], ["row 4", "7", "8"]]
    if header_repeated:
        second_rows.insert(0, ["Item", "a", "b"])
    second = (
        mf.pdf_table(72, 60, widths, second_rows)
        + mf.pdf_text(72, 200, "Section four")
        + mf.pdf_text(290, 810, "- 2 -")
    )
    return [first, second]


@pytest.mark.parametrize("header_repeated", [False, True])
def test_table_continued_on_the_next_page_is_stitched(header_repeated: bool) -> None:
    doc = read_pdf(mf.tiny_pdf(_table_pages(header_repeated)))
    assert rows(doc) == [
        ("Item", "a", "b"),
        ("row 1", "1", "2"),
        ("row 2", "3", "4"),
        ("row 3", "5", "6"),
        ("row 4", "7", "8"),
    ]
    assert [line.page for line in doc.lines if line.cells] == [1, 1, 1, 2, 2]
    assert prose(doc) == [(1, "Section three"), (2, "Section four")]


def test_tables_with_other_edges_are_not_stitched() -> None:
    first = mf.pdf_table(72, 700, [120, 60], [["A", "1"]])
    second = mf.pdf_table(72, 60, [100, 100, 100], [["B", "2", "3"]])
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("A", "1"), ("B", "2", "3")]


def test_row_split_by_the_page_break_is_one_row() -> None:
    widths = [150, 60]
    first = mf.pdf_table(72, 720, widths, [["row 1", "1"], ["long label", "2"]])
    second = mf.pdf_table(72, 60, widths, [["continued", ""], ["row 3", "3"]])
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("row 1", "1"), ("long label continued", "2"), ("row 3", "3")]


def test_repeated_header_laid_out_a_fraction_of_a_point_apart_is_dropped() -> None:
    # Word repeats the header on the new page; the page lays its cells out 0.6 pt apart.
    header = [["Item", "a", "b"]]
    first = mf.pdf_table(72, 700, [120, 60, 60], [*header, ["row 1", "1", "2"]])
    second = mf.pdf_table(72.6, 60, [120, 60, 60], [*header, ["row 2", "3", "4"]])
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("Item", "a", "b"), ("row 1", "1", "2"), ("row 2", "3", "4")]


def test_row_of_a_marker_after_the_page_break_is_a_row_of_its_own() -> None:
    # "-" in a value cell is a value: the row at the top of page 2 is not the rest of the
    # row above cut by the break.
    widths = [150, 60]
    first = mf.pdf_table(72, 740, widths, [["penalty", "13"]])
    second = mf.pdf_table(72, 60, widths, [["coercion", "-"]])
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("penalty", "13"), ("coercion", "-")]


def test_numbers_wrapped_across_the_page_break_are_one_number() -> None:
    # A row of numbers in narrow cells cut by the page break: 141 | 488 | 184 on page 1,
    # the rest of the first two (8, 9) at the top of page 2; 184 was whole.
    widths = [40, 40, 40]
    first = mf.pdf_table(72, 760, widths, [["141", "488", "184"]])
    second = mf.pdf_table(72, 60, widths, [["8", "9", ""]])
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("1418", "4889", "184")]


def test_a_number_wrapped_inside_its_cell_is_one_number() -> None:
    cell = mf.pdf_box(72, 100, 112, 140) + mf.pdf_text(75, 103, "141") + mf.pdf_text(75, 118, "8")
    doc = read_pdf(mf.tiny_pdf([cell + mf.pdf_table(112, 100, [40], [["7"]], height=40)]))
    assert rows(doc) == [("1418", "7")]


def test_merged_cell_cut_by_the_page_break_is_one_cell() -> None:
    # "Group" spans the last row of page 1 and both rows of page 2
    first = (
        mf.pdf_table(72, 740, [60, 60, 60], [["x", "y", "1"]])
        + mf.pdf_box(72, 760, 132, 780)
        + mf.pdf_text(75, 765, "Group")
        + mf.pdf_table(132, 760, [60, 60], [["a", "2"]])
    )
    second = mf.pdf_box(72, 60, 132, 100) + mf.pdf_table(
        132, 60, [60, 60], [["b", "3"], ["c", "4"]]
    )
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [("x", "y", "1"), ("Group", "a", "2"), ("", "b", "3"), ("", "c", "4")]


# --- tables without ruling lines --------------------------------------------------------


def _unruled(top: float, rows: list[list[str]], xs: list[float], pitch: float = 16) -> str:
    """A table drawn as text only, each cell's text at its column's left edge."""
    out = ""
    for r, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            if text:
                out += mf.pdf_text(x, top + r * pitch, text)
    return out


_COLUMNS = [72.0, 200.0, 260.0, 320.0]
_PROSE_1 = "The office received more requests this year than last year and answered all"
_PROSE_2 = "of them within the time limit set by the regulations on open government."


def test_unruled_table_keeps_blank_cells_in_their_columns() -> None:
    page = (
        mf.pdf_text(72, 60, _PROSE_1)
        + mf.pdf_text(72, 74, _PROSE_2)
        + _unruled(
            100,
            [
                ["Item", "made", "repealed", "in force"],
                ["Rules", "3", "5", "8"],
                ["Documents", "", "7", "9"],
                ["Notices", "4", "", "/"],
                ["Permits", "1", "2", ""],
            ],
            _COLUMNS,
        )
        + mf.pdf_text(72, 200, _PROSE_1)
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == [
        ("Item", "made", "repealed", "in force"),
        ("Rules", "3", "5", "8"),
        ("Documents", "", "7", "9"),
        ("Notices", "4", "", "/"),
        ("Permits", "1", "2", ""),
    ]
    # the paragraphs around the table stay paragraphs
    assert prose(doc) == [(1, _PROSE_1), (1, _PROSE_2), (1, _PROSE_1)]


def test_lines_with_gaps_but_no_numbers_stay_prose() -> None:
    page = (
        mf.pdf_text(72, 100, "Name")
        + mf.pdf_text(200, 100, "County office")
        + mf.pdf_text(72, 116, "Address")
        + mf.pdf_text(200, 116, "Main street")
        + mf.pdf_text(72, 140, _PROSE_1)
        # one line with a number is not a table either
        + mf.pdf_text(72, 160, "Total")
        + mf.pdf_text(200, 160, "12")
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == []
    assert [text for _, text in prose(doc)] == [
        "Name County office",
        "Address Main street",
        _PROSE_1,
        "Total 12",
    ]


def test_unruled_label_running_into_the_next_cell_is_cut_at_the_column() -> None:
    # "Documents" is 50.57 points wide in 10-point Helvetica: its number touches it
    page = (
        _unruled(
            100, [["Rules", "3", "5", "8"], ["Documents", "", "7", "9"]], [72, 122.57, 170, 220]
        )
        + mf.pdf_text(72, 132, "Permits")
        + mf.pdf_text(72 + 50.57, 132, "4")
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == [
        ("Rules", "3", "5", "8"),
        ("Documents", "", "7", "9"),
        ("Permits", "4", "", ""),
    ]


@pytest.mark.parametrize("centred", [False, True], ids=["top-aligned", "centred"])
def test_unruled_label_wrapped_over_lines_is_one_cell_of_its_row(centred: bool) -> None:
    # the label of the middle row takes two lines: beside its numbers and below them
    # (top-aligned, as Word lays out), or above and below them (centred, as a web page)
    numbers_at = 122.0 if centred else 116.0
    page = (
        _unruled(100, [["Secrets", "1", "2", "3"]], _COLUMNS)
        + mf.pdf_text(72, 116, "Other legal")
        + mf.pdf_text(72, 128, "rules")
        + _unruled(numbers_at, [["", "4", "", "6"]], _COLUMNS)
        + _unruled(146, [["Denied", "7", "8", "9"]], _COLUMNS)
    )
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == [
        ("Secrets", "1", "2", "3"),
        ("Other legal rules", "4", "", "6"),
        ("Denied", "7", "8", "9"),
    ]


def test_unruled_column_blank_in_every_row_is_kept_by_its_header() -> None:
    # table 四 has one row of numbers: a column blank there shows only by its header
    xs = [72.0, 120.0, 168.0, 216.0, 264.0]
    page = _unruled(100, [["A", "B", "Total", "C", "D"], ["1", "2", "", "4", "/"]], xs)
    doc = read_pdf(mf.tiny_pdf([page]))
    assert rows(doc) == [("A", "B", "Total", "C", "D"), ("1", "2", "", "4", "/")]


def test_unruled_table_continued_on_the_next_page_is_one_table() -> None:
    first = (
        mf.pdf_text(72, 700, _PROSE_1)
        + _unruled(
            740,
            [["Item", "a", "b", "c"], ["row 1", "1", "2", "3"], ["row 2", "4", "5", "6"]],
            _COLUMNS,
        )
        + mf.pdf_text(290, 810, "- 1 -")
    )
    second = (
        _unruled(60, [["row 3", "", "8", "9"], ["row 4", "10", "", "12"]], _COLUMNS)
        + mf.pdf_text(72, 120, _PROSE_2)
        + mf.pdf_text(290, 810, "- 2 -")
    )
    doc = read_pdf(mf.tiny_pdf([first, second]))
    assert rows(doc) == [
        ("Item", "a", "b", "c"),
        ("row 1", "1", "2", "3"),
        ("row 2", "4", "5", "6"),
        ("row 3", "", "8", "9"),
        ("row 4", "10", "", "12"),
    ]
    assert [line.page for line in doc.lines if line.cells] == [1, 1, 1, 2, 2]
    assert prose(doc) == [(1, _PROSE_1), (2, _PROSE_2)]


# --- refusals ----------------------------------------------------------------------------


def test_scanned_pdf_without_text_is_refused() -> None:
    page = "0.5 g 72 72 400 600 re f\n"  # a page that is only a picture
    with pytest.raises(SourceError, match="no text layer: scanned PDF; OCR it first"):
        load_document(mf.tiny_pdf([page, page]))


def test_page_count_limit() -> None:
    data = mf.tiny_pdf([mf.pdf_text(72, 100, f"page {n}") for n in range(5)])
    assert len(rows(read_pdf(data))) == 0
    with pytest.raises(SourceError, match="5 pages, over the limit of 3"):
        read_pdf(data, limits=SourceLimits(max_pages=3))
    with pytest.raises(SourceError, match="max_file_bytes"):
        read_pdf(data, limits=SourceLimits(max_file_bytes=100))


def test_broken_pdf_is_a_source_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a readable PDF"):
        load_document(b"%PDF-1.7\n this is not a PDF at all")
    path = tmp_path / "download.html"  # the name lies; the content decides
    path.write_bytes(b"%PDF-1.7\n this is not a PDF at all")
    with pytest.raises(SourceError, match=r"download\.html: not a readable PDF") as info:
        load_document(path)
    assert info.value.source == str(path)


def test_missing_pypdfium2_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    monkeypatch.setitem(sys.modules, "pypdfium2.raw", None)
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[pdf\]") as info:
        read_pdf(mf.tiny_pdf([mf.pdf_text(72, 100, "x")]))
    assert info.value.package == "pypdfium2"


def test_pdf_is_sniffed_even_after_leading_junk() -> None:
    assert sniff(b"%PDF-1.4\n") == "pdf"
    assert sniff(b"\r\n\0junk%PDF-1.7\n") == "pdf"


# --- reports made by the project, through Word and LibreOffice ----------------------------


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_committed_report_pdfs_come_back_cell_for_cell(fmt: ReportFormat) -> None:
    report = mf.sample_report(fmt)
    doc = load_document(FIXTURES / f"report_{fmt.value}.pdf")
    assert doc is not None
    expected = [tuple(r) for t in report.tables for r in table_grid(t).text_rows() if any(r)]
    assert rows(doc) == expected
    # table 三 breaks across pages 1 and 2, header rows repeated on page 2 in the 2021 file
    applications = [line for line in doc.lines if line.cells and len(line.cells) == 10]
    assert {line.page for line in applications} == {1, 2}
    # 三、本年度办理结果 stands one character per line in its narrow cell, cut by the break
    assert any(line.cells and line.cells[0] == "三、本年度办理结果" for line in applications)
    texts = [text for _, text in prose(doc)]
    assert texts[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"
    assert "六、其他需要报告的事项" in texts


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
def test_committed_pdf_parses_back_to_the_report(fmt: ReportFormat) -> None:
    report = mf.sample_report(fmt)
    assert_parses_back(load_document(FIXTURES / f"report_{fmt.value}.pdf"), report)
