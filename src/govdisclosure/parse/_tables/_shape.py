"""What the reader knows of a table before reading it: its rows, the cells of each, and
the sums that hold between the cells.

The sum relations the reader uses to choose between readings are all here: those of
each row (:func:`_applications_relations`, :data:`_APPEALS_RELATIONS`), those of table
三's columns (:func:`_column_violations`), and how a reading is held against them
(:func:`_offset_relations`, :func:`_holds`, :func:`_holds_blank_as_zero`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from govdisclosure.model.keys import ApplicationsRow, KeyedEnum, ValueKind
from govdisclosure.model.tables import Missing, TableLayout, Value
from govdisclosure.parse._digits import Relation


@attrs.frozen
class _Row:
    """A row the reader looks for: its key, its columns, the sums between its cells and
    how plausible a reading of its digits is (``rank``, lower first)."""

    key: KeyedEnum
    columns: tuple[KeyedEnum, ...]
    relations: tuple[Relation, ...] = ()
    rank: Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]] | None = None

    @property
    def kinds(self) -> tuple[ValueKind, ...]:
        return tuple(getattr(c, "kind", ValueKind.COUNT) for c in self.columns)


def _layout_rows(
    layout: TableLayout,
    rank_of: Callable[[KeyedEnum], Callable[..., tuple[float, ...]] | None] | None = None,
    relations_of: Callable[[KeyedEnum], tuple[Relation, ...]] | None = None,
) -> list[_Row]:
    return [
        _Row(
            r,
            cols,
            relations_of(r) if relations_of else (),
            rank_of(r) if rank_of else None,
        )
        for r, cols in zip(layout.rows, layout.row_columns, strict=True)
    ]


def _applications_relations(subtotal: bool) -> tuple[Relation, ...]:
    """The sums of each row of table 三 (with or without the 小计 column)."""
    if subtotal:
        # The third follows from the first two, but holds on its own when a part is blank.
        return (((1, 2, 3, 4, 5), 6), ((0, 1, 2, 3, 4, 5), 7), ((0, 6), 7))
    return (((0, 1, 2, 3, 4, 5), 6),)


def _column_violations(rows: Sequence[_Row]) -> Callable[[list[list[Value]]], int]:
    """A check counting the column sums of table 三 that a grid of values breaks: new and
    carried-over requests against processed and carried-forward ones, and the outcomes
    against the total processed."""
    index = {r.key: i for i, r in enumerate(rows)}
    outcome = [
        i for i, r in enumerate(rows) if isinstance(r.key, ApplicationsRow) and r.key.is_outcome
    ]
    new = index.get(ApplicationsRow.NEW_REQUESTS)
    over = index.get(ApplicationsRow.CARRIED_OVER)
    done = index.get(ApplicationsRow.TOTAL_PROCESSED)
    fwd = index.get(ApplicationsRow.CARRIED_FORWARD)
    width = len(rows[0].columns) if rows else 0

    def check(grid: list[list[Value]]) -> int:
        bad = 0
        for c in range(width):
            if None not in (new, over, done, fwd):
                vals = [grid[i][c] for i in (new, over, done, fwd)]  # type: ignore[index]
                if all(isinstance(v, int) for v in vals):
                    a, b, p, f = vals
                    bad += a + b != p + f  # type: ignore[operator]
            if done is not None:
                parts = [grid[i][c] for i in outcome]
                tv = grid[done][c]
                if isinstance(tv, int) and all(isinstance(v, int) for v in parts):
                    bad += sum(parts) != tv  # type: ignore[arg-type]
        return bad

    return check


_APPEALS_RELATIONS: tuple[Relation, ...] = (((0, 1, 2, 3), 4),)
"""Each row of table 四: its four outcomes add up to its total."""


def _offset_relations(rows: Sequence[_Row]) -> tuple[list[ValueKind], list[Relation]]:
    """The kinds and sums of several rows read as one run of cells."""
    kinds: list[ValueKind] = []
    relations: list[Relation] = []
    for row in rows:
        base = len(kinds)
        for parts, total in row.relations:
            relations.append((tuple(base + p for p in parts), base + total))
        kinds.extend(row.kinds)
    return kinds, relations


def _holds(values: Sequence[Value], relations: Sequence[Relation]) -> bool:
    """No relation whose cells are all numbers is broken."""
    for parts, total in relations:
        vals = [values[p] for p in parts]
        tv = values[total]
        ints = [v for v in vals if isinstance(v, int)]
        if isinstance(tv, int) and len(ints) == len(vals) and sum(ints) != tv:
            return False
    return True


def _holds_blank_as_zero(values: Sequence[Value], relations: Sequence[Relation]) -> bool:
    """The relations, a blank cell counted as 0 (for the check only) and a cell holding a
    marker (``/``) leaving its relation unchecked."""

    def num(v: Value) -> int | None:
        if isinstance(v, Missing):
            return 0 if not v.raw else None
        return v if isinstance(v, int) else None

    for parts, total in relations:
        vals = [num(values[p]) for p in parts]
        tv = num(values[total])
        if tv is not None and None not in vals and sum(v or 0 for v in vals) != tv:
            return False
    return True
