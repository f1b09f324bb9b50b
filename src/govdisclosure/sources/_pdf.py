"""PDFs with a text layer (extra ``[pdf]``: pypdfium2): ruled tables as grids, the rest as
lines in reading order, each with its page.

- Characters come from PDFium (:mod:`._pdfium`), laid out by pdfplumber's rules
  (:mod:`._pdflayout`), in linear time.
- Characters drawn twice to fake bold are dropped (``dedupe_chars``).
- Tables are found from their ruling lines (``find_tables`` with the ``lines``
  strategy); a cell's text is its lines joined, so a narrow cell holding vertical text,
  one character per line, reads as one word.
- A table that ends one page and starts the next is one table: its parts share one
  column grid, a header row repeated on the new page is dropped, a merged cell cut by the
  page break is one cell again, and a row split by the page break is one row.
- Tables without ruling lines (a borderless web page printed to PDF) are found from how
  their words line up: lines of several word groups holding numbers, with the lines of
  their headers and wrapped labels around them. Columns are where the numbers (and
  headers standing alone over a column) align across rows; the label text left of the
  first column is one cell. A cell left blank stays ``""`` in its place, so the numbers
  after it keep their columns. See :func:`_loose_tables`.
- Page numbers and running headers/footers in the page margins are dropped.
- A PDF with no text at all is a scan: refused with a :class:`SourceError`.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import attrs
import regex

from .. import _deadline
from ..document import Document, is_missing_marker, is_page_footer
from ..errors import ParseTimeoutError, SourceError
from ._grid import GridCell, LineSink, check_grid, expand_grid, join_pieces
from ._limits import SourceLimits, check_file_size
from ._pdfium import Page, pdf_pages, require_pdfium
from ._pdflayout import (
    Char,
    dedupe_chars,
    extract_text,
    find_tables,
    text_lines,
)
from ._pdfstreams import check_streams

__all__ = ["read_pdf"]

_SNAP = 2.0  # points: ruling lines this close are one grid line
_MARGIN = 0.08  # share of the page height at top and bottom where headers/footers live
_NUMBER = regex.compile(r"^[+-]?\d[\d,.]*%?$")
_DIGITS = regex.compile(r"\d+")


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


class _Glyph(NamedTuple):
    x0: float
    x1: float
    text: str


@attrs.frozen
class _Segment:
    """A run of a line's characters with no wide gap inside: one cell's text on that line
    (or several cells' run together, when a label reaches the next column's number)."""

    x0: float
    x1: float
    text: str
    glyphs: tuple[_Glyph, ...]

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@attrs.define
class _TextLine:
    page: int
    top: float
    bottom: float
    text: str
    margin: str | None  # "top" / "bottom" when in a page margin
    segments: tuple[_Segment, ...] = ()
    size: float = 10.0
    """The line's font size (its largest character)."""


@attrs.define
class _LooseTable:
    """A table without ruling lines, already on its grid: one row per entry."""

    page: int
    top: float
    rows: list[tuple[int, tuple[str, ...]]]
    """Each row's page and cells."""


_Block = _TablePart | _TextLine | _LooseTable


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


def _cell_text(chars: list[Char]) -> str:
    if not chars:
        return ""
    text = extract_text(chars, x_tolerance=1.5, y_tolerance=3)
    return join_pieces(text.split("\n"), wrapped_numbers=True)


def _table_part(
    boxes: list[tuple[float, float, float, float]], page_number: int, chars: list[Char]
) -> _TablePart | None:
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
    contents: list[list[Char]] = [[] for _ in boxes]
    for char in chars:
        cx = (char.x0 + char.x1) / 2
        cy = (char.top + char.bottom) / 2
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
            _cell_text(content),
            _reaches_bottom(content, ys[r1]),
        )
        for (r0, r1, c0, c1), content in zip(placed, contents, strict=True)
    ]
    return _TablePart(page_number, ys[0], ys[-1], xs[0], xs[-1], len(ys) - 1, cells)


