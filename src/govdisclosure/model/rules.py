"""The consistency rules of the tables (勾稽关系), declared once, as data.

Every arithmetic rule of the format is a :class:`SumRule`: in each row (or each column)
of a table, the cells of some columns (or rows) add up to the cells of others. A rule
knows nothing of checking, parsing or drawing: :mod:`govdisclosure.validate` checks its
:meth:`~SumRule.equations`, the parser chooses between readings of damaged rows with them,
and :mod:`govdisclosure.strategies` builds valid tables from them and breaks them by
name. Adding a rule means adding it to :data:`SUM_RULES` (and its finding code to the
catalogue, :mod:`govdisclosure.codes`).

The sign rule (:data:`NON_NEGATIVE`: counts and amounts are never below zero, the 2019
本年增/减 excepted) is declared here too.

>>> from govdisclosure.model import ReportFormat, applications_layout
>>> eq = APPLICATIONS_BALANCE.equations(applications_layout(ReportFormat.F2021))[0]
>>> print(eq)
new_requests + carried_over = total_processed + carried_forward (in column natural_person)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import TypeAlias

import attrs

from .keys import (
    AppealsColumn,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    TableKey,
    ValueKind,
)
from .tables import APPLICANT_COLUMNS, LEGAL_PERSON_COLUMNS, TableLayout

__all__ = [
    "APPEALS_TOTAL",
    "APPLICATIONS_BALANCE",
    "APPLICATIONS_OUTCOME_TOTAL",
    "APPLICATIONS_ROW_TOTAL",
    "APPLICATIONS_SUBTOTAL",
    "NON_NEGATIVE",
    "SUM_RULES",
    "Along",
    "CellKey",
    "Equation",
    "SignRule",
    "SumRule",
    "equations",
    "outcome_rows",
]

CellKey: TypeAlias = tuple[KeyedEnum, KeyedEnum]
"""``(row, column)`` of a cell."""

Terms: TypeAlias = tuple[KeyedEnum, ...] | Callable[[TableLayout], Sequence[KeyedEnum]]
"""The keys a side of a rule adds up: fixed, or chosen by the table's layout."""


class Along(enum.Enum):
    """Where a rule holds: in every row (its terms are columns) or every column (rows)."""

    ROW = "row"
    COLUMN = "column"


@attrs.frozen
class Equation:
    """One instance of a rule: ``sum(parts) == sum(totals)`` in one row or column."""

    rule: SumRule
    line: KeyedEnum
    """The row (for a rule along rows) or the column where this instance holds."""
    parts: tuple[CellKey, ...]
    totals: tuple[CellKey, ...]

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return (*self.parts, *self.totals)

    @property
    def target(self) -> CellKey | None:
        """The cell a broken instance points at: the total, when there is one; else
        ``None`` (the whole row or column is meant)."""
        return self.totals[0] if len(self.totals) == 1 else None

    def __str__(self) -> str:
        along = self.rule.along

        def side(cells: Sequence[CellKey]) -> str:
            return " + ".join((c if along is Along.ROW else r).key for r, c in cells)

        return f"{side(self.parts)} = {side(self.totals)} (in {along.value} {self.line.key})"


@attrs.frozen(cache_hash=True)
class SumRule:
    """In each row (or column) of a table, ``parts`` add up to ``totals``.

    ``totals`` is one key for a total (``总计``), or several for a balance whose two sides
    are both sums (一 + 二 = （七） + 四). A row or column lacking a ``totals`` key is not
    subject to the rule (the 小计 rule in a table without that column).
    """

    code: str
    """The rule's one name: the finding code of a broken instance."""
    table: TableKey
    along: Along
    parts: Terms
    totals: tuple[KeyedEnum, ...]
    statement: str
    """The rule in words (English), for documentation."""
    statement_zh: str
    parts_name: str = ""
    """What the parts are, for messages about sums of many terms (``the outcome rows``)."""
    parts_name_zh: str = ""

    def part_keys(self, layout: TableLayout) -> tuple[KeyedEnum, ...]:
        keys = self.parts(layout) if callable(self.parts) else self.parts
        return tuple(keys)

    def equations(self, layout: TableLayout) -> tuple[Equation, ...]:
        """Every instance of the rule in a table of ``layout``."""
        if layout.table is not self.table:
            return ()
        return _equations_of(self, layout)

    def _equations(self, layout: TableLayout) -> Iterator[Equation]:
        parts = [k for k in self.part_keys(layout) if k not in layout.blank_rows]
        if self.along is Along.ROW:
            for row in layout.rows:
                if row in layout.blank_rows:
                    continue
                columns = set(layout.columns_of(row))
                if all(t in columns for t in self.totals):
                    yield Equation(
                        self,
                        row,
                        tuple((row, c) for c in parts if c in columns),
                        tuple((row, t) for t in self.totals),
                    )
            return
        for column in layout.columns:
            rows = {
                r
                for r in layout.rows
                if column in layout.columns_of(r) and r not in layout.blank_rows
            }
            if all(t in rows for t in self.totals):
                yield Equation(
                    self,
                    column,
                    tuple((r, column) for r in parts if r in rows),
                    tuple((t, column) for t in self.totals),
                )


