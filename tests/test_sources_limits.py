"""The bounded reader and every SourceLimits field: what each counts, when it refuses,
what is repaired and reported on the way (span cuts, control characters)."""

from __future__ import annotations

import importlib.util
import io
import os
import struct
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from govdisclosure.document import Document
from govdisclosure.errors import SourceError
from govdisclosure.parse import parse_file, parse_text
from govdisclosure.sources import SourceLimits, load_document, read_docx, read_html, read_pdf
from govdisclosure.sources._pdfstreams import check_streams
from govdisclosure.sources._read import ZipBudget, read_file

FIXTURES = Path(__file__).parent / "fixtures"


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mf = _module(FIXTURES / "make_fixtures.py", "make_fixtures")
hostile = _module(Path(__file__).parent / "fuzz" / "hostile.py", "hostile")


# --- files -------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="character device"):
        read_file("/dev/null", SourceLimits())
    with pytest.raises(SourceError, match="a directory, not a file") as info:
        read_file(tmp_path, SourceLimits())
    assert info.value.source == str(tmp_path)
    with pytest.raises(SourceError, match="cannot read the file"):
        read_file(tmp_path / "missing.txt", SourceLimits())


def test_a_file_is_read_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"x" * 4096)
    assert read_file(path, SourceLimits(max_file_bytes=4096)) == b"x" * 4096
    with pytest.raises(SourceError, match=r"over the limit of .*max_file_bytes"):
        read_file(path, SourceLimits(max_file_bytes=4095))


# --- ZIP members -------------------------------------------------------------------------


def _zip(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr(name, data)
    return out.getvalue()


def _budget(data: bytes, limits: SourceLimits | None = None) -> ZipBudget:
    return ZipBudget(data, zipfile.ZipFile(io.BytesIO(data)), limits or SourceLimits())


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip_members_inflate_whole_and_are_counted(method: int) -> None:
    text = b"<w:p>\xe6\x96\x87</w:p>" * 5000
    budget = _budget(_zip("a.xml", text, method))
    assert budget.read("a.xml") == text
    assert budget.unpacked == len(text)
    with pytest.raises(KeyError):
        budget.read("missing.xml")


def test_a_bad_crc_is_a_source_error() -> None:
    data = bytearray(_zip("a.xml", b"<x/>" * 100))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 16, 12345)
    with pytest.raises(SourceError, match="bad CRC-32"):
        _budget(bytes(data)).read("a.xml")


def test_zip_members_written_otherwise_than_word_writes_are_refused() -> None:
    with pytest.raises(SourceError, match="compression method 12"):
        _budget(_zip("a.xml", b"x" * 100, zipfile.ZIP_BZIP2)).read("a.xml")
    data = bytearray(_zip("a.xml", b"x" * 100))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + offset] |= 1  # the "encrypted" flag
    with pytest.raises(SourceError, match="encrypted"):
        _budget(bytes(data)).read("a.xml")


def test_what_a_member_inflates_to_is_counted_whatever_the_directory_says() -> None:
    blanks = b" " * (3 * 2**20)
    budget = _budget(_zip("a.xml", blanks), SourceLimits(max_unpacked_bytes=2**20))
    with pytest.raises(SourceError, match="max_unpacked_bytes"):
        budget.read("a.xml")
    with pytest.raises(SourceError, match=r"inflates more than 100:1.*max_compression_ratio"):
        _budget(_zip("a.xml", blanks)).read("a.xml")


def test_a_zip_listing_too_many_members_is_refused_before_it_is_listed() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
        for i in range(30):
            archive.writestr(f"m{i}", "")
    with pytest.raises(SourceError, match=r"lists 31 members.*max_zip_entries"):
        load_document(out.getvalue(), limits=SourceLimits(max_zip_entries=20))


# --- Word files --------------------------------------------------------------------------


