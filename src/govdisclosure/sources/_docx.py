"""Word files (extra ``[docx]``: python-docx): paragraphs and tables in document order.

The body's XML children are read directly (``w:p``, ``w:tbl``, and the content controls
that wrap them), because python-docx's ``table.rows[i].cells`` repeats a merged cell in
every position it covers; here a merge is one cell with its span (``w:gridSpan`` across,
``w:vMerge`` down), so a row label spanning rows is not copied into the rows below.
A ``.doc`` is converted to ``.docx`` by LibreOffice first, when it is installed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govdisclosure import _deadline
from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.parse._document import Document
from govdisclosure.sources._grid import GridCell, LineSink, expand_grid, join_pieces
from govdisclosure.sources._limits import SourceLimits, check_file_size, check_zip

__all__ = ["read_doc", "read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
# Containers whose children are read as if they stood in their place.
_WRAPPERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")})
_SKIP = frozenset(
    {
        f"{{{_MC}}}Fallback",  # a second copy of a text box, for old readers
        _w("del"),
        _w("moveFrom"),
        _w("pPr"),
        _w("rPr"),
        _w("instrText"),
    }
)
_LINE_BREAKS = frozenset({_w("br"), _w("cr")})


def _docx_module() -> Any:
    try:
        import docx
    except ImportError:
        raise MissingExtraError("docx", "python-docx", "Reading Word reports") from None
    return docx


def _children(element: Any) -> Iterator[Any]:
    """Children, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _paragraph_lines(paragraph: Any) -> list[str]:
    """A paragraph's text, split at manual line breaks; tabs kept as ``\\t``."""
    lines: list[str] = [""]

    def visit(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                lines[-1] += child.text or ""
            elif tag == _w("tab") or tag == _w("ptab"):
                lines[-1] += "\t"
            elif tag in _LINE_BREAKS:
                lines.append("")
            elif tag == _w("noBreakHyphen"):
                lines[-1] += "-"
            elif tag == _P:  # a paragraph inside a text box
                lines.append("")
                visit(child)
                lines.append("")
            else:
                visit(child)

    visit(paragraph)
    return lines


def _val(element: Any, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    value: str | None = found.get(_w("val"))
    return value if value is not None else ""


def _int_val(element: Any, path: str, default: int) -> int:
    value = _val(element, path)
    try:
        return max(int(value), 0) if value else default
    except ValueError:
        return default


def _cell_pieces(cell: Any) -> Iterator[str]:
    for child in _children(cell):
        if child.tag == _P:
            yield from _paragraph_lines(child)
        elif child.tag == _TBL:  # a table nested in a cell: its text, row by row
            for row in _children(child):
                if row.tag == _TR:
                    for nested in _children(row):
                        if nested.tag == _TC:
                            yield from _cell_pieces(nested)


class _Reader:
    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.sink = LineSink()

    def block(self, element: Any) -> None:
        for child in _children(element):
            _deadline.check()
            if child.tag == _P:
                for line in _paragraph_lines(child):
                    self.sink.paragraph(line, tabs=True)
            elif child.tag == _TBL:
                self.table(child)

    def table(self, table: Any) -> None:
        # Cells as [row, column, pieces, rowspan, colspan], grown by vertical merges.
        cells: list[list[Any]] = []
        # The cell each grid column belongs to in the row above, to continue vMerges.
        above: dict[int, list[Any]] = {}
        rows = [row for row in _children(table) if row.tag == _TR]
        for r, row in enumerate(rows):
            _deadline.check()
            column = _int_val(row, f"{_w('trPr')}/{_w('gridBefore')}", 0)
            current: dict[int, list[Any]] = {}
            for tc in _children(row):
                if tc.tag != _TC:
                    continue
                span = max(_int_val(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1), 1)
                vmerge = _val(tc, f"{_w('tcPr')}/{_w('vMerge')}")
                hmerge = _val(tc, f"{_w('tcPr')}/{_w('hMerge')}")
                pieces = list(_cell_pieces(tc))
                previous = current.get(column - 1) if hmerge not in (None, "restart") else None
                merged = above.get(column) if vmerge not in (None, "restart") else None
                if previous is not None:  # legacy horizontal merge: widen the cell on the left
                    previous[4] += span
                    previous[2] += pieces
                    cell = previous
                elif merged is not None and merged[0] + merged[3] == r:
                    merged[3] += 1
                    merged[2] += pieces  # a continuation is normally empty; never lose text
                    cell = merged
                else:
                    cell = [r, column, pieces, 1, span]
                    cells.append(cell)
                for c in range(column, column + span):
                    current[c] = cell
                column += span
                if column * len(rows) > self.limits.max_table_cells:
                    raise SourceError(
                        f"a table wider than {column} columns is over the limit of "
                        f"{self.limits.max_table_cells} cells "
                        "(raise SourceLimits.max_table_cells to read it)"
                    )
            above = current
        grid = [GridCell(r, c, join_pieces(p), rs, cs) for r, c, p, rs, cs in cells]
        for values in expand_grid(grid, self.limits):
            self.sink.row(values)


def read_docx(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    docx = _docx_module()
    check_file_size(len(data), limits, what="the Word file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, len(data), limits)
    except zipfile.BadZipFile as exc:
        raise SourceError(f"not a readable .docx (damaged ZIP): {exc}") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except SourceError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise SourceError(f"not a readable .docx: {type(exc).__name__}: {exc}") from None
    reader = _Reader(limits)
    reader.block(document.element.body)
    return reader.sink.document(name)


def read_doc(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    """Convert with ``soffice --headless --convert-to docx``, then read the result."""
    _docx_module()
    check_file_size(len(data), limits, what="the Word file")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SourceError(
            "a Word 97-2003 .doc file: install LibreOffice (soffice) to have it converted, "
            "or save it as .docx (or PDF) and read that"
        )
    with tempfile.TemporaryDirectory(prefix="govdisclosure-doc-") as tmp:
        folder = Path(tmp)
        source = folder / "report.doc"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            subprocess.run(
                command,
                check=False,
                capture_output=True,
                timeout=_deadline.remaining(limits.conversion_timeout),
            )
        except subprocess.TimeoutExpired:
            _deadline.check()
            raise SourceError(
                f"LibreOffice did not convert the .doc within {limits.conversion_timeout:.0f} s "
                "(raise SourceLimits.conversion_timeout, or save it as .docx)"
            ) from None
        except OSError as exc:
            raise SourceError(f"cannot run LibreOffice to convert the .doc: {exc}") from None
        converted = folder / "out" / "report.docx"
        if not converted.exists():
            raise SourceError("LibreOffice could not convert the .doc: save it as .docx")
        return read_docx(converted.read_bytes(), limits=limits, name=name)
