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
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import regex

from govdisclosure.errors import SourceError
from govdisclosure.parse._document import Document, Line
from govdisclosure.sources._limits import SourceLimits, check_file_size
from govdisclosure.sources._sniff import SourceKind, decode_html, sniff

__all__ = [
    "SourceKind",
    "SourceLimits",
    "decode_html",
    "load_document",
    "read_doc",
    "read_docx",
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
        check_file_size(len(data), limits, what="the input")
        return data, None
    path = Path(source)
    try:
        check_file_size(path.stat().st_size, limits, what=str(path))
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None


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
            kind = sniff(data)
        except SourceError as exc:
            raise SourceError(exc.reason, source=name) from None
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
        raise SourceError(exc.reason, line=exc.line, source=name) from None


def read_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    limits: SourceLimits | None = None,
    name: str | None = None,
) -> Document:
    """A web page (bytes in any charset, or text) as a :class:`Document` (extra ``[html]``)."""
    from govdisclosure.sources._html import read_html as _read

    return _read(data, encoding=encoding, limits=limits or SourceLimits(), name=name)


def read_docx(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A Word ``.docx`` as a :class:`Document` (extra ``[docx]``)."""
    from govdisclosure.sources._docx import read_docx as _read

    return _read(data, limits=limits or SourceLimits(), name=name)


def read_doc(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A Word 97-2003 ``.doc``, converted by LibreOffice when installed (extra ``[docx]``)."""
    from govdisclosure.sources._docx import read_doc as _read

    return _read(data, limits=limits or SourceLimits(), name=name)


def read_pdf(
    data: bytes, *, limits: SourceLimits | None = None, name: str | None = None
) -> Document:
    """A PDF with a text layer as a :class:`Document` (extra ``[pdf]``)."""
    from govdisclosure.sources._pdf import read_pdf as _read

    return _read(data, limits=limits or SourceLimits(), name=name)


# --- shared by the readers: cell text and grids ------------------------------------------

_SPACES = regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Characters between which a line break is not a space: Han, CJK punctuation, full-width
# forms. A label wrapped inside a cell (部分公开 / （区分处理的…）) must come back whole.
_CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014]")


def _joins_tight(left: str, right: str) -> bool:
    return bool(left and right and _CJK.match(left[-1]) and _CJK.match(right[0]))


def collapse(text: str, *, tabs: bool = False) -> str:
    """Whitespace runs to one space, except that a run holding a line break between two
    Chinese characters disappears (source line-wrapping, not a space the author typed).

    With ``tabs``, a run holding a tab becomes one tab (Word paragraphs laid out with tab
    stops are tables in disguise, and the parser reads tab-separated rows).
    """

    def space(match: regex.Match[str]) -> str:
        run = match.group()
        start, end = match.span()
        if tabs and "\t" in run:
            return "\t"
        if ("\n" in run or "\r" in run) and _joins_tight(text[:start], text[end:]):
            return ""
        return " "

    return str(_SPACES.sub(space, text)).strip()


def join_pieces(pieces: Iterable[str]) -> str:
    """Lines of one cell as one text: tight between Chinese characters, a space elsewhere."""
    out = ""
    for piece in pieces:
        piece = collapse(piece)
        if not piece:
            continue
        out = out + piece if not out or _joins_tight(out, piece) else f"{out} {piece}"
    return out


@attrs.frozen
class GridCell:
    """A cell placed on its table's grid: top-left position and extent."""

    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def expand_grid(
    cells: Sequence[GridCell], limits: SourceLimits, *, keep_empty: bool = False
) -> list[tuple[str, ...]]:
    """Rows of cell texts with spans expanded (text at the top-left, ``""`` elsewhere).

    Positions no cell reaches are ``""`` too; rows with no text are dropped unless
    ``keep_empty``.
    """
    if not cells:
        return []
    height = max(c.row + c.rowspan for c in cells)
    width = max(c.column + c.colspan for c in cells)
    if height * width > limits.max_table_cells:
        raise SourceError(
            f"a table of {height} x {width} cells is over the limit of "
            f"{limits.max_table_cells} (raise SourceLimits.max_table_cells to read it)"
        )
    grid = [[""] * width for _ in range(height)]
    for cell in cells:
        if cell.text and not grid[cell.row][cell.column]:
            grid[cell.row][cell.column] = cell.text
    return [tuple(row) for row in grid if keep_empty or any(row)]


class LineSink:
    """Collects paragraphs and table rows in document order, numbering them 1, 2, …"""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def paragraph(self, text: str, page: int | None = None, *, tabs: bool = False) -> None:
        text = collapse(text, tabs=tabs)
        if text:
            self.lines.append(Line(text, len(self.lines) + 1, None, page))

    def row(self, cells: Sequence[str], page: int | None = None) -> None:
        cells = tuple(cells)
        if any(cells):
            self.lines.append(Line("\t".join(cells), len(self.lines) + 1, cells, page))

    def document(self, name: str | None) -> Document:
        return Document.from_lines(self.lines, source=name)
