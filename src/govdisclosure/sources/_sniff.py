"""What a file is, judged by its content, and how an HTML page's bytes decode.

File names lie (a ``.html`` that is a PDF, a ``.doc`` that is a DOCX, a download saved
as ``index.jsp``), so the kind is read from magic bytes; a page's charset is read from
its BOM or ``<meta>`` tag and checked against the bytes, because pages declaring
``utf-8`` while serving GBK are common.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import Literal

import regex

from ..errors import SourceError

__all__ = ["SourceKind", "decode_html", "sniff"]

SourceKind = Literal["html", "docx", "doc", "pdf"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that makes an OLE compound file a Word 97-2003 document (as UTF-16LE in
# the directory); Excel and PowerPoint files carry "Workbook" / "PowerPoint Document".
_WORD_STREAM = "WordDocument".encode("utf-16-le")

# An HTML page starts (after a BOM, blanks, comments or an XML declaration) with one of
# these tags; a text file with an inline <table> further down stays text.
_HTML_START = regex.compile(
    rb"""\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*
        <(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|span|center|font|link|style|script)\b""",
    regex.IGNORECASE | regex.DOTALL | regex.VERBOSE,
)
_HTML_ANYWHERE = regex.compile(rb"<html[\s>]|<!doctype\s+html", regex.IGNORECASE)

_META_CHARSET = regex.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE
)
_XML_ENCODING = regex.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")

# Chinese pages label GBK in many ways; GB18030 is a superset of all of them and decodes
# every byte sequence they produce (and the characters GBK lacks, such as 㛃 in names).
_CHINESE = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312"}

_WESTERN = {"iso8859-1", "cp1252", "ascii"}


def _utf16_head(data: bytes) -> bytes | None:
    """The first bytes of a UTF-16 page re-encoded as ASCII-compatible bytes."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            head = data[len(bom) : 4096 + len(bom)]
            return head[: len(head) // 2 * 2].decode(codec, "replace").encode("utf-8")
    return None


def sniff(data: bytes) -> SourceKind | None:
    """The kind of a file from its first bytes, or ``None`` for anything else (text).

    Raises :class:`SourceError` for containers that are clearly not a report document
    (a ZIP that is not a DOCX, an OLE file that is not a Word ``.doc``).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise SourceError(
                f"a damaged ZIP file (not a readable .docx): {exc}",
                reason_zh="ZIP 文件已损坏，不是可读取的 Word 文件（.docx）",
            ) from None
        if "word/document.xml" in names:
            return "docx"
        excel = "xl/workbook.xml" in names
        what = "an Excel workbook" if excel else "a ZIP archive"
        raise SourceError(
            f"{what}, not a Word document: expected a .docx, a PDF or a web page",
            reason_zh=f"这是 {'Excel 表格' if excel else 'ZIP 压缩包'}，不是 Word 文档："
            "只读取 Word 文件（.docx）、PDF 或网页",
        )
    if data.startswith(_OLE_MAGIC):
        if _WORD_STREAM in data:
            return "doc"
        raise SourceError(
            "an Office 97-2003 file that is not a Word document (an .xls or .ppt?): "
            "expected a .doc, .docx, PDF or web page",
            reason_zh="这是 Office 97-2003 格式的表格或演示文稿（.xls 或 .ppt），不是 Word 文档："
            "只读取 Word 文件、PDF 或网页",
        )
    text_head = _utf16_head(data) or data[:4096].removeprefix(codecs.BOM_UTF8)
    if _HTML_START.match(text_head) or _HTML_ANYWHERE.search(text_head[:1024]):
        return "html"
    return None


def _codec(label: bytes | str) -> str | None:
    name = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    name = name.strip().lower()
    if name in _CHINESE:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares in ``<meta charset>``, ``http-equiv`` or ``<?xml?>``."""
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(match.group(1)) if match else None


def decode_html(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode a page: ``(text, codec used)``.

    Order of trust: an explicit ``encoding`` (the HTTP header's charset, when the caller
    has it), a BOM, then UTF-8 (bytes of another encoding are almost never valid UTF-8,
    while GBK bytes of a page wrongly declared ``utf-8`` are common, and vice versa),
    then the declared charset, then GB18030. Bytes that fit none decode with the first
    candidate and U+FFFD.
    """
    candidates: list[str] = []
    if encoding is not None:
        codec = _codec(encoding)
        if codec is None:
            raise SourceError(
                f"unknown encoding {encoding!r}", reason_zh=f"未知的字符编码“{encoding}”"
            )
        candidates.append(codec)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            candidates.append(codec)
            break
    candidates.append("utf-8")
    declared = declared_charset(data)
    if declared is not None and declared not in _WESTERN:
        candidates.append(declared)
    candidates.append("gb18030")
    if declared is not None:
        # A Chinese report declared as Latin-1 is a template's default, not a fact.
        candidates.append(declared)
    seen: list[str] = []
    for codec in candidates:
        if codec in seen:
            continue
        seen.append(codec)
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.removeprefix("\ufeff"), codec
    return data.decode(seen[0], "replace").removeprefix("\ufeff"), seen[0]
