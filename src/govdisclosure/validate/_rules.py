"""The rules of the tables: sums, balances, signs, and the format of the year.

Each rule is a plain function ``(report) -> Iterator[Finding]`` that yields and never
raises. A rule that needs a cell holding no number is *not assessable* there: it yields a
``rule-not-assessable`` info naming the cells, never a pass or a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeAlias

from govdisclosure.findings import CodeInfo, Finding
from govdisclosure.model import (
    APPLICANT_COLUMNS,
    LEGAL_PERSON_COLUMNS,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    Missing,
    Report,
    ReportFormat,
    Table,
    ValueKind,
)
from govdisclosure.validate import codes

__all__ = [
    "Rule",
    "appeals_totals",
    "applications_balance",
    "applications_outcome_totals",
    "applications_row_totals",
    "applications_subtotals",
    "format_fits_year",
    "non_negative_counts",
]

Rule: TypeAlias = Callable[[Report], Iterator[Finding]]
"""A rule: a function of a report yielding findings."""

Number: TypeAlias = int | Decimal
_CellKey: TypeAlias = tuple[KeyedEnum, KeyedEnum]

_R = ApplicationsRow
_C = ApplicationsColumn


# --- helpers -----------------------------------------------------------------------------


def _where(table: Table, row: KeyedEnum | None, column: KeyedEnum | None) -> str:
    return ".".join(
        x for x in (table.key.key, row.key if row else "", column.key if column else "") if x
    )


def _source(table: Table, cells: Iterable[_CellKey]) -> tuple[int | None, int | None]:
    """Line and page of the first of ``cells`` whose provenance is known."""
    for row, column in cells:
        if (row, column) not in table:
            continue
        ref = table.source_of(row, column)
        if ref is not None and (ref.line is not None or ref.page is not None):
            return ref.line, ref.page
    return None, None


def _terms(table: Table, cells: Iterable[_CellKey]) -> tuple[Number, list[_CellKey]]:
    """The sum of the numbers in ``cells`` and the cells that hold none."""
    total: Number = 0
    missing: list[_CellKey] = []
    for row, column in cells:
        value = table[row, column]
        if isinstance(value, Missing):
            missing.append((row, column))
        else:
            total += value
    return total, missing


def _is_blank(table: Table) -> bool:
    return all(isinstance(v, Missing) for v in table.values)


def _blank_table(table: Table) -> Finding:
    label = table.key.label
    return Finding(
        code=codes.RULE_NOT_ASSESSABLE.code,
        severity=codes.RULE_NOT_ASSESSABLE.severity,
        message=f"table {table.key.key} holds no numbers: none of its rules can be checked",
        message_zh=f"「{label}」表没有任何数字，无法核对其勾稽关系",
        table=table.key.key,
        context="missing: every cell",
    )


def not_assessable(
    table: Table,
    rule: CodeInfo,
    row: KeyedEnum | None,
    column: KeyedEnum | None,
    missing: Sequence[_CellKey],
) -> Finding:
    """The info for a rule at ``(row, column)`` that cannot be checked for ``missing`` cells."""
    names = ", ".join(f"{r.key}.{c.key}" for r, c in missing)
    raws = ", ".join(f"{r.key}.{c.key}={_raw(table[r, c])!r}" for r, c in missing)
    labels_zh = "、".join(f"「{r.label}」「{c.label}」" for r, c in missing)
    line, page = _source(table, missing)
    return Finding(
        code=codes.RULE_NOT_ASSESSABLE.code,
        severity=codes.RULE_NOT_ASSESSABLE.severity,
        message=(
            f"{rule.code} cannot be checked at {_where(table, row, column)}: no number in {names}"
        ),
        message_zh=f"{labels_zh}没有数字，无法核对「{codes.title_zh(rule.code)}」",
        table=table.key.key,
        row=row.key if row is not None else None,
        column=column.key if column is not None else None,
        line=line,
        page=page,
        context=f"{rule.code}; missing: {raws}",
    )


def _raw(value: object) -> str:
    return value.raw if isinstance(value, Missing) else str(value)


# --- table 三 ----------------------------------------------------------------------------


def applications_balance(report: Report) -> Iterator[Finding]:
    """一 + 二 = （七）总计 + 四, in every column of table 三 (printed in its header)."""
    table = report.applications
    if _is_blank(table):
        yield _blank_table(table)
        return
    for column in table.columns:
        left, missing_left = _terms(table, [(_R.NEW_REQUESTS, column), (_R.CARRIED_OVER, column)])
        right, missing_right = _terms(
            table, [(_R.TOTAL_PROCESSED, column), (_R.CARRIED_FORWARD, column)]
        )
        missing = missing_left + missing_right
        if missing:
            yield not_assessable(table, codes.APPLICATIONS_BALANCE, None, column, missing)
            continue
        if left == right:
            continue
        new, carried_over = table[_R.NEW_REQUESTS, column], table[_R.CARRIED_OVER, column]
        processed, forward = table[_R.TOTAL_PROCESSED, column], table[_R.CARRIED_FORWARD, column]
        line, page = _source(
            table,
            [(r, column) for r in (_R.TOTAL_PROCESSED, _R.CARRIED_FORWARD, _R.NEW_REQUESTS)],
        )
        yield Finding(
            code=codes.APPLICATIONS_BALANCE.code,
            severity=codes.APPLICATIONS_BALANCE.severity,
            message=(
                f"column {column.key} does not balance: new_requests + carried_over = "
                f"{new} + {carried_over} = {left}, but total_processed + carried_forward = "
                f"{processed} + {forward} = {right}"
            ),
            message_zh=(
                f"「{column.full_label}」列不平衡：「{_R.NEW_REQUESTS.label}」{new} + "
                f"「{_R.CARRIED_OVER.label}」{carried_over} = {left}，而"
                f"「{_R.TOTAL_PROCESSED.label}」{processed} + "
                f"「{_R.CARRIED_FORWARD.label}」{forward} = {right}，二者应相等"
            ),
            table=table.key.key,
            column=column.key,
            line=line,
            page=page,
            expected=left,
            actual=right,
        )


def applications_row_totals(report: Report) -> Iterator[Finding]:
    """总计 = the six applicant columns, in every row of table 三."""
    table = report.applications
    if _is_blank(table):
        yield _blank_table(table)
        return
    yield from _row_sums(table, APPLICANT_COLUMNS, _C.TOTAL, codes.APPLICATIONS_ROW_TOTAL)


def applications_subtotals(report: Report) -> Iterator[Finding]:
    """法人或其他组织小计 = its five columns, when the table has that 8th column."""
    table = report.applications
    if not table.subtotal:
        return
    if _is_blank(table):
        yield _blank_table(table)
        return
    yield from _row_sums(
        table, LEGAL_PERSON_COLUMNS, _C.LEGAL_PERSON_SUBTOTAL, codes.APPLICATIONS_SUBTOTAL
    )


def _row_sums(
    table: Table,
    parts: Sequence[KeyedEnum],
    total_column: KeyedEnum,
    rule: CodeInfo,
) -> Iterator[Finding]:
    for row in table.rows:
        expected, missing = _terms(table, [(row, c) for c in parts])
        actual = table[row, total_column]
        if isinstance(actual, Missing):
            missing.append((row, total_column))
        if missing:
            yield not_assessable(table, rule, row, total_column, missing)
            continue
        if expected == actual:
            continue
        line, page = _source(table, [(row, total_column), *((row, c) for c in parts)])
        addends = " + ".join(str(table[row, c]) for c in parts)
        yield Finding(
            code=rule.code,
            severity=rule.severity,
            message=(
                f"row {row.key}: the {len(parts)} columns add up to {addends} = {expected}, "
                f"but {total_column.key} says {actual}"
            ),
            message_zh=(
                f"「{row.label}」行：各列之和 {addends} = {expected}，"
                f"而「{total_column.full_label}」为 {actual}"
            ),
            table=table.key.key,
            row=row.key,
            column=total_column.key,
            line=line,
            page=page,
            expected=expected,
            actual=actual,
        )


def applications_outcome_totals(report: Report) -> Iterator[Finding]:
    """（七）总计 = the outcome rows of the table's format, in every column of table 三."""
    table = report.applications
    if _is_blank(table):
        yield _blank_table(table)
        return
    outcomes = [r for r in table.rows if isinstance(r, ApplicationsRow) and r.is_outcome]
    for column in table.columns:
        expected, missing = _terms(table, [(r, column) for r in outcomes])
        actual = table[_R.TOTAL_PROCESSED, column]
        if isinstance(actual, Missing):
            missing.append((_R.TOTAL_PROCESSED, column))
        if missing:
            yield not_assessable(
                table, codes.APPLICATIONS_OUTCOME_TOTAL, _R.TOTAL_PROCESSED, column, missing
            )
            continue
        if expected == actual:
            continue
        line, page = _source(table, [(_R.TOTAL_PROCESSED, column)])
        yield Finding(
            code=codes.APPLICATIONS_OUTCOME_TOTAL.code,
            severity=codes.APPLICATIONS_OUTCOME_TOTAL.severity,
            message=(
                f"column {column.key}: the outcome rows add up to {expected}, "
                f"but total_processed says {actual}"
            ),
            message_zh=(
                f"「{column.full_label}」列：各办理结果之和为 {expected}，"
                f"而「{_R.TOTAL_PROCESSED.label}」为 {actual}"
            ),
            table=table.key.key,
            row=_R.TOTAL_PROCESSED.key,
            column=column.key,
            line=line,
            page=page,
            expected=expected,
            actual=actual,
        )


