"""Word files (extra ``[docx]``: python-docx's lxml): paragraphs and tables in document order.

The main document part is read straight from the ZIP container as a stream: each member
is inflated a chunk at a time with a running count (:class:`~._read.ZipBudget`), its tags
are counted as they arrive, and its XML is parsed incrementally, one body-level paragraph
or table at a time, each freed once read; so neither a lying ZIP directory nor a million
paragraphs can exhaust memory. The parser resolves no entity and loads no DTD.

The body's XML children are read directly (``w:p``, ``w:tbl``, and the content controls
that wrap them), because python-docx's ``table.rows[i].cells`` repeats a merged cell in
every position it covers; here a merge is one cell with its span (``w:gridSpan`` across,
``w:vMerge`` down), so a row label spanning rows is not copied into the rows below.
A ``.doc`` is converted to ``.docx`` by LibreOffice first, when it is installed.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import _deadline
from ..document import Document
from ..errors import MissingExtraError, ParseTimeoutError, SourceError
from ._grid import (
    GridCell,
    LineSink,
    check_grid,
    expand_grid,
    join_pieces,
    span_within,
)
from ._limits import SourceLimits, check_file_size, check_zip, over_limit
from ._read import ZipBudget, check_zip_directory

__all__ = ["read_doc", "read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
_BODY = _w("body")
_MAIN_PART = "word/document.xml"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
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
_TABS = frozenset({_w("tab"), _w("ptab")})
_NO_BREAK_HYPHEN = _w("noBreakHyphen")


def _etree() -> Any:
    # python-docx is what the [docx] extra installs; what is read here is its lxml.
    try:
        import lxml.etree
    except ImportError:
        raise MissingExtraError("docx", "python-docx", "Reading Word reports") from None
    return lxml.etree


def _xml_options() -> dict[str, bool]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
        # As python-docx parses: blank text between elements is not content.
        "remove_blank_text": True,
    }


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
                if len(child):  # an entity left unexpanded: the text after it is its tail
                    lines[-1] += "".join(c.tail or "" for c in child)
            elif tag in _TABS:
                lines[-1] += "\t"
            elif tag in _LINE_BREAKS:
                lines.append("")
            elif tag == _NO_BREAK_HYPHEN:
                lines[-1] += "-"
            elif tag == _P:  # a paragraph inside a text box
                lines.append("")
                visit(child)
                lines.append("")
            else:
                visit(child)

    visit(paragraph)
    return lines


_VAL = _w("val")
_TC_PR, _TR_PR = _w("tcPr"), _w("trPr")
_GRID_SPAN, _GRID_BEFORE = _w("gridSpan"), _w("gridBefore")
_V_MERGE, _H_MERGE = _w("vMerge"), _w("hMerge")


def _properties(element: Any, container: str) -> dict[str, str]:
    """The properties in the element's ``container`` children (``w:tcPr``…): each one's
    ``w:val``, ``""`` when it has none; the first of each kind."""
    found: dict[str, str] = {}
    for child in element:
        if child.tag == container:
            for prop in child:
                if prop.tag not in found:
                    value = prop.get(_VAL)
                    found[prop.tag] = value if value is not None else ""
    return found


def _int_val(value: str | None, default: int) -> int:
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
        self.sink = LineSink(limits)
        self.paragraphs = 0

    def paragraph(self, paragraph: Any) -> None:
        _deadline.check()
        for line in _paragraph_lines(paragraph):
            self.sink.paragraph(line, tabs=True)

    def table(self, table: Any) -> None:
        self.sink.table()
        limits = self.limits
        # Cells as [row, column, pieces, rowspan, colspan], grown by vertical merges.
        cells: list[list[Any]] = []
        lost: list[str] = []
        # The cell each grid column belongs to in the row above, to continue vMerges.
        above: dict[int, list[Any]] = {}
        rows = [row for row in _children(table) if row.tag == _TR]
        width = 0
        for r, row in enumerate(rows):
            _deadline.check()
            column = _int_val(_properties(row, _TR_PR).get(_GRID_BEFORE), 0)
            if column > limits.max_table_columns:  # the row starts past the widest table
                lost.append("")
                column = limits.max_table_columns
            current: dict[int, list[Any]] = {}
            for tc in _children(row):
                if tc.tag != _TC:
                    continue
                properties = _properties(tc, _TC_PR)
                span = max(_int_val(properties.get(_GRID_SPAN), 1), 1)
                fits = span_within(column, span, limits)
                if fits < span:
                    lost.append(join_pieces(_cell_pieces(tc)) if fits == 0 else "")
                    if fits == 0:
                        continue
                    span = fits
                vmerge = properties.get(_V_MERGE)
                hmerge = properties.get(_H_MERGE)
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
            width = max(width, column)
            check_grid(r + 1, width, limits)
            above = current
        if lost:
            self.sink.span_cut(lost)
        grid = [GridCell(r, c, join_pieces(p), rs, cs) for r, c, p, rs, cs in cells]
        for values in expand_grid(grid, limits):
            self.sink.row(values)


def _top_level(element: Any) -> bool:
    """The element stands in the body, or in content controls that stand there."""
    parent = element.getparent()
    while parent is not None and parent.tag in _WRAPPERS:
        parent = parent.getparent()
    return parent is not None and parent.tag == _BODY


def _release(element: Any) -> None:
    """Free a body-level block once read, and whatever stood before it."""
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _main_part(etree: Any, budget: ZipBudget) -> str:
    """The main document part named by the package relationships (``word/document.xml``
    unless a producer chose another name)."""
    try:
        rels = budget.read("_rels/.rels")
    except KeyError:
        return _MAIN_PART
    try:
        root = etree.fromstring(rels, etree.XMLParser(**_xml_options()))
    except etree.XMLSyntaxError:
        return _MAIN_PART
    for relationship in root.iter(_RELATIONSHIP):
        if relationship.get("Type") == _OFFICE_DOCUMENT:
            target = posixpath.normpath(str(relationship.get("Target", "")).lstrip("/"))
            if target in budget.archive.NameToInfo:
                return target
    return _MAIN_PART


def _read_body(etree: Any, budget: ZipBudget, part: str, reader: _Reader) -> None:
    limits = reader.limits
    parser = etree.XMLPullParser(events=("end",), tag=(_P, _TBL), **_xml_options())
    tags = 0
    for chunk in budget.chunks(part):
        tags += chunk.count(b"<")
        if tags > limits.max_tags:
            raise over_limit(f"the Word document has more than {limits.max_tags} tags", "max_tags")
        parser.feed(chunk)
        _read_events(parser, reader)
    parser.close()
    _read_events(parser, reader)


def _read_events(parser: Any, reader: _Reader) -> None:
    for _, element in parser.read_events():
        if element.tag == _P:
            reader.paragraphs += 1
            if reader.paragraphs > reader.limits.max_paragraphs:
                raise over_limit(
                    f"the Word document has more than {reader.limits.max_paragraphs} paragraphs",
                    "max_paragraphs",
                )
        if not _top_level(element):
            continue  # read with the table or paragraph that holds it
        if element.tag == _P:
            reader.paragraph(element)
        else:
            reader.table(element)
        _release(element)


def read_docx(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    etree = _etree()
    check_file_size(len(data), limits, what="the Word file")
    reader = _Reader(limits)
    check_zip_directory(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, len(data), limits)
            budget = ZipBudget(data, archive, limits)
            part = _main_part(etree, budget)
            try:
                _read_body(etree, budget, part, reader)
            except KeyError:
                raise SourceError(
                    f"not a readable .docx: it has no {part}", reason_zh=_DAMAGED
                ) from None
    except (SourceError, ParseTimeoutError):
        raise
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(
            f"not a readable .docx (damaged ZIP): {exc}", reason_zh=_DAMAGED
        ) from None
    except etree.XMLSyntaxError as exc:
        raise SourceError(
            f"not a readable .docx: its XML is damaged: {exc}", reason_zh=_DAMAGED
        ) from None
    return reader.sink.document(name)


_DAMAGED = "Word 文件（.docx）已损坏，无法读取"
_NOT_CONVERTED = "LibreOffice 未能转换该 .doc 文件：请另存为 .docx 后再读取"


def read_doc(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    """Convert with ``soffice --headless --convert-to docx``, then read the result."""
    _etree()
    check_file_size(len(data), limits, what="the Word file")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SourceError(
            "a Word 97-2003 .doc file: install LibreOffice (soffice) to have it converted, "
            "or save it as .docx (or PDF) and read that",
            reason_zh="这是 Word 97-2003 格式（.doc）文件：请安装 LibreOffice 以自动转换，"
            "或另存为 .docx（或 PDF）后再读取",
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
                "(raise SourceLimits.conversion_timeout, or save it as .docx)",
                reason_zh=_NOT_CONVERTED,
            ) from None
        except OSError as exc:
            raise SourceError(
                f"cannot run LibreOffice to convert the .doc: {exc}", reason_zh=_NOT_CONVERTED
            ) from None
        converted = folder / "out" / "report.docx"
        if not converted.exists():
            raise SourceError(
                "LibreOffice could not convert the .doc: save it as .docx",
                reason_zh=_NOT_CONVERTED,
            )
        return read_docx(converted.read_bytes(), limits=limits, name=name)
