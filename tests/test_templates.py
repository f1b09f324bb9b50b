"""Template variants: every layout written with any template reads back to what the
document states, and a consistent report never gives an error."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.findings import Findings
from govdisclosure.layouts import LAYOUTS, Layout, render
from govdisclosure.model import Missing, Report
from govdisclosure.model.rules import NON_NEGATIVE, SUM_RULES, Along, CellKey
from govdisclosure.parse import parse_text
from govdisclosure.templates import OFFICIAL, Blank, Template
from govdisclosure.validate import validate
from test_roundtrip import _check_tables, squeezed

pytestmark = pytest.mark.slow

# Every layout times every template: a quarter of the profile's examples per layout keeps
# the fast profile fast; the thorough profile still draws a hundred and more.
FAMILY = settings(max_examples=max(8, settings.default.max_examples // 4))


def _blanks_never_misread_with_certainty(
    expected: Report, parsed: Report, findings: Findings
) -> None:
    # Whole rows left blank where a layout shifts rows or drops empty cells, or numbers
    # standing apart from labels the template reworded, can leave the reader guessing
    # which row holds which numbers. It may then guess wrong, but never
    # with certainty: a cell it reads otherwise is left missing or marked uncertain, with
    # a warning on its table.
    for want_table, got_table in zip(expected.tables, parsed.tables, strict=True):
        if len(want_table.values) != len(got_table.values):
            # Whether table 三 has the 小计 column is told by its numbers; it has none.
            assert all(isinstance(v, Missing) for v in want_table.values), want_table.key
            continue
        sources = got_table.sources or (None,) * len(got_table.values)
        for want, got, source in zip(want_table.values, got_table.values, sources, strict=True):
            if _same(want, got):
                continue
            name = want_table.key.key
            assert isinstance(got, Missing) or (source is not None and source.uncertain), name
            assert findings.filter(table=name, severity="warning"), name


def _same(want: object, got: object) -> bool:
    return want == got or (isinstance(want, Missing) and isinstance(got, Missing))


def _check(report: Report, layout: Layout, template: Template, seed: int) -> None:
    expected = template.apply(report)
    text = render(report, layout, seed=seed, template=template)
    parsed, findings = parse_text(text)
    if template.blank is Blank.NONE and layout.labels_by_values:
        _check_tables(expected, parsed, findings, layout)
    else:
        _blanks_never_misread_with_certainty(expected, parsed, findings)
    # Every table is found, wherever it stands and however blank.
    assert not findings.filter(code=["table-missing", "table-not-found"])
    assert (parsed.agency, parsed.year, parsed.format) == (
        expected.agency,
        expected.year,
        expected.format,
    )
    assert [s.key for s in parsed.sections] == [s.key for s in expected.sections]
    for got, want in zip(parsed.sections, expected.sections, strict=True):
        assert squeezed(got.text) == squeezed(want.text), want.key
    assert squeezed(parsed.preamble) == squeezed(expected.preamble)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
@FAMILY
@given(
    report=gds.reports(allow_missing=True, subtotal=None, other_as_one_row=None),
    template=gds.templates(),
    seed=st.integers(0, 1000),
)
def test_every_template_reads_back(
    layout: Layout, report: Report, template: Template, seed: int
) -> None:
    # Every cell blank and the numbers apart from their labels (a language model's
    # tables): the tables of numbers hold nothing that pairs them with their rows.
    assume(layout.labels_by_values or template.blank is not Blank.ALL)
    _check(report, layout, template, seed)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
@FAMILY
@given(
    report=gds.reports(subtotal=None, other_as_one_row=None),
    template=gds.templates(blank=False),
    seed=st.integers(0, 1000),
)
def test_a_consistent_report_gives_no_error(
    layout: Layout, report: Report, template: Template, seed: int
) -> None:
    text = render(report, layout, seed=seed, template=template)
    parsed = parse_text(text).report
    assert list(validate(parsed).errors) == []


def test_the_official_template_changes_nothing() -> None:
    assert Template() == OFFICIAL


def _read_as_written(parsed: Report, report: Report, table: str, cells: Sequence[CellKey]) -> bool:
    """Every cell of ``cells`` read with certainty, and as the report has it."""
    got, want = parsed.table(table), report.table(table)
    for row, column in cells:
        ref = got.source_of(row, column)
        if ref is None or ref.uncertain or got[row, column] != want[row, column]:
            return False
    return True


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
@FAMILY
@given(
    data=gds.inconsistent_reports(other_as_one_row=None),
    template=gds.templates(blank=False),
    seed=st.integers(0, 1000),
)
def test_a_broken_rule_read_with_certainty_is_an_error_at_its_cell(
    layout: Layout, data: tuple[Report, gds.Breakage], template: Template, seed: int
) -> None:
    report, breakage = data
    parsed = parse_text(render(report, layout, seed=seed, template=template)).report
    errors = validate(parsed).errors
    table = report.table(breakage.table)
    if breakage.rule == NON_NEGATIVE.code:
        instances = [((breakage.row, breakage.column),)]
        places = [(breakage.row, breakage.column)]
    else:
        rule = next(r for r in SUM_RULES if r.code == breakage.rule)
        eqs = [
            eq
            for eq in rule.equations(table.layout)
            if (breakage.row, breakage.column) in {(r.key, c.key) for r, c in eq.cells}
        ]
        instances = [eq.cells for eq in eqs]
        places = [
            (eq.target[0].key, eq.target[1].key)
            if eq.target is not None
            else ((eq.line.key, None) if rule.along is Along.ROW else (None, eq.line.key))
            for eq in eqs
        ]
    for cells, (row, column) in zip(instances, places, strict=True):
        if not _read_as_written(parsed, report, breakage.table, cells):
            continue  # read with a guess: a warning at most
        assert any(
            f.code == breakage.rule
            and f.table == breakage.table
            and f.row == row
            and f.column == column
            for f in errors
        ), (breakage.description, [(f.code, f.row, f.column) for f in errors])
