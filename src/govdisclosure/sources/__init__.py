"""Real documents (web pages, Word files, PDFs) turned into the parser's :class:`Document`.

Every source yields the same intermediate form, so one tolerant parser reads them all:

- a paragraph (or a visual line of a PDF) is a :class:`Line` with ``cells=None``;
- a table row is a :class:`Line` whose ``cells`` are the row's cell texts on the table's
  grid, and whose ``text`` is those cells joined by ``"\\t"``.

Spans are expanded onto the grid: a cell spanning rows or columns has its text **once**,
in its first (top-left) grid position, and ``""`` in every position it covers. So a row
label spanning eight rows (``（三）不予公开``) stands in the first of them only and is
never repeated into the others, and a heading spanning four columns is one cell followed
by three empty ones. Every row of a table has the same number of cells; rows with no
text at all are left out. Text inside a cell is one line: whitespace runs are collapsed
to one space, and line breaks (``<br>``, paragraphs of a Word cell, lines of a PDF cell)
join without a space between Chinese characters and with one elsewhere.

Which reader runs is decided by the content, never the file name: see :func:`sniff`.
Each reader imports its optional dependency only when called and raises
:class:`~govdisclosure.errors.MissingExtraError` when it is not installed.

Every file is read within :class:`SourceLimits`, counted as it is read and never taken
from what the file declares: only regular files are opened (a device, FIFO or socket is
refused before it is read), their bytes are counted as they arrive, ZIP members and PDF
streams as they inflate, then tags, paragraphs, tables, cells, pages, and each page's
characters and drawing objects. What passes a limit is refused with a one-line
:class:`~govdisclosure.errors.SourceError` naming the limit to raise. A span reaching
past the widest table a report has is cut there (finding ``span-cut``); control
characters are dropped (finding ``control-characters-removed``); a page's DOCTYPE, its
internal subset, comments and processing instructions never reach the text, and no
entity a file declares is expanded.
"""

from __future__ import annotations

import os

from ..document import Document
from ..errors import SourceError
from ._limits import SourceLimits
from ._limits import check_file_size as _check_file_size
from ._read import check_zip_directory as _check_zip_directory
from ._read import read_file
from ._read import read_file as _read_file
from ._sniff import SourceKind, decode_html, sniff

__all__ = [
    "SourceKind",
    "SourceLimits",
    "decode_html",
    "load_document",
    "read_doc",
    "read_docx",
    "read_file",
    "read_html",
    "read_pdf",
    "sniff",
]

_KINDS: tuple[SourceKind, ...] = ("html", "docx", "doc", "pdf")


def _read_input(
    source: str | os.PathLike[str] | bytes, limits: SourceLimits
) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_file_size(len(data), limits, what="the input")
        return data, None
    return _read_file(source, limits), os.fspath(source)


def load_document(
    source: str | os.PathLike[str] | bytes,
    *,
    kind: SourceKind | None = None,
    encoding: str | None = None,
    limits: SourceLimits | None = None,
    name: str | None = None,
) -> Document | None:
    """Read a web page, Word file or PDF as a :class:`Document`.

    ``source`` is a path or the file's bytes. The kind is sniffed from the content
    (``%PDF-``, a ZIP holding ``word/document.xml``, an OLE Word file, a page starting
    with ``<html``/``<!doctype``/``<table``…) unless ``kind`` says it. Returns ``None``
    when the content is none of these, so that the caller decodes it as plain text.

    ``encoding`` overrides an HTML page's charset (use the HTTP header's when known);
    ``limits`` bounds sizes and page counts; ``name`` is recorded as the document's source
    (by default the path). Raises :class:`~govdisclosure.errors.SourceError` for files
    that cannot be read safely and :class:`~govdisclosure.errors.MissingExtraError` when
    the needed optional dependency is missing.
    """
    limits = SourceLimits() if limits is None else limits
    data, path = _read_input(source, limits)
    name = path if name is None else name
    if kind is None:
        try:
            if data.startswith(b"PK\x03\x04"):
                _check_zip_directory(data, limits)
            kind = sniff(data)
        except SourceError as exc:
            raise SourceError(exc.reason, source=name, reason_zh=exc.reason_zh) from None
        if kind is None:
            return None
    elif kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, not {kind!r}")
    try:
        if kind == "html":
            return read_html(data, encoding=encoding, limits=limits, name=name)
        if kind == "docx":
            return read_docx(data, limits=limits, name=name)
        if kind == "doc":
            return read_doc(data, limits=limits, name=name)
        return read_pdf(data, limits=limits, name=name)
    except SourceError as exc:
        if exc.source is not None or name is None:
            raise
        # Say which file: a batch of downloads fails one file at a time.
        raise SourceError(exc.reason, line=exc.line, source=name, reason_zh=exc.reason_zh) from None


def read_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    limits: SourceLimits | None = None,
    name: str | None = None,
) -> Document:
    """A web page (bytes in any charset, or text) as a :class:`Document` (extra ``[html]``)."""
    from ._html import read_html as _read

    return _read(data, encoding=encoding, limits=limits or SourceLimits(), name=name)


def read_docx(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A Word ``.docx`` as a :class:`Document` (extra ``[docx]``)."""
    from ._docx import read_docx as _read

    return _read(data, limits=limits or SourceLimits(), name=name)


def read_doc(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A Word 97-2003 ``.doc``, converted by LibreOffice when installed (extra ``[docx]``)."""
    from ._docx import read_doc as _read

    return _read(data, limits=limits or SourceLimits(), name=name)


def read_pdf(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A PDF with a text layer as a :class:`Document` (extra ``[pdf]``)."""
    from ._pdf import read_pdf as _read

    return _read(data, limits=limits or SourceLimits(), name=name)
