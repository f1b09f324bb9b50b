"""Readings of a block of rows: the ways its tokens can fill its cells, most plausible
first, and how the block was read (its status).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from ...model.keys import ValueKind
from ...model.tables import Missing, Value
from .._digits import (
    MISSING_GROUP,
    DecodeResult,
    Relation,
    decode,
    default_rank,
)
from .._labels import Occurrence
from .._numbers import token_value
from ._shape import _holds_blank_as_zero, _offset_relations, _Row
from ._tokens import _Tok

_TABLE_NODE_BUDGET = 60_000
"""Search nodes one table may spend decoding digits, across all its rows."""
_ROW_NODE_BUDGET = 8_000


@attrs.frozen
class _Reading:
    values: tuple[Value, ...]
    refs: tuple[_Tok | None, ...]
    texts: tuple[str, ...]
    joins: int = 0
    cuts: int = 0


class _Status(enum.Enum):
    """How a block's numbers filled its cells."""

    NONE = "none"
    """No number stands after the label."""
    EXACT = "exact"
    """One number (or marker) per cell."""
    BLANKS = "blanks"
    """One token per cell once the empty cells of a tab- or pipe-separated row are counted
    (at the columns where the table's complete rows put their cells)."""
    BLANKS_PLACED = "blanks-placed"
    """Fewer numbers than cells and no trace of the blank cells: the blanks placed where
    the row's sums hold (one reading per placement)."""
    CUT = "cut"
    """Digits run together, cut into cells (one reading per way the sums allow)."""
    JOINED = "joined"
    """More numbers than cells: numbers split by a space joined where the sums say."""
    SHIFTED = "shifted"
    """The row's last numbers stood after the next row's label; moved back (recovery)."""
    CUT_BY_COLUMNS = "cut-by-columns"
    """Of several readings of the row, the one the table's column sums leave (recovery)."""
    SHORT = "short"
    """Fewer numbers than cells, each a whole cell: the last cells are missing."""
    UNDECODABLE = "undecodable"
    """Digits run together that no cutting reads as the row's cells."""
    EXTRA = "extra"
    """More numbers than cells that no sum joins: the first ones are read, the rest reported."""

    @property
    def fills_every_cell(self) -> bool:
        """The block's reading leaves no cell of it unread."""
        return self in _FILLS_EVERY_CELL

    @property
    def doubt(self) -> str | None:
        """Why cells read this way may be wrong (the code of the finding that says how
        they were read), or None for cells read where they stood."""
        return _DOUBTS.get(self)


_FILLS_EVERY_CELL = frozenset(
    {
        _Status.EXACT,
        _Status.BLANKS,
        _Status.BLANKS_PLACED,
        _Status.CUT,
        _Status.JOINED,
        _Status.SHIFTED,
        _Status.CUT_BY_COLUMNS,
    }
)


_DOUBTS = {
    _Status.BLANKS_PLACED: "blanks-placed",
    _Status.CUT: "digits-split",
    _Status.JOINED: "digits-joined",
    _Status.SHIFTED: "row-shift-repaired",
    _Status.CUT_BY_COLUMNS: "digits-split",
    _Status.SHORT: "row-short",
    _Status.EXTRA: "unplaced-numbers",
}


@attrs.define
class _Block:
    """Rows read together: an anchored row and the unanchored rows after it."""

    rows: list[int]
    anchor: Occurrence | None
    tokens: list[_Tok]
    readings: list[_Reading] = attrs.Factory(list)
    complete: bool = True
    status: _Status = _Status.NONE
    doubt: str | None = None
    """Why the whole block's reading is uncertain beyond its status (the table read in
    reading order, rows displaced), or None."""


def _lenient(tok: _Tok, kind: ValueKind) -> int | Decimal | None:
    """The value of a whole token standing alone in a cell (leading zeros tolerated)."""
    group = tok.group
    if kind is not ValueKind.AMOUNT and "." not in group:
        sign = group[:1] if group[:1] in "+-" else ""
        digits = group[len(sign) :].lstrip("0") or "0"
        group = f"{sign}{digits}"
    return token_value(group, kind, tok.unit)


def _exact_reading(tokens: Sequence[_Tok], kinds: Sequence[ValueKind]) -> _Reading:
    values: list[Value] = []
    for tok, kind in zip(tokens, kinds, strict=True):
        if tok.group == MISSING_GROUP:
            values.append(Missing(tok.text))
            continue
        v = _lenient(tok, kind)
        values.append(Missing(tok.text) if v is None else v)
    return _Reading(tuple(values), tuple(tokens), tuple(t.text for t in tokens))


