"""The finding codes validation emits, and the rules of the schema they stand for.

Every code lives in the one catalogue :data:`govdisclosure.findings.CODES` (``area="validate"``);
the constants below are its entries. :data:`RULES` maps the rule names of the schema
(``../shared/spec/schema.md``, "Consistency rules") to the code a broken rule is reported
under, and :func:`catalogue_markdown` renders the catalogue as a documentation page.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from govdisclosure.findings import CODES, CodeInfo, Severity, register_code
from govdisclosure.model.keys import (
    ActiveColumn2019,
    ActiveColumn2021,
    AppealsColumn,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
)

__all__ = [
    "ACTIVE_IN_FORCE",
    "APPEALS_TOTAL",
    "APPLICATIONS_BALANCE",
    "APPLICATIONS_OUTCOME_TOTAL",
    "APPLICATIONS_ROW_TOTAL",
    "APPLICATIONS_SUBTOTAL",
    "CARRY_OVER_MISMATCH",
    "FORMAT_YEAR_MISMATCH",
    "NEGATIVE_COUNT",
    "PROSE_DISAGREES",
    "RULES",
    "RULE_NOT_ASSESSABLE",
    "SERIES_DUPLICATE_YEAR",
    "SERIES_YEAR_MISSING",
    "TITLES_ZH",
    "VALIDATE_CODES",
    "catalogue_markdown",
    "title_zh",
]

_AREA = "validate"

# Labels come from the model (the one place they live); descriptions quote them.
_R = ApplicationsRow
_C = ApplicationsColumn
_A = AppealsColumn
_LEGAL = _C.COMMERCIAL_ENTERPRISE.groups[0]


def _q(member: KeyedEnum) -> str:
    return f"``{member.key}`` ({member.label})"


APPLICATIONS_BALANCE = register_code(
    "applications-balance",
    "Table applications does not balance",
    Severity.ERROR,
    f"For a column of table ``applications``, {_q(_R.NEW_REQUESTS)} + {_q(_R.CARRIED_OVER)} "
    f"differs from {_q(_R.TOTAL_PROCESSED)} + {_q(_R.CARRIED_FORWARD)}: the rule printed "
    "in the table's own header. The finding names the column (no row); ``expected`` is "
    "the first sum, ``actual`` the second.",
    area=_AREA,
)
APPLICATIONS_ROW_TOTAL = register_code(
    "applications-row-total",
    "Row total of table applications is not the sum of the applicants",
    Severity.ERROR,
    f"In a row of table ``applications``, {_q(_C.TOTAL)} differs from the sum of the six "
    f"applicant columns ({_q(_C.NATURAL_PERSON)} and the five {_LEGAL} columns). The "
    "finding points at the row's ``total`` cell.",
    area=_AREA,
)
APPLICATIONS_SUBTOTAL = register_code(
    "applications-subtotal",
    "Legal-person subtotal is not the sum of its columns",
    Severity.ERROR,
    f"In a table ``applications`` that carries the unofficial 8th column "
    f"{_q(_C.LEGAL_PERSON_SUBTOTAL)}, a row's subtotal differs from the sum of the five "
    f"{_LEGAL} columns. The finding points at the row's subtotal cell.",
    area=_AREA,
)
APPLICATIONS_OUTCOME_TOTAL = register_code(
    "applications-outcome-total",
    "Requests processed is not the sum of the outcomes",
    Severity.ERROR,
    f"For a column of table ``applications``, {_q(_R.TOTAL_PROCESSED)} differs from the sum "
    f"of the outcome rows ({_q(_R.GRANTED)} to the other-processing rows of the table's "
    "format). The finding points at the ``total_processed`` cell of that column.",
    area=_AREA,
)
APPEALS_TOTAL = register_code(
    "appeals-total",
    "Total of an appeals group is not the sum of its results",
    Severity.ERROR,
    "In a group of table ``appeals`` (administrative review, direct litigation, litigation "
    f"after review), {_q(_A.TOTAL)} differs from {_q(_A.UPHELD)} + {_q(_A.CORRECTED)} + "
    f"{_q(_A.OTHER)} + {_q(_A.PENDING)}. The finding points at the group's ``total`` cell.",
    area=_AREA,
)
NEGATIVE_COUNT = register_code(
    "negative-count",
    "A count or amount is negative",
    Severity.ERROR,
    "A cell that holds a count (or an amount in 万元) is below zero. Only "
    f"{_q(ActiveColumn2019.CHANGE)} (2019 format) may be negative.",
    area=_AREA,
)
PROSE_DISAGREES = register_code(
    "prose-disagrees",
    "The prose states a figure the tables contradict",
    Severity.WARNING,
    "A figure stated in the prose (requests received, granted, partially granted, "
    "information not held, carried forward, administrative reviews, lawsuits, or a "
    "statement that there were none) differs from the table cells it describes. "
    "``context`` is the sentence, ``expected`` the tables' figure, ``actual`` the prose's. "
    "Figures of another scope (area-wide totals in a report of one office, hotlines, "
    "percentages, requests concluded) are not compared.",
    area=_AREA,
)
CARRY_OVER_MISMATCH = register_code(
    "carry-over-mismatch",
    "Carried over does not match last year's carried forward",
    Severity.WARNING,
    f"For one reporting body and consecutive years, {_q(_R.CARRIED_OVER)} of year N+1 "
    f"differs from {_q(_R.CARRIED_FORWARD)} of year N in some column. The finding points "
    "at year N+1.",
    area=_AREA,
)
ACTIVE_IN_FORCE = register_code(
    "in-force-mismatch",
    "Documents in force do not follow from last year's",
    Severity.WARNING,
    "For one reporting body and consecutive years in the 2021 format, "
    f"{_q(ActiveColumn2021.IN_FORCE)} of year N plus {_q(ActiveColumn2021.ISSUED)} minus "
    f"{_q(ActiveColumn2021.REPEALED)} of year N+1 differs from ``in_force`` of year N+1 "
    "(regulations or normative documents). Revisions counted as newly issued explain some.",
    area=_AREA,
)
FORMAT_YEAR_MISMATCH = register_code(
    "format-year-mismatch",
    "The report's format does not fit its year",
    Severity.WARNING,
    "The 2019 trial format is for the years 2019 and 2020, the 2021 format for 2021 on; "
    "the report follows the other one.",
    area=_AREA,
)
RULE_NOT_ASSESSABLE = register_code(
    "rule-not-assessable",
    "A rule cannot be checked: a cell is missing",
    Severity.INFO,
    "A cell the rule needs holds no number (blank, ``/``, ``—``, ``无``) or the report lacks "
    "what the rule compares (no year). The rule is neither passed nor failed; ``context`` "
    "names the rule and the missing cells.",
    area=_AREA,
)
SERIES_YEAR_MISSING = register_code(
    "series-year-missing",
    "A year is missing from a series",
    Severity.INFO,
    "The reports of one body skip a year: the years around the gap are not compared.",
    area=_AREA,
)
SERIES_DUPLICATE_YEAR = register_code(
    "series-duplicate-year",
    "Two reports of one body for the same year",
    Severity.WARNING,
    "A series holds more than one report of the same body and year; the first is compared "
    "with its neighbours.",
    area=_AREA,
)

TITLES_ZH: Mapping[str, str] = MappingProxyType(
    {
        "applications-balance": "第一项加第二项之和，等于第三项加第四项之和",
        "applications-row-total": "各行总计等于各类申请人之和",
        "applications-subtotal": "法人或其他组织小计等于其各列之和",
        "applications-outcome-total": "办理结果总计等于各项办理结果之和",
        "appeals-total": "行政复议、行政诉讼总计等于各项结果之和",
        "negative-count": "数量不能为负数",
        "prose-disagrees": "正文所述数字与表格一致",
        "carry-over-mismatch": "上年结转等于上一年度结转下年度继续办理",
        "in-force-mismatch": "现行有效件数与上一年度衔接",
        "format-year-mismatch": "报告格式与年度相符",
    }
)
"""The rules' names in Chinese, for the messages that name a rule."""