def _reaches_bottom(chars: list[Char], bottom: float) -> bool:
    if not chars:
        return False
    lowest = max(c.bottom for c in chars)
    line = max(c.bottom - c.top for c in chars)
    return bool(bottom - lowest < 1.5 * line)


def _inside(char: Char, bbox: tuple[float, float, float, float]) -> bool:
    cx = (char.x0 + char.x1) / 2
    cy = (char.top + char.bottom) / 2
    return bool(bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3])


def _read_page(page: Page, limits: SourceLimits) -> tuple[list[_Block], int]:
    chars = dedupe_chars(page.chars)
    if not chars:
        return [], 0
    number = page.number
    blocks: list[_Block] = []
    taken: list[tuple[float, float, float, float]] = []
    for cells in find_tables(page.edges, limits):
        bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        part = _table_part(cells, number, [c for c in chars if _inside(c, bbox)])
        if part is not None:
            blocks.append(part)
            taken.append(bbox)

    outside = [c for c in chars if not any(_inside(c, b) for b in taken)] if taken else chars
    height = page.height
    for line in text_lines(outside):
        top, bottom = line.top, line.bottom
        margin = (
            "top"
            if bottom < height * _MARGIN
            else "bottom"
            if top > height * (1 - _MARGIN)
            else None
        )
        line_chars = line.chars
        size = max((c.size or 0 for c in line_chars), default=0.0) or 10.0
        blocks.append(
            _TextLine(
                number,
                top,
                bottom,
                line.text,
                margin,
                _segments(line_chars, size),
                size,
            )
        )
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
        mine = sorted((c.x0, c.text) for c in table.cells if c.row == count)
        theirs = sorted((c.x0, c.text) for c in part.cells if c.row == count)
        # The same cells at the same places, give or take the rounding of where a page
        # lays them out (416.4 on one page, 416.6 on the next).
        same = len(mine) == len(theirs) and all(
            a[1] == b[1] and abs(a[0] - b[0]) <= _SNAP for a, b in zip(mine, theirs, strict=True)
        )
        if not mine or not same or not any(t for _, t in mine):
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
    # row above has text, and no numbers, while the row above has numbers. Or only the
    # digits of numbers wrapped in their narrow cells (``141`` above, ``8`` below), where
    # the row above has more cells filled: a new row would fill as many.
    texts_below = [c for c in first if c.text]
    under = [table.covering(last, c.x0) for c in texts_below]
    filled_above = sum(1 for c in before if c.text)
    split_row = (
        texts_below
        and any(_is_number(c.text) for c in before)
        and all(above is not None and above.text for above in under)
        and (
            # A marker (-, /, 无) is a value like a number: its row is a row of its own.
            not any(_is_value(c.text) for c in texts_below)
            or (
                all(c.text.isdigit() for c in texts_below)
                and all(above is not None and above.text[-1:].isdigit() for above in under)
                and len(texts_below) < filled_above
            )
        )
    )
    wrapped = bool(split_row) and all(c.text.isdigit() for c in texts_below)
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
            above.text = join_pieces([above.text, cell.text], wrapped_numbers=wrapped)
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
    sink.table()
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


def _emit_loose(table: _LooseTable, sink: LineSink, limits: SourceLimits) -> None:
    sink.table()
    check_grid(len(table.rows), max((len(cells) for _, cells in table.rows), default=0), limits)
    for page, cells in table.rows:
        sink.row(cells, page=page)


