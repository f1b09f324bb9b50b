"""The rules of the tables: sums, balances, signs, and the format of the year.

A rule broken where the parser could only guess how to read a cell (its
:attr:`~govdisclosure.model.SourceRef.uncertain` says why) is a warning that says the
reading may be the cause; an error stands only on cells read where they stood.

The arithmetic rules are declared once, as data, in :mod:`govdisclosure.model.rules`;
this module checks them with one generic checker (:func:`sum_rule_check`). Each rule is
a plain function ``(report) -> Iterator[Finding]`` that yields and never raises. A rule
that needs a cell holding no number is *not assessable* there: it yields a
``rule-not-assessable`` info naming the cells, never a pass or a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeAlias

from .. import codes
from ..findings import CodeInfo, Finding, Severity
from ..model import (
    KeyedEnum,
    Missing,
    Report,
    ReportFormat,
    Table,
)
from ..model import rules as table_rules
from ..model.rules import Along, CellKey, Equation, SumRule

__all__ = [
    "Rule",
    "appeals_totals",
    "applications_balance",
    "applications_outcome_totals",
    "applications_row_totals",
    "applications_subtotals",
    "format_fits_year",
    "non_negative_counts",
    "sum_rule_check",
    "table_sums",
]

Rule: TypeAlias = Callable[[Report], Iterator[Finding]]
"""A rule: a function of a report yielding findings."""

Number: TypeAlias = int | Decimal

_MANY_TERMS = 4
"""A side of a sum with more terms than this is named (``the outcome rows``), not spelled."""


# --- helpers -----------------------------------------------------------------------------


def _where(table: Table, row: KeyedEnum | None, column: KeyedEnum | None) -> str:
    return ".".join(
        x for x in (table.key.key, row.key if row else "", column.key if column else "") if x
    )


def _source(table: Table, cells: Iterable[CellKey]) -> tuple[int | None, int | None]:
    """Line and page of the first of ``cells`` whose provenance is known."""
    for row, column in cells:
        if (row, column) not in table:
            continue
        ref = table.source_of(row, column)
        if ref is not None and (ref.line is not None or ref.page is not None):
            return ref.line, ref.page
    return None, None


def _terms(table: Table, cells: Iterable[CellKey]) -> tuple[Number, list[CellKey]]:
    """The sum of the numbers in ``cells`` and the cells that hold none."""
    total: Number = 0
    missing: list[CellKey] = []
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
    return codes.RULE_NOT_ASSESSABLE.finding(
        f"table {table.key.key} holds no numbers: none of its rules can be checked",
        f"「{label}」表没有任何数字，无法核对其勾稽关系",
        table=table.key,
        context="missing: every cell",
    )


def not_assessable(
    table: Table,
    rule: CodeInfo,
    row: KeyedEnum | None,
    column: KeyedEnum | None,
    missing: Sequence[CellKey],
) -> Finding:
    """The info for a rule at ``(row, column)`` that cannot be checked for ``missing`` cells."""
    names = ", ".join(f"{r.key}.{c.key}" for r, c in missing)
    raws = ", ".join(f"{r.key}.{c.key}={_raw(table[r, c])!r}" for r, c in missing)
    labels_zh = "、".join(f"「{r.label}」「{c.label}」" for r, c in missing)
    line, page = _source(table, missing)
    return codes.RULE_NOT_ASSESSABLE.finding(
        f"{rule.code} cannot be checked at {_where(table, row, column)}: no number in {names}",
        f"{labels_zh}没有数字，无法核对「{rule.rule_zh or rule.title_zh}」",
        table=table.key,
        row=row,
        column=column,
        line=line,
        page=page,
        context=f"{rule.code}; missing: {raws}",
    )


def _raw(value: object) -> str:
    return value.raw if isinstance(value, Missing) else str(value)


# --- the sum rules -----------------------------------------------------------------------


def _location(eq: Equation) -> tuple[KeyedEnum | None, KeyedEnum | None]:
    """(row, column) a broken instance points at: its total cell, or its row or column."""
    if eq.target is not None:
        return eq.target
    return (eq.line, None) if eq.rule.along is Along.ROW else (None, eq.line)


def _term(eq: Equation, cell: CellKey) -> KeyedEnum:
    """The key that names ``cell`` within its row or column."""
    row, column = cell
    return column if eq.rule.along is Along.ROW else row


def _side(table: Table, eq: Equation, cells: Sequence[CellKey]) -> tuple[str, str]:
    """A side of the equation in words, English and Chinese, up to its sum."""
    figures = " + ".join(str(table[cell]) for cell in cells)
    if len(cells) > _MANY_TERMS and eq.rule.parts_name:
        return (
            f"{eq.rule.parts_name} add up to {figures}",
            f"{eq.rule.parts_name_zh}之和 {figures} = ",
        )
    terms = [_term(eq, cell) for cell in cells]
    english = " + ".join(t.key for t in terms)
    if len(cells) == 1:
        return english, f"「{terms[0].label}」为 "
    chinese = " + ".join(f"「{t.label}」{table[c]}" for t, c in zip(terms, cells, strict=True))
    return f"{english} = {figures}", f"{chinese} = "


def _info(rule: SumRule) -> CodeInfo:
    """The catalogue entry of ``rule``'s code; a rule declared without one (a user's own)
    is reported as an error titled by its statement."""
    info = codes.CODES.get(rule.code)
    if info is None:
        info = CodeInfo(
            rule.code,
            Severity.ERROR,
            "validate",
            rule.statement,
            rule.statement_zh,
            "",
            rule.statement_zh,
        )
    return info


def _doubts(table: Table, cells: Iterable[CellKey]) -> list[tuple[CellKey, str]]:
    """The cells whose reading the parser was not sure of, with why."""
    out = []
    for cell in cells:
        ref = table.source_of(*cell)
        if ref is not None and ref.uncertain:
            out.append((cell, ref.uncertain))
    return out


def _doubt_zh(why: str) -> str:
    """Why a reading is uncertain, in Chinese: the title of the parse finding's code that
    :attr:`~govdisclosure.model.SourceRef.uncertain` starts with (the other readings it
    may name stay in the English message and in that parse finding)."""
    code = why.partition(":")[0].strip()
    info = codes.CODES.get(code)
    return info.title_zh if info is not None else "读取方式不确定"


def _doubt_note(doubts: Sequence[tuple[CellKey, str]]) -> tuple[str, str]:
    """What a finding on uncertain cells adds, in English and Chinese."""
    if not doubts:
        return "", ""
    reasons = sorted({why for _cell, why in doubts})
    reasons_zh = sorted({_doubt_zh(why) for _cell, why in doubts})
    names = ", ".join(f"{r.key}.{c.key}" for (r, c), _why in doubts[:4])
    more = "…" if len(doubts) > 4 else ""
    labels = "、".join(f"「{r.label}」「{c.label}」" for (r, c), _why in doubts[:4])
    return (
        f" — a warning, not an error: {names}{more} could only be read with a guess "
        f"({'; '.join(reasons)}), and the reading may be the cause",
        f"（{labels}{more}的读取不确定：{'；'.join(reasons_zh)}，可能是读取所致，故列为警告）",
    )


def _broken(table: Table, eq: Equation, expected: Number, actual: Number) -> Finding:
    rule = eq.rule
    info = _info(rule)
    row, column = _location(eq)
    parts_en, parts_zh = _side(table, eq, eq.parts)
    totals_en, totals_zh = _side(table, eq, eq.totals)
    if rule.along is Along.ROW:
        line_en, line_zh = f"row {eq.line.key}", f"「{eq.line.label}」行"
    else:
        line_en, line_zh = f"column {eq.line.key}", f"「{eq.line.full_label}」列"
    line, page = _source(table, (*eq.totals, *eq.parts))
    doubts = _doubts(table, eq.cells)
    doubt_en, doubt_zh = _doubt_note(doubts)
    return info.finding(
        f"{line_en}: {parts_en} = {expected}, but {totals_en} = {actual}{doubt_en}",
        f"{line_zh}：{parts_zh}{expected}，而{totals_zh}{actual}{doubt_zh}",
        severity=Severity.WARNING if doubts else None,
        table=table.key,
        row=row,
        column=column,
        line=line,
        page=page,
        expected=expected,
        actual=actual,
    )


def _check(table: Table, rule: SumRule) -> Iterator[Finding]:
    info = _info(rule)
    for eq in rule.equations(table.layout):
        expected, missing_parts = _terms(table, eq.parts)
        actual, missing_totals = _terms(table, eq.totals)
        missing = missing_parts + missing_totals
        if missing:
            yield not_assessable(table, info, *_location(eq), missing)
        elif expected != actual:
            yield _broken(table, eq, expected, actual)


def _check_report(report: Report, rule: SumRule) -> Iterator[Finding]:
    for table in report.tables:
        if table.key is not rule.table:
            continue
        if not rule.equations(table.layout):
            continue  # the rule's cells are not in this table (no 小计 column)
        if _is_blank(table):
            yield _blank_table(table)
            continue
        yield from _check(table, rule)


def sum_rule_check(rule: SumRule) -> Rule:
    """The validation rule checking one declared sum rule in every instance.

    Each broken instance is an error at the instance's total cell (or its row or column,
    for a balance of two sums); ``expected`` is the sum of the parts, ``actual`` that of
    the totals. An instance with a blank cell is not assessable.
    """

    def check(report: Report) -> Iterator[Finding]:
        return _check_report(report, rule)

    check.__name__ = check.__qualname__ = rule.code.replace("-", "_")
    check.__doc__ = f"{rule.statement} ({rule.statement_zh})."
    return check


def table_sums(report: Report) -> Iterator[Finding]:
    """Every sum rule the model declares (:data:`govdisclosure.model.rules.SUM_RULES`)."""
    for rule in table_rules.SUM_RULES:
        yield from _check_report(report, rule)


applications_balance = sum_rule_check(table_rules.APPLICATIONS_BALANCE)
applications_row_totals = sum_rule_check(table_rules.APPLICATIONS_ROW_TOTAL)
applications_subtotals = sum_rule_check(table_rules.APPLICATIONS_SUBTOTAL)
applications_outcome_totals = sum_rule_check(table_rules.APPLICATIONS_OUTCOME_TOTAL)
appeals_totals = sum_rule_check(table_rules.APPEALS_TOTAL)


# --- every table -------------------------------------------------------------------------


def non_negative_counts(report: Report) -> Iterator[Finding]:
    """Counts and amounts are never negative; only 本年增/减 (``change``) may be."""
    sign = table_rules.NON_NEGATIVE
    info = codes.CODES[sign.code]
    for table in report.tables:
        if _is_blank(table):
            yield _blank_table(table)
            continue
        for row, column in sign.cells(table.layout):
            value = table[row, column]
            if isinstance(value, Missing) or value >= 0:
                continue
            ref = table.source_of(row, column)
            doubt_en, doubt_zh = _doubt_note(_doubts(table, [(row, column)]))
            yield info.finding(
                f"{row.key}/{column.key} is {value}; it cannot be negative{doubt_en}",
                f"「{row.label}」「{column.label}」为 {value}，不能为负数{doubt_zh}",
                severity=Severity.WARNING if doubt_en else None,
                table=table.key,
                row=row,
                column=column,
                line=ref.line if ref is not None else None,
                page=ref.page if ref is not None else None,
                expected=">= 0",
                actual=value,
            )


def format_fits_year(report: Report) -> Iterator[Finding]:
    """The 2019 trial format for 2019 and 2020, the 2021 format from 2021 on."""
    rule = codes.FORMAT_YEAR_MISMATCH
    if report.year is None:
        yield codes.RULE_NOT_ASSESSABLE.finding(
            f"{rule.code} cannot be checked: the report states no year",
            f"报告未写明年度，无法核对「{rule.rule_zh}」",
            context=f"{rule.code}; missing: year",
        )
        return
    yield from _format_year(report, report.year)


def _format_year(report: Report, year: int) -> Iterator[Finding]:
    expected = ReportFormat.for_year(year)
    if year < 2019 or report.format is expected:
        # Before 2019 there was no official table format: nothing fits or misfits.
        return
    yield codes.FORMAT_YEAR_MISMATCH.finding(
        f"a {year} report should follow format {expected.value}, "
        f"but it follows format {report.format.value}",
        f"{year} 年度报告应使用《{expected.official_name}》，"
        f"实际使用的是《{report.format.official_name}》",
        expected=expected.value,
        actual=report.format.value,
        context=f"{report.agency} {year}",
    )
