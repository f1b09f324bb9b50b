"""Word files → Document: body order, merged cells as one cell, .doc conversion, zip bombs."""

from __future__ import annotations

import io
import os
import stat
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import load_fixture_makers, prose, rows
from govdisclosure.document import Document
from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.model import Report, ReportFormat, SectionKey
from govdisclosure.parse import parse_document
from govdisclosure.serialize.grid import table_grid
from govdisclosure.sources import SourceLimits, load_document, read_doc, read_docx, sniff
from govdisclosure.templates import (
    AgencyStyle,
    HeadingStyle,
    LabelNoise,
    TablePlacement,
    Template,
)

make_fixtures = load_fixture_makers()


def saved(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def merged_table_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("某县2024年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=5, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "说明"  # 2 x 2
    table.cell(0, 2).merge(table.cell(0, 3)).text = "申请人情况"  # across
    table.cell(1, 2).text = "自然人"
    table.cell(1, 3).text = "总计"
    group = table.cell(2, 0).merge(table.cell(4, 0))  # down
    group.text = "（三）不予公开"
    for r, (label, a, b) in enumerate(
        [
            ("1.属于国家秘密", "1", "2"),
            ("2.其他法律行政法规禁止公开", "3", "4"),
            ("3.危及", "5", "6"),
        ],
        start=2,
    ):
        table.cell(r, 1).text = label
        table.cell(r, 2).text = a
        table.cell(r, 3).text = b
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return saved(document)


def test_merged_cells_are_one_cell_each_with_their_span() -> None:
    data = merged_table_docx()
    # python-docx's own view repeats a merged cell in every position it covers …
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert [c.text for c in table.rows[3].cells][:2] == [
        "（三）不予公开",
        "2.其他法律行政法规禁止公开",
    ]
    # … the source gives it once, at its first position
    doc = read_docx(data)
    assert rows(doc) == [
        ("说明", "", "申请人情况", ""),
        ("", "", "自然人", "总计"),
        ("（三）不予公开", "1.属于国家秘密", "1", "2"),
        ("", "2.其他法律行政法规禁止公开", "3", "4"),
        ("", "3.危及", "5", "6"),
    ]


def test_paragraphs_and_tables_in_document_order() -> None:
    doc = read_docx(merged_table_docx())
    kinds = [("row" if line.cells else line.text) for line in doc.lines]
    assert kinds == [
        "某县2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        *["row"] * 5,
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert all(line.page is None for line in doc.lines)
    assert doc.lines[2].text == "说明\t\t申请人情况\t"


def test_cell_paragraphs_and_line_breaks_join_paragraph_breaks_split() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("第一行")
    run = paragraph.add_run()
    run.add_break()
    run.add_text("第二行")
    document.add_paragraph("规章\t3\t5")
    table = document.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.text = "（二）部分公开"
    cell.add_paragraph("（区分处理的）")
    table.cell(0, 1).text = "Legal service"
    table.cell(0, 1).add_paragraph("agency")
    doc = read_docx(saved(document))
    assert prose(doc) == ["第一行", "第二行", "规章\t3\t5"]
    assert rows(doc) == [("（二）部分公开（区分处理的）", "Legal service agency")]


def _body_xml(inner: str) -> bytes:
    """A DOCX whose body is ``inner`` (for XML python-docx cannot build)."""
    document = docx.Document()
    data = saved(document)
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode()
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.index("<w:sectPr")
    xml = xml[:start] + inner + xml[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = xml.encode() if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, body)
    return out.getvalue()


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


H_RESTART = '<w:hMerge w:val="restart"/>'
V_RESTART = '<w:vMerge w:val="restart"/>'


def test_grid_before_content_controls_and_legacy_merges() -> None:
    body = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>在内容控件中</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:tbl>"
        f"<w:tr>{_tc('a')}{_tc('b')}{_tc('c')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{_tc("d")}{_tc("e")}</w:tr>'
        f"<w:tr>{_tc('h', H_RESTART)}{_tc('', '<w:hMerge/>')}"
        f"<w:sdt><w:sdtContent>{_tc('i')}</w:sdtContent></w:sdt></w:tr>"
        f"<w:tr>{_tc('v', V_RESTART)}{_tc('1')}{_tc('2')}</w:tr>"
        f"<w:tr>{_tc('', '<w:vMerge/>')}{_tc('3')}{_tc('4')}</w:tr>"
        "</w:tbl>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:txbxContent>"
        "<w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback>"
        "<w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    doc = read_docx(_body_xml(body))
    assert prose(doc) == ["在内容控件中", "框"]  # the text box once, not its fallback copy
    assert rows(doc) == [
        ("a", "b", "c"),
        ("", "d", "e"),
        ("h", "", "i"),
        ("v", "1", "2"),
        ("", "3", "4"),
    ]


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_report_in_the_official_layout_comes_back_cell_for_cell(fmt: ReportFormat) -> None:
    report = make_fixtures.sample_report(fmt)
    doc = load_document(make_fixtures.report_to_docx(report))
    assert doc is not None
    expected = [tuple(r) for t in report.tables for r in table_grid(t).text_rows() if any(r)]
    assert rows(doc) == expected
    assert prose(doc)[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"


def test_document_source_name() -> None:
    doc = load_document(merged_table_docx(), name="report.docx")
    assert doc is not None
    assert doc.source == "report.docx"


# --- safety ------------------------------------------------------------------------------


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * size)
    return out.getvalue()


def test_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    data = _bomb(20 * 2**20)
    assert len(data) < 100_000
    assert sniff(data) == "docx"
    with pytest.raises(SourceError, match=r"compressed .*zip bomb"):
        load_document(data)


def test_zip_bomb_is_refused_by_its_unpacked_size() -> None:
    with pytest.raises(SourceError, match=r"unpacks to .*max_unpacked_bytes"):
        read_docx(_bomb(3 * 2**20), limits=SourceLimits(max_unpacked_bytes=2**20))


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="positive"):
        SourceLimits(max_pages=0)


def test_damaged_docx_is_a_source_error() -> None:
    data = merged_table_docx()
    with pytest.raises(SourceError):
        read_docx(data[: len(data) // 2])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    with pytest.raises(SourceError, match=r"not a readable \.docx"):
        load_document(out.getvalue())


def test_zip_that_is_not_a_word_file_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError, match="Excel workbook, not a Word document"):
        load_document(out.getvalue())


def test_missing_lxml_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    data = merged_table_docx()
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[docx\]"):
        read_docx(data)


# --- .doc ----------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le")


def test_ole_files_are_sniffed() -> None:
    assert sniff(_OLE) == "doc"
    with pytest.raises(SourceError, match="not a Word document"):
        sniff(_OLE.replace("WordDocument".encode("utf-16-le"), "Workbook".encode("utf-16-le")))


def test_doc_without_libreoffice_says_how(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SourceError, match=r"install LibreOffice .*\.docx"):
        load_document(_OLE)


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_doc_is_converted_by_soffice_then_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = tmp_path / "converted.docx"
    converted.write_bytes(merged_table_docx())
    # Stands in for LibreOffice: writes <outdir>/<stem>.docx as soffice does.
    script = _fake_soffice(
        tmp_path,
        "import sys, shutil, pathlib\n"
        "args = sys.argv[1:]\n"
        "assert '--headless' in args and args[args.index('--convert-to') + 1] == 'docx'\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1]); out.mkdir(parents=True)\n"
        "source = pathlib.Path(args[-1])\n"
        f"shutil.copy({str(converted)!r}, out / (source.stem + '.docx'))\n",
    )
    monkeypatch.setattr("shutil.which", lambda name: str(script) if name == "soffice" else None)
    doc = read_doc(_OLE)
    assert rows(doc)[0] == ("说明", "", "申请人情况", "")


def test_doc_conversion_failure_and_timeout_are_source_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = _fake_soffice(tmp_path, "raise SystemExit(1)\n")
    monkeypatch.setattr("shutil.which", lambda name: str(failing))
    with pytest.raises(SourceError, match="could not convert"):
        read_doc(_OLE)
    (tmp_path / "slow").mkdir()
    slow = _fake_soffice(tmp_path / "slow", "import time; time.sleep(10)\n")
    monkeypatch.setattr("shutil.which", lambda name: str(slow))
    with pytest.raises(SourceError, match="did not convert"):
        read_doc(_OLE, limits=SourceLimits(conversion_timeout=0.5))


def test_fake_soffice_is_executable_here() -> None:
    # the .doc tests above rely on running a script with a shebang
    assert os.access(sys.executable, os.X_OK)


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
def test_word_file_parses_back_to_the_report(fmt: ReportFormat) -> None:
    report = make_fixtures.sample_report(fmt)
    assert_parses_back(load_document(make_fixtures.report_to_docx(report)), report)


@pytest.mark.parametrize(
    "template",
    [
        Template(tables=TablePlacement.CAPTIONED, agency=AgencyStyle.SIGNATURE),
        Template(
            omitted=SectionKey.APPEALS,
            labels=frozenset({LabelNoise.WRAPPED, LabelNoise.TYPO, LabelNoise.OTHER_TA}),
        ),
        Template(headings=HeadingStyle.WORDED, labels=frozenset({LabelNoise.HEADERS_WRAPPED})),
    ],
    ids=["captioned-signed", "omitted-wrapped", "worded-headers"],
)
def test_word_file_of_a_template_reads_back_what_it_states(template: Template) -> None:
    report = make_fixtures.sample_report(ReportFormat.F2021)
    data = make_fixtures.report_to_docx(report, template=template, seed=3)
    parsed, _findings = parse_document(read_docx(data))
    expected = template.apply(report)
    assert parsed.tables == expected.tables
    assert parsed.agency == expected.agency
