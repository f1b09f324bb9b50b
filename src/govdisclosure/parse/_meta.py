"""What a report says about itself: title, reporting body, year, format, statistics period.

The title is the line (or the two or three short lines) that name the report, 《…政府信息
公开工作年度报告》; a crawled page may carry it only in its header (``标题: …``). The
reporting body is the part of the title before the year (``红寺堡区人民政府办公室 2024 年…``)
or, when the year comes first, between the year and 政府信息公开 (``2025 年上海市人民政府
办公厅政府信息公开工作年度报告``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import regex

from .._fold import fold, to_halfwidth
from ..document import Line
from ..model import ReportFormat, StatisticsPeriod

__all__ = [
    "CRAWLER_TITLE",
    "TitleMatch",
    "clean_title",
    "find_title",
    "format_from_text",
    "is_crawler_header_end",
    "is_navigation",
    "parse_title",
    "signature_agency",
    "statistics_period",
    "strip_form_prefix",
]

# The name of the report in a title: …政府信息公开工作年度报告, …政务公开年度报告.
_TITLE_WORDS = regex.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?年度?报告")
_SENTENCE = regex.compile(r"[。，,;；《》:：]")
_MARKUP = regex.compile(r"^\s*#{1,6}\s*|\*\*|__")

CRAWLER_TITLE = regex.compile(r"^\s*标题\s*[:：]\s*(?P<title>\S.*?)\s*$")
_CRAWLER_BODY = regex.compile(r"^\s*[=＝\-—]{3,}\s*正文\s*[=＝\-—]{3,}\s*$")

# A form's field name before the reporting body: 名称：…, 单位名称：…, 报告单位：….
_FORM_PREFIX = regex.compile(
    r"^[\s*#]*(?:(?:报告|填报|发布|编制|单位|机关|部门){0,2}名称|(?:报告|填报|发布|编制)?"
    r"(?:单位|机关))\s*[:：]\s*"
)
# Site navigation a saved page keeps before the report (当前位置：首页 > 政务公开 > …).
_NAVIGATION = regex.compile(
    r"^\s*(?:当前位置|您的位置|你的位置|您现在的位置|所在位置|位置)\s*[:：]"
    r"|[>»＞›→]\s*\S.*[>»＞›→]|^\s*首页\s*[>»＞›→/]"
)
_AFTER_CRUMBS = regex.compile(r"^.*[>»＞›→]\s*[^\s>»＞›→]*\s+")
# A reporting body as it signs a report: a name ending in a kind of body, on its own line.
_BODY_NAME = regex.compile(
    r"^\p{Han}[\p{Han}（）()]{1,38}(?:政府|办公室|办公厅|局|委员会|委|厅|部|署|院|中心|办事处|"
    r"街道|镇|乡|所|站|队|会|处|司|馆|台|社)$"
)
_SIGNED_END = regex.compile(
    r"[。；;!！]\s*(?P<body>\p{Han}[\p{Han}（）()]{1,38}(?:政府|办公室|办公厅|局|委员会|委|厅|部|署|院|"
    r"中心|办事处|街道|镇|乡|所|站|队|会|处|司|馆|台|社))\s*(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?\s*$"
)
_DATE_LINE = regex.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")

_YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
_TITLE_PARTS = regex.compile(
    r"^(?P<before>.*?)[\s《]*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<after>.*?)"
    r"\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?年度?报告"
)
_MAX_TITLE = 60
_TITLE_READ = 200
"""How much of a title is searched for its parts: a crawled page's title may be long, and
the search is quadratic in it (``2019年`` repeated over 40,000 characters took minutes)."""


def strip_markup(text: str) -> str:
    """A line without Markdown heading marks and emphasis, stripped."""
    return str(_MARKUP.sub("", text)).strip()


def strip_form_prefix(text: str) -> str:
    """A line without the form field name before a reporting body (``单位名称：``)."""
    return str(_FORM_PREFIX.sub("", text, count=1))


def is_navigation(text: str) -> bool:
    """A line of site navigation (``当前位置：首页 > 政务公开 > 年度报告``)."""
    return bool(_NAVIGATION.search(text))


def _title_line(line: Line) -> str:
    return strip_form_prefix(strip_markup(line.text)).strip()


def signature_agency(texts: Sequence[str]) -> str:
    """The body that signs the report at the end of ``texts`` (the last section's lines:
    ``某县人民政府办公室`` above or below the date), or ``""``."""
    tail = [t for text in texts[-12:] if (t := _joined([strip_markup(text)]))]
    if tail:
        # A flattened page ends its last line with the signature: …事项。某县财政局2025年1月20日
        inline = _SIGNED_END.search(to_halfwidth(tail[-1]))
        if inline is not None and len(tail[-1]) > inline.end() - inline.start():
            return inline.group("body")
    for i in range(len(tail) - 1, max(-1, len(tail) - 5), -1):
        if not _DATE_LINE.match(to_halfwidth(tail[i])):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(tail):
                name = strip_form_prefix(tail[j])
                if _BODY_NAME.match(name):
                    return name
    return ""


def is_crawler_header_end(text: str) -> bool:
    """``==================== 正文 ====================``: the end of a crawler's header."""
    return bool(_CRAWLER_BODY.match(text))


