"""Tests of govdisclosure.validate: the table rules, not-assessable cells, the seeds, the
catalogue of codes and the printed output."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

from govdisclosure import strategies as gds
from govdisclosure.codes import CODES, catalogue_markdown
from govdisclosure.findings import Finding, Findings, Severity
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    Report,
    Section,
    SectionKey,
    SourceRef,
)
from govdisclosure.parse import parse_file
from govdisclosure.validate import (
    DEFAULT_RULES,
    RULES,
    applications_balance,
    findings_to_json,
    format_findings,
    validate,
)

# --- building reports ----------------------------------------------------------------------

ZERO7 = [0] * 7


def applications_2021(**rows: list[int | None]) -> dict[str, list[int | None]]:
    """A consistent 2021 table 三 of zeros, with some rows replaced."""
    table: dict[str, list[int | None]] = {
        row.key: list(ZERO7) for row in ApplicationsTable.empty("2021").rows
    }
    table.update(rows)
    return table


def appeals(**rows: list[int | None]) -> dict[str, list[int | None]]:
    table: dict[str, list[int | None]] = {
        "administrative_review": [0] * 5,
        "litigation_direct": [0] * 5,
        "litigation_after_review": [0] * 5,
    }
    table.update(rows)
    return table


def report_2021(
    applications: dict[str, Any] | None = None,
    appeal_rows: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Report:
    defaults: dict[str, Any] = {
        "agency": "示例区人民政府办公室",
        "year": 2024,
        "format": "2021",
        "active": {
            "regulations": [0, 0, 0],
            "normative_documents": [1, 0, 5],
            "administrative_licensing": [3],
            "administrative_penalty": [0],
            "administrative_coercion": [0],
            "administrative_fees": [Decimal("1.5")],
        },
        "applications": applications if applications is not None else applications_2021(),
        "appeals": appeal_rows if appeal_rows is not None else appeals(),
    }
    defaults.update(kwargs)
    return Report.create(**defaults)


def places(findings: Findings, *, min_severity: str = "warning") -> set[tuple[str, ...]]:
    return {
        (f.code, f.table or "", f.row or "", f.column or "")
        for f in findings.filter(min_severity=min_severity)
    }


# A consistent table 三: 5 new requests by natural persons, 4 granted, 1 carried forward.
BALANCED = applications_2021(
    new_requests=[5, 0, 0, 0, 0, 0, 5],
    granted=[4, 0, 0, 0, 0, 0, 4],
    total_processed=[4, 0, 0, 0, 0, 0, 4],
    carried_forward=[1, 0, 0, 0, 0, 0, 1],
)


# --- the table rules -----------------------------------------------------------------------


def test_consistent_report_has_no_findings() -> None:
    assert list(validate(report_2021(BALANCED))) == []


def test_balance_names_the_column_and_both_sides() -> None:
    broken = dict(BALANCED, carried_forward=[2, 0, 0, 0, 0, 0, 2])
    found = validate(report_2021(broken))
    assert places(found) == {
        ("applications-balance", "applications", "", "natural_person"),
        ("applications-balance", "applications", "", "total"),
    }
    f = found.filter(code="applications-balance")[0]
    assert (f.expected, f.actual) == (5, 6)
    assert f.severity is Severity.ERROR
    assert "本年新收" in f.message_zh
    assert "自然人" in f.message_zh


def test_row_total_points_at_the_rows_total() -> None:
    broken = dict(BALANCED, granted=[4, 1, 0, 0, 0, 0, 4])
    found = validate(report_2021(broken)).filter(code="applications-row-total")
    assert [(f.row, f.column, f.expected, f.actual) for f in found] == [("granted", "total", 5, 4)]
    assert found[0].row_label is not None
    assert "予以公开" in found[0].row_label


def test_outcome_total_points_at_total_processed() -> None:
    broken = dict(BALANCED, denied_state_secret=[1, 0, 0, 0, 0, 0, 1])
    found = validate(report_2021(broken)).filter(code="applications-outcome-total")
    assert [(f.row, f.column, f.expected, f.actual) for f in found] == [
        ("total_processed", "natural_person", 5, 4),
        ("total_processed", "total", 5, 4),
    ]


def test_outcome_rows_follow_the_format() -> None:
    # In 2019 （六）其他处理 is one row; in 2021 its three rows count.
    rows19 = {r.key: list(ZERO7) for r in ApplicationsTable.empty("2019").rows}
    rows19.update(
        new_requests=[2, 0, 0, 0, 0, 0, 2],
        other_processing=[2, 0, 0, 0, 0, 0, 2],
        total_processed=[2, 0, 0, 0, 0, 0, 2],
    )
    report = Report.create(
        agency="示例县", year=2020, format="2019", active={}, applications=rows19, appeals=appeals()
    )
    assert validate(report).ok
    broken = dict(BALANCED, other_misc=[1, 0, 0, 0, 0, 0, 1])
    assert ("applications-outcome-total", "applications", "total_processed", "total") in places(
        validate(report_2021(broken))
    )


def test_subtotal_column_has_its_own_sum() -> None:
    eight = {k: [*v[:6], sum(x or 0 for x in v[1:6]), v[6]] for k, v in BALANCED.items()}
    assert validate(report_2021(eight)).ok
    eight["granted"] = [4, 0, 0, 0, 0, 0, 1, 4]
    found = validate(report_2021(eight))
    assert places(found) == {
        ("applications-subtotal", "applications", "granted", "legal_person_subtotal"),
        # the 小计 column is a column too: its outcomes no longer add up to （七）总计
        ("applications-outcome-total", "applications", "total_processed", "legal_person_subtotal"),
    }


def test_appeals_total_per_group() -> None:
    found = validate(report_2021(BALANCED, appeals(litigation_after_review=[1, 2, 0, 0, 4])))
    assert places(found) == {("appeals-total", "appeals", "litigation_after_review", "total")}
    f = found.errors[0]
    assert (f.expected, f.actual) == (3, 4)
    assert f.row_label == "行政诉讼 / 复议后起诉"


def test_negative_counts_but_not_negative_change() -> None:
    report = Report.create(
        agency="示例县",
        year=2019,
        format="2019",
        active={
            "administrative_licensing": {"previous_year_items": 3, "change": -2, "decisions": -1},
            "centralized_procurement": {"procurement_amount": Decimal("-1.5")},
        },
        applications={},
        appeals=appeals(),
    )
    found = validate(report).filter(code="negative-count")
    assert {(f.table, f.row, f.column) for f in found} == {
        ("active", "administrative_licensing", "decisions"),
        ("active", "centralized_procurement", "procurement_amount"),
    }


def test_sources_give_lines() -> None:
    broken = dict(BALANCED, granted=[4, 1, 0, 0, 0, 0, 4])
    report = report_2021(broken)
    table = report.applications
    sources = tuple(SourceRef(line=100 + i, page=3) for i in range(len(table.values)))
    report = attrs.evolve(report, applications=attrs.evolve(table, sources=sources))
    (f,) = validate(report).filter(code="applications-row-total")
    assert f.line == table.layout.index("granted", "total") + 100
    assert f.page == 3


# --- missing cells -------------------------------------------------------------------------


def test_missing_cell_makes_rules_not_assessable_not_failed() -> None:
    # 本年新收 of 自然人 is blank: its row total and its column's balance cannot be checked;
    # nothing passes or fails for it.
    rows = dict(BALANCED, new_requests=[None, 0, 0, 0, 0, 0, 5])
    found = validate(report_2021(rows))
    assert found.ok
    assert not found.warnings
    infos = found.filter(code="rule-not-assessable")
    assert places(infos, min_severity="info") == {
        ("rule-not-assessable", "applications", "new_requests", "total"),
        ("rule-not-assessable", "applications", "", "natural_person"),
    }
    assert all("new_requests.natural_person" in (f.context or "") for f in infos)
    assert {f.context.split(";")[0] for f in infos if f.context} == {
        "applications-row-total",
        "applications-balance",
    }


def test_missing_cell_does_not_hide_other_failures() -> None:
    rows = dict(BALANCED, new_requests=[None, 0, 0, 0, 0, 0, 5], granted=[4, 0, 0, 0, 0, 1, 4])
    assert ("applications-row-total", "applications", "granted", "total") in places(
        validate(report_2021(rows))
    )


def test_blank_tables_are_reported_once() -> None:
    report = report_2021(BALANCED).__class__.create(
        agency="示例局", year=2024, format="2021", active={}, applications={}, appeals={}
    )
    found = validate(report)
    assert found.ok
    assert sorted(f.table or "" for f in found) == ["active", "appeals", "applications"]
    assert {f.code for f in found} == {"rule-not-assessable"}


# --- format and year -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "fmt", "expected"),
    [(2021, "2019", "2021"), (2020, "2021", "2019"), (2019, "2021", "2019")],
)
def test_format_year_mismatch(year: int, fmt: str, expected: str) -> None:
    report = Report.create(
        agency="示例县", year=year, format=fmt, active={}, applications={}, appeals={}
    )
    (f,) = validate(report).filter(code="format-year-mismatch")
    assert (f.expected, f.actual, f.severity) == (expected, fmt, Severity.WARNING)


@pytest.mark.parametrize(("year", "fmt"), [(2019, "2019"), (2020, "2019"), (2021, "2021")])
def test_format_fits_year(year: int, fmt: str) -> None:
    report = Report.create(
        agency="示例县", year=year, format=fmt, active={}, applications={}, appeals={}
    )
    assert not validate(report).filter(code="format-year-mismatch")


def test_unknown_year_is_not_assessable() -> None:
    report = report_2021(BALANCED, year=None)
    (f,) = validate(report)
    assert f.code == "rule-not-assessable"
    assert "format-year-mismatch" in f.message


# --- the catalogue ---------------------------------------------------------------------------


def test_rules_map_to_registered_validate_codes() -> None:
    assert set(RULES.values()) <= set(CODES)
    assert all(CODES[c].area == "validate" for c in RULES.values())
    assert all(CODES[c].title_zh for c in RULES.values())
    page = catalogue_markdown(area="validate")
    for info in CODES.values():
        assert (f"`{info.code}`" in page) is (info.area == "validate")
    # errors come first on the page
    assert page.index("`applications-balance`") < page.index("`prose-disagrees`")


def test_validation_does_not_change_the_report() -> None:
    report = report_2021(dict(BALANCED, granted=[9, 0, 0, 0, 0, 0, 9]))
    before = attrs.asdict(report, recurse=False)
    validate(report)
    assert attrs.asdict(report, recurse=False) == before


def test_rules_can_be_chosen() -> None:
    broken = dict(BALANCED, carried_forward=[2, 0, 0, 0, 0, 0, 2])
    report = report_2021(broken)
    only = validate(report, rules=[applications_balance])
    assert {f.code for f in only} == {"applications-balance"}
    assert len(DEFAULT_RULES) > 1


# --- printing ------------------------------------------------------------------------------


def test_format_findings_puts_errors_first_with_labels() -> None:
    rows = dict(BALANCED, granted=[4, 1, 0, 0, 0, 0, 4], new_requests=[None, 0, 0, 0, 0, 0, 5])
    found = validate(report_2021(rows, year=2019))  # 2021 format in 2019: a warning
    text = format_findings(found, source="report.txt")
    lines = text.splitlines()
    # granted.commercial_enterprise breaks its row total and its column's outcome total
    assert lines[0] == "report.txt: 2 errors, 1 warning, 2 infos"
    assert text.index("ERROR") < text.index("WARNING") < text.index("INFO")
    assert "granted 三、本年度办理结果 / （一）予以公开" in text
    assert "expected 5, found 4" in text
    assert "the 6 columns add up" in text
    assert "各列之和" not in text  # one language at a time
    assert format_findings(Findings(), source="x") == "x: no findings"


def test_format_findings_in_chinese_names_labels_not_keys() -> None:
    rows = dict(BALANCED, granted=[4, 1, 0, 0, 0, 0, 4], new_requests=[None, 0, 0, 0, 0, 0, 5])
    found = validate(report_2021(rows, year=2019))
    text = format_findings(found, source="report.txt", lang="zh")
    lines = text.splitlines()
    assert lines[0] == "report.txt：错误 2 项，警告 1 项，提示 2 项"
    assert text.index("错误（2 项）") < text.index("警告（1 项）") < text.index("提示（2 项）")
    assert (
        "位置：收到和处理政府信息公开申请情况 › 三、本年度办理结果 / （一）予以公开 › 总计" in text
    )
    assert "应为 5，实为 4" in text
    assert "各列之和" in text
    assert "[applications-row-total]" in text
    assert "the 6 columns add up" not in text
    assert "expected" not in text
    # No key of a table, row or column in a sentence: only codes, in their brackets.
    assert not re.search(r"[A-Za-z]", re.sub(r"\[[a-z-]+\]|report\.txt", "", text))
    assert format_findings(Findings(), source="x", lang="zh") == "x：未发现问题"


def test_format_findings_names_the_report() -> None:
    report = report_2021(BALANCED)
    text = format_findings(validate(report), report=report)
    assert text == "示例区人民政府办公室 2024 (format 2021): no findings"
    zh = format_findings(validate(report), report=report, lang="zh")
    assert zh == "示例区人民政府办公室 2024 年度（2021 年格式）：未发现问题"


def test_findings_to_json_is_json() -> None:
    found = validate(report_2021(BALANCED, appeals(administrative_review=[1, 0, 0, 0, 2])))
    data = findings_to_json(found, source="a.txt")
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again["ok"] is False
    assert again["counts"] == {"error": 1, "warning": 0, "info": 0}
    (record,) = again["findings"]
    assert record["code"] == "appeals-total"
    assert record["title"] == CODES["appeals-total"].title
    assert record["title_zh"] == CODES["appeals-total"].title_zh
    assert record["message_zh"]
    assert record["message"]
    assert (record["row_label"], record["column_label"]) == ("行政复议", "总计")
    assert (record["expected"], record["actual"]) == (1, 2)


# --- properties ----------------------------------------------------------------------------


@given(gds.reports(subtotal=None))
def test_consistent_reports_have_no_error_or_warning(report: Report) -> None:
    found = validate(report)
    assert not found.filter(min_severity="warning"), format_findings(found)
    for f in found:
        assert f.code in CODES


@given(gds.reports(subtotal=None, allow_missing=True))
def test_missing_cells_never_fail_a_rule(report: Report) -> None:
    found = validate(report)
    assert found.ok, format_findings(found)
    assert not found.warnings, format_findings(found)
    # table 二 has no sums: only a blank cell of 三 or 四 leaves a rule unchecked
    if report.applications.missing or report.appeals.missing:
        assert found.filter(code="rule-not-assessable")


@given(gds.inconsistent_reports())
def test_one_broken_cell_gives_an_error_naming_its_row_or_column(
    case: tuple[Report, gds.Breakage],
) -> None:
    report, breakage = case
    found = validate(report)
    code = RULES.get(breakage.rule, breakage.rule)
    hits = [
        f
        for f in found.errors
        if f.code == code
        and f.table == breakage.table
        and (f.row == breakage.row or f.column == breakage.column)
    ]
    assert hits, (breakage.description, format_findings(found))


# --- the seeds -------------------------------------------------------------------------------

_HEADING = re.compile(r"^[#*\s]*([一二三四五六])、")
_HEADING_WORDS = dict(
    zip("一二三四五六", ("总体", "主动公开", "申请", "复议", "问题", "其他"), strict=True)
)
_SECTION_OF = dict(zip("一二三四五六", SectionKey, strict=True))


def split_sections(text: str) -> tuple[Section, ...]:
    """A tiny splitter for the seeds: a heading is a short line 一、… naming its section."""
    sections: list[tuple[SectionKey, int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), 1):
        m = _HEADING.match(line)
        if m and len(line) < 60 and _HEADING_WORDS[m.group(1)] in line:
            key = _SECTION_OF[m.group(1)]
            if not sections or list(SectionKey).index(key) > list(SectionKey).index(
                sections[-1][0]
            ):
                sections.append((key, number, []))
                continue
        if sections:
            sections[-1][2].append(line)
    return tuple(Section(k, "\n".join(body), line=n) for k, n, body in sections)


def seed(shared_dir: Path, name: str) -> tuple[Report, list[dict[str, str]]]:
    truth = json.loads((shared_dir / "corpus/seeds/truth" / f"{name}.json").read_text("utf-8"))
    text = (shared_dir / "corpus/seeds" / f"{name}.txt").read_text("utf-8")
    report = Report.create(
        agency=truth["agency"],
        year=truth["year"],
        format=truth["format"],
        active=truth["active"],
        applications=truth["applications"],
        appeals=truth["appeals"],
        sections=split_sections(text),
    )
    return report, truth["expected_findings"]


SEEDS = [
    "000_123f89bb2f6c6569",
    "001_728bc24d6a22ecab",
    "002_29d679a3168ef340",
    "003_cf4c7232ce7b57ed",
    "004_12af315242a02ca5",
]


def assert_expected_findings(found: Findings, expected: list[dict[str, str]]) -> None:
    notable = list(found.filter(min_severity="warning"))
    assert len(notable) == len(expected), format_findings(found)
    for want in expected:
        code = RULES[want["rule"]]
        matches = [
            f
            for f in notable
            if f.code == code
            and f.table == want["table"]
            and f.row == want.get("row")
            and (f.column == want.get("column") or "column" not in want)
        ]
        assert len(matches) == 1, (want, format_findings(found))
    assert not found.filter(code="rule-not-assessable")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_findings_are_exactly_the_expected_ones(shared_dir: Path, name: str) -> None:
    report, expected = seed(shared_dir, name)
    assert len(report.sections) == 6
    assert_expected_findings(validate(report), expected)


@pytest.mark.parametrize("name", SEEDS)
def test_parsed_seed_gives_exactly_the_expected_findings(shared_dir: Path, name: str) -> None:
    # End to end: the seed as a user has it, parsed, then validated.
    _, expected = seed(shared_dir, name)
    report = parse_file(shared_dir / "corpus/seeds" / f"{name}.txt").report
    found = validate(report)
    assert_expected_findings(found, expected)
    for f in found.filter(min_severity="warning"):
        if f.table is not None and f.code != "prose-disagrees":
            assert f.line is not None, f  # a finding on a parsed table points into the file


def test_seed_004_prose_finding_says_where(shared_dir: Path) -> None:
    report, _ = seed(shared_dir, "004_12af315242a02ca5")
    text = (shared_dir / "corpus/seeds/004_12af315242a02ca5.txt").read_text("utf-8")
    (f,) = validate(report, text=text).warnings
    assert (f.code, f.table, f.row, f.column) == (
        "prose-disagrees",
        "appeals",
        "litigation_direct",
        "total",
    )
    assert (f.expected, f.actual, f.section) == (3, 0, "overview")
    assert f.context is not None
    assert "无因政府信息公开申请引起的行政复议、行政诉讼案件" in f.context
    assert f.line == 13
    assert "无因政府信息公开申请引起的" in text.split("\n")[f.line - 1]
    # without the source text the prose has no line: its line breaks are not the source's
    assert validate(report).warnings[0].line is None


def test_seed_001_balance_findings_match_the_note(shared_dir: Path) -> None:
    report, _ = seed(shared_dir, "001_728bc24d6a22ecab")
    balance = validate(report).filter(code="applications-balance")
    assert {(f.column, f.expected, f.actual) for f in balance} == {
        ("natural_person", 13, 3),
        ("total", 13, 3),
    }
    outcome = validate(report).filter(code="applications-outcome-total")
    assert {(f.row, f.column, f.expected, f.actual) for f in outcome} == {
        ("total_processed", "natural_person", 10, 0),
        ("total_processed", "total", 10, 0),
    }


# --- real/007.txt: outcome rows add up to 26/27, 新收 and （七）总计 say 20/21 -------------------


def report_007() -> Report:
    """平潭综合实验区 2020 (2019 format), table 三 as read from the flattened page by hand.

    Table 二 is left blank: its glued cells (``2648-18538``) cannot be read with certainty.
    """
    one = [0, 0, 0, 0, 0, 0, 0]
    rows = {r.key: list(one) for r in ApplicationsTable.empty("2019").rows}
    rows.update(
        new_requests=[20, 0, 0, 0, 0, 1, 21],
        granted=[6, 0, 0, 0, 0, 1, 7],
        partially_granted=[6, 0, 0, 0, 0, 0, 6],
        unavailable_not_held=[4, 0, 0, 0, 0, 0, 4],
        unavailable_unclear=[3, 0, 0, 0, 0, 0, 3],
        not_processed_duplicate=[3, 0, 0, 0, 0, 0, 3],
        other_processing=[4, 0, 0, 0, 0, 0, 4],
        total_processed=[20, 0, 0, 0, 0, 1, 21],
    )
    return Report.create(
        agency="平潭综合实验区",
        year=2020,
        format="2019",
        active=ActiveTable.empty("2019"),
        applications=rows,
        appeals=AppealsTable.from_dict(appeals()),
    )


def test_real_007_outcome_totals(shared_dir: Path) -> None:
    text = (shared_dir / "corpus/real/007.txt").read_text("utf-8")
    # the numbers the report above was read from
    assert "（六）其他处理4 0 0 0 0 0 4（七）总计20 0 00 0 121" in text
    assert "一、本年新收政府信息公开申请数量200 000121" in text
    found = validate(report_007())
    assert places(found) == {
        ("applications-outcome-total", "applications", "total_processed", "natural_person"),
        ("applications-outcome-total", "applications", "total_processed", "total"),
    }
    by_column = {f.column: (f.expected, f.actual) for f in found.errors}
    assert by_column == {"natural_person": (26, 20), "total": (27, 21)}
    # table 二 is blank: said once, no error
    assert [f.table for f in found.infos] == ["active"]


def test_parsed_real_007_is_flagged_at_the_outcome_totals(shared_dir: Path) -> None:
    report = parse_file(shared_dir / "corpus/real/007.txt").report
    found = validate(report)
    outcome = {
        (f.row, f.column): (f.expected, f.actual)
        for f in found
        if f.code == "applications-outcome-total"
    }
    assert outcome == {
        ("total_processed", "natural_person"): (26, 20),
        ("total_processed", "total"): (27, 21),
    }
    # The page is flattened: its rows were cut into cells by their sums, so a broken
    # column sum may be the reading's doing. It is a warning saying so, not an error.
    assert not found.errors
    flagged = found.filter(code="applications-outcome-total")
    assert all(f.severity is Severity.WARNING for f in flagged)
    assert all("digits-split" in f.message and "读取不确定" in f.message_zh for f in flagged)
    assert all(f.line is not None for f in flagged)


def test_findings_are_registered_for_every_seed(shared_dir: Path) -> None:
    emitted: list[Finding] = []
    for name in SEEDS:
        report, _ = seed(shared_dir, name)
        emitted.extend(validate(report))
        emitted.extend(
            validate(attrs.evolve(report, applications=ApplicationsTable.empty(report.format)))
        )
    emitted.extend(validate(report_007()))
    assert emitted
    for f in emitted:
        assert f.code in CODES
        assert CODES[f.code].area == "validate"
        assert f.severity is CODES[f.code].severity
        assert f.message
        assert f.message_zh


def test_missing_value_is_not_zero() -> None:
    # A Missing cell with raw text keeps that text in the context of the info.
    rows = dict(BALANCED)
    report = report_2021(rows)
    table = report.applications.with_values({("granted", "natural_person"): Missing("/")})
    found = validate(attrs.evolve(report, applications=table))
    assert found.ok
    assert any("granted.natural_person='/'" in (f.context or "") for f in found)


def test_a_rule_broken_on_an_uncertain_reading_is_a_warning_that_says_so() -> None:
    report = report_2021(dict(BALANCED, granted=[4, 1, 0, 0, 0, 0, 4]))
    table = report.applications
    sources = [
        SourceRef(line=7, uncertain="digits-split")
        if (r.key, c.key) == ("granted", "total")
        else None
        for r, c in table.layout.cells
    ]
    doubtful = attrs.evolve(report, applications=attrs.evolve(table, sources=tuple(sources)))
    certain = validate(report).filter(code="applications-row-total")
    guessed = validate(doubtful).filter(code="applications-row-total")
    assert [f.severity for f in certain] == [Severity.ERROR]
    assert [f.severity for f in guessed] == [Severity.WARNING]
    assert (guessed[0].expected, guessed[0].actual, guessed[0].line) == (5, 4, 7)
    assert "digits-split" in guessed[0].message
    assert "读取不确定" in guessed[0].message_zh
