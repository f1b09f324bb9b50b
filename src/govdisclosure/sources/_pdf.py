"""PDFs with a text layer (extra ``[pdf]``: pdfplumber): ruled tables as grids, the rest as
lines in reading order, each with its page.

- Characters drawn twice to fake bold are dropped (pdfplumber's ``dedupe_chars``).
- Tables are found from their ruling lines (``find_tables`` with the ``lines``
  strategy); a cell's text is its lines joined, so a narrow cell holding vertical text,
  one character per line, reads as one word.
- A table that ends one page and starts the next is one table: its parts share one
  column grid, a header row repeated on the new page is dropped, a merged cell cut by the
  page break is one cell again, and a row split by the page break is one row.
- Page numbers and running headers/footers in the page margins are dropped.
- A PDF with no text at all is a scan: refused with a :class:`SourceError`.
"""

from __future__ import annotations

import bisect
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs
import regex

from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.parse._document import Document
from govdisclosure.parse._normalize import is_page_footer
from govdisclosure.sources._grid import GridCell, LineSink, expand_grid, join_pieces
from govdisclosure.sources._limits import SourceLimits, check_file_size

__all__ = ["read_pdf"]

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SNAP = 2.0  # points: ruling lines this close are one grid line
_MARGIN = 0.08  # share of the page height at top and bottom where headers/footers live
_NUMBER = regex.compile(r"^[+-]?\d[\d,.]*%?$")
_DIGITS = regex.compile(r"\d+")


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise MissingExtraError("pdf", "pdfplumber", "Reading PDF reports") from None
    return pdfplumber


@attrs.define
class _Cell:
    x0: float
    x1: float
    row: int
    rowspan: int
    text: str
    full: bool = False
    """The text reaches the bottom of the cell: cut by a page break, it may go on."""


@attrs.define
class _TablePart:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: int
    cells: list[_Cell]


@attrs.define
class _TextLine:
    page: int
    top: float
    bottom: float
    text: str
    margin: str | None  # "top" / "bottom" when in a page margin


_Block = _TablePart | _TextLine


def _snap(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


def _index(edges: Sequence[float], value: float) -> int:
    """The index of the grid line nearest ``value``."""
    i = bisect.bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        i -= 1
    return i


def _cell_text(pdfplumber: Any, chars: list[dict[str, Any]]) -> str:
    if not chars:
        return ""
    text: str = pdfplumber.utils.extract_text(chars, x_tolerance=1.5, y_tolerance=3)
    return join_pieces(text.split("\n"))


def _table_part(
    pdfplumber: Any, table: Any, page_number: int, chars: list[dict[str, Any]]
) -> _TablePart | None:
    boxes: list[tuple[float, float, float, float]] = [tuple(c) for c in table.cells]
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(boxes) < 2:
        return None  # a framed paragraph, not a table: its text is read as prose
    placed: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in boxes:
        r0, r1 = _index(ys, top), _index(ys, bottom)
        c0, c1 = _index(xs, x0), _index(xs, x1)
        placed.append((r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
    # Each grid position → the cell covering it, to drop each char into its cell.
    owner: dict[tuple[int, int], int] = {}
    for i, (r0, r1, c0, c1) in enumerate(placed):
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), i)
    contents: list[list[dict[str, Any]]] = [[] for _ in boxes]
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        r = bisect.bisect_right(ys, cy) - 1
        c = bisect.bisect_right(xs, cx) - 1
        index = owner.get((r, c))
        if index is not None:
            contents[index].append(char)
    cells = [
        _Cell(
            xs[c0],
            xs[c1],
            r0,
            r1 - r0,
            _cell_text(pdfplumber, content),
            _reaches_bottom(content, ys[r1]),
        )
        for (r0, r1, c0, c1), content in zip(placed, contents, strict=True)
    ]
    return _TablePart(page_number, ys[0], ys[-1], xs[0], xs[-1], len(ys) - 1, cells)


def _reaches_bottom(chars: list[dict[str, Any]], bottom: float) -> bool:
    if not chars:
        return False
    lowest = max(c["bottom"] for c in chars)
    line = max(c["bottom"] - c["top"] for c in chars)
    return bool(bottom - lowest < 1.5 * line)


def _inside(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3])


