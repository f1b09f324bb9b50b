"""What the readers share: cell text made one line, table grids with spans expanded, and
the sink that numbers paragraphs and rows in document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import regex

from govdisclosure.errors import SourceError
from govdisclosure.parse._document import Document, Line
from govdisclosure.sources._limits import SourceLimits

__all__ = ["GridCell", "LineSink", "collapse", "expand_grid", "join_pieces"]


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


def join_pieces(pieces: Iterable[str], *, wrapped_numbers: bool = False) -> str:
    """Lines of one cell as one text: tight between Chinese characters, a space elsewhere.

    With ``wrapped_numbers`` (the visual lines of a PDF cell), a line of digits after a
    line ending in a digit is the rest of that number, wrapped in a narrow cell
    (``1418`` laid out as ``141`` over ``8``), and joins tight too.
    """
    out = ""
    for piece in pieces:
        piece = collapse(piece)
        if not piece:
            continue
        tight = _joins_tight(out, piece) or (
            wrapped_numbers and out[-1:].isdigit() and piece.isdigit()
        )
        out = out + piece if not out or tight else f"{out} {piece}"
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
