"""The table rules declared once (govdisclosure.model.rules) and what is derived from them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.model import (
    AppealsColumn,
    AppealsRow,
    AppealsTable,
    ApplicationsColumn,
    ApplicationsRow,
    ApplicationsTable,
    Missing,
    Report,
    ReportFormat,
    TableKey,
    applications_layout,
    rules,
)
from govdisclosure.model.rules import (
    APPLICATIONS_BALANCE,
    APPLICATIONS_OUTCOME_TOTAL,
    APPLICATIONS_ROW_TOTAL,
    APPLICATIONS_SUBTOTAL,
    Along,
    SumRule,
    equations,
)
from govdisclosure.model.tables import APPEALS_LAYOUT, OTHER_SUB_ROWS, TableLayout
from govdisclosure.parse._tables._shape import column_checker, row_relations
from govdisclosure.serialize import from_json, json_schema, to_dict, to_json
from govdisclosure.validate import validate

R = ApplicationsRow
C = ApplicationsColumn
F21, F19 = ReportFormat.F2021, ReportFormat.F2019


# --- the declarations ---------------------------------------------------------------------


def test_instances_of_each_rule() -> None:
    plain = applications_layout(F21)
    assert len(APPLICATIONS_BALANCE.equations(plain)) == 7  # every column
    assert len(APPLICATIONS_ROW_TOTAL.equations(plain)) == len(plain.rows)
    assert APPLICATIONS_SUBTOTAL.equations(plain) == ()  # no 小计 column
    with_subtotal = applications_layout(F21, subtotal=True)
    assert len(APPLICATIONS_SUBTOTAL.equations(with_subtotal)) == len(with_subtotal.rows)
    assert len(APPLICATIONS_BALANCE.equations(with_subtotal)) == 8
    assert APPLICATIONS_BALANCE.equations(APPEALS_LAYOUT) == ()
    eq = APPLICATIONS_BALANCE.equations(plain)[-1]
    assert eq.line is C.TOTAL
    assert eq.parts == ((R.NEW_REQUESTS, C.TOTAL), (R.CARRIED_OVER, C.TOTAL))
    assert eq.target is None
    row_total = APPLICATIONS_ROW_TOTAL.equations(plain)[2]
    assert row_total.target == (R.GRANTED, C.TOTAL)


@pytest.mark.parametrize(
    ("layout", "other"),
    [
        (applications_layout(F21), OTHER_SUB_ROWS),
        (applications_layout(F19), (R.OTHER_PROCESSING,)),
        (applications_layout(F21, other_as_one_row=True), (R.OTHER_PROCESSING,)),
    ],
    ids=["2021", "2019", "2021 one row"],
)
def test_outcome_total_adds_the_rows_the_template_prints(
    layout: TableLayout, other: tuple[R, ...]
) -> None:
    eq = APPLICATIONS_OUTCOME_TOTAL.equations(layout)[0]
    rows = [row for row, _column in eq.parts]
    assert rows[0] is R.GRANTED
    assert rows[-len(other) :] == list(other)
    assert len(rows) == 18 + len(other)
    assert eq.totals == ((R.TOTAL_PROCESSED, C.NATURAL_PERSON),)
    # The sub-rows a one-row template does not print are in no rule at all.
    in_rules = {cell for e in equations(layout) for cell in e.cells}
    assert not any(row in layout.blank_rows for row, _column in in_rules)


# --- the one-row variant of （六）其他处理 --------------------------------------------------


def _one_row_report(other: int, total: int) -> Report:
    layout = applications_layout(F21, other_as_one_row=True)
    applications: dict[str, list[int] | None] = {
        r.key: None if r in OTHER_SUB_ROWS else [0] * 7 for r in layout.rows
    }
    applications |= {
        "new_requests": [total, 0, 0, 0, 0, 0, total],
        "other_processing": [other, 0, 0, 0, 0, 0, other],
        "granted": [total - other, 0, 0, 0, 0, 0, total - other],
        "total_processed": [total, 0, 0, 0, 0, 0, total],
    }
    return Report.create(
        agency="示例局",
        year=2024,
        format="2021",
        active={},
        applications=applications,
        appeals={},
    )


def test_one_row_variant_is_told_by_its_row_and_round_trips() -> None:
    report = _one_row_report(other=2, total=5)
    table = report.applications
    assert table.other_as_one_row
    assert table["other_processing", "total"] == 2
    assert all(isinstance(table[r, "total"], Missing) for r in OTHER_SUB_ROWS)
    assert from_json(to_json(report)) == report
    import jsonschema

    jsonschema.Draft202012Validator(json_schema()).validate(to_dict(report))


def test_one_row_variant_is_checked_with_its_one_row() -> None:
    found = validate(_one_row_report(other=2, total=5)).filter(table="applications")
    assert list(found) == []
    broken = _one_row_report(other=2, total=5).applications.with_values(
        {("other_processing", "natural_person"): 3}
    )
    report = Report.create(
        agency="示例局", year=2024, format="2021", active={}, applications=broken, appeals={}
    )
    places = {(f.row, f.column) for f in validate(report).filter(code="applications-outcome-total")}
    assert places == {("total_processed", "natural_person")}


def test_one_row_variant_is_2021_only() -> None:
    with pytest.raises(ValueError, match="2021"):
        ApplicationsTable.empty(F19, other_as_one_row=True)


# --- a rule added to the declaration reaches every consumer ------------------------------

EXTRA = SumRule(
    "test-corrected-equals-upheld",
    TableKey.APPEALS,
    Along.ROW,
    (AppealsColumn.UPHELD,),
    (AppealsColumn.CORRECTED,),
    "corrected = upheld, in each group (a rule of this test only)",
    "纠正等于维持（仅供测试）",
)


@pytest.fixture
def extra_rule(monkeypatch: pytest.MonkeyPatch) -> SumRule:
    monkeypatch.setattr(rules, "SUM_RULES", (*rules.SUM_RULES, EXTRA))
    return EXTRA


def test_extra_rule_reaches_validation(extra_rule: SumRule) -> None:
    appeals = AppealsTable.from_dict({"administrative_review": [2, 1, 0, 0, 3]})
    report = Report.create(
        agency="示例局", year=2024, format="2021", active={}, applications={}, appeals=appeals
    )
    found = validate(report).filter(code=extra_rule.code)
    assert [(f.row, f.column, f.expected, f.actual) for f in found] == [
        ("administrative_review", "corrected", 2, 1)
    ]
    assert found[0].severity.value == "error"


def test_extra_rule_reaches_the_parser(extra_rule: SumRule) -> None:
    relations = row_relations(APPEALS_LAYOUT)
    assert relations[AppealsRow.LITIGATION_DIRECT] == (((0, 1, 2, 3), 4), ((0,), 1))
    assert column_checker(APPEALS_LAYOUT, APPEALS_LAYOUT.rows) is None  # no column rule


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_extra_rule_reaches_the_strategies(extra_rule: SumRule, data: st.DataObject) -> None:
    table = data.draw(gds.appeals_tables())
    for group in AppealsRow:
        assert table[group, "corrected"] == table[group, "upheld"]
    report, breakage = data.draw(gds.inconsistent_reports(rule=extra_rule.code))
    assert breakage.table == "appeals"
    assert validate(report).filter(code=extra_rule.code)


def test_without_the_extra_rule_nothing_checks_it() -> None:
    assert EXTRA not in rules.SUM_RULES
    assert row_relations(APPEALS_LAYOUT)[AppealsRow.LITIGATION_DIRECT] == (((0, 1, 2, 3), 4),)
