"""Characters to words, lines and ruled tables: what the PDF reader needs of a page.

These are pdfplumber's layout rules (``dedupe_chars``, ``extract_words``,
``extract_text``, ``extract_text_lines`` and ``find_tables`` with the ``lines``
strategy; MIT licence), kept rule for rule so that a page reads exactly as it did when
pdfplumber laid it out, but over plain objects and without their quadratic steps:
pdfplumber's ``dedupe_chars`` sorts the kept characters with ``key=chars.index`` (a
linear search per character), and its table finder compares every crossing with every
other. Here every step is a sort, a dictionary or a bisection; the few steps whose work
a hostile page could still multiply (crossings of ruling lines) count it against
``SourceLimits.max_table_cells``.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from ._limits import SourceLimits, over_limit

__all__ = [
    "Char",
    "Edge",
    "TextLine",
    "dedupe_chars",
    "extract_text",
    "find_tables",
    "text_lines",
]

_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURE_CHARS = frozenset(_LIGATURES)


class Char:
    """One glyph: its text, box (top-down coordinates), size, whether upright, font."""

    __slots__ = ("bottom", "font", "index", "size", "text", "top", "upright", "x0", "x1")

    def __init__(
        self,
        text: str,
        x0: float,
        x1: float,
        top: float,
        bottom: float,
        size: float,
        upright: bool,
        font: object,
        index: int,
    ) -> None:
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size
        self.upright = upright
        self.font = font
        self.index = index
        """Position in the page's drawing order."""


class _Word:
    __slots__ = ("bottom", "chars", "text", "top", "x0", "x1")

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        first = chars[0]
        x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
        for c in chars:
            if c.x0 < x0:
                x0 = c.x0
            if c.x1 > x1:
                x1 = c.x1
            if c.top < top:
                top = c.top
            if c.bottom > bottom:
                bottom = c.bottom
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        text = "".join([c.text for c in chars])
        if _LIGATURE_CHARS.intersection(text):
            text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
        self.text = text


class TextLine:
    """A visual line: its words joined by spaces, its box, its characters."""

    __slots__ = ("bottom", "chars", "text", "top", "x0", "x1")

    def __init__(self, words: list[_Word]) -> None:
        self.text = " ".join([w.text for w in words])
        self.chars = [c for w in words for c in w.chars]
        self.x0 = min([w.x0 for w in words])
        self.x1 = max([w.x1 for w in words])
        self.top = min([w.top for w in words])
        self.bottom = max([w.bottom for w in words])


_T = TypeVar("_T")


