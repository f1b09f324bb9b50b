"""Tests of govdisclosure.strategies: what it draws satisfies the rules, checked here
independently of the validation module."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import find as _find
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from govdisclosure import strategies as gds
from govdisclosure.errors import MissingExtraError
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    Report,
    ReportFormat,
    SectionKey,
)

# --- the rules, restated from ../shared/spec/schema.md -------------------------------------

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_agency",
    "other_organization",
)
LEGAL_PERSONS = APPLICANTS[1:]
NOT_OUTCOMES = {"new_requests", "carried_over", "total_processed", "carried_forward"}
APPEAL_PARTS = ("upheld", "corrected", "other", "pending")
MISSING_RAW = {"", "/", "—", "-", "无"}

T = TypeVar("T")

Violation = tuple[str, str, str | None, str | None]
"""(rule, table, row, column); row or column is None for a rule over a whole column or row."""


def _numbers(*values: object) -> list[int | Decimal] | None:
    """The values if all are numbers, None if any is missing (the rule is not assessable)."""
    if any(isinstance(v, Missing) for v in values):
        return None
    assert all(isinstance(v, int | Decimal) for v in values)
    return list(values)  # type: ignore[arg-type]


def applications_violations(table: ApplicationsTable) -> set[Violation]:
    rows = [r.key for r in table.rows]
    columns = [c.key for c in table.columns]
    outcomes = [r for r in rows if r not in NOT_OUTCOMES]
    found: set[Violation] = set()
    for column in columns:
        v = _numbers(
            *(table[r, column] for r in ("new_requests", "carried_over")),
            *(table[r, column] for r in ("total_processed", "carried_forward")),
        )
        if v is not None and v[0] + v[1] != v[2] + v[3]:
            found.add(("applications-balance", "applications", None, column))
        v = _numbers(table["total_processed", column], *(table[r, column] for r in outcomes))
        if v is not None and v[0] != sum(v[1:]):
            found.add(("applications-outcome-total", "applications", None, column))
    for row in rows:
        v = _numbers(table[row, "total"], *(table[row, c] for c in APPLICANTS))
        if v is not None and v[0] != sum(v[1:]):
            found.add(("applications-row-total", "applications", row, None))
        if table.subtotal:
            v = _numbers(
                table[row, "legal_person_subtotal"], *(table[row, c] for c in LEGAL_PERSONS)
            )
            if v is not None and v[0] != sum(v[1:]):
                found.add(("applications-subtotal", "applications", row, None))
    return found


def appeals_violations(table: AppealsTable) -> set[Violation]:
    found: set[Violation] = set()
    for group in ("administrative_review", "litigation_direct", "litigation_after_review"):
        v = _numbers(table[group, "total"], *(table[group, c] for c in APPEAL_PARTS))
        if v is not None and v[0] != sum(v[1:]):
            found.add(("appeals-total", "appeals", group, None))
    return found


def negative_counts(report: Report) -> set[Violation]:
    found: set[Violation] = set()
    for cell in report.cells():
        value = cell.value
        if cell.column.key != "change" and isinstance(value, int | Decimal) and value < 0:
            found.add(("negative-count", cell.table.key, cell.row.key, cell.column.key))
    return found


def violations(report: Report) -> set[Violation]:
    return (
        applications_violations(report.applications)
        | appeals_violations(report.appeals)
        | negative_counts(report)
    )


def missing_cells(report: Report) -> list[Missing]:
    return [c.value for c in report.cells() if isinstance(c.value, Missing)]


def find(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """The first drawn example satisfying ``condition``: shrinking whole reports would
    cost seconds and tell these tests nothing."""
    return _find(
        strategy,
        condition,
        settings=settings(phases=[Phase.generate], max_examples=500, database=None),
    )


# --- valid reports -------------------------------------------------------------------------

report_options = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from([None, "2019", "2021", *ReportFormat]),
        "allow_missing": st.booleans(),
        "large_numbers": st.booleans(),
        "subtotal": st.sampled_from([None, True, False]),
        "prose": st.booleans(),
    },
)


@given(st.data())
def test_every_report_satisfies_every_rule(data: st.DataObject) -> None:
    options = data.draw(report_options, label="options")
    report = data.draw(gds.reports(**options), label="report")
    assert violations(report) == set()
    assert report.active.format is report.format
    assert report.applications.format is report.format


@given(gds.reports(allow_missing=True, subtotal=None))
def test_missing_cells_leave_the_other_rules_holding(report: Report) -> None:
    assert violations(report) == set()
    assert {m.raw for m in missing_cells(report)} <= MISSING_RAW


@given(gds.reports(large_numbers=True))
def test_large_reports_satisfy_every_rule(report: Report) -> None:
    assert violations(report) == set()


@given(gds.reports(subtotal=None))
def test_no_missing_cells_unless_allowed(report: Report) -> None:
    assert missing_cells(report) == []


def test_missing_cells_appear_when_allowed() -> None:
    report = find(gds.reports(allow_missing=True), lambda r: len(missing_cells(r)) >= 2)
    assert len(missing_cells(report)) >= 2


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_both_formats_appear(fmt: ReportFormat) -> None:
    assert find(gds.reports(), lambda r: r.format is fmt).format is fmt


def test_large_numbers_appear() -> None:
    report = find(
        gds.reports(large_numbers=True),
        lambda r: any(isinstance(c.value, int) and c.value > 10**5 for c in r.cells()),
    )
    assert max(c.value for c in report.cells() if isinstance(c.value, int)) > 10**5


@given(gds.reports(format="2019"))
def test_format_2019_reports(report: Report) -> None:
    assert report.format is ReportFormat.F2019
    assert 2019 <= report.year <= 2020  # type: ignore[operator]
    assert "other_processing" in {r.key for r in report.applications.rows}


@given(gds.reports(format=ReportFormat.F2021))
def test_format_2021_reports(report: Report) -> None:
    assert report.format is ReportFormat.F2021
    assert 2021 <= report.year <= 2025  # type: ignore[operator]
    assert "other_misc" in {r.key for r in report.applications.rows}


@given(gds.reports(subtotal=True))
def test_subtotal_reports_have_eight_columns(report: Report) -> None:
    assert report.applications.subtotal
    assert len(report.applications.columns) == 8
    assert report.applications.columns[6].key == "legal_person_subtotal"


@given(gds.reports())
def test_reports_have_seven_columns_by_default(report: Report) -> None:
    assert not report.applications.subtotal
    assert len(report.applications.columns) == 7


@given(gds.reports())
def test_metadata(report: Report) -> None:
    year = report.year
    assert year is not None
    assert report.title == f"{report.agency}{year}年政府信息公开工作年度报告"
    assert report.agency
    assert not re.search(r"\d", report.agency)
    assert report.period is not None
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == (
        f"{year}-01-01",
        f"{year}-12-31",
    )
    assert f"本报告统计数据从{year}年1月1日至{year}年12月31日。" in report.preamble
    assert [s.key for s in report.sections] == list(SectionKey)
    assert [s.heading for s in report.sections] == [k.label for k in SectionKey]


@given(gds.reports())
def test_prose_is_paragraphs_without_figures(report: Report) -> None:
    for section in report.sections:
        if section.key in (SectionKey.ACTIVE, SectionKey.APPLICATIONS, SectionKey.APPEALS):
            assert section.text == ""
            continue
        assert section.text
        for paragraph in section.text.split("\n"):
            assert paragraph.endswith("。")
            assert "\t" not in paragraph
            # The only figure prose may state is the year: others belong to the tables.
            assert not re.search(r"\d", paragraph.replace(f"{report.year}年", ""))
            assert not re.search("申请|复议|诉讼|收费|处理费", paragraph)


@given(gds.reports(prose=False))
def test_no_prose(report: Report) -> None:
    assert all(s.text == "" for s in report.sections)
    assert len(report.sections) == 6


# --- tables and cells ----------------------------------------------------------------------


@given(gds.active_tables(format="2019", max_value=30))
def test_active_tables(table: ActiveTable) -> None:
    assert table.format is ReportFormat.F2019
    for cell in table:
        value = cell.value
        assert isinstance(value, int | Decimal)
        assert -30 <= value <= 30
        if cell.column.key != "change":
            assert value >= 0
    for row in ("administrative_licensing", "other_external_services", "administrative_fees"):
        assert table[row, "change"] >= -table[row, "previous_year_items"]  # type: ignore[operator]


@given(gds.applications_tables(format=None, subtotal=None))
def test_applications_tables(table: ApplicationsTable) -> None:
    assert applications_violations(table) == set()
    assert len(table.columns) == (8 if table.subtotal else 7)


@given(gds.applications_tables(max_value=0), gds.appeals_tables(max_value=0))
def test_max_value_zero_gives_empty_tables(
    applications: ApplicationsTable, appeals: AppealsTable
) -> None:
    assert set(applications.values) == {0}
    assert set(appeals.values) == {0}


@given(gds.appeals_tables(max_value=7))
def test_appeals_tables(table: AppealsTable) -> None:
    assert appeals_violations(table) == set()
    for cell in table:
        if cell.column.key != "total":
            assert 0 <= cell.value <= 7  # type: ignore[operator]


@given(gds.appeals_tables(allow_missing=True))
def test_appeals_tables_with_missing(table: AppealsTable) -> None:
    assert appeals_violations(table) == set()
    assert len(table.missing) <= 3


@given(gds.cell_values(kind="amount", max_value=50))
def test_amounts(value: object) -> None:
    assert isinstance(value, Decimal)
    assert 0 <= value <= 50
    assert value.as_tuple().exponent >= -2  # type: ignore[operator]


@given(gds.cell_values(kind="signed", max_value=5))
def test_signed_values(value: object) -> None:
    assert isinstance(value, int)
    assert -5 <= value <= 5


@given(gds.cell_values(max_value=5, allow_missing=True))
def test_counts_or_missing(value: object) -> None:
    assert (isinstance(value, int) and 0 <= value <= 5) or (
        isinstance(value, Missing) and value.raw in MISSING_RAW
    )


def test_missing_cell_values_appear_when_allowed() -> None:
    assert isinstance(find(gds.cell_values(allow_missing=True), lambda v: not v), Missing | int)
    assert isinstance(
        find(gds.cell_values(allow_missing=True), lambda v: isinstance(v, Missing)), Missing
    )


def test_report_formats() -> None:
    for fmt in ReportFormat:

        def is_fmt(f: ReportFormat, fmt: ReportFormat = fmt) -> bool:
            return f is fmt

        assert find(gds.report_formats(), is_fmt) is fmt


# --- arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "kwargs"),
    [
        (gds.reports, {"format": "2018"}),
        (gds.reports, {"format": 2021}),
        (gds.reports, {"allow_missing": 1}),
        (gds.reports, {"large_numbers": "yes"}),
        (gds.reports, {"subtotal": "no"}),
        (gds.reports, {"prose": None}),
        (gds.active_tables, {"max_value": -1}),
        (gds.active_tables, {"format": "F2021"}),
        (gds.applications_tables, {"max_value": 1.5}),
        (gds.applications_tables, {"subtotal": 0}),
        (gds.appeals_tables, {"max_value": True}),
        (gds.appeals_tables, {"allow_missing": None}),
        (gds.cell_values, {"kind": "float"}),
        (gds.cell_values, {"max_value": "10"}),
        (gds.inconsistent_reports, {"format": "2020"}),
    ],
)
def test_bad_arguments_raise_invalid_argument(factory: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument, match=next(iter(kwargs))):
        factory(**kwargs)  # type: ignore[operator]


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        gds.reports("2021")  # type: ignore[call-arg]


# --- inconsistent reports ------------------------------------------------------------------

COLUMN_RULES = {"applications-balance", "applications-outcome-total"}


@given(gds.inconsistent_reports())
def test_breakage_is_real(pair: tuple[Report, gds.Breakage]) -> None:
    report, breakage = pair
    assert breakage.rule in gds.BREAKAGE_RULES
    table = report.table(breakage.table)
    assert table[breakage.row, breakage.column] == breakage.actual != breakage.expected
    assert missing_cells(report) == []

    found = violations(report)
    if breakage.rule in COLUMN_RULES:
        place: Violation = (breakage.rule, breakage.table, None, breakage.column)
    elif breakage.rule == "negative-count":
        place = (breakage.rule, breakage.table, breakage.row, breakage.column)
        assert breakage.actual < 0
    else:
        place = (breakage.rule, breakage.table, breakage.row, None)
    assert place in found
    if breakage.rule != "negative-count":
        assert breakage.actual >= 0
        assert negative_counts(report) == set()
    if breakage.rule in ("appeals-total", "negative-count"):
        assert found == {place}
    # Every other violation is about the changed cell's row or column.
    for _rule, table_key, row, column in found:
        assert table_key == breakage.table
        if row is None:
            assert column == breakage.column
        elif column is None:
            assert row == breakage.row

    restored = attrs.evolve(
        report,
        **{breakage.table: table.with_values({(breakage.row, breakage.column): breakage.expected})},
    )
    assert violations(restored) == set()


def test_every_rule_can_be_broken() -> None:
    for each in gds.BREAKAGE_RULES:

        def breaks(pair: tuple[Report, gds.Breakage], rule: str = each) -> bool:
            return pair[1].rule == rule

        _report, breakage = find(gds.inconsistent_reports(), breaks)
        assert breakage.rule == each
        assert breakage.location in breakage.description


@given(gds.inconsistent_reports(format="2019"))
def test_inconsistent_reports_in_one_format(pair: tuple[Report, gds.Breakage]) -> None:
    assert pair[0].format is ReportFormat.F2019


def test_breakage_is_frozen() -> None:
    breakage = gds.Breakage("appeals-total", "appeals", "litigation_direct", "total", 3, 4, "x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        breakage.actual = 3  # type: ignore[misc]
    assert breakage.location == "appeals.litigation_direct.total"


# --- the module ----------------------------------------------------------------------------


def test_all_is_sorted_and_complete() -> None:
    public = {
        name
        for name, value in vars(gds).items()
        if not name.startswith("_")
        and getattr(value, "__module__", None) == gds.__name__
        and callable(value)
    }
    assert public <= set(gds.__all__)
    # isort style, as ruff sorts it: constants, then classes, then functions.
    assert list(gds.__all__) == sorted(
        gds.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )
    assert all(hasattr(gds, name) for name in gds.__all__)


def test_missing_hypothesis_raises_missing_extra_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes ``import hypothesis`` fail as if it were not installed.
    for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "govdisclosure.strategies")
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[strategies\]") as info:
        importlib.import_module("govdisclosure.strategies")
    assert info.value.extra == "strategies"
    assert info.value.package == "hypothesis"
    assert isinstance(info.value, ImportError)
