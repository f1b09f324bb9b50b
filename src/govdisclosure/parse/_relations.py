"""The table rules as the reader uses them to choose between readings.

The rules are the model's declaration (:mod:`govdisclosure.model.rules`); this module only
restates them in the reader's terms: per row, which cells of the row add up to which
(:func:`row_relations`, for cutting digit runs and placing blank cells), and over a whole
table, how many instances a reading breaks (:func:`violations`, for choosing between
readings of ambiguous rows and reading orders).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from govdisclosure.model import rules as table_rules
from govdisclosure.model.keys import KeyedEnum
from govdisclosure.model.rules import Along, SumRule
from govdisclosure.model.tables import Missing, TableLayout, Value

__all__ = ["Relation", "column_checker", "row_relations"]

Relation = tuple[tuple[int, ...], int]
"""``(parts, total)``: the cells at ``parts`` of a row add up to the cell at ``total``."""


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
    out: dict[KeyedEnum, tuple[Relation, ...]] = {}
    for row in layout.rows:
        position = {c: i for i, c in enumerate(layout.columns_of(row))}
        found: list[Relation] = []
        for rule in _rules(rules):
            if rule.along is not Along.ROW:
                continue
            for eq in rule.equations(layout):
                if eq.line is not row or len(eq.totals) != 1:
                    continue
                parts = tuple(sorted(position[c] for _r, c in eq.parts))
                found.append((parts, position[eq.totals[0][1]]))
        out[row] = tuple(found) + _implied(found)
    return out


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


def column_checker(
    layout: TableLayout, rows: Sequence[KeyedEnum], rules: Sequence[SumRule] | None = None
) -> Callable[[Sequence[Sequence[Value]]], int] | None:
    """A function counting the instances of the rules along columns that a grid of values
    breaks (``grid[i]`` holds row ``rows[i]``'s cells in its column order); an instance
    with a blank cell counts as kept. ``None`` when the table has no such rule."""
    row_index = {r: i for i, r in enumerate(rows)}
    cell_at = {
        (r, c): (row_index[r], j)
        for r in rows
        for j, c in enumerate(layout.columns_of(r))
        if r in row_index
    }
    checks: list[tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = []
    for rule in _rules(rules):
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