def _decoded_reading(
    tokens: Sequence[_Tok], cells: Sequence[str], kinds: Sequence[ValueKind], joins: int, cuts: int
) -> _Reading:
    """Values of a decoding, with each cell traced to the token it was cut from."""
    values: list[Value] = []
    refs: list[_Tok | None] = []
    ti = 0
    used = 0  # chars of tokens[ti].group consumed
    for text, kind in zip(cells, kinds, strict=True):
        tok = tokens[ti] if ti < len(tokens) else None
        remaining = len(text)
        last_tok = tok
        while remaining > 0 and ti < len(tokens):
            avail = len(tokens[ti].group) - used
            take = min(avail, remaining)
            remaining -= take
            used += take
            last_tok = tokens[ti]
            if used == len(tokens[ti].group):
                ti += 1
                used = 0
        if text == MISSING_GROUP:
            values.append(Missing(tok.text if tok is not None else ""))
        else:
            unit = last_tok.unit if last_tok is not None and used == 0 else ""
            v = token_value(text, kind, unit)
            values.append(Missing(text) if v is None else v)
        refs.append(tok)
    return _Reading(tuple(values), tuple(refs), tuple(cells), joins, cuts)


def _unsigned(tokens: Sequence[_Tok]) -> list[_Tok]:
    """In a row with no signed column a leading ``-`` is a missing marker glued to the
    next number (``-12`` in a flattened row is "—" then 12), and ``+`` is noise."""
    out: list[_Tok] = []
    for t in tokens:
        if t.group[:1] == "-" and t.group != MISSING_GROUP:
            out.append(
                _Tok(MISSING_GROUP, "-", t.line, t.start, t.start + 1, col=t.col, glued=t.glued)
            )
            out.append(
                attrs.evolve(t, group=t.group[1:], text=t.text[1:], start=t.start + 1, glued=True)
            )
        elif t.group[:1] == "+":
            out.append(attrs.evolve(t, group=t.group[1:]))
        else:
            out.append(t)
    return out


def _positional(tokens: Sequence[_Tok], n: int, start: int) -> list[_Tok] | None:
    """The row's cells as columns ``start .. start+n-1`` of its line, or None if values
    stand outside them."""
    values = [t for t in tokens if not t.blank]
    if not values or len({t.line for t in values}) != 1:
        return None
    li = values[0].line
    tokens = [t for t in tokens if t.line == li]
    by_col: dict[int, _Tok] = {}
    for t in tokens:
        if t.col is None:
            return None
        inside = start <= t.col < start + n
        if not t.blank and (not inside or (t.col in by_col and not by_col[t.col].blank)):
            return None
        if start <= t.col < start + n and (t.col not in by_col or by_col[t.col].blank):
            by_col[t.col] = t
    return [
        by_col.get(c)
        or _Tok(MISSING_GROUP, "", li, tokens[0].start, tokens[0].start, blank=True, col=c)
        for c in range(start, start + n)
    ]


def _standalone(tok: _Tok, kind: ValueKind) -> bool:
    return tok.group == MISSING_GROUP or token_value(tok.group, kind, tok.unit) is not None


_Rank = Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]]


def _read_block(
    block: _Block,
    rows: Sequence[_Row],
    budget: list[int],
    columns_at: int | None = None,
) -> None:
    """Fill ``block.readings`` (most plausible first) and ``block.status``.

    ``columns_at``: where the row's first cell stands in its tab/pipe-separated line, as
    the table's complete rows show, for rows with empty cells.
    """
    specs = [rows[i] for i in block.rows]
    kinds, relations = _offset_relations(specs)
    tokens = block.tokens
    if not any(k is ValueKind.SIGNED for k in kinds):
        tokens = _unsigned(tokens)
    if not any(not t.blank for t in tokens):
        block.status = _Status.NONE
    elif not _read_one_per_cell(block, tokens, kinds, columns_at):
        read = _read_fewer if sum(1 for t in tokens if not t.blank) < len(kinds) else _read_more
        read(block, tokens, kinds, relations, _block_rank(specs), budget)


def _read_one_per_cell(
    block: _Block, tokens: list[_Tok], kinds: list[ValueKind], columns_at: int | None
) -> bool:
    """Read the block if its tokens stand one per cell, counting the empty cells of a
    tab/pipe-separated row; False if they do not."""
    n = len(kinds)
    full = [t for t in tokens if not t.blank]
    inner = [t for t in tokens if not t.edge]
    if len(full) == n:
        block.readings = [_exact_reading(full, kinds)]
        block.status = _Status.EXACT
        return True
    if len(inner) == n:
        block.readings = [_exact_reading(inner, kinds)]
        block.status = _Status.BLANKS
        return True
    if len(full) < n and columns_at is not None:
        placed = _positional(tokens, n, columns_at)
        if placed is not None:
            block.readings = [_exact_reading(placed, kinds)]
            block.status = _Status.BLANKS
            return True
    if len(full) < n and block.anchor is not None and block.anchor.row < 0:
        # Table 四's data row: a whole tab/pipe line of exactly n cells.
        line = [t for t in tokens if t.line == full[0].line]
        if len(line) == n and all(t.col is not None for t in line):
            block.readings = [_exact_reading(line, kinds)]
            block.status = _Status.BLANKS
            return True
    return False


