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

from govdisclosure import _deadline
from govdisclosure.model.keys import ValueKind

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
    text = "".join(groups)
    length = len(text)
    # group_of[i]: which group char i belongs to; starts: offsets where a group begins.
    group_of: list[int] = []
    starts: set[int] = set()
    for g, grp in enumerate(groups):
        starts.add(len(group_of))
        group_of.extend([g] * len(grp))
    starts.add(length)
    n_groups = len(groups)
    if not allow_joins and n_groups > n:
        return DecodeResult((), True)
    if not allow_cuts and n_groups < n:
        return DecodeResult((), True)

    # group_start[i]: offset where the group holding char i begins.
    group_start: list[int] = []
    for grp in groups:
        group_start.extend([len(group_start)] * len(grp))
    # Where a cell may begin inside a group: between two digits of an integer part.
    cuttable = [False] * (length + 1)
    for i in range(1, length):
        if i in starts or not (text[i - 1].isdigit() and text[i].isdigit()):
            continue
        if "." in text[group_start[i] : i]:
            continue
        cuttable[i] = True
    # joinable[s]: the separator before the group starting at s may be removed (a plain
    # digit group continuing a digit group: ``1 2`` read as 12).
    joinable = [False] * (length + 1)
    if allow_joins:
        for s in starts:
            if 0 < s < length and text[s].isdigit() and text[s - 1].isdigit():
                joinable[s] = True
    # groups_before[i]: groups wholly or partly in text[:i].
    groups_before = [0] + [group_of[i - 1] + 1 for i in range(1, length + 1)]

    # Relation bookkeeping, kept incrementally: cells are placed right to left, so a
    # relation's total (its highest index in every layout) is usually known before its
    # parts. rest[r] is the total minus the parts placed so far; None once unknowable (a
    # missing or decimal cell).
    n_rel = len(relations)
    part_of: list[list[int]] = [[] for _ in range(n)]
    total_of: list[list[int]] = [[] for _ in range(n)]
    lowest = [min((*rel[0], rel[1])) for rel in relations]
    for r, (parts, total) in enumerate(relations):
        for p in parts:
            part_of[p].append(r)
        total_of[total].append(r)
    rest: list[int | None] = [None] * n_rel
    placed = [0] * n_rel  # parts placed
    acc = [0] * n_rel  # sum of the parts placed
    has_total = [False] * n_rel
    # A missing (or decimal) part leaves the relation as a bound only: the parts known
    # may not exceed the total. A missing total leaves nothing to check.
    gaps = [0] * n_rel
    total_bad = [False] * n_rel
    open_at = [tuple(r for r in range(n_rel) if lowest[r] <= c) for c in range(n)]

    # single_rel[c]: the relation whose parts are exactly the cells 0..c still to place,
    # if there is one. Then text[:end] is cut into those parts, and however it is cut
    # the parts add up to the same value modulo 9 as its digits do (casting out nines).
    single_rel = [-1] * n
    for c in range(n):
        for r, (parts, total) in enumerate(relations):
            if total > c and all(i in parts for i in range(c + 1)):
                single_rel[c] = r
                break
    digit_sum = [0] * (length + 1)
    for i, ch in enumerate(text):
        digit_sum[i + 1] = digit_sum[i] + (int(ch) if ch.isdigit() and ch.isascii() else 0)
    plain = [True] * (length + 1)  # text[:i] holds only digits (no sign, point or marker)
    for i, ch in enumerate(text):
        plain[i + 1] = plain[i] and ch.isdigit() and ch.isascii()

    values: list[int | Decimal | None] = [None] * n
    texts: list[str] = [""] * n
    found: list[Decoding] = []
    nodes = 0

    def place(cell: int, value: int | Decimal | None) -> bool:
        """Record ``value`` in ``cell``; False if a relation is now violated."""
        ok = True
        for r in part_of[cell]:
            placed[r] += 1
            if isinstance(value, int):
                acc[r] += value
            else:
                gaps[r] += 1
        for r in total_of[cell]:
            has_total[r] = True
            if isinstance(value, int):
                rest[r] = value
            else:
                total_bad[r] = True
        for r in (*part_of[cell], *total_of[cell]):
            total = rest[r]
            if total_bad[r] or not has_total[r] or total is None:
                continue
            left = total - acc[r]
            exact = gaps[r] == 0 and placed[r] == len(relations[r][0])
            if left < 0 or (exact and left != 0):
                ok = False
        return ok

    def unplace(cell: int, value: int | Decimal | None) -> None:
        for r in part_of[cell]:
            placed[r] -= 1
            if isinstance(value, int):
                acc[r] -= value
            else:
                gaps[r] -= 1
        for r in total_of[cell]:
            has_total[r] = False
            total_bad[r] = False
            rest[r] = None

    def remaining(r: int) -> int | None:
        """What the parts still to place may add up to, at most (None: unbounded)."""
        total = rest[r]
        if not has_total[r] or total_bad[r] or total is None:
            return None
        return total - acc[r]

    def cap_of(cell: int) -> int | None:
        cap: int | None = None
        for r in part_of[cell]:
            left = remaining(r)
            if left is not None:
                cap = left if cap is None else min(cap, left)
        return cap

    failed: set[tuple[object, ...]] = set()

    def search(end: int, cell: int, cuts: int, joins: int) -> None:
        nonlocal nodes
        if cell < 0:
            if end == 0:
                found.append(Decoding(tuple(texts), cuts, joins, tuple(values)))
            return
        state = (
            end,
            cell,
            *((remaining(r), acc[r], gaps[r] > 0) for r in open_at[cell]),
        )
        if state in failed:
            return
        nodes += 1
        if nodes > max_nodes:
            raise _BoundError
        if not nodes & 0xFF:
            _deadline.check()
        before_found = len(found)
        kind = kinds[cell]
        cap = cap_of(cell)
        r = single_rel[cell]
        left = remaining(r) if r >= 0 and gaps[r] == 0 else None
        # The parts left are cut from text[:end]: each at most ``left``, and their sum
        # congruent to the digits' sum modulo 9.
        if (
            left is not None
            and plain[end]
            and ((digit_sum[end] - left) % 9 or end > (cell + 1) * len(str(left)))
        ):
            failed.add(state)
            return
        span_joins = 0
        start = end - 1
        while start >= 0:
            if end - start > _MAX_CELL_TEXT:
                break  # a longer piece is no cell either
            if (
                start >= cell
                and (start in starts or cuttable[start])
                and (cell > 0 or start == 0)
                and (allow_joins or groups_before[start] <= cell)
            ):
                piece = text[start:end]
                value: int | Decimal | None = None
                good = piece == MISSING_GROUP
                if not good and MISSING_GROUP not in piece:
                    value = cell_number(piece, kind)
                    good = value is not None
                if cap is not None and isinstance(value, int) and value > cap:
                    break  # a longer piece is larger still
                if good:
                    values[cell] = value
                    texts[cell] = piece
                    if place(cell, value):
                        search(start, cell - 1, cuts + (start not in starts), joins + span_joins)
                    values[cell] = None
                    unplace(cell, value)
                    if len(found) >= max_candidates:
                        return
            if start in starts:
                if not joinable[start]:
                    break
                span_joins += 1
            start -= 1
        if len(found) == before_found:
            failed.add(state)

    complete = True
    try:
        search(length, n - 1, 0, 0)
    except _BoundError:
        complete = False
    if len(found) >= max_candidates:
        complete = False

    def slack(values: tuple[int | Decimal | None, ...]) -> int:
        # With a blank part a relation is only a bound; the reading whose known parts
        # come closest to the total is the likelier (a blank part is usually 0).
        gap = 0
        for parts, total in relations:
            tv = values[total]
            if isinstance(tv, int):
                gap += tv - sum(v for p in parts if isinstance(v := values[p], int))
        return gap

    def key(d: Decoding) -> tuple[float, ...]:
        extra = rank(d.values) if rank is not None else default_rank(d.values)
        return (d.joins, d.cuts, slack(d.values), *extra)

    found.sort(key=key)
    return DecodeResult(tuple(found), complete, nodes)


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
