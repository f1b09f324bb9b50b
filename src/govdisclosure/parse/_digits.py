"""Decoding runs of digits whose cell boundaries were lost.

A crawled page flattened to one line prints a table row as ``713000074`` (71, 3, 0, 0, 0, 0,
74), a PDF extraction may split one number as ``1 2``, and a 2019 report glues a negative
change to its neighbour (``2648-18538``). The text alone does not say where one cell ends;
the table's own sums often do. :func:`decode` enumerates the ways a sequence of *groups*
(what stood between separators) can be cut or joined into ``n`` cells, keeps those that
satisfy the row's sum relations, and returns them ranked from the most plausible.

The search is bounded (``max_nodes``): a pathological input degrades to "no reading" or
"ambiguous", never to a hang.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

import attrs

from .. import _deadline
from ..model.keys import ValueKind

__all__ = [
    "MAX_CELL_DIGITS",
    "MISSING_GROUP",
    "DecodeResult",
    "Decoding",
    "Relation",
    "cell_number",
    "decode",
]

MISSING_GROUP = "\x00"
"""A group standing for one cell with a missing marker (``/``, ``—``): never cut or joined."""

Relation = tuple[tuple[int, ...], int]
"""``(parts, total)``: the cells at ``parts`` add up to the cell at ``total``."""

MAX_CELL_DIGITS = 18
"""Most digits a cell holds before (and after) its decimal point: more is no count or
amount of any report, and converting it would be slow (or refused, past 4300 digits)."""
_MAX_CELL_TEXT = 2 * MAX_CELL_DIGITS + 2  # a sign, the digits and a point

DEFAULT_MAX_NODES = 6_000
DEFAULT_MAX_CANDIDATES = 48


@attrs.frozen
class Decoding:
    """One way of reading the groups as cells."""

    cells: tuple[str, ...]
    """The text of each cell (``MISSING_GROUP`` for a missing marker)."""
    cuts: int
    """Cuts made inside a group (digits that ran together)."""
    joins: int
    """Separators removed (digits split by a space)."""
    values: tuple[int | Decimal | None, ...] = attrs.field(eq=False)


@attrs.frozen
class DecodeResult:
    candidates: tuple[Decoding, ...]
    """The readings that satisfy every relation, most plausible first."""
    complete: bool
    """False when the search stopped at its bound: other readings may exist."""
    nodes: int = 0
    """Search nodes visited (for callers sharing one budget across rows)."""


def cell_number(text: str, kind: ValueKind) -> int | Decimal | None:
    """The value of a cell's text in a column of ``kind``, or None if it cannot be one.

    No leading zeros (``07`` is not a cell: it is two cells run together), a sign only in
    signed columns, a decimal point only in amounts.
    """
    if not text or text == MISSING_GROUP:
        return None
    sign = ""
    body = text
    if body[0] in "+-":
        if kind is not ValueKind.SIGNED:
            return None
        sign, body = body[0], body[1:]
    if not body:
        return None
    integer, dot, fraction = body.partition(".")
    if len(integer) > MAX_CELL_DIGITS or len(fraction) > MAX_CELL_DIGITS:
        return None
    if not integer.isdigit() or not integer.isascii():
        return None
    if len(integer) > 1 and integer[0] == "0":
        return None
    if dot:
        if kind is not ValueKind.AMOUNT or not fraction.isdigit() or not fraction.isascii():
            return None
        try:
            return Decimal(f"{integer}.{fraction}")
        except InvalidOperation:  # pragma: no cover - digits only
            return None
    if kind is ValueKind.AMOUNT:
        return Decimal(integer)
    value = int(integer)
    return -value if sign == "-" else value


class _BoundError(Exception):
    """The search reached its node bound."""


def decode(
    groups: Sequence[str],
    kinds: Sequence[ValueKind],
    relations: Sequence[Relation] = (),
    *,
    allow_cuts: bool = True,
    allow_joins: bool = False,
    rank: Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> DecodeResult:
    """Read ``groups`` (digit strings, optionally signed or decimal) as ``len(kinds)`` cells.

    Cells are assigned right to left so that a row total is known before its parts, which
    prunes every reading whose parts already exceed it. ``rank`` orders the surviving
    readings (lower is more plausible) after the structural cost (joins, then cuts).
    """
    n = len(kinds)
    for parts, total in relations:
        if not all(0 <= i < n for i in (*parts, total)):
            raise ValueError(f"relation {(parts, total)} refers to a cell outside 0..{n - 1}")
    if n == 0 or not groups:
        return DecodeResult((), True)
    if not allow_joins and len(groups) > n:
        return DecodeResult((), True)
    if not allow_cuts and len(groups) < n:
        return DecodeResult((), True)
    search = _Search(
        _Digits.of(groups, allow_joins),
        _Sums(relations, n),
        kinds,
        allow_joins=allow_joins,
        max_nodes=max_nodes,
        max_candidates=max_candidates,
    )
    complete = search.run()
    found = sorted(search.found, key=lambda d: _plausibility(d, relations, rank))
    return DecodeResult(tuple(found), complete, search.nodes)


@attrs.frozen
class _Digits:
    """The groups run together as one text, with where a cell may begin or end in it."""

    text: str
    starts: frozenset[int]
    """Offsets where a group begins (and the text's end)."""
    cuttable: list[bool]
    """Where a cell may begin inside a group: between two digits of an integer part."""
    joinable: list[bool]
    """``joinable[s]``: the separator before the group starting at ``s`` may be removed (a
    plain digit group continuing a digit group: ``1 2`` read as 12)."""
    groups_before: list[int]
    """``groups_before[i]``: groups wholly or partly in ``text[:i]``."""
    digit_sum: list[int]
    """``digit_sum[i]``: the sum of the digits of ``text[:i]``."""
    plain: list[bool]
    """``plain[i]``: ``text[:i]`` holds only digits (no sign, point or marker)."""

    @classmethod
    def of(cls, groups: Sequence[str], allow_joins: bool) -> _Digits:
        text = "".join(groups)
        length = len(text)
        # group_of[i]: which group char i belongs to; group_start[i]: where it begins.
        group_of: list[int] = []
        group_start: list[int] = []
        starts: set[int] = set()
        for g, grp in enumerate(groups):
            starts.add(len(group_of))
            group_of.extend([g] * len(grp))
            group_start.extend([len(group_start)] * len(grp))
        starts.add(length)
        cuttable = [False] * (length + 1)
        for i in range(1, length):
            if i in starts or not (text[i - 1].isdigit() and text[i].isdigit()):
                continue
            if "." in text[group_start[i] : i]:
                continue
            cuttable[i] = True
        joinable = [False] * (length + 1)
        if allow_joins:
            for s in starts:
                if 0 < s < length and text[s].isdigit() and text[s - 1].isdigit():
                    joinable[s] = True
        digit_sum = [0] * (length + 1)
        plain = [True] * (length + 1)
        for i, ch in enumerate(text):
            digit_sum[i + 1] = digit_sum[i] + (int(ch) if ch.isdigit() and ch.isascii() else 0)
            plain[i + 1] = plain[i] and ch.isdigit() and ch.isascii()
        return cls(
            text,
            frozenset(starts),
            cuttable,
            joinable,
            [0] + [group_of[i - 1] + 1 for i in range(1, length + 1)],
            digit_sum,
            plain,
        )


class _Sums:
    """The relations' bookkeeping as cells are placed right to left, kept incrementally.

    A relation's total (its highest index in every layout) is usually known before its
    parts. ``rest[r]`` is the total of relation ``r``, None while unknown or unknowable (a
    missing or decimal cell); ``acc[r]`` the sum of the parts placed so far. A missing (or
    decimal) part leaves the relation as a bound only: the parts known may not exceed the
    total. A missing total leaves nothing to check.
    """

    def __init__(self, relations: Sequence[Relation], n: int) -> None:
        self.relations = relations
        n_rel = len(relations)
        self.part_of: list[list[int]] = [[] for _ in range(n)]
        self.total_of: list[list[int]] = [[] for _ in range(n)]
        lowest = [min((*rel[0], rel[1])) for rel in relations]
        for r, (parts, total) in enumerate(relations):
            for p in parts:
                self.part_of[p].append(r)
            self.total_of[total].append(r)
        self.rest: list[int | None] = [None] * n_rel
        self.placed = [0] * n_rel  # parts placed
        self.acc = [0] * n_rel  # sum of the parts placed
        self.has_total = [False] * n_rel
        self.gaps = [0] * n_rel
        self.total_bad = [False] * n_rel
        self.open_at = [tuple(r for r in range(n_rel) if lowest[r] <= c) for c in range(n)]
        # single[c]: the relation whose parts are exactly the cells 0..c still to place, if
        # there is one. Then the text left is cut into those parts, and however it is cut
        # the parts add up to the same value modulo 9 as its digits do (casting out nines).
        self.single = [-1] * n
        for c in range(n):
            for r, (parts, total) in enumerate(relations):
                if total > c and all(i in parts for i in range(c + 1)):
                    self.single[c] = r
                    break

    def place(self, cell: int, value: int | Decimal | None) -> bool:
        """Record ``value`` in ``cell``; False if a relation is now violated."""
        rest, acc, gaps, placed = self.rest, self.acc, self.gaps, self.placed
        has_total, total_bad = self.has_total, self.total_bad
        for r in self.part_of[cell]:
            placed[r] += 1
            if isinstance(value, int):
                acc[r] += value
            else:
                gaps[r] += 1
        for r in self.total_of[cell]:
            has_total[r] = True
            if isinstance(value, int):
                rest[r] = value
            else:
                total_bad[r] = True
        ok = True
        for r in (*self.part_of[cell], *self.total_of[cell]):
            total = rest[r]
            if total_bad[r] or not has_total[r] or total is None:
                continue
            left = total - acc[r]
            exact = gaps[r] == 0 and placed[r] == len(self.relations[r][0])
            if left < 0 or (exact and left != 0):
                ok = False
        return ok

    def unplace(self, cell: int, value: int | Decimal | None) -> None:
        acc, gaps, placed = self.acc, self.gaps, self.placed
        for r in self.part_of[cell]:
            placed[r] -= 1
            if isinstance(value, int):
                acc[r] -= value
            else:
                gaps[r] -= 1
        for r in self.total_of[cell]:
            self.has_total[r] = False
            self.total_bad[r] = False
            self.rest[r] = None

    def remaining(self, r: int) -> int | None:
        """What the parts still to place may add up to, at most (None: unbounded)."""
        total = self.rest[r]
        if total is None or not self.has_total[r] or self.total_bad[r]:
            return None
        return total - self.acc[r]

    def cap_of(self, cell: int) -> int | None:
        """The largest value ``cell`` may take."""
        cap: int | None = None
        for r in self.part_of[cell]:
            left = self.remaining(r)
            if left is not None:
                cap = left if cap is None else min(cap, left)
        return cap

    def state(self, cell: int) -> tuple[object, ...]:
        """What the search from ``cell`` down depends on, of the relations."""
        return tuple((self.remaining(r), self.acc[r], self.gaps[r] > 0) for r in self.open_at[cell])

    def single_left(self, cell: int) -> int | None:
        """What the cells ``0..cell`` add up to, when they are exactly one relation's
        parts still to place and that relation's total is known."""
        r = self.single[cell]
        return self.remaining(r) if r >= 0 and self.gaps[r] == 0 else None


class _Search:
    """The depth-first search over where each cell begins, right to left."""

    def __init__(
        self,
        digits: _Digits,
        sums: _Sums,
        kinds: Sequence[ValueKind],
        *,
        allow_joins: bool,
        max_nodes: int,
        max_candidates: int,
    ) -> None:
        self.digits = digits
        self.sums = sums
        self.kinds = kinds
        self.allow_joins = allow_joins
        self.max_nodes = max_nodes
        self.max_candidates = max_candidates
        self.values: list[int | Decimal | None] = [None] * len(kinds)
        self.texts: list[str] = [""] * len(kinds)
        self.found: list[Decoding] = []
        self.nodes = 0
        self.failed: set[tuple[object, ...]] = set()

    def run(self) -> bool:
        """Search every reading; False when the search stopped at a bound (nodes or candidates)."""
        try:
            self.search(len(self.digits.text), len(self.kinds) - 1, 0, 0)
        except _BoundError:
            return False
        return len(self.found) < self.max_candidates

    def search(self, end: int, cell: int, cuts: int, joins: int) -> None:
        """Readings of ``text[:end]`` as cells ``0..cell``, the cells after already placed."""
        if cell < 0:
            if end == 0:
                self.found.append(Decoding(tuple(self.texts), cuts, joins, tuple(self.values)))
            return
        state = (end, cell, *self.sums.state(cell))
        if state in self.failed:
            return
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise _BoundError
        if not self.nodes & 0xFF:
            _deadline.check()
        before_found = len(self.found)
        if self._hopeless(end, cell):
            self.failed.add(state)
            return
        kind, cap = self.kinds[cell], self.sums.cap_of(cell)
        digits = self.digits
        text, starts, cuttable = digits.text, digits.starts, digits.cuttable
        joinable, groups_before = digits.joinable, digits.groups_before
        span_joins = 0
        start = end - 1
        while start >= 0:
            if end - start > _MAX_CELL_TEXT:
                break  # a longer piece is no cell either
            if (
                start >= cell
                and (start in starts or cuttable[start])
                and (cell > 0 or start == 0)
                and (self.allow_joins or groups_before[start] <= cell)
            ):
                piece = text[start:end]
                good, value = _piece(piece, kind)
                if cap is not None and isinstance(value, int) and value > cap:
                    break  # a longer piece is larger still
                if good:
                    cut = start not in starts
                    self._try(cell, piece, value, start, cuts + cut, joins + span_joins)
                    if len(self.found) >= self.max_candidates:
                        return
            if start in starts:
                if not joinable[start]:
                    break
                span_joins += 1
            start -= 1
        if len(self.found) == before_found:
            self.failed.add(state)

    def _try(
        self, cell: int, piece: str, value: int | Decimal | None, start: int, cuts: int, joins: int
    ) -> None:
        """Search on with ``piece`` (``text[start:end]``) as ``cell``."""
        self.values[cell] = value
        self.texts[cell] = piece
        if self.sums.place(cell, value):
            self.search(start, cell - 1, cuts, joins)
        self.values[cell] = None
        self.sums.unplace(cell, value)

    def _hopeless(self, end: int, cell: int) -> bool:
        """The cells left are the parts of one relation and cannot add up to what it
        needs: each is at most ``left``, and their sum is congruent to the digits' sum
        modulo 9."""
        left = self.sums.single_left(cell)
        digits = self.digits
        return bool(
            left is not None
            and digits.plain[end]
            and ((digits.digit_sum[end] - left) % 9 or end > (cell + 1) * len(str(left)))
        )


def _piece(piece: str, kind: ValueKind) -> tuple[bool, int | Decimal | None]:
    """Whether ``piece`` can be a cell of ``kind``, and its value."""
    if piece == MISSING_GROUP:
        return True, None
    if MISSING_GROUP in piece:
        return False, None
    value = cell_number(piece, kind)
    return value is not None, value


def _slack(values: tuple[int | Decimal | None, ...], relations: Sequence[Relation]) -> int:
    # With a blank part a relation is only a bound; the reading whose known parts
    # come closest to the total is the likelier (a blank part is usually 0).
    gap = 0
    for parts, total in relations:
        tv = values[total]
        if isinstance(tv, int):
            gap += tv - sum(v for p in parts if isinstance(v := values[p], int))
    return gap


def _plausibility(
    d: Decoding,
    relations: Sequence[Relation],
    rank: Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]] | None,
) -> tuple[float, ...]:
    """Sort key of a decoding: joins, cuts, slack of the sums, then ``rank``."""
    extra = rank(d.values) if rank is not None else default_rank(d.values)
    return (d.joins, d.cuts, _slack(d.values, relations), *extra)


def default_rank(values: Sequence[int | Decimal | None]) -> tuple[float, ...]:
    """Fewest multi-digit cells, then the smallest numbers."""
    nums = [abs(float(v)) for v in values if v is not None]
    multi = sum(1 for v in nums if v >= 10)
    return (float(multi), sum(nums))


def balanced_rank(values: Sequence[int | Decimal | None]) -> tuple[float, ...]:
    """For rows with no sum relation: the last cell (a total or current count) not below the
    others, then the most even digit lengths, then the smallest numbers."""
    nums = [v for v in values if v is not None]
    if not nums:
        return (0.0, 0.0, 0.0)
    last = values[-1]
    below = 0
    if last is not None:
        below = sum(1 for v in values[:-1] if v is not None and v > last)
    longest = max(len(str(abs(int(v)))) for v in nums)
    return (float(below), float(longest), sum(abs(float(v)) for v in nums))