# --- table 四 ----------------------------------------------------------------------------


def appeals_totals(report: Report) -> Iterator[Finding]:
    """总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, in each group of table 四."""
    table = report.appeals
    if _is_blank(table):
        yield _blank_table(table)
        return
    parts = (
        AppealsColumn.UPHELD,
        AppealsColumn.CORRECTED,
        AppealsColumn.OTHER,
        AppealsColumn.PENDING,
    )
    for group in AppealsRow:
        expected, missing = _terms(table, [(group, c) for c in parts])
        actual = table[group, AppealsColumn.TOTAL]
        if isinstance(actual, Missing):
            missing.append((group, AppealsColumn.TOTAL))
        if missing:
            yield not_assessable(table, codes.APPEALS_TOTAL, group, AppealsColumn.TOTAL, missing)
            continue
        if expected == actual:
            continue
        line, page = _source(table, [(group, AppealsColumn.TOTAL)])
        addends = " + ".join(str(table[group, c]) for c in parts)
        yield Finding(
            code=codes.APPEALS_TOTAL.code,
            severity=codes.APPEALS_TOTAL.severity,
            message=(
                f"group {group.key}: upheld + corrected + other + pending = {addends} = "
                f"{expected}, but total says {actual}"
            ),
            message_zh=(
                f"「{group.full_label}」：各结果之和 {addends} = {expected}，"
                f"而「{AppealsColumn.TOTAL.label}」为 {actual}"
            ),
            table=table.key.key,
            row=group.key,
            column=AppealsColumn.TOTAL.key,
            line=line,
            page=page,
            expected=expected,
            actual=actual,
        )