@attrs.frozen
class TitleMatch:
    text: str
    """The title as one line, without Markdown."""
    first: int
    """Index of the first line of the title in the searched lines."""
    last: int
    """Index of the last line of the title."""
    end: int
    """Offset in the last line where the title ends (the rest of that line is preamble)."""


def _agency_of(title: str) -> str:
    m = _TITLE_PARTS.match(title[:_TITLE_READ])
    if m is None:
        return ""
    before = str(regex.sub(r"[\s《》\"“”]", "", m.group("before")))
    after = str(regex.sub(r"[\s《》\"“”]", "", m.group("after")))
    return before or after


def clean_title(text: str) -> str:
    """A title without Markdown and without the spaces converters put in it."""
    return _joined([strip_markup(text)])


def _joined(parts: Sequence[str]) -> str:
    # Spaces in a Chinese title are converters' (``红寺堡区 2019 年…``): none are kept.
    return str(regex.sub(r"[\s\u3000]+", "", "".join(parts)))


def find_title(lines: Sequence[Line]) -> TitleMatch | None:
    """The report's title among ``lines`` (the text before section 一)."""
    for i, line in enumerate(lines):
        text = _title_line(line)
        if is_navigation(line.text):
            # A flattened page runs the title on after the navigation's last crumb.
            after = _AFTER_CRUMBS.match(text)
            text = text[after.end() :] if after else ""
        if not text:
            continue
        m = _TITLE_WORDS.search(text)
        if m is not None:
            head = text[: m.end()]
            # A sentence that names the report (现发布《…年度报告》) is not its title.
            if len(fold(head)) > _MAX_TITLE or _SENTENCE.search(head):
                continue
            title_parts = [head]
            first = i
            j = i - 1
            # The title may run over up to three lines: add earlier short lines while the
            # title lacks a reporting body.
            while not _agency_of(_joined(title_parts)) and j >= 0 and i - j <= 2:
                prev = _title_line(lines[j])
                if not prev:
                    j -= 1
                    continue
                if len(fold(prev)) > 30 or _SENTENCE.search(prev) or is_navigation(prev):
                    break
                title_parts.insert(0, prev)
                first = j
                j -= 1
            offset = line.text.find(m.group(0), 0)
            end = offset + len(m.group(0)) if offset >= 0 else len(line.text)
            return TitleMatch(_joined(title_parts), first, i, end)
        # A title split before 工作年度报告: 《…政府信息公开》 / 《工作年度报告》.
        if i + 1 < len(lines):
            nxt = _title_line(lines[i + 1])
            both = fold(text) + fold(nxt)
            if (
                fold(nxt)
                and _TITLE_WORDS.search(both)
                and not _TITLE_WORDS.search(fold(nxt))
                and len(both) <= _MAX_TITLE
                and not _SENTENCE.search(text + nxt)
            ):
                return TitleMatch(_joined([text, nxt]), i, i + 1, len(lines[i + 1].text))
    return None


@attrs.frozen
class TitleParts:
    agency: str
    year: int | None


def parse_title(title: str) -> TitleParts:
    """The reporting body and the year named in a title."""
    text = to_halfwidth(title)
    year_match = _YEAR.search(text)
    year = int(year_match.group("year")) if year_match else None
    agency = _agency_of(text)
    if not agency and year is None:
        m = _TITLE_WORDS.search(text)
        agency = regex.sub(r"[\s《》]", "", text[: m.start()]) if m else ""
    return TitleParts(agency, year)


_PERIOD = regex.compile(
    r"(?P<y1>(?:19|20)\d{2})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?"
    r"(?:至|到|-|~|—|–)"
    r"(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
)
_PERIOD_CONTEXT = regex.compile(r"统计|期限|时限|数据")


def statistics_period(text: str) -> StatisticsPeriod | None:
    """The period of 本报告统计数据从 2024 年 1 月 1 日至 12 月 31 日, or ``None``."""
    flat = regex.sub(r"\s+", "", to_halfwidth(text))
    for m in _PERIOD.finditer(flat):
        context = flat[max(0, m.start() - 40) : m.start()]
        if not _PERIOD_CONTEXT.search(context):
            continue
        y1 = int(m.group("y1"))
        y2 = int(m.group("y2")) if m.group("y2") else y1
        try:
            start = dt.date(y1, int(m.group("m1")), int(m.group("d1")))
            end = dt.date(y2, int(m.group("m2")), int(m.group("d2")))
        except ValueError:
            continue
        if end < start:
            continue
        return StatisticsPeriod(start, end)
    return None


_F2021 = regex.compile(r"\(2021\)30号")
_F2019 = regex.compile(r"年度报告格式\(试行\)")


def format_from_text(text: str) -> ReportFormat | None:
    """The format the text cites: 国办公开办函〔2021〕30号 or 《…格式（试行）》."""
    folded = fold(text)
    if _F2021.search(folded):
        return ReportFormat.F2021
    if _F2019.search(folded):
        return ReportFormat.F2019
    return None


def year_of(text: str) -> int | None:
    m = _YEAR.search(to_halfwidth(text))
    return int(m.group("year")) if m else None
