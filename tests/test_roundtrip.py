"""The central property: ``parse_text(render(report, layout)).report == report``.

For every generated report (both formats, missing cells, large numbers, the 8th 小计
column) and every layout of :mod:`govdisclosure.layouts`:

* layouts that keep lines give back the report exactly, prose included;
* FLATTENED and ONE_CELL_PER_LINE destroy the line structure of prose (paragraph breaks,
  hard wraps), so their section texts and preamble are compared with all whitespace
  removed (:func:`squeezed`); everything else is compared exactly;
* where a layout cannot carry a cell — a blank missing cell in a layout without cell
  separators, or glued digits (FLATTENED) that the tables' sums do not decode uniquely —
  the table may differ from the original only where the parse says so: a finding on that
  table (and row, when the finding names one).
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.findings import Findings
from govdisclosure.layouts import LAYOUTS, Layout, render
from govdisclosure.model import Missing, Report
from govdisclosure.parse import parse_text
from govdisclosure.strategies import reports

# The long round-trip properties: run by CI and the README's command; leave them out of a
# quick local run with ``pytest -m "not slow"``.
pytestmark = pytest.mark.slow
_SPACE = re.compile(r"\s+")


def squeezed(text: str) -> str:
    """``text`` with every whitespace character removed: what survives a layout that
    re-flows prose."""
    return _SPACE.sub("", text)


def _report_draws() -> st.SearchStrategy[Report]:
    return st.booleans().flatmap(
        lambda large: reports(allow_missing=True, large_numbers=large, subtotal=None)
    )


def _explained(findings: Findings, table: str, row: str) -> bool:
    # Table 四 prints its 15 numbers as one row: a finding on any of its groups (a short
    # row of 14 numbers is reported on the first) explains a difference in another.
    return any(f.table == table and (table == "appeals" or f.row in (row, None)) for f in findings)


def _check_tables(original: Report, parsed: Report, findings: Findings, layout: Layout) -> None:
    for want_table, got_table in zip(original.tables, parsed.tables, strict=True):
        if want_table == got_table:
            continue
        name = want_table.key.key
        lossy = (
            layout.glues_numbers
            or (
                not layout.keeps_blank_cells
                and any(isinstance(v, Missing) and not v.raw for v in want_table.values)
            )
            or (not layout.labels_by_values and _order_ambiguous(findings, name))
            or (
                # Made-up headers: a table of no number does not say it has the 小计 column.
                not layout.keeps_headers
                and all(isinstance(v, Missing) for v in want_table.values)
                and all(isinstance(v, Missing) for v in got_table.values)
            )
        )
        assert lossy, f"{name} differs in {layout.value}, which keeps every cell"
        if want_table.layout != got_table.layout:
            assert any(f.table == name for f in findings), f"{name}: shape changed silently"
            continue
        for want, got in zip(want_table, got_table, strict=True):
            if want.value != got.value:
                assert _explained(findings, name, want.row_key), (
                    f"{name}.{want.row_key}.{want.column_key}: got {got.value!r}, "
                    f"expected {want.value!r}, and no finding says so"
                )
                # A number read wrong is never presented as certain.
                assert isinstance(got.value, Missing) or (
                    got.source is not None and got.source.uncertain
                ), f"{name}.{want.row_key}.{want.column_key} is wrong but read as certain"


def _order_ambiguous(findings: Findings, table: str) -> bool:
    """The numbers stood apart from their labels and several orders keep every sum."""
    return any(f.code == "rows-order-ambiguous" and f.table == table for f in findings)


def _check_round_trip(original: Report, layout: Layout, seed: int) -> tuple[Report, Findings]:
    text = render(original, layout, seed=seed)
    parsed, findings = parse_text(text)
    _check_tables(original, parsed, findings, layout)
    # What is not a table is compared exactly, or without whitespace for re-flowed prose.
    if layout.keeps_prose:
        same_prose = (parsed.preamble, parsed.sections) == (original.preamble, original.sections)
        assert same_prose, (parsed.sections, original.sections)
    else:
        assert squeezed(parsed.preamble) == squeezed(original.preamble)
        assert [s.key for s in parsed.sections] == [s.key for s in original.sections]
        for got, want in zip(parsed.sections, original.sections, strict=True):
            assert squeezed(got.text) == squeezed(want.text), want.key
    rest = attrs.evolve(
        parsed,
        active=original.active,
        applications=original.applications,
        appeals=original.appeals,
        preamble=original.preamble,
        sections=original.sections,
    )
    assert rest == original
    return parsed, findings


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
@given(report=_report_draws(), seed=st.integers(0, 10_000))
def test_parse_render_round_trip(layout: Layout, report: Report, seed: int) -> None:
    _check_round_trip(report, layout, seed)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
@given(report=reports(subtotal=None, prose=False), seed=st.integers(0, 100))
def test_round_trip_without_missing_cells_is_exact_unless_digits_are_glued(
    layout: Layout, report: Report, seed: int
) -> None:
    parsed, findings = _check_round_trip(report, layout, seed)
    ambiguous = not layout.labels_by_values and any(
        _order_ambiguous(findings, t.key.key) for t in report.tables
    )
    if not layout.glues_numbers and not ambiguous:
        assert parsed.tables == report.tables


def test_squeezed() -> None:
    assert squeezed(" 一、 总体\n情况\u3000\t") == "一、总体情况"
