"""Validation: what is wrong in a report, where, and what the rule expected.

:func:`validate` runs the rules of one report (the sums and balances of tables 三 and 四,
signs, the prose against the tables, the format of the year); :func:`validate_series`
compares the reports of one body across years. The table rules are declared once, as data,
in :mod:`govdisclosure.model.rules` and checked by one generic checker
(:func:`sum_rule_check`). Rules are plain functions ``(report) -> Iterator[Finding]`` that
yield and never raise; their codes are in the catalogue :data:`govdisclosure.codes.CODES`.
A rule that needs a cell holding no number says so with a ``rule-not-assessable`` info
instead of passing or failing. Validation never changes the report.
"""

from __future__ import annotations

from ._format import findings_to_json, format_finding, format_findings
from ._prose import FigureKind, ProseFigure, prose_agrees, prose_figures
from ._rules import (
    Rule,
    appeals_totals,
    applications_balance,
    applications_outcome_totals,
    applications_row_totals,
    applications_subtotals,
    format_fits_year,
    non_negative_counts,
    sum_rule_check,
    table_sums,
)
from ._series import carry_over, documents_in_force, validate_series
from ._validate import DEFAULT_RULES, RULES, validate

__all__ = [
    "DEFAULT_RULES",
    "RULES",
    "FigureKind",
    "ProseFigure",
    "Rule",
    "appeals_totals",
    "applications_balance",
    "applications_outcome_totals",
    "applications_row_totals",
    "applications_subtotals",
    "carry_over",
    "documents_in_force",
    "findings_to_json",
    "format_finding",
    "format_findings",
    "format_fits_year",
    "non_negative_counts",
    "prose_agrees",
    "prose_figures",
    "sum_rule_check",
    "table_sums",
    "validate",
    "validate_series",
]