def _read_page(pdfplumber: Any, page: Any, number: int) -> tuple[list[_Block], int]:
    page = page.dedupe_chars()
    chars: list[dict[str, Any]] = list(page.chars)
    if not chars:
        return [], 0
    blocks: list[_Block] = []
    taken: list[tuple[float, float, float, float]] = []
    for table in page.find_tables(table_settings=_TABLE_SETTINGS):
        bbox = table.bbox
        part = _table_part(pdfplumber, table, number, [c for c in chars if _inside(c, bbox)])
        if part is not None:
            blocks.append(part)
            taken.append(bbox)

    def outside(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or not any(_inside(obj, b) for b in taken)

    height = float(page.height)
    for line in page.filter(outside).extract_text_lines(return_chars=False):
        top, bottom = float(line["top"]), float(line["bottom"])
        margin = (
            "top"
            if bottom < height * _MARGIN
            else "bottom"
            if top > height * (1 - _MARGIN)
            else None
        )
        blocks.append(_TextLine(number, top, bottom, str(line["text"]), margin))
    blocks.sort(key=lambda b: b.top)
    return blocks, len(chars)


def _drop_running_lines(pages: list[list[_Block]]) -> None:
    """Remove page numbers, and headers/footers repeated in the same margin."""
    seen: Counter[tuple[str | None, str]] = Counter()
    for blocks in pages:
        for key in {
            (b.margin, _DIGITS.sub("#", b.text))
            for b in blocks
            if isinstance(b, _TextLine) and b.margin
        }:
            seen[key] += 1

    def running(block: _Block) -> bool:
        if not isinstance(block, _TextLine) or block.margin is None:
            return False
        text = block.text.strip()
        key = (block.margin, _DIGITS.sub("#", block.text))
        return is_page_footer(text) or text.isdigit() or seen[key] > 1

    for blocks in pages:
        blocks[:] = [b for b in blocks if not running(b)]


def _continues(previous: _TablePart, part: _TablePart) -> bool:
    """The same table across a page break: same left and right edges."""
    return (
        part.page == previous.page + 1
        and abs(part.x0 - previous.x0) <= 3 * _SNAP
        and abs(part.x1 - previous.x1) <= 3 * _SNAP
    )


@attrs.define
class _Table:
    """A table stitched from parts on consecutive pages, in unified row numbers."""

    pages: list[int]
    """The page of each row."""
    cells: list[_Cell]

    @property
    def rows(self) -> int:
        return len(self.pages)

    def covering(self, row: int, x0: float) -> _Cell | None:
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rowspan and abs(cell.x0 - x0) <= _SNAP:
                return cell
        return None


def _repeated_header_rows(table: _Table, part: _TablePart) -> int:
    """How many leading rows of ``part`` repeat the table's first rows (a header row
    that Word repeats on each page)."""
    count = 0
    while count < part.rows and count < table.rows:
        mine = sorted((round(c.x0), c.text) for c in table.cells if c.row == count)
        theirs = sorted((round(c.x0), c.text) for c in part.cells if c.row == count)
        if not mine or mine != theirs or not any(t for _, t in mine):
            break
        count += 1
    return count


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _stitch(table: _Table, part: _TablePart) -> None:
    skip = _repeated_header_rows(table, part)
    cells = [c for c in part.cells if c.row >= skip]
    for cell in cells:
        cell.row -= skip
    last = table.rows - 1
    first = [c for c in cells if c.row == 0]
    before = [c for c in table.cells if c.row <= last < c.row + c.rowspan]
    # A row cut by the page break: the new page's first row has text only where the
    # row above has text, and no numbers, while the row above has numbers.
    texts_below = [c for c in first if c.text]
    split_row = (
        texts_below
        and not any(_is_number(c.text) for c in texts_below)
        and any(_is_number(c.text) for c in before)
        and all(
            (above := table.covering(last, c.x0)) is not None and above.text for c in texts_below
        )
    )
    shift = 0
    for cell in first:
        above = table.covering(last, cell.x0)
        if above is None or abs(above.x1 - cell.x1) > _SNAP:
            continue
        # A merged cell cut by the page break (spanning rows on either page, and empty on
        # one of them or filled to the bottom on the first), or any cell of a split row:
        # one cell again.
        cut_merge = (above.rowspan > 1 or cell.rowspan > 1) and (
            not above.text or not cell.text or above.full
        )
        if split_row or cut_merge:
            above.text = join_pieces([above.text, cell.text])
            above.full = cell.full
            above.rowspan += cell.rowspan - (1 if split_row else 0)
            cells.remove(cell)
    if split_row:
        shift = 1
    offset = table.rows - shift
    for cell in cells:
        cell.row += offset
    table.cells.extend(cells)
    table.pages += [part.page] * (part.rows - skip - shift)


def _emit(table: _Table, sink: LineSink, limits: SourceLimits) -> None:
    xs = _snap([c.x0 for c in table.cells] + [c.x1 for c in table.cells])
    grid = [
        GridCell(
            c.row,
            _index(xs, c.x0),
            c.text,
            c.rowspan,
            max(_index(xs, c.x1) - _index(xs, c.x0), 1),
        )
        for c in table.cells
    ]
    for values, page in zip(expand_grid(grid, limits, keep_empty=True), table.pages, strict=False):
        sink.row(values, page=page)


def read_pdf(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    pdfplumber = _pdfplumber()
    check_file_size(len(data), limits, what="the PDF")
    pages: list[list[_Block]] = []
    total_chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > limits.max_pages:
                raise SourceError(
                    f"the PDF has {count} pages, over the limit of {limits.max_pages} "
                    "(raise SourceLimits.max_pages to read it)"
                )
            for number, page in enumerate(pdf.pages, start=1):
                blocks, chars = _read_page(pdfplumber, page, number)
                total_chars += chars
                pages.append(blocks)
                page.close()  # frees the page's layout cache
    except SourceError:
        raise
    except Exception as exc:  # pdfminer raises its own errors for broken/encrypted files
        raise SourceError(f"not a readable PDF: {type(exc).__name__}: {exc}") from None
    if total_chars == 0:
        raise SourceError("no text layer: scanned PDF; OCR it first")
    _drop_running_lines(pages)
    sink = LineSink()
    table: _Table | None = None
    last_part: _TablePart | None = None
    for blocks in pages:
        for block in blocks:
            if isinstance(block, _TextLine):
                if table is not None:
                    _emit(table, sink, limits)
                    table, last_part = None, None
                sink.paragraph(block.text, page=block.page)
            elif table is not None and last_part is not None and _continues(last_part, block):
                _stitch(table, block)
                last_part = block
            else:
                if table is not None:
                    _emit(table, sink, limits)
                table = _Table([block.page] * block.rows, list(block.cells))
                last_part = block
    if table is not None:
        _emit(table, sink, limits)
    return sink.document(name)