def title_zh(code: str) -> str:
    """The Chinese name of the rule behind ``code`` (its English title if it has none)."""
    name = TITLES_ZH.get(code)
    if name is not None:
        return name
    info = CODES.get(code)
    return info.title if info is not None else code


VALIDATE_CODES: tuple[CodeInfo, ...] = (
    APPLICATIONS_BALANCE,
    APPLICATIONS_ROW_TOTAL,
    APPLICATIONS_SUBTOTAL,
    APPLICATIONS_OUTCOME_TOTAL,
    APPEALS_TOTAL,
    NEGATIVE_COUNT,
    PROSE_DISAGREES,
    CARRY_OVER_MISMATCH,
    ACTIVE_IN_FORCE,
    FORMAT_YEAR_MISMATCH,
    RULE_NOT_ASSESSABLE,
    SERIES_YEAR_MISSING,
    SERIES_DUPLICATE_YEAR,
)
"""Every code validation can emit, in the order of the documentation page."""

RULES: Mapping[str, str] = MappingProxyType(
    {
        "applications balance": APPLICATIONS_BALANCE.code,
        "applications row total": APPLICATIONS_ROW_TOTAL.code,
        "applications subtotal": APPLICATIONS_SUBTOTAL.code,
        "applications outcome total": APPLICATIONS_OUTCOME_TOTAL.code,
        "appeals total": APPEALS_TOTAL.code,
        "non-negative": NEGATIVE_COUNT.code,
        "narrative agrees": PROSE_DISAGREES.code,
        "year continuity": CARRY_OVER_MISMATCH.code,
        "documents in force": ACTIVE_IN_FORCE.code,
        "format fits year": FORMAT_YEAR_MISMATCH.code,
    }
)
"""Rule names of the schema (``../shared/spec/schema.md``) → the code of a broken rule.

``applications subtotal`` (the unofficial 8th column) and ``documents in force`` are rules
this library adds to the schema's list.
"""


def catalogue_markdown(*, area: str | None = _AREA) -> str:
    """The catalogue of finding codes as a Markdown page (for the documentation).

    ``area=None`` lists every registered code, parse repairs included.
    """
    infos = sorted(
        (i for i in CODES.values() if area is None or i.area == area),
        key=lambda i: (-i.severity.rank, i.code),
    )
    lines = [
        "| code | severity | title | description |",
        "|---|---|---|---|",
    ]
    for info in infos:
        description = " ".join(info.description.split()).replace("|", "\\|")
        lines.append(f"| `{info.code}` | {info.severity.value} | {info.title} | {description} |")
    return "\n".join(lines) + "\n"
