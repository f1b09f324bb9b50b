"""How to build a table that satisfies the declared sum rules: which cells to draw, in
which order, and which to derive (used by :mod:`govdisclosure.strategies`).

Every instance of a rule (:class:`~govdisclosure.model.rules.Equation`, ``sum(parts) ==
sum(totals)``) *derives* one of its cells: its total when it has one, else (a balance of
two sums) its first part. The other cells are drawn, and a drawn cell on the derived
cell's side of a balance is drawn within what the other side leaves, so that the derived
cell is never negative. An instance whose cell another instance already derives must then
hold by itself: the plan checks this once, symbolically (each cell as a linear form of the
drawn cells), so a plan either builds valid tables whatever is drawn or is refused.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence

import attrs

from .model.keys import ValueKind
from .model.rules import CellKey, Equation, SumRule
from .model.tables import TableLayout

__all__ = ["Plan", "PlanError", "Step", "StepKind", "plan"]


class StepKind(enum.Enum):
    DRAW = "draw"
    """Draw the cell freely."""
    DRAW_WITHIN = "draw-within"
    """Draw the cell within what ``equations`` leave for it."""
    DERIVE = "derive"
    """Compute the cell so that ``equations[0]`` holds."""


@attrs.frozen
class Step:
    kind: StepKind
    cell: int
    """Index of the cell in the layout's values."""
    equations: tuple[int, ...] = ()
    """Indexes into :attr:`Plan.equations`."""


@attrs.frozen
class Plan:
    """Steps that build a table of ``layout`` satisfying every equation."""

    layout: TableLayout
    equations: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    """Every equation as ``(part indexes, total indexes)``."""
    steps: tuple[Step, ...]

    def budget(self, equation: int, cell: int, values: Sequence[int | None]) -> int:
        """What ``equation`` leaves for ``cell`` (on the side of the cell it derives): the
        other side's sum less the cells already known on this side."""
        parts, totals = self.equations[equation]
        side, other = (parts, totals) if cell in parts else (totals, parts)
        known = sum(v for i in side if i != cell and (v := values[i]) is not None)
        return sum(values[i] or 0 for i in other) - known

    def derive(self, equation: int, cell: int, values: Sequence[int | None]) -> int:
        """The value of ``cell`` that makes ``equation`` hold."""
        return self.budget(equation, cell, values)


class PlanError(ValueError):
    """The rules cannot be satisfied by construction (a cycle, or a rule that contradicts
    the others)."""


def _derived_cell(eq: Equation) -> CellKey:
    return eq.totals[0] if len(eq.totals) == 1 else eq.parts[0]


@functools.cache
def plan(layout: TableLayout, rules: tuple[SumRule, ...]) -> Plan:
    """The plan for ``layout`` under ``rules`` (cached); raises :class:`PlanError`."""
    index = {cell: i for i, cell in enumerate(layout.cells)}
    counts = {i for i, (_r, c) in enumerate(layout.cells) if _kind(c) is not ValueKind.AMOUNT}
    eqs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    derives: dict[int, int] = {}
    within: dict[int, list[int]] = {}
    for rule in rules:
        for eq in rule.equations(layout):
            k = len(eqs)
            parts = tuple(index[c] for c in eq.parts)
            totals = tuple(index[c] for c in eq.totals)
            if not set(parts + totals) <= counts:
                raise PlanError(f"{eq}: only counts can be built to add up")
            eqs.append((parts, totals))
            d = index[_derived_cell(eq)]
            if d in derives:
                continue  # derived by an earlier instance: this one must hold by itself
            derives[d] = k
            side = parts if d in parts else totals
            for i in side:
                if i != d:
                    within.setdefault(i, []).append(k)
    steps = _order(layout, eqs, derives, within)
    result = Plan(layout, tuple(eqs), tuple(steps))
    _check_implied(result, derives)
    return result


def _order(
    layout: TableLayout,
    eqs: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    derives: dict[int, int],
    within: dict[int, list[int]],
) -> list[Step]:
    """Steps in an order where every cell's inputs come first."""
    needs: dict[int, set[int]] = {}
    for cell in range(len(layout.cells)):
        if cell in derives:
            parts, totals = eqs[derives[cell]]
            needs[cell] = {i for i in parts + totals if i != cell}
        elif cell in within:
            needs[cell] = set()
            for k in within[cell]:
                parts, totals = eqs[k]
                needs[cell] |= set(totals if cell in parts else parts)
        else:
            needs[cell] = set()
    done: set[int] = set()
    steps: list[Step] = []
    while len(done) < len(needs):
        ready = [c for c in needs if c not in done and needs[c] <= done]
        if not ready:
            raise PlanError("the rules depend on each other in a circle")
        for cell in ready:
            if cell in derives:
                steps.append(Step(StepKind.DERIVE, cell, (derives[cell],)))
            elif cell in within:
                steps.append(Step(StepKind.DRAW_WITHIN, cell, tuple(within[cell])))
            else:
                steps.append(Step(StepKind.DRAW, cell))
            done.add(cell)
    return steps


def _check_implied(result: Plan, derives: dict[int, int]) -> None:
    """Every equation holds whatever is drawn: each cell is a linear form of the drawn
    cells, and both sides of every equation must be the same form."""
    forms: dict[int, dict[int, int]] = {}
    for step in result.steps:
        if step.kind is not StepKind.DERIVE:
            forms[step.cell] = {step.cell: 1}
            continue
        parts, totals = result.equations[step.equations[0]]
        same, other = (parts, totals) if step.cell in parts else (totals, parts)
        form: dict[int, int] = {}
        for i in other:
            _add(form, forms[i], 1)
        for i in same:
            if i != step.cell:
                _add(form, forms[i], -1)
        forms[step.cell] = form
    for parts, totals in result.equations:
        balance: dict[int, int] = {}
        for i in parts:
            _add(balance, forms[i], 1)
        for i in totals:
            _add(balance, forms[i], -1)
        if any(balance.values()):
            raise PlanError("a rule contradicts the others: it cannot hold by construction")


def _add(into: dict[int, int], form: dict[int, int], sign: int) -> None:
    for k, v in form.items():
        into[k] = into.get(k, 0) + sign * v
        if not into[k]:
            del into[k]


def _kind(column: object) -> ValueKind:
    kind = getattr(column, "kind", ValueKind.COUNT)
    assert isinstance(kind, ValueKind)
    return kind
