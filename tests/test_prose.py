"""Tests of the prose rule: which figures are read from the prose, and when they are
compared with the tables. The sentences are those of real reports (a few, copied by hand),
and the traps real reports set: figures of other scopes, years and kinds."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.model import ApplicationsTable, Missing, Report, Section, SectionKey
from govdisclosure.validate import FigureKind, ProseFigure, prose_agrees, prose_figures, validate

K = FigureKind


def rows_2021(**rows: list[int]) -> dict[str, list[int]]:
    table = {r.key: [0] * 7 for r in ApplicationsTable.empty("2021").rows}
    table.update(rows)
    return table


def t(n: int) -> list[int]:
    """A row of natural-person requests only."""
    return [n, 0, 0, 0, 0, 0, n]


TABLE_9 = rows_2021(
    new_requests=t(9),
    granted=t(7),
    partially_granted=t(1),
    unavailable_not_held=t(1),
    total_processed=t(9),
)
NO_APPEALS: dict[str, list[int]] = {
    "administrative_review": [0] * 5,
    "litigation_direct": [0] * 5,
    "litigation_after_review": [0] * 5,
}


def make(
    text: str,
    *,
    section: str = "overview",
    applications: dict[str, Any] | None = None,
    appeals: dict[str, Any] | None = None,
    agency: str = "卫滨区人民政府办公室",
    year: int = 2024,
    line: int | None = None,
) -> Report:
    return Report.create(
        agency=agency,
        year=year,
        format="2021",
        active={},
        applications=applications if applications is not None else TABLE_9,
        appeals=appeals if appeals is not None else NO_APPEALS,
        sections=[Section(section, text, line=line)],
    )


def figures(report: Report) -> list[tuple[FigureKind, int | Decimal]]:
    return [(f.kind, f.value) for f in prose_figures(report)]


# --- seeds 002, 003, 000, 004 -----------------------------------------------------------------

SEED_002 = (
    "(二) 依申请公开\n"
    "2024 年共收到政府信息公开申请 9 件。其中，7 件予以公开，1 件部分公开，1 件信息不存在，"
    "均依法依规进行办结。"
)


def test_figures_of_seed_002_agree() -> None:
    report = make(SEED_002)
    assert figures(report) == [
        (K.REQUESTS, 9),
        (K.GRANTED, 7),
        (K.PARTIALLY_GRANTED, 1),
        (K.UNAVAILABLE_NOT_HELD, 1),
    ]
    assert list(prose_agrees(report)) == []


def test_a_disagreeing_figure_is_a_warning_at_its_cell() -> None:
    table = dict(TABLE_9, granted=t(6), denied_state_secret=t(1))
    source = "\n" * 19 + "一、总体情况\n\n" + SEED_002.replace("\n", "\n\n")
    (f,) = prose_agrees(make(SEED_002, applications=table, line=20), text=source)
    assert (f.code, f.severity.value, f.table, f.row, f.column) == (
        "prose-disagrees",
        "warning",
        "applications",
        "granted",
        "total",
    )
    assert (f.expected, f.actual, f.section) == (6, 7, "overview")
    assert f.context == "其中，7 件予以公开，1 件部分公开，1 件信息不存在，均依法依规进行办结。"
    assert f.line == 24  # heading line 20, a blank line, the subheading, a blank line
    assert source.split("\n")[23].startswith("2024 年共收到")
    assert "7 件予以公开" in f.message_zh
    assert "（一）予以公开" in f.message_zh


def test_seed_003_sentence() -> None:
    text = (
        "2023 年，共受理政府信息公开申请件 9 件，予以公开 6 件，部分公开 1 件，本机关不掌握 2 件。"
        "因政府信息公开引起的行政诉讼 1 件，结果维持 1 件。"
        "加强对全区政府信息依申请公开工作的指导，解答相关部门单位依申请公开件处理疑问 10 余次。"
    )
    table = dict(TABLE_9, granted=t(6), unavailable_not_held=t(2))
    appeals = dict(NO_APPEALS, litigation_direct=[1, 0, 0, 0, 1])
    report = make(text, applications=table, appeals=appeals, year=2023)
    assert figures(report) == [
        (K.REQUESTS, 9),
        (K.GRANTED, 6),
        (K.PARTIALLY_GRANTED, 1),
        (K.UNAVAILABLE_NOT_HELD, 2),
        (K.LITIGATION, 1),
    ]
    assert list(prose_agrees(report)) == []
    # a lawsuit after review counts as a lawsuit too
    appeals = dict(NO_APPEALS, litigation_after_review=[1, 0, 0, 0, 1])
    assert list(prose_agrees(make(text, applications=table, appeals=appeals, year=2023))) == []
    appeals = dict(NO_APPEALS, litigation_after_review=[1, 0, 0, 1, 2])
    (f,) = prose_agrees(make(text, applications=table, appeals=appeals, year=2023))
    assert (f.table, f.row, f.column, f.expected, f.actual) == ("appeals", None, "total", 2, 1)


NONE_000 = (
    "（二）依申请公开方面。2024 年，共受理政府信息公开申请 5 件，"
    "无因依申请公开引发的行政复议案件、行政诉讼案件，所有案件均按照法定程序进行了办理。"
)


def test_none_statement_with_empty_table_four() -> None:
    table = rows_2021(new_requests=t(5), granted=t(5), total_processed=t(5))
    report = make(NONE_000, applications=table)
    assert figures(report) == [
        (K.REQUESTS, 5),
        (K.ADMINISTRATIVE_REVIEW, 0),
        (K.LITIGATION, 0),
    ]
    assert list(prose_agrees(report)) == []


def test_none_statement_against_cases_points_at_each_group() -> None:
    table = rows_2021(new_requests=t(5), granted=t(5), total_processed=t(5))
    appeals = {
        "administrative_review": [1, 0, 0, 0, 1],
        "litigation_direct": [0, 2, 0, 1, 3],
        "litigation_after_review": [0, 0, 0, 1, 1],
    }
    found = list(prose_agrees(make(NONE_000, applications=table, appeals=appeals)))
    assert [(f.row, f.expected, f.actual) for f in found] == [
        ("administrative_review", 1, 0),
        ("litigation_direct", 3, 0),
        ("litigation_after_review", 1, 0),
    ]
    assert all(f.context == NONE_000.split("。", 1)[1] for f in found)


def test_none_statement_of_seed_004_and_001() -> None:
    seed_004 = "2023年我镇收到2件政府信息公开申请，均在规定时间内办结，无因政府信息公开申请引起的行政复议、行政诉讼案件。"
    table = rows_2021(new_requests=t(2), unavailable_not_held=t(2), total_processed=t(2))
    report = make(seed_004, applications=table, year=2023)
    assert figures(report) == [(K.REQUESTS, 2), (K.ADMINISTRATIVE_REVIEW, 0), (K.LITIGATION, 0)]
    # 001: hard-wrapped PDF text, in section 四
    seed_001 = "2019年度，红寺堡区未收到因政府信息公开工作被申请行\n政复议和提起行政诉讼的案件。"
    report = make(seed_001, section="appeals", year=2019)
    assert figures(report) == [(K.ADMINISTRATIVE_REVIEW, 0), (K.LITIGATION, 0)]


# --- real/004.md: combined figures, percentages, 办结 ------------------------------------------------

SHANGHAI = (
    "（二）依申请公开方面\n"
    "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n"
    "上年结转 189 件），均在法定期限内答复。其中，予以公开及部\n"
    "分公开 208 件（17.46%），不予公开 20 件（1.68%），因本机关\n"
    "不掌握等原因无法提供 564 件（47.36%），属信访、重复申请等\n"
    "不予处理 80 件（6.72%），其他处理 319 件（26.78%，含申请人\n"
    "主动撤回 157 件）。全年未发生因依申请公开被行政复议纠错或\n"
    "行政诉讼败诉情形。"
)
SHANGHAI_TABLE = {
    "new_requests": [1259, 36, 0, 0, 0, 0, 1295],
    "carried_over": [170, 15, 0, 0, 4, 0, 189],
    "granted": [201, 5, 0, 0, 0, 0, 206],
    "partially_granted": [2, 0, 0, 0, 0, 0, 2],
    "denied_state_secret": [4, 0, 0, 0, 0, 0, 4],
    "denied_security_stability": [1, 0, 0, 0, 0, 0, 1],
    "denied_internal_affairs": [8, 0, 0, 0, 1, 0, 9],
    "denied_process_information": [1, 0, 0, 0, 0, 0, 1],
    "denied_inquiry_matters": [5, 0, 0, 0, 0, 0, 5],
    "unavailable_not_held": [484, 28, 0, 0, 1, 0, 513],
    "unavailable_needs_creation": [47, 1, 0, 0, 0, 0, 48],
    "unavailable_unclear": [3, 0, 0, 0, 0, 0, 3],
    "not_processed_complaint": [61, 1, 0, 0, 0, 0, 62],
    "not_processed_duplicate": [16, 0, 0, 0, 0, 0, 16],
    "not_processed_publication": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_excessive": [1, 0, 0, 0, 0, 0, 1],
    "other_overdue_correction": [40, 1, 0, 0, 2, 0, 43],
    "other_misc": [264, 12, 0, 0, 0, 0, 276],
    "total_processed": [1139, 48, 0, 0, 4, 0, 1191],
    "carried_forward": [290, 3, 0, 0, 0, 0, 293],
}
SHANGHAI_APPEALS = {
    "administrative_review": [40, 0, 10, 5, 55],
    "litigation_direct": [2, 0, 4, 6, 12],
    "litigation_after_review": [6, 0, 9, 7, 22],
}


def shanghai(text: str = SHANGHAI, **kwargs: Any) -> Report:
    return make(
        text,
        applications=rows_2021(**SHANGHAI_TABLE),
        appeals=SHANGHAI_APPEALS,
        agency="上海市人民政府办公厅",
        year=2025,
        **kwargs,
    )


def test_real_004_figures_are_read_as_what_they_are() -> None:
    report = shanghai()
    assert figures(report) == [
        (K.REQUESTS, 1295),
        (K.CARRIED_OVER, 189),
        (K.GRANTED_OR_PARTIALLY, 208),
        (K.DENIED, 20),
        (K.UNAVAILABLE, 564),
        (K.NOT_PROCESSED, 80),
        (K.OTHER_PROCESSING, 319),
    ]
    # 208 is not 部分公开, 564 not 不掌握, 1191 (办结) and 157 (撤回) not compared,
    # 未发生…行政复议纠错 is not 无行政复议 (the table has 55 reviews).
    assert list(prose_agrees(report)) == []


def test_combined_figure_disagreeing_is_reported_without_a_row() -> None:
    report = shanghai(SHANGHAI.replace("208", "210"))
    (f,) = prose_agrees(report)
    assert (f.row, f.column, f.expected, f.actual) == (None, "total", 208, 210)
    assert "granted.total + partially_granted.total" in f.message


def test_lines_follow_the_hard_wrapped_source() -> None:
    source = "\n" * 36 + "一、总体情况\n" + SHANGHAI
    # the same phrase earlier in the document, before the section, is not taken
    source = source.replace("\n" * 5, "\n共受理政府信息公开申请 1295 件\n" + "\n" * 3, 1)
    report = shanghai(line=37)
    assert {f.line for f in prose_figures(report)} == {None}
    by_kind = {f.kind: f.line for f in prose_figures(report, text=source)}
    assert by_kind[K.REQUESTS] == 39
    assert by_kind[K.CARRIED_OVER] == 40
    assert by_kind[K.OTHER_PROCESSING] == 43


# --- other scopes, other years, other things -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "全年收到留言办理 133 条，办结率 100%；12345 市民服务热线共受理各类热线 1882 件。",
        "承办人大代表建议 35 件、政协提案 34 件，已办结 31 件，办结率 91.2%。",
        "组织开展《问政平潭之有事你说》19期，收到群众诉求348件，现场解决162件。",
        "全年受理行政许可申请 1200 件，办结率 100%。",
        "2023 年共收到政府信息公开申请 12 件。",
        "与上年相比，收到政府信息公开申请增加 3 件。",
        "全市累计发布政策解读短视频近 300 个，解答依申请公开件处理疑问 10 余次。",
        "全年完成公文公开属性审查 166 件，其中予以公开 120 件。",
        "信息公开申请办理中，自然人申请予以公开 4 件。",
        "行政复议、行政诉讼 2 件，均已审结。",
        "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
        "未发生因不履行政府信息公开义务而发生的责任追究情况。",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1",
    ],
)
def test_figures_that_are_not_table_figures(text: str) -> None:
    report = make(text)
    assert figures(report) == []
    assert list(prose_agrees(report)) == []


def test_area_totals_in_a_report_of_one_office_are_not_compared() -> None:
    text = "2024年，全区共收到政府信息公开申请154件，共办结148件。"
    office = make(text)
    (figure,) = prose_figures(office)
    assert (figure.kind, figure.value, figure.scope) == (K.REQUESTS, 154, "全区")
    assert list(prose_agrees(office)) == []
    # ... but they are the figures of a report of the whole area
    area = make(text, agency="平潭综合实验区")
    (f,) = prose_agrees(area)
    assert (f.row, f.expected, f.actual) == ("new_requests", 9, 154)
    # and a narrower scope inside the area's sentence keeps it out again
    mixed = make("2024年全区各级行政机关共受理政府信息公开申请21件。", agency="平潭综合实验区")
    assert prose_figures(mixed)[0].scope == "全区、各级"
    assert list(prose_agrees(mixed)) == []


def test_requests_may_include_those_carried_over() -> None:
    table = dict(TABLE_9, carried_over=t(1), total_processed=t(9), carried_forward=t(1))
    # 10 = 9 new + 1 carried over: a reading some reports use, not a contradiction
    assert list(prose_agrees(make("共收到政府信息公开申请10件。", applications=table))) == []
    assert list(prose_agrees(make("共收到政府信息公开申请11件。", applications=table)))
    said = make("共收到政府信息公开申请 10 件（含上年结转 1 件）。", applications=table)
    assert figures(said) == [(K.REQUESTS_WITH_CARRIED_OVER, 10), (K.CARRIED_OVER, 1)]
    assert list(prose_agrees(said)) == []
    (f,) = prose_agrees(
        make("共收到政府信息公开申请 9 件（含上年结转 1 件）。", applications=table)
    )
    assert (f.row, f.expected, f.actual) == ("new_requests", 10, 9)


def test_carried_forward_to_next_year() -> None:
    table = dict(TABLE_9, carried_forward=t(6), new_requests=t(15))
    text = "共收到政府信息公开申请15件，共办结9件，结转至2025年6件。"
    assert figures(make(text, applications=table)) == [
        (K.REQUESTS, 15),
        (K.CARRIED_FORWARD, 6),
    ]
    assert list(prose_agrees(make(text, applications=table))) == []
    # a year that is not the next one is another year's figure
    assert figures(make(text, applications=table, year=2023)) == [(K.REQUESTS, 15)]
    (f,) = prose_agrees(make("另有 5 件申请结转下年度办理。", applications=table))
    assert (f.row, f.expected, f.actual) == ("carried_forward", 6, 5)


def test_review_and_litigation_counts() -> None:
    text = "全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。"
    appeals = {
        "administrative_review": [25, 3, 8, 0, 36],
        "litigation_direct": [3, 3, 0, 0, 6],
        "litigation_after_review": [3, 0, 0, 0, 3],
    }
    report = make(text, appeals=appeals)
    assert figures(report) == [(K.ADMINISTRATIVE_REVIEW, 36), (K.LITIGATION, 9)]
    assert list(prose_agrees(report)) == []
    appeals = dict(appeals, administrative_review=[25, 3, 8, 1, 37])
    (f,) = prose_agrees(make(text, appeals=appeals))
    assert (f.table, f.row, f.column, f.expected, f.actual) == (
        "appeals",
        "administrative_review",
        "total",
        37,
        36,
    )


def test_fees_are_read_but_never_compared() -> None:
    report = make(
        "2025年全市实际收取信息处理费共计400元。\n本机关未收取信息处理费。\n收取信息处理费 1.5 万元。",
        section="other",
    )
    assert figures(report) == [(K.FEE, Decimal(400)), (K.FEE, 0), (K.FEE, Decimal(15000))]
    assert list(prose_agrees(report)) == []
    assert figures(make("我单位政府信息公开工作不存在收费情况。", section="other")) == [(K.FEE, 0)]
    assert figures(make("无其他对外管理事项和行政事业性收费。", section="other")) == []


def test_no_requests() -> None:
    report = make("2024年未收到有关政府信息公开申请。", applications=rows_2021())
    assert figures(report) == [(K.REQUESTS, 0)]
    assert list(prose_agrees(report)) == []
    (f,) = prose_agrees(make("2024年未收到有关政府信息公开申请。"))
    assert (f.expected, f.actual) == (9, 0)


def test_only_sections_about_applications_are_read() -> None:
    for key in ("active", "problems"):
        assert figures(make("共收到政府信息公开申请 9 件，予以公开 7 件。", section=key)) == []
    # fees are read in 六
    assert figures(make("共收到政府信息公开申请 9 件。", section="other")) == []


def test_missing_cells_are_not_compared() -> None:
    table = ApplicationsTable.from_dict("2021", TABLE_9).with_values(
        {("granted", "total"): Missing("/")}
    )
    report = make(SEED_002.replace("7 件予以公开", "6 件予以公开"), applications=table)
    assert list(prose_agrees(report)) == []


def test_prose_figure_is_frozen() -> None:
    (figure, *_) = prose_figures(make(SEED_002))
    assert isinstance(figure, ProseFigure)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        figure.value = 3  # type: ignore[misc]
    assert figure.sentence == "2024 年共收到政府信息公开申请 9 件。"
    assert figure.section is SectionKey.OVERVIEW


# --- properties --------------------------------------------------------------------------------

_PROSE_ALPHABET = st.sampled_from(
    list("收到受理申请件起无未行政复议诉讼予以部分公开不掌握结转下年度全区，。；（）含上处理费元万")
    + list("0123456789 \n%")
)


@given(st.text(_PROSE_ALPHABET, max_size=80), st.sampled_from(list(SectionKey)))
def test_prose_never_raises(text: str, key: SectionKey) -> None:
    report = make(text, section=key.key, line=5)
    source = "\n" * 4 + "一、标题\n" + text
    for figure in prose_figures(report, text=source):
        assert figure.line is not None
        assert figure.line >= 6
        assert figure.sentence
    for finding in prose_agrees(report):
        assert finding.code == "prose-disagrees"


# --- the corpus ----------------------------------------------------------------------------------


def _real(shared_dir: Path, name: str, **overrides: Any) -> Report:
    path = shared_dir / "corpus/real" / name
    truth = json.loads((path.parent / "truth" / f"{path.stem}.json").read_text("utf-8"))
    return Report.create(
        agency=overrides.get("agency", truth["agency"]),
        year=truth["year"],
        format=truth["format"],
        active={},
        applications=truth["applications"],
        appeals=truth["appeals"],
        # the whole page as one section: every figure in it is read
        sections=[Section("overview", path.read_text("utf-8"), line=1)],
    )


@pytest.mark.parametrize("name", ["004.md", "008.txt", "011.txt", "015.html"])
def test_real_reports_have_no_false_prose_finding(shared_dir: Path, name: str) -> None:
    report = _real(shared_dir, name)
    assert list(prose_agrees(report)) == []
    assert not validate(report).filter(code="prose-disagrees")


def test_real_011_figures_are_compared(shared_dir: Path) -> None:
    report = _real(shared_dir, "011.txt")
    compared = [(f.kind, f.value) for f in prose_figures(report)]
    assert (K.ADMINISTRATIVE_REVIEW, 36) in compared
    assert (K.LITIGATION, 9) in compared
    assert (K.CARRIED_FORWARD, 6) in compared
    # the same page in a report of one office: the 全区 figures are left out
    office = _real(shared_dir, "011.txt", agency="平潭综合实验区管委会办公室")
    changed = attrs.evolve(
        office,
        applications=office.applications.with_values({("new_requests", "total"): 150}),
    )
    assert list(prose_agrees(changed)) == []