def _word(body: str) -> bytes:
    return hostile._docx(hostile._document_xml(body))


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_word_paragraphs_tables_and_tags_are_counted() -> None:
    paragraphs = "".join(f"<w:p><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(50))
    assert len(read_docx(_word(paragraphs)).lines) == 50
    with pytest.raises(SourceError, match=r"more than 40 paragraphs.*max_paragraphs"):
        read_docx(_word(paragraphs), limits=SourceLimits(max_paragraphs=40))
    with pytest.raises(SourceError, match=r"more than 100 tags.*max_tags"):
        read_docx(_word(paragraphs), limits=SourceLimits(max_tags=100))
    table = f"<w:tbl><w:tr>{_cell('a')}{_cell('1')}</w:tr></w:tbl>"
    with pytest.raises(SourceError, match=r"more than 2 tables.*max_tables"):
        read_docx(_word(table * 3), limits=SourceLimits(max_tables=2))


def test_word_spans_past_the_widest_table_are_cut_and_reported() -> None:
    wide = _cell("wide", "<w:gridSpan w:val='999999999'/>")
    body = (
        "<w:p><w:r><w:t>标题</w:t></w:r></w:p><w:tbl>"
        f"<w:tr>{wide}{_cell('lost')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='99999'/></w:trPr>{_cell('gone')}</w:tr>"
        f"<w:tr>{_cell('a')}{_cell('1')}</w:tr>"
        "</w:tbl>"
    )
    doc = read_docx(_word(body), limits=SourceLimits(max_table_columns=4))
    assert [line.cells for line in doc.lines if line.cells] == [
        ("wide", "", "", ""),
        ("a", "1", "", ""),
    ]
    (cut,) = doc.findings
    assert (cut.code, cut.line) == ("span-cut", 2)
    assert "cut at column 4" in cut.message
    assert cut.context == "lost | gone"


def test_word_entities_are_never_expanded() -> None:
    data = hostile._docx(
        hostile._document_xml(
            "<w:p><w:r><w:t>before &e; after</w:t></w:r></w:p>",
            '<!DOCTYPE w:document [<!ENTITY e "EXPANDED">]>',
        )
    )
    assert [line.text for line in read_docx(data).lines] == ["before after"]


# --- web pages ---------------------------------------------------------------------------


def test_a_page_is_refused_by_its_tags_before_it_is_decoded() -> None:
    page = b"<html><body>" + b"<p>x</p>" * 100 + b"</body></html>"
    with pytest.raises(SourceError, match="page has 204 tags, over the limit of 200"):
        read_html(page, limits=SourceLimits(max_tags=200))
    assert len(read_html(page).lines) == 100


def test_page_tables_and_spans_are_counted() -> None:
    table = "<table><tr><td>a</td><td>1</td></tr></table>"
    with pytest.raises(SourceError, match="max_tables"):
        read_html(f"<html><body>{table * 3}</body></html>", limits=SourceLimits(max_tables=2))
    spans = '<table><tr><td rowspan="9999" colspan="200">x</td><td>1</td></tr>' + "<tr></tr>" * 999
    with pytest.raises(SourceError, match=r"cover more than 100000 cells.*max_table_cells"):
        read_html(f"<html><body>{spans}</table></body></html>")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE html [<!ENTITY a "]>x">]>',
        "<!-- saved --><!doctype html [\n<!ELEMENT p ANY>\n<!ATTLIST p id CDATA '>'>\n]>",
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">',
    ],
)
def test_a_doctype_and_its_internal_subset_never_reach_the_text(doctype: str) -> None:
    doc = read_html(f"{doctype}<html><body><p>测试市人民政府</p></body></html>")
    assert [line.text for line in doc.lines] == ["测试市人民政府"]


# --- PDFs --------------------------------------------------------------------------------


def _page(content: bytes, *, flate: bool = True) -> bytes:
    return hostile._one_page_pdf(content, flate=flate)