@functools.lru_cache(maxsize=256)
def _equations_of(rule: SumRule, layout: TableLayout) -> tuple[Equation, ...]:
    # The reader asks for the same few layouts' equations for every row and reading.
    return tuple(rule._equations(layout))


@attrs.frozen
class SignRule:
    """Cells of the given kinds are never negative."""

    code: str
    kinds: tuple[ValueKind, ...]
    statement: str
    statement_zh: str

    def cells(self, layout: TableLayout) -> tuple[CellKey, ...]:
        """The cells of ``layout`` the rule covers."""
        return tuple(
            (r, c) for r, c in layout.cells if getattr(c, "kind", ValueKind.COUNT) in self.kinds
        )


# --- the rules -----------------------------------------------------------------------------

_R = ApplicationsRow
_C = ApplicationsColumn


def outcome_rows(layout: TableLayout) -> tuple[KeyedEnum, ...]:
    """The rows that add up to （七）总计 in ``layout``: （一）予以公开 … the rows of
    （六）其他处理 — its three sub-rows, or the one row where the table prints （六） as one
    (the 2019 format, and some 2021 templates, whose sub-rows are then blank)."""
    return tuple(r for r in layout.rows if isinstance(r, ApplicationsRow) and r.is_outcome)


APPLICATIONS_BALANCE = SumRule(
    "applications-balance",
    TableKey.APPLICATIONS,
    Along.COLUMN,
    (_R.NEW_REQUESTS, _R.CARRIED_OVER),
    (_R.TOTAL_PROCESSED, _R.CARRIED_FORWARD),
    "new_requests + carried_over = total_processed + carried_forward, in every column "
    "(the rule printed in the table's own header)",
    "第一项加第二项之和，等于第三项加第四项之和",
)
APPLICATIONS_ROW_TOTAL = SumRule(
    "applications-row-total",
    TableKey.APPLICATIONS,
    Along.ROW,
    APPLICANT_COLUMNS,
    (_C.TOTAL,),
    "total = the sum of the six applicant columns, in every row",
    "各行总计等于各类申请人之和",
    "the 6 columns",
    "各列",
)
APPLICATIONS_SUBTOTAL = SumRule(
    "applications-subtotal",
    TableKey.APPLICATIONS,
    Along.ROW,
    LEGAL_PERSON_COLUMNS,
    (_C.LEGAL_PERSON_SUBTOTAL,),
    "legal_person_subtotal = the sum of the five 法人或其他组织 columns, in every row "
    "(where the table has that column)",
    "法人或其他组织小计等于其各列之和",
    "the 5 法人或其他组织 columns",
    "法人或其他组织各列",
)
APPLICATIONS_OUTCOME_TOTAL = SumRule(
    "applications-outcome-total",
    TableKey.APPLICATIONS,
    Along.COLUMN,
    outcome_rows,
    (_R.TOTAL_PROCESSED,),
    "total_processed = the sum of the outcome rows (granted … the rows of （六）其他处理, or "
    "other_processing where the table prints （六） as one row), in every column",
    "办理结果总计等于各项办理结果之和",
    "the outcome rows",
    "各项办理结果",
)
APPEALS_TOTAL = SumRule(
    "appeals-total",
    TableKey.APPEALS,
    Along.ROW,
    (AppealsColumn.UPHELD, AppealsColumn.CORRECTED, AppealsColumn.OTHER, AppealsColumn.PENDING),
    (AppealsColumn.TOTAL,),
    "total = upheld + corrected + other + pending, in each group",
    "行政复议、行政诉讼总计等于各项结果之和",
    "the four results",
    "各项结果",
)

SUM_RULES: tuple[SumRule, ...] = (
    APPLICATIONS_BALANCE,
    APPLICATIONS_ROW_TOTAL,
    APPLICATIONS_SUBTOTAL,
    APPLICATIONS_OUTCOME_TOTAL,
    APPEALS_TOTAL,
)
"""Every arithmetic rule of the tables, in the order findings are reported."""

NON_NEGATIVE = SignRule(
    "negative-count",
    (ValueKind.COUNT, ValueKind.AMOUNT),
    "counts and amounts are never negative; only 本年增/减 (change, 2019 format) may be",
    "数量不能为负数",
)
"""The sign rule of every table."""


def equations(layout: TableLayout, rules: Sequence[SumRule] = SUM_RULES) -> tuple[Equation, ...]:
    """Every instance of ``rules`` in a table of ``layout``."""
    return tuple(eq for rule in rules for eq in rule.equations(layout))
