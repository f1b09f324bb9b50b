"""What the reader knows of a table before reading it: its rows, the cells of each, and
the sums that hold between the cells.

The sums are the model's declaration (:mod:`govdisclosure.model.rules`), restated here in
the reader's terms: per row, which of its cells add up to which (:func:`row_relations`,
for cutting digit runs and placing blank cells), over a whole table how many instances of
the column rules a reading breaks (:func:`column_checker`, for choosing between readings
and reading orders), and how a reading is held against them (:func:`_offset_relations`,
:func:`_holds`, :func:`_holds_blank_as_zero`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from ...model import rules as table_rules
from ...model.keys import KeyedEnum, ValueKind
from ...model.rules import Along, SumRule
from ...model.tables import Missing, TableLayout, Value
from .._digits import Relation


@attrs.frozen
class _Row:
    """A row the reader looks for: its key, its columns, the sums between its cells and
    how plausible a reading of its digits is (``rank``, lower first)."""

    key: KeyedEnum
    columns: tuple[KeyedEnum, ...]
    relations: tuple[Relation, ...] = ()
    rank: Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]] | None = None
    kinds: tuple[ValueKind, ...] = attrs.field(init=False)
    """What each column holds (asked for by every reading of the row)."""

    @kinds.default
    def _kinds(self) -> tuple[ValueKind, ...]:
        return tuple(getattr(c, "kind", ValueKind.COUNT) for c in self.columns)


def _layout_rows(
    layout: TableLayout,
    rank_of: Callable[[KeyedEnum], Callable[..., tuple[float, ...]] | None] | None = None,
) -> list[_Row]:
    """The rows of ``layout`` with the sums the declared rules put between their cells."""
    relations = row_relations(layout)
    return [
        _Row(r, cols, relations[r], rank_of(r) if rank_of else None)
        for r, cols in zip(layout.rows, layout.row_columns, strict=True)
    ]


def _rules(rules: Sequence[SumRule] | None) -> Sequence[SumRule]:
    # Read when reading, not at import: the declaration is the model's.
    return table_rules.SUM_RULES if rules is None else rules


def row_relations(
    layout: TableLayout, rules: Sequence[SumRule] | None = None
) -> dict[KeyedEnum, tuple[Relation, ...]]:
    """For each row of ``layout``, the relations among its own cells: every instance of a
    rule along rows with one total, and what follows from two of them where one's parts
    are among the other's (``natural_person + 小计 = total``, which still holds when a
    legal-person column is blank)."""
    return dict(_row_relations(layout, tuple(_rules(rules))))


@functools.lru_cache(maxsize=64)
def _row_relations(
    layout: TableLayout, rules: tuple[SumRule, ...]
) -> dict[KeyedEnum, tuple[Relation, ...]]:
    # Every reading of a table asks for its layout's relations.
    found: dict[KeyedEnum, list[Relation]] = {row: [] for row in layout.rows}
    positions = {
        row: {c: i for i, c in enumerate(cols)}
        for row, cols in zip(layout.rows, layout.row_columns, strict=True)
    }
    for rule in rules:
        if rule.along is not Along.ROW:
            continue
        for eq in rule.equations(layout):
            if len(eq.totals) != 1 or eq.line not in found:
                continue
            position = positions[eq.line]
            parts = tuple(sorted(position[c] for _r, c in eq.parts))
            found[eq.line].append((parts, position[eq.totals[0][1]]))
    return {row: (*relations, *_implied(relations)) for row, relations in found.items()}


def _implied(relations: Sequence[Relation]) -> tuple[Relation, ...]:
    """``b``'s parts with ``a``'s parts replaced by ``a``'s total, where they include them."""
    implied: list[Relation] = []
    for (parts_a, total_a), (parts_b, total_b) in itertools.permutations(relations, 2):
        if total_a in parts_b or not set(parts_a) < set(parts_b):
            continue
        parts = tuple(sorted({*parts_b} - {*parts_a} | {total_a}))
        relation = (parts, total_b)
        if relation not in relations and relation not in implied:
            implied.append(relation)
    return tuple(implied)


ColumnEquation = tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]
"""An instance of a rule along columns as ``(parts, totals)``, each cell ``(i, j)``: row
``rows[i]``, the ``j``-th of its columns."""


def column_equations(
    layout: TableLayout, rows: Sequence[KeyedEnum], rules: Sequence[SumRule] | None = None
) -> list[ColumnEquation]:
    """Every instance of the rules along columns between cells of ``rows``."""
    return list(_column_checks(layout, tuple(rows), tuple(_rules(rules))))


def column_checker(
    layout: TableLayout, rows: Sequence[KeyedEnum], rules: Sequence[SumRule] | None = None
) -> Callable[[Sequence[Sequence[Value]]], int] | None:
    """A function counting the instances of the rules along columns that a grid of values
    breaks (``grid[i]`` holds row ``rows[i]``'s cells in its column order); an instance
    with a blank cell counts as kept. ``None`` when the table has no such rule."""
    checks = _column_checks(layout, tuple(rows), tuple(_rules(rules)))
    if not checks:
        return None

    def broken(grid: Sequence[Sequence[Value]]) -> int:
        bad = 0
        for parts, totals in checks:
            values = [grid[i][j] for i, j in (*parts, *totals)]
            if any(isinstance(v, Missing) for v in values):
                continue
            left = sum(values[: len(parts)])  # type: ignore[arg-type]
            right = sum(values[len(parts) :])  # type: ignore[arg-type]
            bad += left != right
        return bad

    return broken


_Check = ColumnEquation


@functools.lru_cache(maxsize=64)
def _column_checks(
    layout: TableLayout, rows: tuple[KeyedEnum, ...], rules: tuple[SumRule, ...]
) -> tuple[_Check, ...]:
    """The column rules' instances over ``rows``: (parts, totals) as (row, column) indices."""
    row_index = {r: i for i, r in enumerate(rows)}
    cell_at = {
        (r, c): (row_index[r], j)
        for r in rows
        for j, c in enumerate(layout.columns_of(r))
        if r in row_index
    }
    checks: list[_Check] = []
    for rule in rules:
        if rule.along is not Along.COLUMN:
            continue
        for eq in rule.equations(layout):
            if all(cell in cell_at for cell in eq.cells):
                checks.append(
                    (
                        tuple(cell_at[cell] for cell in eq.parts),
                        tuple(cell_at[cell] for cell in eq.totals),
                    )
                )
    return tuple(checks)


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
