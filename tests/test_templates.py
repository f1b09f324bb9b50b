"""Template variants: every layout written with any template reads back to what the
document states, and a consistent report never gives an error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.layouts import LAYOUTS, Layout, render
from govdisclosure.model import Report
from govdisclosure.parse import parse_text
from govdisclosure.templates import OFFICIAL, Template
from govdisclosure.validate import validate
from test_roundtrip import _check_tables, squeezed

pytestmark = pytest.mark.slow


def _check(report: Report, layout: Layout, template: Template, seed: int) -> None:
    expected = template.apply(report)
    text = render(report, layout, seed=seed, template=template)
    parsed, findings = parse_text(text)
    _check_tables(expected, parsed, findings, layout)
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
@given(
    report=gds.reports(allow_missing=True, subtotal=None, other_as_one_row=None),
    template=gds.templates(),
    seed=st.integers(0, 1000),
)
def test_every_template_reads_back(
    layout: Layout, report: Report, template: Template, seed: int
) -> None:
    _check(report, layout, template, seed)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.value)
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
    assert OFFICIAL == Template()