# --- every table -------------------------------------------------------------------------


def non_negative_counts(report: Report) -> Iterator[Finding]:
    """Counts and amounts are never negative; only 本年增/减 (``change``) may be."""
    for table in report.tables:
        if _is_blank(table):
            yield _blank_table(table)
            continue
        for cell in table:
            value = cell.value
            if isinstance(value, Missing) or value >= 0:
                continue
            if getattr(cell.column, "kind", ValueKind.COUNT) is ValueKind.SIGNED:
                continue
            yield Finding(
                code=codes.NEGATIVE_COUNT.code,
                severity=codes.NEGATIVE_COUNT.severity,
                message=f"{cell.row.key}/{cell.column.key} is {value}; it cannot be negative",
                message_zh=f"「{cell.row.label}」「{cell.column.label}」为 {value}，不能为负数",
                table=table.key.key,
                row=cell.row.key,
                column=cell.column.key,
                line=cell.line,
                page=cell.source.page if cell.source is not None else None,
                expected=">= 0",
                actual=value,
            )


def format_fits_year(report: Report) -> Iterator[Finding]:
    """The 2019 trial format for 2019 and 2020, the 2021 format from 2021 on."""
    if report.year is None:
        yield Finding(
            code=codes.RULE_NOT_ASSESSABLE.code,
            severity=codes.RULE_NOT_ASSESSABLE.severity,
            message=(
                f"{codes.FORMAT_YEAR_MISMATCH.code} cannot be checked: the report states no year"
            ),
            message_zh=f"报告未写明年度，无法核对「{codes.title_zh(codes.FORMAT_YEAR_MISMATCH.code)}」",
            context=f"{codes.FORMAT_YEAR_MISMATCH.code}; missing: year",
        )
        return
    yield from _format_year(report, report.year)


def _format_year(report: Report, year: int) -> Iterator[Finding]:
    expected = ReportFormat.for_year(year)
    if year < 2019 or report.format is expected:
        # Before 2019 there was no official table format: nothing fits or misfits.
        return
    yield Finding(
        code=codes.FORMAT_YEAR_MISMATCH.code,
        severity=codes.FORMAT_YEAR_MISMATCH.severity,
        message=(
            f"a {year} report should follow format {expected.value}, "
            f"but it follows format {report.format.value}"
        ),
        message_zh=(
            f"{year} 年度报告应使用《{expected.official_name}》，"
            f"实际使用的是《{report.format.official_name}》"
        ),
        expected=expected.value,
        actual=report.format.value,
        context=f"{report.agency} {year}",
    )