def _cluster_ids(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each distinct value → its cluster: sorted values, a new cluster where the gap to
    the previous value exceeds ``tolerance``."""
    ids: dict[float, int] = {}
    cluster = -1
    last: float | None = None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            cluster += 1
        ids[value] = cluster
        last = value
    return ids


def _clusters(items: Sequence[_T], key: Callable[[_T], float], tolerance: float) -> list[list[_T]]:
    """Items grouped by clusters of ``key``, clusters in order, items in their order."""
    ids = _cluster_ids((key(x) for x in items), tolerance)
    groups: list[list[_T]] = [[] for _ in range(len(set(ids.values())))]
    for item in items:
        groups[ids[key(item)]].append(item)
    return [g for g in groups if g]


def _runs(items: Sequence[_T], key: Callable[[_T], float], tolerance: float) -> list[list[_T]]:
    """Items in their order, cut wherever the cluster of ``key`` changes."""
    ids = _cluster_ids((key(x) for x in items), tolerance)
    return [list(g) for _, g in itertools.groupby(items, key=lambda x: ids[key(x)])]


# --- characters ----------------------------------------------------------------------------


def _chain(items: list[Char], key: Callable[[Char], float], tolerance: float) -> list[list[Char]]:
    """Items cut into clusters of ``key`` (a new one where the gap to the previous value
    exceeds ``tolerance``), in order of value."""
    ordered = sorted(items, key=key)
    clusters = [[ordered[0]]]
    last = key(ordered[0])
    for item in ordered[1:]:
        value = key(item)
        if value > last + tolerance:
            clusters.append([])
        clusters[-1].append(item)
        last = value
    return clusters


def dedupe_chars(chars: Sequence[Char], tolerance: float = 1) -> list[Char]:
    """Drop characters drawn again within ``tolerance`` of one with the same text, font
    and size (bold faked by overprinting); the rest in drawing order."""
    groups: dict[tuple[object, ...], list[Char]] = {}
    for char in chars:
        key = (char.upright, char.text, char.font, char.size)
        group = groups.get(key)
        if group is None:
            groups[key] = [char]
        else:
            group.append(char)
    if len(groups) == len(chars):
        return list(chars)
    kept: list[Char] = []
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        for row in _chain(group, _top, tolerance):
            if len(row) == 1:
                kept.append(row[0])
                continue
            for column in _chain(row, _x0, tolerance):
                kept.append(min(column, key=_place) if len(column) > 1 else column[0])
    kept.sort(key=_index)
    return kept


def _top(char: Char) -> float:
    return char.top


def _x0(char: Char) -> float:
    return char.x0


def _place(char: Char) -> tuple[float, float, int]:
    return (char.top, char.x0, char.index)


def _index(char: Char) -> int:
    return char.index


def _lines_of_chars(
    chars: list[Char], x_tolerance: float, y_tolerance: float
) -> Iterator[list[Char]]:
    if chars[0].upright:
        for line in _clusters(chars, lambda c: c.top, y_tolerance):
            yield sorted(line, key=lambda c: c.x0)
    else:
        for line in _clusters(chars, lambda c: c.x0, x_tolerance):
            yield sorted(line, key=lambda c: (c.top, c.bottom))


def _words_of_line(
    chars: list[Char], upright: bool, x_tolerance: float, y_tolerance: float
) -> Iterator[list[Char]]:
    word: list[Char] = []
    for char in chars:
        if char.text.isspace():
            if word:
                yield word
            word = []
            continue
        if word:
            prev = word[-1]
            if upright:
                new = (
                    char.x0 < prev.x0
                    or char.x0 > prev.x1 + x_tolerance
                    or abs(char.top - prev.top) > y_tolerance
                )
            else:
                new = (
                    char.top < prev.top
                    or char.top > prev.bottom + y_tolerance
                    or abs(char.x0 - prev.x0) > x_tolerance
                )
            if new:
                yield word
                word = []
        word.append(char)
    if word:
        yield word


def _words(chars: Sequence[Char], x_tolerance: float, y_tolerance: float) -> list[_Word]:
    words: list[_Word] = []
    for upright, group in itertools.groupby(chars, key=lambda c: c.upright):
        for line in _lines_of_chars(list(group), x_tolerance, y_tolerance):
            words.extend(_Word(w) for w in _words_of_line(line, upright, x_tolerance, y_tolerance))
    return words


def extract_text(chars: Sequence[Char], x_tolerance: float, y_tolerance: float) -> str:
    """The text of some characters: words joined by spaces, lines by newlines."""
    if not chars:
        return ""
    lines = _clusters(_words(chars, x_tolerance, y_tolerance), lambda w: w.top, y_tolerance)
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def text_lines(chars: Sequence[Char]) -> list[TextLine]:
    """The page's lines as pdfplumber's ``extract_text_lines`` gives them."""
    if not chars:
        return []
    words = _words(chars, 3, 3)
    return [TextLine(line) for line in _runs(words, lambda w: w.top, 3)]


# --- ruled tables ----------------------------------------------------------------------------

_SNAP = 3.0
_JOIN = 3.0
_MIN_LENGTH = 3.0
_INTERSECTION = 3.0


class Edge:
    """A horizontal (``"h"``) or vertical (``"v"``) ruling line, top-down coordinates."""

    __slots__ = ("bottom", "orientation", "top", "x0", "x1")

    def __init__(self, x0: float, top: float, x1: float, bottom: float, orientation: str) -> None:
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.orientation = orientation

    @property
    def length(self) -> float:
        return self.bottom - self.top if self.orientation == "v" else self.x1 - self.x0

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def _snap(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Edges within the snap tolerance of one another moved to their mean position."""
    out: list[Edge] = []
    key: Callable[[Edge], float] = (lambda e: e.x0) if vertical else (lambda e: e.top)
    for cluster in _clusters(edges, key, _SNAP):
        mean = sum(key(e) for e in cluster) / len(cluster)
        for e in cluster:
            shift = mean - key(e)
            if vertical:
                out.append(Edge(e.x0 + shift, e.top, e.x1 + shift, e.bottom, "v"))
            else:
                out.append(Edge(e.x0, e.top + shift, e.x1, e.bottom + shift, "h"))
    return out


def _join(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Edges along one line joined where they touch or nearly touch."""
    edges = sorted(edges, key=(lambda e: e.top) if vertical else (lambda e: e.x0))
    joined = [edges[0]]
    for e in edges[1:]:
        last = joined[-1]
        if vertical and e.top <= last.bottom + _JOIN:
            if e.bottom > last.bottom:
                joined[-1] = Edge(last.x0, last.top, last.x1, e.bottom, "v")
        elif not vertical and e.x0 <= last.x1 + _JOIN:
            if e.x1 > last.x1:
                joined[-1] = Edge(last.x0, last.top, e.x1, last.bottom, "h")
        else:
            joined.append(e)
    return joined


def _merged(edges: Sequence[Edge]) -> tuple[list[Edge], list[Edge]]:
    """Snapped, joined and long enough: the vertical and the horizontal ruling lines."""
    vertical = _snap([e for e in edges if e.orientation == "v" and e.length >= 1], True)
    horizontal = _snap([e for e in edges if e.orientation == "h" and e.length >= 1], False)
    return _joined(vertical, True), _joined(horizontal, False)


def _joined(lines: list[Edge], vertical: bool) -> list[Edge]:
    groups: dict[float, list[Edge]] = {}
    for e in lines:
        groups.setdefault(e.x0 if vertical else e.top, []).append(e)
    return [
        e
        for position in sorted(groups)
        for e in _join(groups[position], vertical)
        if e.length >= _MIN_LENGTH
    ]


_Box = tuple[float, float, float, float]
_Point = tuple[float, float]


class _Budget:
    def __init__(self, limits: SourceLimits) -> None:
        self.left = 10 * limits.max_table_cells
        self.limits = limits

    def spend(self, work: int = 1) -> None:
        self.left -= work
        if self.left < 0:
            raise over_limit(
                "a PDF page's ruling lines cross more often than the tables of a report "
                f"(more than {self.limits.max_table_cells} cells)",
                "max_table_cells",
            )


def _intersections(
    vertical: list[Edge], horizontal: list[Edge], budget: _Budget
) -> dict[_Point, tuple[set[_Box], set[_Box]]]:
    """Where a vertical and a horizontal line cross (within the tolerance): for each
    point, the boxes of the lines through it."""
    horizontal = sorted(horizontal, key=lambda h: (h.top, h.x0))
    tops = [h.top for h in horizontal]
    crossings: dict[_Point, tuple[set[_Box], set[_Box]]] = {}
    for v in sorted(vertical, key=lambda v: (v.x0, v.top)):
        # The candidates by bisection (a hair wider), then pdfplumber's own test.
        first = bisect.bisect_left(tops, v.top - _INTERSECTION - 1e-6)
        last = bisect.bisect_right(tops, v.bottom + _INTERSECTION + 1e-6)
        budget.spend(last - first)
        for h in horizontal[first:last]:
            if (
                v.top <= h.top + _INTERSECTION
                and v.bottom >= h.top - _INTERSECTION
                and v.x0 >= h.x0 - _INTERSECTION
                and v.x0 <= h.x1 + _INTERSECTION
            ):
                lines = crossings.setdefault((v.x0, h.top), (set(), set()))
                lines[0].add(v.box)
                lines[1].add(h.box)
    return crossings


def _cells(crossings: dict[_Point, tuple[set[_Box], set[_Box]]], budget: _Budget) -> list[_Box]:
    """The smallest rectangle whose four sides are ruled, from each crossing as its
    top-left corner."""
    points = sorted(crossings)
    below: dict[float, list[float]] = {}  # x → the ys of the crossings on it, ascending
    right: dict[float, list[float]] = {}  # y → the xs of the crossings on it, ascending
    for x, y in points:
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)

    def vertically(p: _Point, q: _Point) -> bool:
        return not crossings[p][0].isdisjoint(crossings[q][0])

    def horizontally(p: _Point, q: _Point) -> bool:
        return not crossings[p][1].isdisjoint(crossings[q][1])

    cells: list[_Box] = []
    for x, y in points:
        ys, xs = below[x], right[y]
        found = None
        for y2 in ys[bisect.bisect_right(ys, y) :]:
            budget.spend()
            if not vertically((x, y), (x, y2)):
                continue
            for x2 in xs[bisect.bisect_right(xs, x) :]:
                budget.spend()
                if not horizontally((x, y), (x2, y)):
                    continue
                corner = (x2, y2)
                if (
                    corner in crossings
                    and vertically(corner, (x2, y))
                    and horizontally(corner, (x, y2))
                ):
                    found = (x, y, x2, y2)
                    break
            if found is not None:
                break
        if found is not None:
            cells.append(found)
    return cells


def _tables(cells: list[_Box], budget: _Budget) -> list[list[_Box]]:
    """Cells grouped into tables by shared corners, as pdfplumber groups them: a table
    takes, sweep after sweep in order, every remaining cell touching its corners."""
    remaining = list(cells)
    tables: list[list[_Box]] = []
    while remaining:
        corners: set[_Point] = set()
        table: list[_Box] = []
        grown = True
        while grown and remaining:
            grown = False
            rest: list[_Box] = []
            budget.spend(len(remaining))
            for x0, top, x1, bottom in remaining:
                cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
                if not table or any(c in corners for c in cell_corners):
                    corners.update(cell_corners)
                    table.append((x0, top, x1, bottom))
                    grown = True
                else:
                    rest.append((x0, top, x1, bottom))
            remaining = rest
        tables.append(table)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(edges: Sequence[Edge], limits: SourceLimits) -> list[list[_Box]]:
    """The ruled tables of a page, each as its cells' boxes ``(x0, top, x1, bottom)``,
    top to bottom."""
    vertical, horizontal = _merged(edges)
    if not vertical or not horizontal:
        return []
    budget = _Budget(limits)
    crossings = _intersections(vertical, horizontal, budget)
    return _tables(_cells(crossings, budget), budget)
