"""One report against every rule: :func:`validate` and the rules it runs by default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .. import codes
from ..findings import Finding, Findings
from ..model import Report
from ._prose import prose_agrees
from ._rules import Rule, format_fits_year, non_negative_counts, table_sums

__all__ = ["DEFAULT_RULES", "RULES", "validate"]

DEFAULT_RULES: tuple[Rule, ...] = (
    table_sums,
    non_negative_counts,
    prose_agrees,
    format_fits_year,
)
"""The rules :func:`validate` runs unless told otherwise: every declared sum rule of the
tables, signs, prose, format."""

RULES: Mapping[str, str] = MappingProxyType(
    {
        "applications balance": codes.APPLICATIONS_BALANCE.code,
        "applications row total": codes.APPLICATIONS_ROW_TOTAL.code,
        "applications subtotal": codes.APPLICATIONS_SUBTOTAL.code,
        "applications outcome total": codes.APPLICATIONS_OUTCOME_TOTAL.code,
        "appeals total": codes.APPEALS_TOTAL.code,
        "non-negative": codes.NEGATIVE_COUNT.code,
        "narrative agrees": codes.PROSE_DISAGREES.code,
        "year continuity": codes.CARRY_OVER_MISMATCH.code,
        "documents in force": codes.IN_FORCE_MISMATCH.code,
        "format fits year": codes.FORMAT_YEAR_MISMATCH.code,
    }
)
"""The names the schema (``../shared/spec/schema.md``, "Consistency rules") gives its rules →
the code a broken rule is reported under. ``applications subtotal`` (the unofficial 8th
column) and ``documents in force`` are rules this library adds to the schema's list."""


def validate(
    report: Report, *, rules: Iterable[Rule] | None = None, text: str | None = None
) -> Findings:
    """Check ``report`` against every rule (or the given ``rules``).

    ``text`` is the text the report was parsed from, if the caller has it: findings about
    the prose then carry the line of their sentence (table findings take their lines from
    the tables' provenance either way).

    >>> from govdisclosure import Report
    >>> report = Report.create(agency="示例局", year=2024, format="2021", active={},
    ...     applications={}, appeals={"administrative_review": [1, 0, 0, 0, 2]})
    >>> [f.code for f in validate(report).errors]
    ['appeals-total']
    """
    findings: dict[Finding, None] = {}
    for rule in DEFAULT_RULES if rules is None else rules:
        found = prose_agrees(report, text=text) if rule is prose_agrees else rule(report)
        # A blank table is reported once, not by every rule that skips it.
        findings.update(dict.fromkeys(found))
    return Findings(findings)
