"""Reading orders: which cell each number of a table stands for, when the text keeps a
table's numbers but not their places.

poppler's ``pdftotext`` in its default mode writes a table as the blocks it sees on the
page, in its own reading order: from a web page, mostly one row after the other, a row's
first numbers on its label's line and the rest after it; from Word and WPS, the table
column by column in bands of rows (each column of the band a block, some neighbouring
columns together), the row labels all apart. The numbers keep an order, but which cell
each stands for is lost.

The solver reads such a table as a *band reading*: the rows are cut into bands of
neighbouring rows; each band into runs of neighbouring columns; each run (a rectangle of
cells) is read row by row, the runs of a band one after the other, the bands top to
bottom. Around that order:

* numbers on a row label's own lines are that row's first cells, wherever the label
  stands (a label block moved elsewhere on the page takes them along);
* a few cells may be *displaced*: their number stands elsewhere (in a label block, after
  the table's last row). Such a cell's value is what its row's sums make it, and a number
  of that value standing alone at the start of a block is taken for it;
* a few cells may be blank (no number written; their sums are then not checked).

A block never starts inside a paragraph of numbers (lines with no empty line between
them: what pdftotext wrote as one block) nor inside a line, and a paragraph of numbers on
several lines (a column written as one block) is a block of its own.

Every reading the numbers allow is tried, each band only where its rows keep their sums
and each number is a value of its column (a signed number only in a change column, a
decimal only in an amount); the table's column sums then judge whole readings. A reading
costs one for each block, for each number standing before its row's label or after a
later row's label, and more for each displaced and blank cell; the readings that keep
every sum are returned cheapest first. The search is bounded by a node budget, as the
digit decoder is: when it runs out the result says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

import attrs

from ...model.keys import ValueKind
from ...model.tables import Missing, Value
from .._digits import MISSING_GROUP, Relation
from .._numbers import token_value
from ._shape import ColumnEquation, _Row
from ._tokens import _Tok

ORDER_NODE_BUDGET = 8_000
"""Band placements one table may try."""
_MAX_BAND = 8
"""Rows a band may span."""
_MAX_READINGS = 24
"""Readings (of distinct values) kept for each rest of the table."""
_MAX_GAPS = 2
"""Cells of one band without a number in its run (blank or displaced)."""
_MAX_DISPLACED = 3
"""Displaced cells one table may have."""
_BLANK_COST = 2
_DISPLACED_COST = 3

BLANK = -1
"""A cell with no number written (a blank cell in the source)."""
_HOLE = -2
"""A displaced cell before its number is found."""

Check = Callable[[list[list[Value]]], int]
_Cell = tuple[int, int]


@attrs.frozen
class OrderReading:
    """One way to place a table's numbers: the token of each cell (an index into the
    tokens given, or :data:`BLANK`)."""

    cells: tuple[tuple[int, ...], ...]
    values: tuple[tuple[Value, ...], ...]
    cost: int
    displaced: tuple[_Cell, ...]
    """The cells whose numbers stood away from their run (``(row, column)``)."""


@attrs.frozen
class OrderResult:
    """The readings found, cheapest first, every one keeping all sums."""

    readings: tuple[OrderReading, ...]
    complete: bool
    """False when the node budget ran out: other readings may keep the sums too."""
    nodes: int

    @property
    def taken(self) -> OrderReading | None:
        return self.readings[0] if self.readings else None

    def rivals(self, margin: int = 0) -> list[OrderReading]:
        """The readings costing at most ``margin`` more than the first that read some
        row otherwise."""
        taken = self.taken
        if taken is None:
            return []
        return [r for r in self.readings[1:] if r.cost <= taken.cost + margin]

    def doubted_rows(self, margin: int = 0) -> list[int]:
        """Rows a rival reading reads otherwise."""
        taken = self.taken
        if taken is None:
            return []
        return sorted(
            {
                i
                for other in self.rivals(margin)
                for i, (a, b) in enumerate(zip(other.values, taken.values, strict=True))
                if a != b
            }
        )


_Want = tuple[str, int | Decimal]
"""A displaced cell waiting for its number: its column's kind and the value its row's
sums give it."""


@attrs.frozen
class _Band:
    """A band placed: the token (or :data:`BLANK`, :data:`_HOLE`) and value of each cell
    of its rows."""

    cells: tuple[tuple[int, ...], ...]
    values: tuple[tuple[Value, ...], ...]
    cost: int


@attrs.frozen
class _Rest:
    """A reading of the rest of the table from some state on."""

    cost: int
    bands: tuple[_Band, ...]
    values: tuple[tuple[Value, ...], ...]
    strays: tuple[int, ...] = ()
    """The free tokens taken for displaced cells, in order."""
    sums: tuple[int | Decimal | None, ...] = ()
    """For each column equation, its parts less its totals over the rows read (None: a
    missing cell leaves it unchecked)."""


def _value(tok: _Tok, kind: ValueKind) -> Value | None:
    """The token as a value of a column of ``kind``; None when it cannot be one."""
    if tok.group == MISSING_GROUP:
        return Missing(tok.text)
    group = tok.group
    signed = group[:1] in "+-"
    if signed and kind is not ValueKind.SIGNED:
        return None  # a sign is written only in a change column
    if "." in group and kind is not ValueKind.AMOUNT:
        return None
    if kind is not ValueKind.AMOUNT:
        sign = group[:1] if signed else ""
        group = sign + (group[len(sign) :].lstrip("0") or "0")
    v: int | Decimal | None = token_value(group, kind, tok.unit)
    return v


def _partitions(width: int) -> list[tuple[range, ...]]:
    """Every split of ``range(width)`` into runs of neighbouring columns, fewest first."""
    out: list[tuple[range, ...]] = []
    for cuts in range(2 ** (width - 1)):
        edges = [0, *(k + 1 for k in range(width - 1) if cuts >> k & 1), width]
        out.append(tuple(range(a, b) for a, b in itertools.pairwise(edges)))
    out.sort(key=len)
    return out


def _keeps(values: Sequence[Value], relations: Sequence[Relation]) -> bool:
    """The row's sums, a missing cell (blank or marker) leaving its sums unchecked: its
    value was never written."""
    for parts, total in relations:
        t = values[total]
        if isinstance(t, Missing):
            continue
        s: int | Decimal = 0
        for p in parts:
            v = values[p]
            if isinstance(v, Missing):
                break
            s += v
        else:
            if s != t:
                return False
    return True


def _solved(
    values: list[Value | None], at: int, relations: Sequence[Relation], kind: ValueKind
) -> int | Decimal | None:
    """The value cell ``at`` (None in ``values``) must have for the row's sums to hold,
    if a sum with every other cell a number gives one."""
    for parts, total in relations:
        if at != total and at not in parts:
            continue
        others = [values[p] for p in parts if p != at]
        if at != total:
            others.append(values[total])
        if any(v is None or isinstance(v, Missing) for v in others):
            continue
        part_sum = sum(values[p] for p in parts if p != at)  # type: ignore[misc]
        found = part_sum if at == total else values[total] - part_sum  # type: ignore[operator]
        if kind is not ValueKind.SIGNED and found < 0:
            return None
        if kind is not ValueKind.AMOUNT and found != int(found):
            return None
        return found
    return None


class _Search:
    """The band readings of one table (see the module's description)."""

    def __init__(
        self,
        rows: Sequence[_Row],
        tokens: Sequence[_Tok],
        paragraphs: Sequence[int],
        owned: Sequence[Sequence[int]],
        around: Sequence[tuple[int, int]],
        loose: Sequence[bool],
        equations: Sequence[ColumnEquation],
        budget: int,
    ) -> None:
        self.rows = rows
        self._equations(equations)
        self.widths = [len(r.columns) for r in rows]
        self.kinds = [r.kinds for r in rows]
        self.relations = [r.relations for r in rows]
        self.owned = owned
        taken = {i for o in owned for i in o}
        self.free = [i for i in range(len(tokens)) if i not in taken]
        self.first_free = [len(o) for o in owned]
        self.budget = budget
        self.nodes = 0
        self.memo: dict[tuple[object, ...], list[_Rest]] = {}
        self.band_memo: dict[tuple[int, ...], list[tuple[_Band, int, int, tuple[_Want, ...]]]] = {}
        self.parts: dict[int, list[tuple[range, ...]]] = {}
        # A token's value in a column of each kind (None: it cannot stand there).
        self.value_of = {
            kind: [_value(tokens[i], kind) for i in range(len(tokens))] for kind in ValueKind
        }
        n = len(self.free)
        # Where a block may begin: not inside a line, nor inside a paragraph of numbers.
        self.cut_before = [True] * (n + 1)
        for k in range(1, n):
            self.cut_before[k] = paragraphs[self.free[k - 1]] != paragraphs[self.free[k]]
        # A paragraph of numbers on several lines (a column written as one block) is a
        # block of its own: no block reads past its ends.
        self.must_cut = [False] * (n + 1)
        k = 0
        while k < n:
            j = k + 1
            while j < n and not self.cut_before[j]:
                j += 1
            if len({tokens[self.free[i]].line for i in range(k, j)}) > 1:
                self.must_cut[k] = self.must_cut[j] = True
            k = j
        # A number that may be a displaced cell's: standing alone, by a label.
        self.alone = [
            self.cut_before[k] and self.cut_before[k + 1] and loose[self.free[k]] for k in range(n)
        ]
        # The last lone number of each value: a displaced cell's number stands after it.
        self.last_alone: dict[tuple[ValueKind, Value], int] = {}
        for k in range(n):
            if self.alone[k]:
                for kind in ValueKind:
                    v = self.value_of[kind][self.free[k]]
                    if v is not None and not isinstance(v, Missing):
                        self.last_alone[kind, v] = k
        # The rows whose labels stand just before and just after each free number.
        self.around = [around[i] for i in self.free]
        self.owned_ok = [
            all(self.value_of[kinds[c]][i] is not None for c, i in enumerate(o))
            for o, kinds in zip(owned, self.kinds, strict=True)
        ]
        self.displaced = 0
        """Displaced cells allowed in this search."""

    def _equations(self, equations: Sequence[ColumnEquation]) -> None:
        """What the column sums let the search check of the rows read so far."""
        count = len(self.rows)
        self.terms: list[list[tuple[int, int, int]]] = [[] for _ in self.rows]
        self.equation_count = len(equations)
        # For each equation and first row read: 0 nothing to check, 1 parts and totals
        # all read (equal), 2 totals read (parts so far not above), 3 parts read (not
        # below the totals so far).
        self.bound: list[list[int]] = []
        for e, (parts, totals) in enumerate(equations):
            for i, c in parts:
                self.terms[i].append((e, c, 1))
            for i, c in totals:
                self.terms[i].append((e, c, -1))
            signed = any(self.rows[i].kinds[c] is ValueKind.SIGNED for i, c in (*parts, *totals))
            first_part = min(i for i, _c in parts) if parts else count
            first_total = min(i for i, _c in totals) if totals else count
            row_bounds = []
            for r in range(count + 1):
                if r <= min(first_part, first_total):
                    row_bounds.append(1)
                elif signed:
                    row_bounds.append(0)
                elif r <= first_total:
                    row_bounds.append(2)
                elif r <= first_part:
                    row_bounds.append(3)
                else:
                    row_bounds.append(0)
            self.bound.append(row_bounds)

    def _sums(
        self, r: int, values: Sequence[Sequence[Value]], rest: Sequence[int | Decimal | None]
    ) -> tuple[int | Decimal | None, ...] | None:
        """The column equations' sums over rows ``r..`` (``values`` read from row ``r``
        on, ``rest`` the sums of the rows after them); None when the rows read already
        break one."""
        sums: list[int | Decimal | None] = list(rest) if rest else [0] * self.equation_count
        for i, row in enumerate(values):
            for e, c, sign in self.terms[r + i]:
                so_far = sums[e]
                if so_far is None:
                    continue
                v = row[c]
                sums[e] = None if isinstance(v, Missing) else so_far + sign * v
        for e, total in enumerate(sums):
            if total is None:
                continue
            how = self.bound[e][r]
            if (how == 1 and total != 0) or (how == 2 and total > 0) or (how == 3 and total < 0):
                return None
        return tuple(sums)

    @property
    def exhausted(self) -> bool:
        return self.nodes >= self.budget

    def cells(self) -> int:
        return sum(w - f for w, f in zip(self.widths, self.first_free, strict=True))

    def readings(self, displaced: int, blanks: int) -> list[_Rest]:
        self.displaced = displaced
        return self._rest(0, 0, blanks, displaced, ())

    def _rest(self, r: int, p: int, bl: int, dl: int, wants: tuple[_Want, ...]) -> list[_Rest]:
        """Readings of rows ``r..`` from free token ``p`` on, with ``bl`` blanks and ``dl``
        displaced cells left to place and the displaced cells ``wants`` waiting for
        their numbers."""
        key = (r, p, bl, dl, wants)
        found = self.memo.get(key)
        if found is not None:
            return found
        best: dict[tuple[tuple[Value, ...], ...], _Rest] = {}

        def keep(rest: _Rest) -> None:
            old = best.get(rest.values)
            if old is None or rest.cost < old.cost:
                best[rest.values] = rest

        if r == len(self.rows) and p == len(self.free) and bl == 0 and not wants:
            keep(_Rest(0, (), (), (), (0,) * self.equation_count))
        # The next number, standing alone, is a displaced cell's.
        if p < len(self.free) and self.alone[p]:
            for w in dict.fromkeys(wants):
                if self.value_of[ValueKind(w[0])][self.free[p]] != w[1]:
                    continue
                left = list(wants)
                left.remove(w)
                for rest in self._rest(r, p + 1, bl, dl, tuple(left)):
                    keep(attrs.evolve(rest, cost=rest.cost + 1, strays=(p, *rest.strays)))
        if r < len(self.rows):
            for band, q, used_bl, new in self._bands_cached(r, p, bl, dl):
                if used_bl > bl or len(new) > dl:
                    continue
                if self.exhausted:
                    break
                after = tuple(sorted((*wants, *new), key=lambda w: (w[0], str(w[1]))))
                for rest in self._rest(r + len(band.values), q, bl - used_bl, dl - len(new), after):
                    sums = self._sums(r, band.values, rest.sums)
                    if sums is None:
                        continue
                    keep(
                        _Rest(
                            band.cost + rest.cost,
                            (band, *rest.bands),
                            band.values + rest.values,
                            rest.strays,
                            sums,
                        )
                    )
        found = sorted(best.values(), key=lambda s: s.cost)[:_MAX_READINGS]
        self.memo[key] = found
        return found

    def _bands_cached(
        self, r: int, p: int, bl: int, dl: int
    ) -> list[tuple[_Band, int, int, tuple[_Want, ...]]]:
        """:meth:`_bands`, computed once for every state at the same place."""
        found = self.band_memo.get((r, p))
        if found is None:
            found = self.band_memo[r, p] = list(self._bands(r, p, 0, 0))
        if bl + dl == 0:
            return found
        key = (r, p, min(bl, _MAX_GAPS), min(dl, _MAX_GAPS))
        gapped = self.band_memo.get(key)
        if gapped is None:
            gapped = self.band_memo[key] = list(self._bands(r, p, bl, dl))
        return found + gapped

    def _bands(
        self, r: int, p: int, bl: int, dl: int
    ) -> Iterator[tuple[_Band, int, int, tuple[_Want, ...]]]:
        """Every band from row ``r`` and free token ``p`` that keeps its rows' sums: the
        band, the next free token, the blanks it took and its displaced cells. With
        blanks or displaced cells left (``bl``, ``dl``), only the bands taking some."""
        if not self.cut_before[p] or not self.owned_ok[r]:
            return
        width = self.widths[r]
        for h in range(1, min(_MAX_BAND, len(self.rows) - r) + 1):
            if self.widths[r + h - 1] != width or not self.owned_ok[r + h - 1]:
                break
            cells = sum(width - self.first_free[r + i] for i in range(h))
            if p + cells - min(bl + dl, _MAX_GAPS) > len(self.free):
                break
            most = min(bl + dl, _MAX_GAPS)
            runs_most = width
            if not any(self.must_cut[p : p + cells + 1]):
                # Without paragraphs to hold the runs to (every number apart), a gap
                # is looked for in a row, or in one of two rows read in two runs.
                most = most if h == 1 else min(most, 1) if h == 2 else 0
                runs_most = 2 if most and h > 1 else width
            if bl + dl and not most:
                continue
            for runs, gaps in self._runs(r, h, p, 0, most, (), runs_most):
                if bool(gaps) != bool(bl + dl):
                    continue
                q = p + cells - len(gaps)
                for holes in self._holes(gaps, bl, dl):
                    self.nodes += 1
                    placed = self._place(r, h, p, runs, gaps, holes)
                    if placed is not None:
                        yield placed[0], q, len(gaps) - len(holes), placed[1]
                    if self.exhausted:
                        return

    def _runs(
        self,
        r: int,
        h: int,
        q: int,
        c: int,
        most: int,
        done: tuple[range, ...],
        runs_most: int,
    ) -> Iterator[tuple[tuple[range, ...], tuple[tuple[int, int], ...]]]:
        """The runs of columns from ``c`` on (at most ``runs_most`` of them), read from
        free token ``q``, with the cells each leaves without a number (at most ``most``
        in all)."""
        width = self.widths[r]
        if c == width:
            yield done, ()
            return
        if len(done) == runs_most:
            return
        # One row read in one run reads as in several, unless its runs stand as blocks
        # apart (a paragraph each): then they are cut where the paragraphs are.
        left = sum(1 for col in range(c, width) if col >= self.first_free[r])
        whole = h == 1 and not any(self.must_cut[q + 1 : q + left])
        ends = [width] if whole or len(done) + 1 == runs_most else range(c + 1, width + 1)
        for d in ends:
            run = range(c, d)
            cells = [(i, col) for i in range(h) for col in run if col >= self.first_free[r + i]]
            for ng in range(min(most, len(cells)) + 1):
                k = len(cells) - ng
                if k and not self._block(q, k):
                    continue
                for gaps in itertools.combinations(cells, ng):
                    for rest, more in self._runs(
                        r, h, q + k, d, most - ng, (*done, run), runs_most
                    ):
                        yield rest, gaps + more
                    if self.exhausted:
                        return

    def _block(self, q: int, k: int) -> bool:
        """Free tokens ``q .. q+k-1`` may be read as one block."""
        end = q + k
        if end > len(self.free) or not self.cut_before[q]:
            return False
        if end < len(self.free) and not self.cut_before[end]:
            return False
        return not any(self.must_cut[q + 1 : end])

    @staticmethod
    def _holes(
        gaps: Sequence[tuple[int, int]], bl: int, dl: int
    ) -> Iterator[frozenset[tuple[int, int]]]:
        """Which of the gaps are displaced cells (the rest blank): at most one per row."""
        for k in range(len(gaps) + 1):
            for holes in itertools.combinations(gaps, k):
                if k <= dl and len(gaps) - k <= bl and len({i for i, _c in holes}) == k:
                    yield frozenset(holes)

    def _parts(self, width: int) -> list[tuple[range, ...]]:
        found = self.parts.get(width)
        if found is None:
            found = self.parts[width] = _partitions(width)
        return found

    def _place(
        self,
        r: int,
        h: int,
        p: int,
        runs: Sequence[range],
        gaps: Sequence[tuple[int, int]],
        holes: frozenset[tuple[int, int]],
    ) -> tuple[_Band, tuple[_Want, ...]] | None:
        width = self.widths[r]
        cells = [[BLANK] * width for _ in range(h)]
        for i in range(h):
            for c, t in enumerate(self.owned[r + i]):
                cells[i][c] = t
        for i, c in holes:
            cells[i][c] = _HOLE
        cost = _BLANK_COST * (len(gaps) - len(holes)) + _DISPLACED_COST * len(holes)
        q = p
        for run in runs:
            start = q
            for i in range(h):
                first = self.first_free[r + i]
                for c in run:
                    if c >= first and (i, c) not in gaps:
                        cells[i][c] = self.free[q]
                        lo, hi = self.around[q]
                        cost += (r + i < lo) + (r + i >= hi)
                        q += 1
            cost += q > start
        values: list[tuple[Value, ...]] = []
        wants: list[_Want] = []
        for i in range(h):
            kinds = self.kinds[r + i]
            row: list[Value | None] = []
            hole = None
            for c in range(width):
                t = cells[i][c]
                if t == BLANK:
                    row.append(Missing())
                elif t == _HOLE:
                    row.append(None)
                    hole = c
                else:
                    v = self.value_of[kinds[c]][t]
                    if v is None:
                        return None
                    row.append(v)
            if hole is not None:
                v = _solved(row, hole, self.relations[r + i], kinds[hole])
                if v is None or self.last_alone.get((kinds[hole], v), -1) < q:
                    return None
                row[hole] = v
                wants.append((kinds[hole].value, v))
            done = tuple(v for v in row if v is not None)
            if not _keeps(done, self.relations[r + i]):
                return None
            values.append(done)
        band = _Band(tuple(tuple(row) for row in cells), tuple(values), cost)
        return band, tuple(wants)


def _reading(search: _Search, rest: _Rest) -> OrderReading:
    """The reading of a whole table, its displaced cells given the numbers taken for them
    (the first number of each value to the first cell wanting it)."""
    cells = [list(row) for band in rest.bands for row in band.cells]
    strays = [search.free[p] for p in rest.strays]
    displaced: list[_Cell] = []
    for i, row in enumerate(cells):
        for c, t in enumerate(row):
            if t != _HOLE:
                continue
            kind = search.kinds[i][c]
            found = next(s for s in strays if search.value_of[kind][s] == rest.values[i][c])
            strays.remove(found)
            row[c] = found
            displaced.append((i, c))
    return OrderReading(
        tuple(tuple(row) for row in cells), rest.values, rest.cost, tuple(displaced)
    )


def solve_order(
    rows: Sequence[_Row],
    check: Check | None,
    tokens: Sequence[_Tok],
    paragraphs: Sequence[int],
    owners: Sequence[int | None],
    around: Sequence[tuple[int, int]],
    loose: Sequence[bool],
    equations: Sequence[ColumnEquation] = (),
    budget: int = ORDER_NODE_BUDGET,
) -> OrderResult:
    """The band readings of ``tokens`` (a table's numbers and markers in reading order)
    into ``rows`` that keep every sum, cheapest first.

    ``paragraphs[i]`` numbers the paragraph (lines with no empty line between them)
    token ``i`` stands in; ``owners[i]`` is the row on whose label's lines it stands (None:
    none), and those tokens are their row's first cells; ``around[i]`` is the pair of rows
    whose labels stand last before it and first after it (``-1`` and ``len(rows)`` where
    none does); ``loose[i]`` says whether it may be a displaced cell's number (it
    stands by a label, or after the table's last label). ``equations`` are the table's
    column sums (see :func:`~._shape.column_equations`): the search drops the rest of a
    reading as soon as its rows break one.
    """
    owned: list[list[int]] = [[] for _ in rows]
    for i, row in enumerate(owners):
        if row is not None:
            owned[row].append(i)
    for row, found in enumerate(owned):
        if len(found) > len(rows[row].columns):
            owned[row] = []  # more numbers than cells on the label's lines: not the row's
    search = _Search(rows, tokens, paragraphs, owned, around, loose, equations, budget)
    blanks = search.cells() - len(search.free)
    readings: list[OrderReading] = []
    seen: set[tuple[tuple[Value, ...], ...]] = set()
    for displaced in range(_MAX_DISPLACED + 1 if blanks >= 0 else 0):
        for rest in search.readings(displaced, blanks):
            grid = [list(row) for row in rest.values]
            if rest.values in seen or (check is not None and check(grid)):
                continue
            seen.add(rest.values)
            readings.append(_reading(search, rest))
        if readings or search.exhausted:
            break
    readings.sort(key=lambda x: x.cost)
    return OrderResult(tuple(readings), not search.exhausted, search.nodes)
