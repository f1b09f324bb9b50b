"""Bytes to text: every encoding reports reach us in is detected, never assumed."""

from __future__ import annotations

import codecs
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.errors import MissingExtraError, ParseError, SourceError
from govdisclosure.model import Report, ReportFormat
from govdisclosure.parse import decode_bytes, parse_file, read_text_file
from govdisclosure.serialize.render import report_to_html

TEXT = (
    "红寺堡区人民政府办公室2024年政府信息公开工作年度报告\n"
    "一、总体情况\n本年新收政府信息公开申请数量 5 件。网站（www.hongsibu.gov.cn）\r\n"
)
# No ASCII at all: UTF-16 without BOM has no NUL bytes to betray it.
HANZI_ONLY = "红寺堡区人民政府办公室政府信息公开工作年度报告总体情况主动公开政府信息情况"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_decodes_every_encoding_reports_come_in(encoding: str) -> None:
    assert decode_bytes(TEXT.encode(encoding)) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gbk", "utf-8"])
def test_decodes_hanzi_only_text(encoding: str) -> None:
    assert decode_bytes(HANZI_ONLY.encode(encoding)) == HANZI_ONLY


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_is_not_part_of_the_text(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + TEXT.encode(encoding)) == TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"\x00" * 64,
        bytes(range(256)) * 8,
        "汉字".encode("gbk")[:3],  # truncated multibyte sequence
    ],
)
def test_binary_or_undecodable_raises_source_error_with_reason(data: bytes) -> None:
    with pytest.raises(SourceError) as info:
        decode_bytes(data, source="x.txt")
    assert info.value.source == "x.txt"
    assert "text" in info.value.reason or "encoding" in info.value.reason


def test_bad_bytes_after_a_bom_are_reported() -> None:
    with pytest.raises(SourceError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd")


def test_empty_bytes_are_empty_text() -> None:
    assert decode_bytes(b"") == ""


@given(st.binary(max_size=400))
def test_decode_raises_only_source_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except SourceError:
        return
    assert isinstance(text, str)


@given(st.text(max_size=200).filter(lambda t: "\x00" not in t))
def test_utf8_text_round_trips_when_it_is_text(text: str) -> None:
    controls = sum(1 for ch in text if (ord(ch) < 32 or ch == "\x7f") and ch not in "\t\n\r\f\v")
    if controls:
        return  # control characters make it not text; covered above
    assert decode_bytes(text.encode("utf-8")) == text.removeprefix("\ufeff")


def test_read_text_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    assert read_text_file(path) == TEXT


def test_read_text_file_missing(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        read_text_file(tmp_path / "absent.txt")


FIXTURES = Path(__file__).parent / "fixtures"


def _sample_report(fmt: ReportFormat) -> Report:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: Report = module.sample_report(fmt)
    return report


def _same_tables(parsed: Report, report: Report) -> None:
    assert (parsed.agency, parsed.year, parsed.format) == (
        report.agency,
        report.year,
        report.format,
    )
    assert parsed.tables == report.tables


@pytest.mark.parametrize("name", ["report.txt", "report.pdf", "index.jsp"])
def test_parse_file_reads_a_web_page_by_its_content_whatever_its_name(
    tmp_path: Path, name: str
) -> None:
    report = _sample_report(ReportFormat.F2021)
    path = tmp_path / name
    path.write_bytes(report_to_html(report).encode("gb18030"))
    _same_tables(parse_file(path).report, report)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_parse_file_reads_a_pdf_by_its_content_whatever_its_name(
    tmp_path: Path, fmt: ReportFormat
) -> None:
    path = tmp_path / "report.html"  # the name lies
    path.write_bytes((FIXTURES / f"report_{fmt.value}.pdf").read_bytes())
    _same_tables(parse_file(path).report, _sample_report(fmt))


@pytest.mark.parametrize(
    ("data", "extra", "module"),
    [
        (b"%PDF-1.4 binary", "pdf", "pypdfium2"),
        (b"<html><table></table></html>", "html", "lxml"),
    ],
)
def test_parse_file_without_the_extra_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, extra: str, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setitem(sys.modules, f"{module}.html", None)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(MissingExtraError, match=rf"govdisclosure\[{extra}\]"):
        parse_file(path)


def test_parse_file_of_a_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 some other archive")
    with pytest.raises(SourceError, match="ZIP") as info:
        parse_file(path)
    assert info.value.source == str(path)


def test_parse_file_of_binary_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ParseError):
        parse_file(path)
