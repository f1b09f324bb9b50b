"""What the readers share: cell text made one line, table grids with spans expanded, and
the sink that numbers paragraphs and rows in document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs
import regex

from .. import codes
from ..document import ControlCharacters, Document, Line
from ..findings import Finding
from ._limits import SourceLimits, over_limit

__all__ = [
    "GridCell",
    "LineSink",
    "check_grid",
    "collapse",
    "expand_grid",
    "join_pieces",
    "span_within",
]


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
    if " " not in text and text.isprintable():
        return text  # no whitespace at all (Python counts every space but " " unprintable)
    if not tabs and "\n" not in text and "\r" not in text:
        return str(_SPACES.sub(" ", text)).strip()
    end_of_text = len(text)

    def space(match: regex.Match[str]) -> str:
        run = match.group()
        if tabs and "\t" in run:
            return "\t"
        if "\n" in run or "\r" in run:
            # Look at the neighbours only: slicing the text around every run would make
            # a long cell quadratic.
            start, end = match.span()
            if (
                start > 0
                and end < end_of_text
                and _CJK.match(text[start - 1])
                and _CJK.match(text[end])
            ):
                return ""
        return " "

    return str(_SPACES.sub(space, text)).strip()


def join_pieces(pieces: Iterable[str], *, wrapped_numbers: bool = False) -> str:
    """Lines of one cell as one text: tight between Chinese characters, a space elsewhere.

    With ``wrapped_numbers`` (the visual lines of a PDF cell), a line of digits after a
    line ending in a digit is the rest of that number, wrapped in a narrow cell
    (``1418`` laid out as ``141`` over ``8``), and joins tight too.
    """
    out: list[str] = []
    last = ""
    for piece in pieces:
        piece = collapse(piece)
        if not piece:
            continue
        if last and not (
            _joins_tight(last, piece)
            or (wrapped_numbers and last[-1].isdigit() and piece.isdigit())
        ):
            out.append(" ")
        out.append(piece)
        last = piece
    return "".join(out)


def span_within(column: int, span: int, limits: SourceLimits) -> int:
    """How much of a span starting at ``column`` fits the widest table a report has:
    0 when the cell starts past it."""
    return max(0, min(span, limits.max_table_columns - column))


def check_grid(height: int, width: int, limits: SourceLimits) -> None:
    """Refuse a table grid too large to allocate, before allocating it."""
    if height * width > limits.max_table_cells:
        raise over_limit(
            f"a table of {height} x {width} cells is over the limit of {limits.max_table_cells}",
            "max_table_cells",
        )


class GridCell(NamedTuple):
    """A cell placed on its table's grid: top-left position and extent."""

    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def expand_grid(
    cells: Sequence[tuple[int, int, str, int, int]],
    limits: SourceLimits,
    *,
    keep_empty: bool = False,
) -> list[tuple[str, ...]]:
    """Rows of cell texts with spans expanded (text at the top-left, ``""`` elsewhere).

    ``cells`` are :class:`GridCell` or plain tuples in its order. Positions no cell
    reaches are ``""`` too; rows with no text are dropped unless ``keep_empty``.
    """
    if not cells:
        return []
    height = max([c[0] + c[3] for c in cells])
    width = max([c[1] + c[4] for c in cells])
    check_grid(height, width, limits)
    grid = [[""] * width for _ in range(height)]
    for row, column, text, _, _ in cells:
        if text and not grid[row][column]:
            grid[row][column] = text
    return [tuple(row) for row in grid if keep_empty or any(row)]


class LineSink:
    """Collects paragraphs and table rows in document order, numbering them 1, 2, …,
    counting them (and the tables) against the limits, dropping control characters and
    keeping what the reader repaired as findings."""

    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.lines: list[Line] = []
        self.findings: list[Finding] = []
        self.tables = 0
        self._controls = ControlCharacters()

    def _add(self, text: str, cells: tuple[str, ...] | None, page: int | None) -> None:
        if len(self.lines) >= self.limits.max_paragraphs:
            raise over_limit(
                f"the document has more than {self.limits.max_paragraphs} paragraphs and "
                "table rows",
                "max_paragraphs",
            )
        self.lines.append(Line(text, len(self.lines) + 1, cells, page))

    def paragraph(self, text: str, page: int | None = None, *, tabs: bool = False) -> None:
        text = collapse(self._controls.clean(text, len(self.lines) + 1, page), tabs=tabs)
        if text:
            self._add(text, None, page)

    def row(self, cells: Sequence[str], page: int | None = None) -> None:
        cells = tuple(cells)
        if not any(cells):
            return
        text = "\t".join(cells)
        number = len(self.lines) + 1
        if self._controls.clean(text, number, page) is not text:
            cells = tuple(self._controls.clean(c, number, page, count=False) for c in cells)
            if not any(cells):
                return
            text = "\t".join(cells)
        self._add(text, cells, page)

    def table(self) -> None:
        """Count a table (before reading its cells)."""
        self.tables += 1
        if self.tables > self.limits.max_tables:
            raise over_limit(
                f"the document has more than {self.limits.max_tables} tables", "max_tables"
            )

    def span_cut(self, lost: Sequence[str], page: int | None = None) -> None:
        """Report a table cut at ``max_table_columns``, at the line of its first row (call
        it before adding the rows)."""
        limit = self.limits.max_table_columns
        text = " | ".join(t for t in lost if t)
        self.findings.append(
            codes.SPAN_CUT.finding(
                f"a table reached past column {limit} (a span or an offset too wide for a "
                f"report table): cut at column {limit}"
                + (f", losing {text[:60]!r}" if text else ""),
                f"表格超出第 {limit} 列，超出部分已截去",
                line=len(self.lines) + 1,
                page=page,
                context=text or None,
            )
        )

    def prepend(self, text: str) -> None:
        """A paragraph before everything read so far (lines and findings renumbered)."""
        if self._controls.first is not None:
            line, page = self._controls.first
            self._controls.first = (line + 1, page)
        controls = ControlCharacters()
        text = collapse(controls.clean(text, 1))
        if controls.first is not None:
            self._controls.count += controls.count
            self._controls.first = controls.first
        self.lines = [
            Line(text, 1),
            *(attrs.evolve(line, number=line.number + 1) for line in self.lines),
        ]
        self.findings = [
            attrs.evolve(f, line=f.line + 1) if f.line is not None else f for f in self.findings
        ]

    def document(self, name: str | None) -> Document:
        return Document.from_lines(
            self.lines, source=name, findings=[*self.findings, *self._controls.findings()]
        )
