"""Rules across the years of one reporting body.

Year N's 结转下年度继续办理 is year N+1's 上年结转; year N's 现行有效件数 plus what year N+1
issued and repealed is year N+1's 现行有效件数. Only consecutive years are compared: a
missing year breaks the chain rather than comparing 2021 with 2023.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from .. import codes
from ..findings import CodeInfo, Finding, Findings
from ..model import (
    ActiveColumn2021,
    ActiveRow2021,
    ApplicationsRow,
    KeyedEnum,
    Missing,
    Report,
    ReportFormat,
    Table,
)
from ._rules import format_fits_year
from ._validate import validate

__all__ = ["carry_over", "documents_in_force", "validate_series"]


def _agency_key(agency: str) -> str:
    # 红寺堡区 人民政府办公室 and 红寺堡区人民政府办公室 are one body.
    return "".join(agency.split())


def _label(report: Report) -> str:
    return f"{report.agency} {report.year}"


def validate_series(reports: Iterable[Report], *, each: bool = False) -> Findings:
    """Check reports of the same bodies across consecutive years.

    Reports are grouped by agency (whitespace ignored) and sorted by year. The findings
    point at the later year's cells; ``context`` names the two reports. The format of each
    report's year is checked too. With ``each=True`` every report is also run through
    :func:`~govdisclosure.validate.validate`, so one call gives everything.
    """
    reports = list(reports)
    findings: dict[Finding, None] = {}
    for report in reports:
        found = validate(report) if each else Findings(format_fits_year(report))
        findings.update(dict.fromkeys(found))
    groups: dict[str, list[Report]] = {}
    for report in reports:
        if report.year is None:
            continue  # format_fits_year has said the year is missing
        groups.setdefault(_agency_key(report.agency), []).append(report)
    for group in groups.values():
        findings.update(dict.fromkeys(_series(group)))
    return Findings(findings)


def _series(reports: list[Report]) -> Iterator[Finding]:
    by_year: dict[int, Report] = {}
    for report in sorted(reports, key=lambda r: r.year or 0):
        assert report.year is not None
        if report.year in by_year:
            yield codes.SERIES_DUPLICATE_YEAR.finding(
                message=(
                    f"more than one report of {report.agency} for {report.year}: "
                    "the first is compared with its neighbours"
                ),
                message_zh=f"{report.agency} {report.year} 年度有多份报告，只比较第一份",
                context=_label(report),
            )
            continue
        by_year[report.year] = report
    years = sorted(by_year)
    for earlier, later in itertools.pairwise(years):
        if later != earlier + 1:
            gap = f"{earlier + 1}" if later == earlier + 2 else f"{earlier + 1}–{later - 1}"
            yield codes.SERIES_YEAR_MISSING.finding(
                message=(
                    f"no report of {by_year[later].agency} for {gap}: "
                    f"{earlier} and {later} are not compared"
                ),
                message_zh=(
                    f"缺少{by_year[later].agency} {gap} 年度报告，{earlier} 年与 {later} 年不作比较"
                ),
                context=f"{by_year[later].agency} {earlier} → {later}",
            )
            continue
        yield from carry_over(by_year[earlier], by_year[later])
        yield from documents_in_force(by_year[earlier], by_year[later])


def _not_assessable(
    rule: CodeInfo,
    previous: Report,
    report: Report,
    at: tuple[str, KeyedEnum, KeyedEnum],
    missing: Sequence[tuple[Report, KeyedEnum, KeyedEnum]],
    line: int | None,
) -> Finding:
    table, row, column = at
    names = ", ".join(f"{r.key}.{c.key} of {rep.year}" for rep, r, c in missing)
    names_zh = "、".join(f"{rep.year} 年度「{r.label}」「{c.full_label}」" for rep, r, c in missing)
    return codes.RULE_NOT_ASSESSABLE.finding(
        message=(
            f"{rule.code} cannot be checked at {table}.{row.key}.{column.key} of "
            f"{report.year}: no number in {names}"
        ),
        message_zh=f"{names_zh}没有数字，无法核对「{rule.rule_zh}」",
        table=table,
        row=row.key,
        column=column.key,
        line=line,
        context=f"{rule.code}; {_label(report)} ← {previous.year}",
    )


def _line_of(table: Table, row: KeyedEnum, column: KeyedEnum) -> int | None:
    ref = table.source_of(row, column)
    return ref.line if ref is not None else None


def carry_over(previous: Report, report: Report) -> Iterator[Finding]:
    """上年结转 of ``report`` = 结转下年度继续办理 of ``previous``, in every column."""
    before, now = previous.applications, report.applications
    forward_row, over_row = ApplicationsRow.CARRIED_FORWARD, ApplicationsRow.CARRIED_OVER
    for column in now.columns:
        if (forward_row, column) not in before:
            continue  # the 8th column exists in one year only
        forward = before[forward_row, column]
        over = now[over_row, column]
        line = _line_of(now, over_row, column)
        missing = [
            (rep, row, column)
            for rep, row, value in ((previous, forward_row, forward), (report, over_row, over))
            if isinstance(value, Missing)
        ]
        if missing:
            yield _not_assessable(
                codes.CARRY_OVER_MISMATCH,
                previous,
                report,
                ("applications", over_row, column),
                missing,
                line,
            )
            continue
        if forward == over:
            continue
        yield codes.CARRY_OVER_MISMATCH.finding(
            message=(
                f"{report.year} carried_over.{column.key} is {over}, but {previous.year} "
                f"carried_forward.{column.key} was {forward}"
            ),
            message_zh=(
                f"{report.year} 年度「{over_row.label}」「{column.full_label}」为 {over}，"
                f"而 {previous.year} 年度「{forward_row.label}」为 {forward}"
            ),
            table="applications",
            row=over_row.key,
            column=column.key,
            line=line,
            expected=forward,
            actual=over,
            context=f"{_label(report)} ← {previous.year}",
        )


def documents_in_force(previous: Report, report: Report) -> Iterator[Finding]:
    """现行有效 of ``previous`` + 本年制发 − 本年废止 = 现行有效, for 规章 and 规范性文件.

    Only pairs of 2021-format reports: the 2019 format counts documents differently.
    """
    if previous.format is not ReportFormat.F2021 or report.format is not ReportFormat.F2021:
        return
    before, now = previous.active, report.active
    col = ActiveColumn2021
    for row in (ActiveRow2021.REGULATIONS, ActiveRow2021.NORMATIVE_DOCUMENTS):
        was = before[row, col.IN_FORCE]
        issued = now[row, col.ISSUED]
        repealed = now[row, col.REPEALED]
        in_force = now[row, col.IN_FORCE]
        line = _line_of(now, row, col.IN_FORCE)
        if (
            isinstance(was, Missing)
            or isinstance(issued, Missing)
            or isinstance(repealed, Missing)
            or isinstance(in_force, Missing)
        ):
            cells = (
                (previous, col.IN_FORCE, was),
                (report, col.ISSUED, issued),
                (report, col.REPEALED, repealed),
                (report, col.IN_FORCE, in_force),
            )
            missing = [(rep, row, c) for rep, c, v in cells if isinstance(v, Missing)]
            yield _not_assessable(
                codes.IN_FORCE_MISMATCH,
                previous,
                report,
                ("active", row, col.IN_FORCE),
                missing,
                line,
            )
            continue
        expected = was + issued - repealed
        if expected == in_force:
            continue
        yield codes.IN_FORCE_MISMATCH.finding(
            message=(
                f"{report.year} {row.key}: in_force should be {previous.year}'s {was} + "
                f"issued {issued} - repealed {repealed} = {expected}, but it is {in_force}"
            ),
            message_zh=(
                f"{report.year} 年度「{row.label}」：上年「{col.IN_FORCE.label}」{was} + "
                f"「{col.ISSUED.label}」{issued} - 「{col.REPEALED.label}」{repealed} = "
                f"{expected}，而「{col.IN_FORCE.label}」为 {in_force}"
            ),
            table="active",
            row=row.key,
            column=col.IN_FORCE.key,
            line=line,
            expected=expected,
            actual=in_force,
            context=f"{_label(report)} ← {previous.year}",
        )
