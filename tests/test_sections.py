"""The front end of the parser, stage by stage: cleaning, headings, metadata, prose.

These tests do not need the table reader: they call the stages directly.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.codes import CODES
from govdisclosure.document import Document, Line
from govdisclosure.model import ReportFormat, SectionKey, StatisticsPeriod
from govdisclosure.parse._clean import clean_lines
from govdisclosure.parse._meta import (
    find_title,
    format_from_text,
    parse_title,
    signature_agency,
    statistics_period,
)
from govdisclosure.parse._prose import Piece, assemble
from govdisclosure.parse._sections import find_heading, segment


def lines(text: str) -> tuple[Line, ...]:
    return Document.from_text(text).lines


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("一、总体情况", SectionKey.OVERVIEW),
        ("一、概述", SectionKey.OVERVIEW),
        ("二、主动公开政府信息情况", SectionKey.ACTIVE),
        ("三、收到和处理政府信息公开申请情况", SectionKey.APPLICATIONS),
        ("四、政府信息公开行政复议、行政诉讼情况", SectionKey.APPEALS),
        ("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", SectionKey.APPEALS),
        ("四、政府信息公开行政法复议、行政诉讼情况", SectionKey.APPEALS),  # typo in real/008
        ("五、存在的主要问题及改进情况", SectionKey.PROBLEMS),
        ("五、政府信息公开工作存在的主要问题及改进情况", SectionKey.PROBLEMS),
        ("六、其他需要报告的事项", SectionKey.OTHER),
        ("### 三、收到和处理政府信息公开申请情况", SectionKey.APPLICATIONS),
        ("## **六、其他需要报告的事项**", SectionKey.OTHER),
        ("**五、存在的主要问题及改进情况**", SectionKey.PROBLEMS),
        ("其他需要报告的事项", SectionKey.OTHER),  # no numeral
        ("一 、 总 体 情 况", SectionKey.OVERVIEW),  # spaces inside
        ("一．总体情况", SectionKey.OVERVIEW),
        ("（二）主动公开政府信息情况", SectionKey.ACTIVE),
        ("\u3000二、主动公开政府信息情况：", SectionKey.ACTIVE),
        # Template wordings: 与/和 for 、, other endings of 五, a character dropped or
        # swapped with the section's own numeral.
        ("四、政府信息公开行政复议和行政诉讼情况", SectionKey.APPEALS),
        ("四、政府信息公开行政复议与行政诉讼情况", SectionKey.APPEALS),
        ("五、存在的主要问题及整改措施", SectionKey.PROBLEMS),
        ("五、存在的主要问题及明年工作计划", SectionKey.PROBLEMS),
        ("五、存在的主要问题及改进措施", SectionKey.PROBLEMS),
        ("五、存在的主要问题及下一步工作打算", SectionKey.PROBLEMS),
        ("二、主动公开政府信息倩况", SectionKey.ACTIVE),
        ("二、主动公开政府息情况", SectionKey.ACTIVE),
        ("三、收到和处理政府信息公开申请况", SectionKey.APPLICATIONS),
        ("六、其他需要报告事项", SectionKey.OTHER),
    ],
)
def test_heading_variants(text: str, key: SectionKey) -> None:
    match = find_heading(text)
    assert match is not None
    assert match.key is key


@pytest.mark.parametrize(
    "text",
    [
        "四、结转下年度继续办理",
        "三、本年度办理结果",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "## 表二：主动公开政府信息情况",
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。",
        "（一）2024 年工作中存在问题的改进情况",
        "三、本法提供",
        "三、主动公开政府信息倩况",  # a near miss with another section's numeral
        "(一) 存在问题",  # a sub-heading of section 五
        "（二）存在的主要问题",
        "",
    ],
)
def test_table_labels_and_prose_are_not_headings(text: str) -> None:
    assert find_heading(text) is None


def _official(body: str = "正文。") -> str:
    return "\n\n".join(f"{key.label}\n\n{body}" for key in SectionKey)


def test_segment_official_headings_in_order() -> None:
    seg = segment(lines("标题\n\n前言。\n\n" + _official()))
    assert [s.key for s in seg.sections] == list(SectionKey)
    assert [ln.text for ln in seg.before if ln.text] == ["标题", "前言。"]
    assert all([ln.text for ln in s.lines if ln.text] == ["正文。"] for s in seg.sections)
    assert not seg.findings


def test_flattened_line_is_split_at_numbered_headings_only() -> None:
    text = (
        "报告 本报告包括总体情况、主动公开政府信息情况等。一、总体情况2020年，我区…"
        "二、主动公开政府信息情况第二十条第（一）项规章007"
        "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量200000121"
        "三、本年度办理结果（一）予以公开6000017四、结转下年度继续办理0000000"
        " 四、政府信息公开行政复议、行政诉讼情况000000000000000"
        " 五、存在的主要问题及改进情况 问题。 六、其他需要报告的事项 无"
    )
    seg = segment(lines(text))
    assert [s.key for s in seg.sections] == list(SectionKey)
    by_key = {s.key: s for s in seg.sections}
    assert by_key[SectionKey.OVERVIEW].lines[0].text == "2020年，我区…"
    applications = by_key[SectionKey.APPLICATIONS].lines[0].text
    assert "四、结转下年度继续办理0000000" in applications
    assert "三、本年度办理结果" in applications
    assert by_key[SectionKey.APPEALS].heading.text == "四、政府信息公开行政复议、行政诉讼情况"
    # fragments keep their place in the line
    frag = by_key[SectionKey.ACTIVE].lines[0]
    assert text[frag.start : frag.start + len(frag.text)] == frag.text
    codes = [f.code for f in seg.findings]
    assert codes.count("heading-inline") == 6


def test_missing_heading_is_reported_and_text_stays_with_previous_section() -> None:
    text = "\n".join(
        f"{key.label}\n{key.key} 的正文。" for key in SectionKey if key is not SectionKey.PROBLEMS
    )
    seg = segment(lines(text))
    assert SectionKey.PROBLEMS not in [s.key for s in seg.sections]
    missing = [f for f in seg.findings if f.code == "section-missing"]
    assert [f.section for f in missing] == ["problems"]


def test_repeated_heading_is_kept_as_text() -> None:
    text = _official() + "\n一、总体情况\n"
    seg = segment(lines(text))
    assert [s.key for s in seg.sections] == list(SectionKey)
    assert "一、总体情况" in [ln.text for ln in seg.sections[-1].lines]
    assert any(f.code == "section-out-of-order" for f in seg.findings)


def test_heading_variant_is_reported() -> None:
    seg = segment(lines("### 四、因政府信息公开工作被申请行政复议和提起行政诉讼情况\n无"))
    variants = [f for f in seg.findings if f.code == "heading-variant"]
    assert len(variants) == 1
    assert variants[0].line == 1


# --- cleaning ------------------------------------------------------------------------------


def test_clean_removes_footers_links_separators_and_repeated_headers() -> None:
    text = "\n".join(
        [
            "正文第一行",
            "- 3 -",
            "— 4 —",
            "第 5 页",
            "mailto:hspzhfb123@163.com）。",
            "http://www.example.gov.cn/",
            "|---|---|---|",
            "## 表三：收到和处理政府信息公开申请情况",
            "自然人\t商业企业\t科研机构\t社会公益组织",
            "一、本年新收政府信息公开申请数量\t1\t2",
            "## 表三：收到和处理政府信息公开申请情况",
            "自然人\t商业企业\t科研机构\t社会公益组织",
            "信息内容\t本年处理决定数量",
            "信息内容\t本年处理决定数量",
            "电子邮箱：hspzhfb123@163.com",
        ]
    )
    cleaned = clean_lines(lines(text))
    kept = [ln.text for ln in cleaned.lines]
    assert kept == [
        "正文第一行",
        "## 表三：收到和处理政府信息公开申请情况",
        "自然人\t商业企业\t科研机构\t社会公益组织",
        "一、本年新收政府信息公开申请数量\t1\t2",
        # repeated legitimately in table 二 (items 五 and 六): kept
        "信息内容\t本年处理决定数量",
        "信息内容\t本年处理决定数量",
        "电子邮箱：hspzhfb123@163.com",
    ]
    by_code = {}
    for f in cleaned.findings:
        by_code.setdefault(f.code, []).append(f.line)
    assert by_code == {
        "page-footer-removed": [2, 3, 4],
        "link-residue-removed": [5, 6],
        "markdown-residue-removed": [7],
        "repeated-header-removed": [11, 12],
    }
    assert all(CODES[f.code].area == "parse" for f in cleaned.findings)


# --- metadata ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "agency", "year"),
    [
        (
            "# 红寺堡区人民政府办公室\n\n## 2024 年政府信息公开工作年度报告\n\n根据…",
            "红寺堡区人民政府办公室2024年政府信息公开工作年度报告",
            "红寺堡区人民政府办公室",
            2024,
        ),
        (
            "正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据…",
            "2025年上海市人民政府办公厅政府信息公开工作年度报告",
            "上海市人民政府办公厅",
            2025,
        ),
        (
            " 红寺堡区 2019年政府信息公开工作年度报告\n\n根据…",
            "红寺堡区2019年政府信息公开工作年度报告",
            "红寺堡区",
            2019,
        ),
        (
            "平潭综合实验区2020年政府信息公开工作年度报告 根据《条例》…",
            "平潭综合实验区2020年政府信息公开工作年度报告",
            "平潭综合实验区",
            2020,
        ),
        (
            "平潭综合实验区2022年度政府信息公开工作年度报告",
            "平潭综合实验区2022年度政府信息公开工作年度报告",
            "平潭综合实验区",
            2022,
        ),
    ],
)
def test_title_agency_year(text: str, title: str, agency: str, year: int) -> None:
    match = find_title(lines(text))
    assert match is not None
    assert match.text == title
    parts = parse_title(match.text)
    assert (parts.agency, parts.year) == (agency, year)


@pytest.mark.parametrize(
    "text",
    [
        "当前位置：首页 > 政务公开 > 政府信息公开年报\n某县财政局2024年政府信息公开工作年度报告\n根据…",
        "首页>信息公开>政府信息公开工作年度报告\n\n单位名称：某县财政局\n2024年政府信息公开工作年度报告",
        "名称：某县财政局2024年政府信息公开工作年度报告\n根据…",
        "报告单位: 某县财政局\n2024 年政府信息公开工作年度报告",
    ],
    ids=["navigation", "navigation and form", "form prefix", "form on its own line"],
)
def test_title_behind_navigation_and_form_prefixes(text: str) -> None:
    match = find_title(lines(text))
    assert match is not None
    assert match.text == "某县财政局2024年政府信息公开工作年度报告"
    assert parse_title(match.text).agency == "某县财政局"


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        (
            "六、其他需要报告的事项\n无。\n\n某县人民政府办公室\n2025年1月20日\n",
            "某县人民政府办公室",
        ),
        ("六、其他需要报告的事项\n无。\n2025 年 1 月 20 日\n某县财政局\n", "某县财政局"),
        ("六、其他需要报告的事项\n无。\n\n2025年1月20日\n", ""),
        ("六、其他需要报告的事项\n本年度无其他需要报告的事项。\n", ""),
    ],
)
def test_signature_names_the_body(text: str, agency: str) -> None:
    assert signature_agency(text.splitlines()) == agency


def test_a_sentence_naming_the_report_is_not_its_title() -> None:
    text = "根据《条例》，现发布《某县2023年政府信息公开工作年度报告》，特此说明。"
    assert find_title(lines(text)) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("本报告统计数据从 2024 年 1 月 1 日至 12 月 31 日。", (2024, 1, 1, 2024, 12, 31)),
        ("统计期限为2019年1月1日至2019年12月31日", (2019, 1, 1, 2019, 12, 31)),
        (
            "所\n\n列政府信息公开数据统计期限为 2019 年 1月 1日至 2019 年 12\n\n月 31日。",
            (2019, 1, 1, 2019, 12, 31),
        ),
        (
            "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
            (2020, 1, 1, 2020, 12, 31),
        ),
        ("统计时限为２０２２年１月１日至２０２２年１２月３１日", (2022, 1, 1, 2022, 12, 31)),
    ],
)
def test_statistics_period(text: str, period: tuple[int, ...]) -> None:
    y1, m1, d1, y2, m2, d2 = period
    assert statistics_period(text) == StatisticsPeriod(dt.date(y1, m1, d1), dt.date(y2, m2, d2))


@pytest.mark.parametrize(
    "text",
    [
        "2024年1月1日至12月31日，我办召开会议。",  # no statistics context
        "统计数据从2024年13月1日至12月31日",  # not a date
        "统计数据从2024年12月1日至1月31日",  # ends before it starts
        "",
    ],
)
def test_no_statistics_period(text: str) -> None:
    assert statistics_period(text) is None


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("《国办公开办函〔2021〕30号》", ReportFormat.F2021),
        ("（国办公开办函[2021]30 号）", ReportFormat.F2021),
        ("《中华人民共和国政府信息公开工作年度报告格式（试行）》", ReportFormat.F2019),
        ("国办公开办函〔2019〕60号", None),
    ],
)
def test_format_from_text(text: str, fmt: ReportFormat | None) -> None:
    assert format_from_text(text) is fmt


# --- prose ---------------------------------------------------------------------------------


def pieces(text: str) -> list[Piece]:
    return [Piece(ln.text, ln.number) for ln in lines(text)]


def test_lines_that_keep_paragraphs_stay_paragraphs() -> None:
    text = "第一段，说完了。\n\n（一）小标题\n\n第二段。\n第三段！"
    prose = assemble(pieces(text))
    assert prose.text == "第一段，说完了。\n（一）小标题\n第二段。\n第三段！"
    assert prose.findings == ()


def test_hard_wrapped_pdf_lines_are_joined_without_spaces() -> None:
    wrapped = [
        "2019年，红寺堡区以习近平新时代中国特色社会主义思想",
        "为指导，在自治区、吴忠市人民政府政务公开办公室的精心指",
        "导下，结合“不忘初心、牢记使命”主题教育，认真宣传贯彻",
        " 落实《中华人民共和国政府信息公开条例》，着力加强政府自",
        "身建设，提高工作透明度。",
        "（一）突出质量，抓好主动公开。全年主动公开政府信息共计",
        "15692条，其中通过政府网站发布政府信息 8149条、规范性文",
        "件信息 5条。",
    ]
    prose = assemble(pieces("\n\n".join(wrapped)), section="overview")
    paragraphs = prose.text.split("\n")
    assert paragraphs == [
        "".join(w.strip() for w in wrapped[:5]),
        "".join(w.strip() for w in wrapped[5:]),
    ]
    (found,) = prose.findings
    assert found.code == "prose-unwrapped"
    assert found.section == "overview"
    # Lines and paragraphs are counts of the repair, not an expected and a found value.
    assert (found.expected, found.actual) == (None, None)
    assert "(8 lines → 2 paragraphs)" in found.message
    assert found.message_zh == "合并了“一、总体情况”中 6 处段内断行"


def test_long_line_broken_by_a_page_break_is_joined() -> None:
    first = "（一）主动公开方面。2024 年，通过政府门户网站等渠道主动公开本年度制发的规范性文件 4 件，公开区委和政府重大政策性文"
    text = f"{first}\n\n件 36 件。\n\n（二）依申请公开方面。"
    prose = assemble(pieces(text))
    assert prose.text == f"{first}件 36 件。\n（二）依申请公开方面。"
    assert [f.code for f in prose.findings] == ["prose-unwrapped"]


_SENTENCES = st.lists(
    st.text(alphabet="政府信息公开工作年度报告我区认真贯彻落实，、", min_size=1, max_size=40).map(
        lambda s: s + "。"
    ),
    min_size=1,
    max_size=8,
)


@given(_SENTENCES)
def test_paragraphs_ending_in_sentences_round_trip(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    assert assemble(pieces(text)).text == "\n".join(p.strip() for p in paragraphs)