def read_pdf(data: bytes, *, limits: SourceLimits, name: str | None = None) -> Document:
    require_pdfium()
    check_file_size(len(data), limits, what="the PDF")
    check_streams(data, limits)
    pages: list[list[_Block]] = []
    total_chars = 0
    try:
        for page in pdf_pages(data, limits):
            _deadline.check()
            blocks, chars = _read_page(page, limits)
            total_chars += chars
            pages.append(blocks)
    except (SourceError, ParseTimeoutError):
        raise
    except Exception as exc:  # a page PDFium laid out in a way the reader did not foresee
        raise SourceError(
            f"not a readable PDF: {type(exc).__name__}: {exc}",
            reason_zh="PDF 文件已损坏或格式不正确，无法读取",
        ) from None
    if total_chars == 0:
        raise SourceError(
            "no text layer: scanned PDF; OCR it first",
            reason_zh="PDF 没有文字层（扫描件）：请先进行文字识别（OCR）",
        )
    _drop_running_lines(pages)
    sink = LineSink(limits)
    table: _Table | None = None
    last_part: _TablePart | None = None
    for block in _loose_tables(pages):
        _deadline.check()
        if isinstance(block, _TextLine | _LooseTable):
            if table is not None:
                _emit(table, sink, limits)
                table, last_part = None, None
            if isinstance(block, _TextLine):
                sink.paragraph(block.text, page=block.page)
            else:
                _emit_loose(block, sink, limits)
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


# --- tables without ruling lines ---------------------------------------------------------

_GAP = 0.5  # share of the font size: a wider gap between characters parts two cells
_SPACE = 0.15  # share of the font size: a narrower gap inside a cell is no space at all
_WRAPPED = 0.75  # font sizes: a line this close to its column's widest was wrapped
_ALIGN = 1.5  # points: lines of one cell share their left edge, centre or right edge
_WIDE = 0.5  # share of the page's text width: a lone line this wide is prose, not a cell


def _make_segment(glyphs: Sequence[_Glyph], size: float) -> _Segment:
    text = ""
    for i, glyph in enumerate(glyphs):
        if i and glyph.x0 - glyphs[i - 1].x1 > _SPACE * size:
            text += " "
        text += glyph.text
    return _Segment(glyphs[0].x0, glyphs[-1].x1, text, tuple(glyphs))


def _segments(chars: list[Char], size: float) -> tuple[_Segment, ...]:
    """The line's characters cut wherever the gap between two is wider than half a
    character: cells of a table without rules stand apart by at least their padding."""
    out: list[_Segment] = []
    run: list[_Glyph] = []
    for char in chars:
        text = char.text
        if not text.strip():
            continue  # a space is a gap; its width is measured from the glyphs around it
        glyph = _Glyph(char.x0, char.x1, text)
        if run and glyph.x0 - run[-1].x1 > _GAP * size:
            out += _numbers_apart(run, size)
            run = []
        run.append(glyph)
    if run:
        out += _numbers_apart(run, size)
    return tuple(out)


def _numbers_apart(glyphs: list[_Glyph], size: float) -> list[_Segment]:
    """Numbers of neighbouring cells close together (``18924 0``: wide numbers in
    narrow cells) are cut at each space: one number has none inside."""
    parts: list[list[_Glyph]] = [[glyphs[0]]]
    for glyph in glyphs[1:]:
        if glyph.x0 - parts[-1][-1].x1 > _SPACE * size:
            parts.append([])
        parts[-1].append(glyph)
    segments = [_make_segment(part, size) for part in parts]
    if len(segments) > 1 and all(_is_value(s.text) for s in segments):
        return segments
    return [_make_segment(glyphs, size)]


@functools.lru_cache(maxsize=4096)
def _is_value(text: str) -> bool:
    """A number or an empty-cell marker (``/``, ``—``, ``无``): what stands in value cells."""
    return _is_number(text) or is_missing_marker(text)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


@attrs.frozen
class _Piece:
    """A segment of one line of a table region, by the line's index in the region."""

    line: int
    segment: _Segment