def _decode(
    groups: list[str],
    kinds: list[ValueKind],
    relations: list[Relation],
    rank: _Rank,
    budget: list[int],
    *,
    allow_cuts: bool = True,
    allow_joins: bool = False,
) -> DecodeResult:
    """:func:`decode`, spending the search nodes from the table's ``budget``."""
    res = decode(
        groups,
        kinds,
        relations,
        allow_cuts=allow_cuts,
        allow_joins=allow_joins,
        rank=rank,
        max_nodes=max(200, min(_ROW_NODE_BUDGET, budget[0])),
    )
    budget[0] -= res.nodes
    return res


def _read_fewer(
    block: _Block,
    tokens: list[_Tok],
    kinds: list[ValueKind],
    relations: list[Relation],
    rank: _Rank,
    budget: list[int],
) -> None:
    """Fewer numbers than cells: digits run together, cut into cells; or a row short of
    cells, its blanks placed by the sums where they can."""
    n = len(kinds)
    full = [t for t in tokens if not t.blank]
    inner = [t for t in tokens if not t.edge]
    groups = [t.group for t in full]
    # Cut runs of digits only where the sums can confirm it, or where the row's
    # digits stand glued together with nothing between them (a flattened page);
    # numbers apart from each other are cells, and a row short of them lost a cell.
    glued = all(t.glued for t in full[1:])
    multi = any(len(g.lstrip("+-")) > 1 for g in groups if g != MISSING_GROUP)
    if multi and (relations or glued):
        res = _decode(groups, kinds, relations, rank, budget)
        block.complete = res.complete
        if res.candidates:
            block.readings = [
                _decoded_reading(full, d.cells, kinds, d.joins, d.cuts) for d in res.candidates
            ]
            block.status = _Status.CUT
            return
    whole_run = len(full) == 1 and len(groups[0].lstrip("+-")) >= n
    if not whole_run and all(_standalone(t, k) for t, k in zip(full, kinds, strict=False)):
        block.tokens = list(inner)
        block.status = _Status.SHORT
        if relations and len(inner) == len(full) and n - len(full) <= _MAX_BLANKS:
            readings = _blank_placements(full, kinds, relations)
            if readings:
                block.readings = readings
                block.status = _Status.BLANKS_PLACED
        return
    block.status = _Status.UNDECODABLE


def _read_more(
    block: _Block,
    tokens: list[_Tok],
    kinds: list[ValueKind],
    relations: list[Relation],
    rank: _Rank,
    budget: list[int],
) -> None:
    """More numbers than cells: a number split by a space, if the sums say so; else the
    first numbers, the rest left over."""
    full = [t for t in tokens if not t.blank]
    if relations:
        res = _decode(
            [t.group for t in full],
            kinds,
            relations,
            rank,
            budget,
            allow_cuts=False,
            allow_joins=True,
        )
        if res.candidates:
            block.readings = [
                _decoded_reading(full, d.cells, kinds, d.joins, d.cuts) for d in res.candidates
            ]
            block.complete = res.complete
            block.status = _Status.JOINED
            return
    block.tokens = list(full)
    block.readings = [_exact_reading(full[: len(kinds)], kinds)]
    block.status = _Status.EXTRA


_MAX_BLANKS = 2
"""Blank cells a row may have lost without trace that the sums are asked to place."""


def _blank_placements(
    tokens: Sequence[_Tok], kinds: Sequence[ValueKind], relations: Sequence[Relation]
) -> list[_Reading]:
    """Readings of a row whose blank cells left no trace: every placement of the blanks
    between the numbers (kept in order) under which the sums hold; the placement with the
    blanks last first, as the row was read before."""
    n = len(kinds)
    missing = n - len(tokens)
    out: list[_Reading] = []
    for blanks in sorted(itertools.combinations(range(n), missing), reverse=True):
        cells: list[_Tok] = []
        it = iter(tokens)
        for k in range(n):
            if k in blanks:
                at = cells[-1].end if cells else tokens[0].start
                cells.append(_Tok(MISSING_GROUP, "", tokens[0].line, at, at, blank=True))
            else:
                cells.append(next(it))
        reading = _exact_reading(cells, kinds)
        if _holds_blank_as_zero(reading.values, relations):
            out.append(reading)
    return out


def _block_rank(
    rows: Sequence[_Row],
) -> Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]]:
    ranks = [r.rank for r in rows]
    sizes = [len(r.columns) for r in rows]

    def rank(values: tuple[int | Decimal | None, ...]) -> tuple[float, ...]:
        out: list[float] = []
        pos = 0
        total = [0.0, 0.0, 0.0]
        for fn, size in zip(ranks, sizes, strict=True):
            part = values[pos : pos + size]
            pos += size
            key = (fn or default_rank)(part)
            for k, v in enumerate(key[:3]):
                total[k] += v
        out.extend(total)
        return tuple(out)

    return rank


def _place(grid: list[list[Value]], block: _Block, rows: Sequence[_Row], reading: _Reading) -> None:
    pos = 0
    for r in block.rows:
        size = len(rows[r].columns)
        grid[r] = list(reading.values[pos : pos + size])
        pos += size