def test_pdf_streams_are_measured_as_they_inflate() -> None:
    text = b"BT /F1 10 Tf 72 700 Td (" + b"x" * 500 + b") Tj ET"
    check_streams(_page(text), SourceLimits())
    with pytest.raises(SourceError, match=r"inflate to more than 400 bytes.*max_unpacked_bytes"):
        check_streams(_page(text), SourceLimits(max_unpacked_bytes=400))
    with pytest.raises(SourceError, match=r"content stream .* more than 400 bytes"):
        check_streams(_page(text), SourceLimits(max_content_bytes=400))
    with pytest.raises(SourceError, match=r"draws more than 200 characters.*max_page_chars"):
        check_streams(_page(text), SourceLimits(max_page_chars=200))
    # Run-length data expands 64-fold: measured too.
    run_length = b"\x81 " * 200_000 + b"\x80"
    pdf = _page(run_length, flate=False).replace(
        b"/Length %d " % len(run_length), b"/Length %d /Filter /RunLengthDecode " % len(run_length)
    )
    with pytest.raises(SourceError, match="max_content_bytes"):
        check_streams(pdf, SourceLimits())


def test_pdf_pages_objects_and_characters_are_counted() -> None:
    pdf = mf.tiny_pdf([mf.pdf_text(72, 100, "x" * 300) + "1 1 2 2 re S\n" * 150])
    assert read_pdf(pdf).lines[0].text == "x" * 300
    with pytest.raises(SourceError, match=r"page 1 of the PDF has 300 characters.*max_page_chars"):
        read_pdf(pdf, limits=SourceLimits(max_page_chars=250))
    with pytest.raises(SourceError, match="draws 151 objects, over the limit of 100"):
        read_pdf(pdf, limits=SourceLimits(max_page_objects=100))


def _close(ours: list[list[tuple[float, ...]]], theirs: list[list[tuple[float, ...]]]) -> bool:
    """The same tables, cell for cell, give or take the single precision PDFium computes
    coordinates in (pdfminer parses the decimals the file writes)."""
    return len(ours) == len(theirs) and all(
        len(a) == len(b)
        and all(
            abs(x - y) < 0.01
            for cell_a, cell_b in zip(a, b, strict=True)
            for x, y in zip(cell_a, cell_b, strict=True)
        )
        for a, b in zip(ours, theirs, strict=True)
    )


def test_pdf_layout_is_pdfplumbers() -> None:
    """Lines, their boxes and the ruled tables read as pdfplumber reads them."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from govdisclosure.sources._pdfium import pdf_pages
    from govdisclosure.sources._pdflayout import dedupe_chars, find_tables, text_lines

    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    for path in sorted(FIXTURES.glob("*.pdf")):
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            expected = [
                (
                    [
                        (line["text"], round(line["top"], 3), round(line["bottom"], 3))
                        for line in page.dedupe_chars().extract_text_lines()
                    ],
                    [sorted(map(tuple, table.cells)) for table in page.find_tables(settings)],
                )
                for page in pdf.pages
            ]
        pages = list(pdf_pages(data, SourceLimits()))
        assert len(pages) == len(expected)
        for page, (lines, tables) in zip(pages, expected, strict=True):
            chars = dedupe_chars(page.chars)
            assert [(line.text, line.top, line.bottom) for line in text_lines(chars)] == lines
            ours = [sorted(table) for table in find_tables(page.edges, SourceLimits())]
            assert _close(ours, tables), path.name


# --- text --------------------------------------------------------------------------------


def test_control_characters_are_dropped_where_text_becomes_a_document() -> None:
    doc = Document.from_text("a\x00b\r\nc\x7f\x85d\n\x01")
    assert [line.text for line in doc.lines] == ["ab", "cd", ""]
    (finding,) = doc.findings
    assert (finding.code, finding.line) == ("control-characters-removed", 1)
    assert finding.message.startswith("4 control character(s)")
    assert "删除 4 个控制字符" in finding.message_zh
    assert Document.from_text("tab\tform\ffeed").findings == ()


def test_control_characters_in_a_report_are_reported_by_the_parse() -> None:
    text = (FIXTURES.parent.parent / "examples").glob("*.txt")
    sample = sorted(text)[0]
    clean = parse_text(sample.read_text(encoding="utf-8"))
    dirty = parse_text(sample.read_text(encoding="utf-8").replace("\n", "\x00\n", 3))
    assert dirty.report == clean.report
    assert {f.code for f in dirty.findings} - {f.code for f in clean.findings} == {
        "control-characters-removed"
    }


def test_parse_file_reads_through_the_bounded_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="FIFO"):
        parse_file(fifo)