class _LooseGrid:
    """One table without ruling lines, read from the lines of a region.

    Rows: each line holding numbers in columns (an *anchor*) is one row. Every other
    line's text belongs to the row whose anchor it wraps around: a cell's lines are
    chained where a line fills its column (it was wrapped) and the next line of the same
    column stands aligned right below it; a chain holding an anchor's text is that
    anchor's row (the first anchor's when it holds several: a label spanning rows, text
    at the top-left), and a chain beside an anchor (a label centred on its numbers,
    wrapped above and below them) is the row of the nearest anchor it overlaps. Lines
    belonging to no anchor (headers, sub-headings) are rows of their own.

    Columns: where the numbers stand, merged across rows, starting from the row with the
    most numbers; plus a header standing alone between two columns that both have their
    own header beside it (a column left blank in every row). Text left of the first
    column is the row label: one cell, its parts in reading order column by column.
    """

    def __init__(self, lines: Sequence[_TextLine]) -> None:
        self.lines = list(lines)
        self.pieces: list[list[_Segment]] = [list(line.segments) for line in self.lines]
        self.columns: list[list[float]] = []
        self._find_columns()
        self._split_glued()
        self.anchors = {
            i
            for i, segments in enumerate(self.pieces)
            if len(segments) >= 2 and any(_is_value(s.text) for s in segments)
        }
        self.all = [_Piece(i, s) for i, segments in enumerate(self.pieces) for s in segments]
        self._by_edge: dict[tuple[str, str, int], list[_Segment]] = {}
        self._anchors_on: dict[int, list[int]] = {}
        for a in sorted(self.anchors):
            self._anchors_on.setdefault(self.lines[a].page, []).append(a)
        self._chain()
        self._add_blank_columns()

    # columns

    def _find_columns(self) -> None:
        values = [[s for s in segments if _is_value(s.text)] for segments in self.pieces]
        template = max(range(len(values)), key=lambda i: len(values[i]))
        order = [template] + [i for i in range(len(values)) if i != template]
        columns: list[list[float]] = []
        for i in order:
            for s in values[i]:
                hits = [c for c in columns if _overlap(c[0], c[1], s.x0, s.x1) > 0]
                if not hits:
                    columns.append([s.x0, s.x1])
                elif len(hits) == 1:  # more than one: a number spanning columns
                    hits[0][0], hits[0][1] = min(hits[0][0], s.x0), max(hits[0][1], s.x1)
        self.columns = self._merged(columns)

    @staticmethod
    def _merged(columns: list[list[float]]) -> list[list[float]]:
        out: list[list[float]] = []
        for column in sorted(columns):
            if out and column[0] < out[-1][1]:
                out[-1][1] = max(out[-1][1], column[1])
            else:
                out.append(list(column))
        return out

    def _split_glued(self) -> None:
        """A label or number running up to the next cell's number (``属于行政执法案卷0``,
        ``100000``): cut at the column's left edge when what stands right of it is a
        number."""
        for i, segments in enumerate(self.pieces):
            size = self.lines[i].size
            out: list[_Segment] = []
            for segment in segments:
                tails: list[_Segment] = []
                for a, _ in reversed(self.columns):
                    if not segment.x0 < a < segment.x1:
                        continue
                    head = [g for g in segment.glyphs if (g.x0 + g.x1) / 2 < a]
                    tail = [g for g in segment.glyphs if (g.x0 + g.x1) / 2 >= a]
                    # a number filling its cell runs into the next one's (``100000``)
                    whole = _is_value(segment.text)
                    if (
                        head
                        and tail
                        and _is_value(_make_segment(tail, size).text)
                        and (not whole or _is_value(_make_segment(head, size).text))
                    ):
                        tails.insert(0, _make_segment(tail, size))
                        segment = _make_segment(head, size)
                out += [segment, *tails]
            self.pieces[i] = out

    @property
    def start(self) -> float:
        """Where the first column starts: text left of it is the row label."""
        return self.columns[0][0]

    # chains of one cell's lines

    def _aligned(self, a: _Segment, b: _Segment) -> bool:
        return (
            abs(a.x0 - b.x0) <= _ALIGN
            or abs(a.center - b.center) <= _ALIGN
            or abs(a.x1 - b.x1) <= _ALIGN
        )

    def _kind(self, piece: _Piece) -> str:
        """``value``, ``label`` (left of the first column), ``header`` (text over the
        columns on a line without numbers) or ``text`` (text in a row's columns)."""
        if _is_value(piece.segment.text):
            return "value"
        if piece.segment.center < self.start:
            return "label"
        return "text" if piece.line in self.anchors else "header"

    def _wrapped(self, piece: _Piece) -> bool:
        """The line fills its column: a cell's lines share a width, and the widest ones
        are those wrapped. Measured against the lines centred alike, else (a column of
        left-aligned text) those starting alike."""
        s, kind = piece.segment, self._kind(piece)
        centred = self._alike(kind, "center", s.center)
        if len(centred) < 2:
            centred = self._alike(kind, "x0", s.x0)
        widest = max((o.width for o in centred), default=s.width)
        return s.width >= widest - _WRAPPED * self.lines[piece.line].size

    def _alike(self, kind: str, edge: str, at: float) -> list[_Segment]:
        """The segments of a kind with their centre (or left edge) at ``at``."""
        if not self._by_edge:
            for p in self.all:
                for name, value in (("center", p.segment.center), ("x0", p.segment.x0)):
                    key = (self._kind(p), name, int(value // _ALIGN))
                    self._by_edge.setdefault(key, []).append(p.segment)
        bucket = int(at // _ALIGN)
        return [
            o
            for b in (bucket - 1, bucket, bucket + 1)
            for o in self._by_edge.get((kind, edge, b), [])
            if abs((o.center if edge == "center" else o.x0) - at) <= _ALIGN
        ]

    def _headed(self, line: int) -> bool:
        """The line has header text over the columns: a header row."""
        return line not in self.anchors and any(
            s.center >= self.start and not _is_value(s.text) for s in self.pieces[line]
        )

    def _beside(self, line: int) -> list[int]:
        """The anchors that the line overlaps vertically (on its page)."""
        me = self.lines[line]
        return [
            a
            for a in self._anchors_on.get(me.page, [])
            if a != line
            and _overlap(me.top, me.bottom, self.lines[a].top, self.lines[a].bottom) > 1
        ]

    def _linked(self, upper: _Piece, lower: _Piece) -> bool:
        above, below = self.lines[upper.line], self.lines[lower.line]
        kind = self._kind(upper)
        if kind not in ("label", "header") or self._kind(lower) != kind:
            return False  # numbers stand on one line; headers are rows of their own
        if upper.line in self.anchors and lower.line in self.anchors:
            return False  # two rows, each with its numbers
        if kind == "label" and (self._headed(upper.line) or self._headed(lower.line)):
            return False  # the label cell of a header row (信息内容 over the row labels)
        if below.page == above.page:
            if below.top - above.bottom > above.size:
                return False
        elif below.page != above.page + 1 or any(
            (line.page == above.page and line.top > above.bottom)
            or (line.page == below.page and line.bottom < below.top)
            for line in self.lines[upper.line + 1 : lower.line]
        ):
            return False  # across a page break: the last line of one, the first of the next
        if not self._aligned(upper.segment, lower.segment) or not self._wrapped(upper):
            return False
        # A line filling its column that ends one row's label, and the next row's label
        # beside that row's numbers: two cells, not one.
        rows_above, rows_below = self._rows_of(upper.line), self._rows_of(lower.line)
        return not (rows_above and rows_below and not rows_above & rows_below)

    def _rows_of(self, line: int) -> set[int]:
        """The anchors of the rows a line is part of by its height: its own, or those it
        overlaps."""
        return {line} if line in self.anchors else set(self._beside(line))

    def _chain(self) -> None:
        parent = list(range(len(self.all)))

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        by_line: dict[int, list[int]] = {}
        for k, piece in enumerate(self.all):
            by_line.setdefault(piece.line, []).append(k)
        for k, piece in enumerate(self.all):
            s, me = piece.segment, self.lines[piece.line]
            for j in range(piece.line - 1, -1, -1):
                other = self.lines[j]
                if other.page < me.page - 1 or (
                    other.page == me.page and other.bottom < me.top - 2 * me.size
                ):
                    break  # too far above to be the same cell's line
                hits = [
                    h
                    for h in by_line.get(j, [])
                    if _overlap(self.all[h].segment.x0, self.all[h].segment.x1, s.x0, s.x1) > 0
                ]
                if hits:
                    if len(hits) == 1 and self._linked(self.all[hits[0]], piece):
                        parent[find(k)] = find(hits[0])
                    break
        groups: dict[int, list[int]] = {}
        for k in range(len(self.all)):
            groups.setdefault(find(k), []).append(k)
        self.chains = [sorted(g) for g in groups.values()]

    def _extent(self, chain: list[int]) -> tuple[int, float, float, float, float]:
        """The chain's page, top, bottom (on its first page), left and right."""
        lines = [self.lines[self.all[k].line] for k in chain]
        page = lines[0].page
        on_page = [line for line in lines if line.page == page]
        return (
            page,
            min(line.top for line in on_page),
            max(line.bottom for line in on_page),
            min(self.all[k].segment.x0 for k in chain),
            max(self.all[k].segment.x1 for k in chain),
        )

    def _add_blank_columns(self) -> None:
        """A column blank in every row shows only by its header: a header between two
        columns, clear of both, while each of them has its own header beside it."""
        headers = [
            self._extent(chain)
            for chain in self.chains
            if not any(_is_value(self.all[k].segment.text) for k in chain)
        ]

        def headed(column: list[float], page: int, top: float, bottom: float) -> bool:
            return any(
                h[0] == page
                and _overlap(h[1], h[2], top, bottom) > 0
                and _overlap(h[3], h[4], column[0], column[1]) > 0
                for h in headers
            )

        seeds: list[list[float]] = []
        for page, top, bottom, x0, x1 in headers:
            if (x0 + x1) / 2 <= self.start:
                continue
            if any(_overlap(c[0], c[1], x0, x1) > 0 for c in self.columns):
                continue
            left = [c for c in self.columns if c[1] <= x0]
            right = [c for c in self.columns if c[0] >= x1]
            if (
                left
                and headed(left[-1], page, top, bottom)
                and (not right or headed(right[0], page, top, bottom))
            ):
                seeds.append([x0, x1])
        self.columns = self._merged(self.columns + seeds)

    # the grid

    def _column(self, segment: _Segment, label: bool) -> int:
        offset = 1 if label else 0
        if label and segment.center < self.start:
            return 0
        hits = [
            k
            for k, c in enumerate(self.columns)
            if _overlap(c[0], c[1], segment.x0, segment.x1) > 0
        ]
        if len(hits) >= 2:
            return hits[0] + offset  # a heading over several columns: its first
        bounds = [
            (self.columns[k][1] + self.columns[k + 1][0]) / 2 for k in range(len(self.columns) - 1)
        ]
        return bisect.bisect_right(bounds, segment.center) + offset

    def rows(self) -> tuple[list[tuple[int, tuple[str, ...]]], list[int]]:
        """The table's rows (page, cells), and the lines after its last row that are
        prose again."""
        owner: dict[int, int] = {}  # piece → the line index of its row
        for chain in self.chains:
            anchored = sorted({self.all[k].line for k in chain} & self.anchors)
            if not anchored:
                page, top, bottom, _, _ = self._extent(chain)
                centre = (top + bottom) / 2
                near = [
                    a
                    for a in self._anchors_on.get(page, [])
                    if _overlap(top, bottom, self.lines[a].top, self.lines[a].bottom) > 1
                ]
                anchored = sorted(
                    near,
                    key=lambda a: abs((self.lines[a].top + self.lines[a].bottom) / 2 - centre),
                )
            for k in chain:
                owner[k] = anchored[0] if anchored else self.all[k].line
        last = max(self.anchors)
        # After the last row, lines that are part of no row are the prose that follows.
        loose = set(range(last + 1, len(self.lines)))
        loose -= {self.all[k].line for k, row in owner.items() if row <= last}
        label = any(p.segment.center < self.start for p in self.all)
        width = len(self.columns) + (1 if label else 0)
        cells: dict[int, list[list[_Piece]]] = {}
        for k, piece in enumerate(self.all):
            row = owner[k]
            if row in loose:
                continue
            cells.setdefault(row, [[] for _ in range(width)])[
                self._column(piece.segment, label)
            ].append(piece)
        out = [
            (
                self.lines[row].page,
                tuple(
                    self._text(pieces, reading=label and c == 0)
                    for c, pieces in enumerate(cells[row])
                ),
            )
            for row in sorted(cells)
        ]
        return out, sorted(loose)

    @staticmethod
    def _text(pieces: list[_Piece], *, reading: bool) -> str:
        if reading:
            # The label cell may hold several label columns (三、本年度办理结果 beside
            # （三）不予公开 beside 4.保护第三方合法权益): each column's lines, top down,
            # then the next column.
            groups: list[list[_Piece]] = []
            right = -1e9
            for piece in sorted(pieces, key=lambda p: p.segment.x0):
                if groups and piece.segment.x0 < right:
                    groups[-1].append(piece)
                    right = max(right, piece.segment.x1)
                else:
                    groups.append([piece])
                    right = piece.segment.x1
            ordered = [p for g in groups for p in sorted(g, key=lambda p: p.line)]
        else:
            ordered = sorted(pieces, key=lambda p: (p.line, p.segment.x0))
        return join_pieces(p.segment.text for p in ordered)


def _page_widths(pages: list[list[_Block]]) -> dict[int, float]:
    widths: dict[int, float] = {}
    for blocks in pages:
        segments = [(b.page, s) for b in blocks if isinstance(b, _TextLine) for s in b.segments]
        if segments:
            page = segments[0][0]
            widths[page] = max(s.x1 for _, s in segments) - min(s.x0 for _, s in segments)
    return widths


def _loose_tables(pages: list[list[_Block]]) -> list[_Block]:
    """The document's blocks in order, with tables without ruling lines found among the
    text lines.

    A candidate region is a run of text lines, across pages, each either of several
    segments or a lone segment narrower than half the page's text (a wrapped label, a
    sub-heading inside the table); a wide lone line (a heading, a line of a paragraph)
    ends it. It is a table when at least two of its lines have several segments and one
    of them holds a number in a segment of its own. Lines before its first line of
    several segments, and after its last row, stay prose.
    """
    widths = _page_widths(pages)
    blocks = [b for page in pages for b in page]
    out: list[_Block] = []
    run: list[_TextLine] = []

    def close() -> None:
        lead = 0
        while lead < len(run) and len(run[lead].segments) < 2:
            lead += 1
        out.extend(run[:lead])
        region = run[lead:]
        run.clear()
        tabular = [line for line in region if len(line.segments) >= 2]
        numbered = [line for line in tabular if any(_is_value(s.text) for s in line.segments)]
        if len(tabular) < 2 or not numbered:
            out.extend(region)
            return
        rows, loose = _LooseGrid(region).rows()
        out.append(_LooseTable(region[0].page, region[0].top, rows))
        out.extend(region[i] for i in loose)

    for block in blocks:
        if isinstance(block, _TextLine) and (
            len(block.segments) >= 2
            or (
                len(block.segments) == 1
                and block.segments[0].width < _WIDE * widths.get(block.page, 0.0)
            )
        ):
            run.append(block)
            continue
        close()
        out.append(block)
    close()
    return out
