"""Tests of validate_series: carry-over and documents in force across consecutive years."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.model import ApplicationsTable, Missing, Report, SourceRef
from govdisclosure.validate import validate, validate_series


def applications(fmt: str, carried_over: int, carried_forward: int, processed: int = 2) -> Any:
    """A consistent table 三 of natural-person requests."""
    table = {r.key: [0] * 7 for r in ApplicationsTable.empty(fmt).rows}

    def row(n: int) -> list[int]:
        return [n, 0, 0, 0, 0, 0, n]

    table.update(
        new_requests=row(processed + carried_forward - carried_over),
        carried_over=row(carried_over),
        granted=row(processed),
        total_processed=row(processed),
        carried_forward=row(carried_forward),
    )
    return table


def report(
    year: int,
    *,
    over: int = 0,
    forward: int = 0,
    in_force: tuple[int, int, int] = (0, 0, 10),
    agency: str = "示例县人民政府办公室",
    fmt: str | None = None,
) -> Report:
    fmt = fmt or ("2019" if year <= 2020 else "2021")
    active: dict[str, Any] = {}
    if fmt == "2021":
        active = {"normative_documents": list(in_force), "regulations": [0, 0, 0]}
    return Report.create(
        agency=agency,
        year=year,
        format=fmt,
        active=active,
        applications=applications(fmt, over, forward),
        appeals={
            r: [0] * 5
            for r in ("administrative_review", "litigation_direct", "litigation_after_review")
        },
    )


def notable(reports: list[Report], **kwargs: Any) -> set[tuple[str, ...]]:
    return {
        (f.code, f.table or "", f.row or "", f.column or "", f.context or "")
        for f in validate_series(reports, **kwargs).filter(min_severity="warning")
    }


def test_consecutive_years_that_follow() -> None:
    reports = [
        report(2022, over=2, forward=3, in_force=(2, 0, 10)),
        report(2021, over=0, forward=2, in_force=(0, 0, 8)),
        report(2023, over=3, in_force=(1, 1, 10)),
    ]
    assert list(validate_series(reports)) == []


def test_carry_over_mismatch_points_at_the_later_year() -> None:
    later = report(2022, over=2)
    table = later.applications
    sources = tuple(SourceRef(line=i + 1) for i in range(len(table.values)))
    later = attrs.evolve(later, applications=attrs.evolve(table, sources=sources))
    found = validate_series([report(2021, forward=3), later])
    assert {(f.code, f.row, f.column) for f in found} == {
        ("carry-over-mismatch", "carried_over", "natural_person"),
        ("carry-over-mismatch", "carried_over", "total"),
    }
    f = found[0]
    assert (f.expected, f.actual, f.severity.value) == (3, 2, "warning")
    assert f.context == "示例县人民政府办公室 2022 ← 2021"
    assert f.line == table.layout.index("carried_over", f.column) + 1
    assert "2021 年度" in f.message_zh
    assert "结转下年度继续办理" in f.message_zh


def test_documents_in_force() -> None:
    found = validate_series([report(2021, in_force=(0, 0, 8)), report(2022, in_force=(3, 1, 9))])
    (f,) = found
    assert (f.code, f.table, f.row, f.column) == (
        "in-force-mismatch",
        "active",
        "normative_documents",
        "in_force",
    )
    assert (f.expected, f.actual) == (10, 9)


def test_in_force_only_between_2021_format_reports() -> None:
    reports = [report(2020, forward=0), report(2021, in_force=(5, 0, 99))]
    assert list(validate_series(reports)) == []


def test_a_missing_year_breaks_the_chain() -> None:
    found = validate_series([report(2021, forward=5), report(2023, over=0)])
    assert [f.code for f in found] == ["series-year-missing"]
    assert found[0].severity.value == "info"
    assert "2022" in found[0].message


def test_agencies_are_grouped_ignoring_whitespace() -> None:
    reports = [
        report(2021, forward=3, agency="示例县 人民政府办公室"),
        report(2022, over=2, agency="示例县人民政府办公室"),
        report(2022, over=7, agency="另一县人民政府办公室"),
    ]
    found = validate_series(reports)
    assert {f.code for f in found} == {"carry-over-mismatch"}
    assert {f.actual for f in found} == {2}


def test_duplicate_year_uses_the_first() -> None:
    reports = [report(2021, forward=3), report(2022, over=3), report(2022, over=1)]
    found = validate_series(reports)
    assert [f.code for f in found] == ["series-duplicate-year"]


def test_format_that_does_not_fit_the_year() -> None:
    odd = report(2021, fmt="2019")
    assert {f[0] for f in notable([odd])} == {"format-year-mismatch"}
    # validate(report) says the same, once
    assert [f.code for f in validate(odd).warnings] == ["format-year-mismatch"]
    assert len(validate_series([odd], each=True).filter(code="format-year-mismatch")) == 1


def test_each_runs_validate_on_every_report() -> None:
    broken = report(2022, over=3)
    broken = attrs.evolve(
        broken, applications=broken.applications.with_values({("granted", "total"): 9})
    )
    found = validate_series([report(2021, forward=3), broken], each=True)
    assert "applications-row-total" in {f.code for f in found.errors}
    assert not validate_series([report(2021, forward=3), broken]).errors


def test_missing_cells_are_not_assessable() -> None:
    earlier = report(2021, forward=3)
    earlier = attrs.evolve(
        earlier,
        applications=earlier.applications.with_values(
            {("carried_forward", "natural_person"): Missing("/")}
        ),
        active=earlier.active.with_values({("normative_documents", "in_force"): None}),
    )
    found = validate_series([earlier, report(2022, over=3)])
    assert found.ok
    assert not found.warnings
    assert {(f.code, f.table, f.row, f.column) for f in found} == {
        ("rule-not-assessable", "applications", "carried_over", "natural_person"),
        ("rule-not-assessable", "active", "normative_documents", "in_force"),
    }
    assert all("of 2021" in f.message for f in found)


def test_year_unknown_is_left_out() -> None:
    unknown = attrs.evolve(report(2022, over=9), year=None)
    found = validate_series([report(2021, forward=3), unknown])
    assert [f.code for f in found] == ["rule-not-assessable"]


@given(gds.reports(format="2021", prose=False), st.integers(0, 50))
def test_a_report_followed_by_its_continuation_is_consistent(first: Report, extra: int) -> None:
    # Next year: carried over = this year's carried forward, documents in force carried on.
    assert first.year is not None
    forward = first.applications.row("carried_forward")
    values: dict[tuple[object, object], object] = {}
    for column, value in forward.items():
        values[("carried_over", column)] = value
        values[("total_processed", column)] = value
        values[("granted", column)] = value
        values[("new_requests", column)] = 0
        values[("carried_forward", column)] = 0
    blank: dict[tuple[object, object], object] = {
        (r.key, c): 0
        for r in first.applications.rows
        if r.is_outcome  # type: ignore[attr-defined]
        for c in forward
    }
    second_apps = first.applications.with_values({**blank, **values})
    active = first.active
    changes: dict[tuple[object, object], object] = {}
    for row in ("regulations", "normative_documents"):
        in_force = active[row, "in_force"]
        assert isinstance(in_force, int)
        changes[(row, "issued")] = extra
        changes[(row, "repealed")] = 0
        changes[(row, "in_force")] = in_force + extra
    second = attrs.evolve(
        first, year=first.year + 1, applications=second_apps, active=active.with_values(changes)
    )
    assert validate(second).ok
    assert not validate_series([second, first], each=True).filter(min_severity="warning")
    over = second_apps["carried_over", "natural_person"]
    assert isinstance(over, int)
    broken = attrs.evolve(
        second,
        applications=second_apps.with_values({("carried_over", "natural_person"): over + 1}),
    )
    assert ("carry-over-mismatch", "natural_person") in {
        (f.code, f.column) for f in validate_series([first, broken])
    }
