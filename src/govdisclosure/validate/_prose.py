"""Figures the prose states, and whether the tables agree with them.

Reports repeat their key figures in words (共收到政府信息公开申请 9 件。其中，7 件予以公开…;
无因政府信息公开申请引起的行政复议、行政诉讼案件). :func:`prose_figures` extracts them, each
with the sentence it came from; :func:`prose_agrees` compares them with table 三 and 四.

Extraction is deliberately conservative: a figure that may be of another scope or another
year is either not extracted or carries a ``scope`` that keeps it out of the comparison.
Prose is full of numbers that look like these and are not (12345 热线受理 1882 件, 全区
totals in a report of one office, 办结 N 件, 建议提案, percentages), and a false warning
costs a reviewer more than a missed one.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from .. import codes
from ..findings import Finding
from ..model import (
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    Missing,
    Report,
    SectionKey,
    TableKey,
)

__all__ = ["FigureKind", "ProseFigure", "prose_agrees", "prose_figures"]


class FigureKind(enum.Enum):
    """What a figure in the prose counts, and so which table cells it is compared with."""

    REQUESTS = "requests"
    """收到/受理/新收 申请 N 件 ↔ 一、本年新收 总计 (or 一 + 二, which some reports mean)."""
    REQUESTS_WITH_CARRIED_OVER = "requests_with_carried_over"
    """收到申请 N 件（含上年结转 M 件） ↔ 一 + 二 总计."""
    GRANTED = "granted"
    """予以公开 N 件 ↔ （一）予以公开 总计."""
    PARTIALLY_GRANTED = "partially_granted"
    """部分公开 N 件 ↔ （二）部分公开 总计."""
    GRANTED_OR_PARTIALLY = "granted_or_partially"
    """予以公开及部分公开 N 件 ↔ （一） + （二）."""
    DENIED = "denied"
    """不予公开 N 件 ↔ the eight （三）不予公开 rows."""
    UNAVAILABLE = "unavailable"
    """无法提供 N 件 ↔ the three （四）无法提供 rows."""
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"
    """本机关不掌握 / 信息不存在 N 件 ↔ （四）1.本机关不掌握相关政府信息."""
    NOT_PROCESSED = "not_processed"
    """不予处理 N 件 ↔ the five （五）不予处理 rows."""
    OTHER_PROCESSING = "other_processing"
    """其他处理 N 件 ↔ the （六）其他处理 row(s)."""
    CARRIED_OVER = "carried_over"
    """上年结转 N 件 ↔ 二、上年结转 总计."""
    CARRIED_FORWARD = "carried_forward"
    """结转下年度 N 件 ↔ 四、结转下年度继续办理 总计."""
    ADMINISTRATIVE_REVIEW = "administrative_review"
    """行政复议 N 件, or 0 for 无…行政复议 ↔ 行政复议 总计."""
    LITIGATION = "litigation"
    """行政诉讼 N 件, or 0 for 无…行政诉讼 ↔ the two 行政诉讼 总计."""
    FEE = "fee"
    """信息处理费 in 元 (0 for 未收取). No table has this figure: extracted, not compared."""


@attrs.frozen
class ProseFigure:
    """A figure stated in the prose of a report."""

    kind: FigureKind
    value: int | Decimal
    """The figure: a count, or 元 for :attr:`FigureKind.FEE`; 0 for 无…/未… statements."""
    sentence: str
    """The sentence the figure was read from, as it stands in the section."""
    section: SectionKey | None
    line: int | None = None
    """1-based line of the figure in the text the report was read from, when that text is
    given (``prose_figures(report, text=...)``); ``None`` otherwise: a section's prose has
    lost the source's line breaks (hard wraps joined, blank lines dropped)."""
    phrase: str = ""
    """The words that state the figure (``予以公开 6 件``, ``无…行政复议、行政诉讼案件``)."""
    scope: str | None = None
    """A word that widens the figure beyond the reporting body (``全区``, ``各部门``…);
    such figures are compared only when the body is that whole area."""


# --- reading the prose ------------------------------------------------------------------

# Sections whose prose summarises tables 三 and 四; 二 (active disclosure) and 五 are left
# out because their 公开/审查 figures are about other things.
_APPLICATION_SECTIONS = frozenset({SectionKey.OVERVIEW, SectionKey.APPLICATIONS})
_APPEAL_SECTIONS = frozenset({SectionKey.OVERVIEW, SectionKey.APPLICATIONS, SectionKey.APPEALS})
_FEE_SECTIONS = frozenset({SectionKey.OVERVIEW, SectionKey.APPLICATIONS, SectionKey.OTHER})

_TERMINATORS = "。！？!?"
_CLAUSE_BREAKS = "，,；;：:"
# A new paragraph after a hard-wrapped line: （一）, 一、, 1. and the like.
_LIST_MARKER = re.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])"
)

_N = r"(?<![\d.,．])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\d.．]\d)"
_COUNT = _N + r"\s*(?:件|个|宗)(?!次)"
_CASES = _N + r"\s*(?:件|起|个|宗|例)(?!次)"

# Approximate figures (近 300 个, 约 20 件, 超过 50 件) are not statements of a cell.
_APPROXIMATE_BEFORE = re.compile(r"(?:近|约|超过|超|逾|不足|不到|以上)\s*$")

_SCOPE = re.compile(
    r"全区|全市|全县|全省|全州|全旗|全盟|全镇|全乡|全国|各级|各部门|各单位|各乡镇|各街道|"
    r"各县|各区|辖区|所属|下属|全系统|本系统|本级"
)
_OTHER_TIME = re.compile(
    r"去年|上年(?!度?结转)|上一年(?!度?结转)|同比|较上|比上|增长|下降|增加|减少|累计|历年"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_NOT_REQUESTS = re.compile(
    r"热线|留言|咨询|建议|提案|诉求|投诉|举报|信访|来信|来电|复议|诉讼|审批|许可|政务服务"
)
_APPLICANT_BREAKDOWN = re.compile(r"自然人|法人|企业|机构|组织")
_NOT_APPLICATION_OUTCOME = re.compile(r"主动公开|公文|属性|审查|发布")
_COMBINED_BEFORE = re.compile(r"(?:予以公开|全部公开)\s*(?:及|和|与|、|或|以及)\s*$")
_REVIEW_BEFORE = re.compile(r"行政复议(?:案件)?\s*(?:及|和|与|、|或|以及)\s*(?:提起)?\s*$")
_LITIGATION_BEFORE = re.compile(r"行政诉讼(?:案件)?\s*(?:及|和|与|、|或|以及)\s*(?:被申请)?\s*$")
_CARRIED_TO = re.compile(r"^\s*[（(]\s*(?:其中|含|包括)?\s*(?:上年|上一年|上年度)度?结转")


@attrs.frozen
class _Pattern:
    kind: FigureKind
    regex: re.Pattern[str]
    sections: frozenset[SectionKey]


def _p(kind: FigureKind, pattern: str, sections: frozenset[SectionKey]) -> _Pattern:
    return _Pattern(kind, re.compile(pattern), sections)


_K = FigureKind
_S_APP = _APPLICATION_SECTIONS
_VERB = r"(?P<verb>收到|受理|接收|接到|新收)"
_PATTERNS: tuple[_Pattern, ...] = (
    # 收到/受理 … 申请 N 件; the words between must name applications (checked below).
    _p(_K.REQUESTS, _VERB + r"(?P<mid>[^，。；,;:：\d]{0,20}?)" + _COUNT, _S_APP),
    # 收到 N 件政府信息公开申请
    _p(
        _K.REQUESTS,
        _VERB + r"了?共?\s*" + _COUNT + r"(?P<mid>[^，。；,;\d]{0,12}?申请(?!人))",
        _S_APP,
    ),
    _p(
        _K.GRANTED_OR_PARTIALLY,
        r"(?:予以公开|全部公开)\s*(?:及|和|与|、|或|以及)\s*部分公开(?:的)?(?:共)?\s*" + _COUNT,
        _S_APP,
    ),
    _p(_K.GRANTED, r"(?<!不)予以公开(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(_K.GRANTED, _COUNT + r"(?:申请)?(?:为|均)?予以公开", _S_APP),
    _p(_K.PARTIALLY_GRANTED, r"部分公开(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(_K.PARTIALLY_GRANTED, _COUNT + r"(?:申请)?(?:为)?部分公开", _S_APP),
    _p(_K.DENIED, r"不予公开(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(_K.DENIED, _COUNT + r"(?:申请)?(?:为)?不予公开", _S_APP),
    _p(_K.UNAVAILABLE, r"无法提供(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(_K.UNAVAILABLE, _COUNT + r"(?:申请)?(?:为)?无法提供", _S_APP),
    _p(
        _K.UNAVAILABLE_NOT_HELD,
        r"(?:本机关|本单位|本行政机关)?不掌握(?:相关)?(?:政府)?(?:信息)?(?:的)?\s*" + _COUNT,
        _S_APP,
    ),
    _p(_K.UNAVAILABLE_NOT_HELD, r"信息不存在(?:的)?\s*" + _COUNT, _S_APP),
    _p(
        _K.UNAVAILABLE_NOT_HELD,
        _COUNT + r"(?:申请)?(?:为|属于?)?(?:本机关不掌握|本单位不掌握|不掌握|信息不存在)",
        _S_APP,
    ),
    _p(_K.NOT_PROCESSED, r"不予处理(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(_K.NOT_PROCESSED, _COUNT + r"(?:申请)?(?:为)?不予处理", _S_APP),
    _p(_K.OTHER_PROCESSING, r"其他处理(?:的)?(?:申请)?(?:共)?\s*" + _COUNT, _S_APP),
    _p(
        _K.CARRIED_OVER,
        r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?\s*" + _COUNT,
        _S_APP,
    ),
    _p(
        _K.CARRIED_FORWARD,
        r"结转(?:至|到|入)?下一?个?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共)?\s*" + _COUNT,
        _S_APP,
    ),
    _p(
        _K.CARRIED_FORWARD,
        r"结转(?:至|到|入)(?P<next>(?:19|20)\d\d)\s*年度?(?:继续)?(?:办理)?(?:的)?(?:共)?\s*"
        + _COUNT,
        _S_APP,
    ),
    _p(
        _K.CARRIED_FORWARD,
        _COUNT + r"(?:申请)?(?:需|将)?(?:结转|转入)(?:至|到)?下一?个?年度",
        _S_APP,
    ),
    _p(
        _K.ADMINISTRATIVE_REVIEW,
        r"行政复议(?:案件|申请)?(?:共)?\s*" + _CASES,
        _APPEAL_SECTIONS,
    ),
    _p(_K.LITIGATION, r"行政诉讼(?:案件)?(?:共)?\s*" + _CASES, _APPEAL_SECTIONS),
)

_NO_REQUESTS = re.compile(
    r"(?:未|没有)(?:收到|受理|接到)(?P<mid>[^，。；,;\d]{0,20}?)申请(?!人|书)"
)
_NEGATION = re.compile(r"(?:无|未收到|未接到|未发生|未有|没有|未出现|不存在)(?!法|正当|效|误|需)")
_APPEAL_TERMS = re.compile(r"行政复议|行政诉讼")
_APPEAL_OUTCOME_WORDS = re.compile(r"纠错|纠正|败诉|撤销|违法|责任追究|追究")
_ABOUT_DISCLOSURE = re.compile(r"政府信息公开|信息公开|依申请")
_NO_FEE = re.compile(r"(?:未|没有|无|不存在)(?!按)(?:发生|产生)?[^，。；,;\d]{0,12}?(?:收取|收费)")
_FEE = re.compile(
    r"收取(?:了)?(?:政府)?信息(?:公开)?处理费(?:共计|合计|总计|共)?\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
)


def _join_lines(text: str) -> str:
    """The prose with hard-wrapped lines joined and Markdown bold residue removed."""
    # PDF text wraps lines mid-word (予以公开及部\n分公开 208 件): a break is such a wrap
    # unless it ends a sentence, starts a list item, or ends a heading like （二）依申请公开.
    out: list[str] = []
    previous = ""
    for number, raw in enumerate(text.split("\n")):
        if number > 0:
            last = previous.rstrip()[-1:]
            heading = len(previous.strip()) <= 30 and _LIST_MARKER.match(previous) is not None
            if not last or last in _TERMINATORS or heading or _LIST_MARKER.match(raw):
                out.append("\n")
        previous = raw.replace("*", "")  # **二是**
        out.append(previous)
    return "".join(out)


@attrs.frozen
class _LineIndex:
    """The source text without whitespace (which wraps and joins change), and the line of
    each remaining character, to find a sentence of the prose in the source."""

    chars: str
    lines: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _LineIndex:
        chars: list[str] = []
        lines: list[int] = []
        # Lines end as the parser counts them (not str.splitlines: a form feed is no end).
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
            kept = _squeeze(line)
            chars.append(kept)
            lines.extend([number] * len(kept))
        return cls("".join(chars), tuple(lines))

    def locate(self, sentence: str, phrase: str, from_line: int | None) -> int | None:
        """The line of ``phrase`` within ``sentence``, searched from ``from_line`` on."""
        start = bisect.bisect_left(self.lines, from_line) if from_line is not None else 0
        whole, part = _squeeze(sentence), _squeeze(phrase)
        if not part:
            return None
        at = self.chars.find(whole, start) if whole else -1
        if at >= 0:
            inner = self.chars.find(part, at, at + len(whole))
            if inner >= 0:
                return self.lines[inner]
        at = self.chars.find(part, start)
        return self.lines[at] if at >= 0 else None


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch != "*")


def _spans(text: str, start: int, end: int, breaks: str) -> Iterator[tuple[int, int]]:
    i = start
    for j in range(start, end):
        if text[j] in breaks:
            yield i, j + 1
            i = j + 1
    if i < end:
        yield i, end


def _number(raw: str) -> int:
    return int(raw.replace(",", ""))


@attrs.frozen
class _Context:
    report: Report
    section: SectionKey
    paragraph: str
    sentence: str


def prose_figures(report: Report, *, text: str | None = None) -> list[ProseFigure]:
    """The figures the report's prose states, each with its sentence and section.

    ``text`` is the text the report was parsed from: with it, each figure gets the line
    where it stands (searched from its section's heading on).
    """
    figures: list[ProseFigure] = []
    for section in report.sections:
        if section.key not in _APPEAL_SECTIONS | _FEE_SECTIONS:
            continue
        prose = _join_lines(section.text)
        for p_start, p_end in _spans(prose, 0, len(prose), "\n"):
            paragraph = prose[p_start:p_end]
            for s_start, s_end in _spans(prose, p_start, p_end, _TERMINATORS + "\n"):
                sentence = prose[s_start:s_end]
                if sentence.strip():
                    figures.extend(_figures_in(_Context(report, section.key, paragraph, sentence)))
    if text is None:
        return figures
    index = _LineIndex.of(text)
    heading_lines = {s.key: s.line for s in report.sections}
    return [
        attrs.evolve(
            f,
            line=index.locate(
                f.sentence, f.phrase, heading_lines.get(f.section) if f.section else None
            ),
        )
        for f in figures
    ]


def _figures_in(ctx: _Context) -> list[ProseFigure]:
    """The figures of one sentence, in the order the sentence states them."""
    sentence = ctx.sentence
    found: dict[tuple[FigureKind, int], ProseFigure] = {}
    for pattern in _PATTERNS:
        if ctx.section not in pattern.sections:
            continue
        for m in pattern.regex.finditer(sentence):
            figure = _from_match(ctx, pattern.kind, m)
            if figure is not None:
                found.setdefault((figure.kind, m.start("n")), figure)
    if ctx.section in _APPLICATION_SECTIONS:
        for m in _NO_REQUESTS.finditer(sentence):
            if _names_requests(m.group("mid") + "申请") and _plausible(ctx, m.start(), m.end()):
                figure = _figure(ctx, FigureKind.REQUESTS, 0, m.start(), m.group(0))
                found.setdefault((figure.kind, m.start()), figure)
    if ctx.section in _APPEAL_SECTIONS:
        for start, figure in _no_appeals(ctx):
            found.setdefault((figure.kind, start), figure)
    if ctx.section in _FEE_SECTIONS:
        for start, figure in _fees(ctx):
            found.setdefault((figure.kind, start), figure)
    kinds = list(FigureKind)
    return [found[k] for k in sorted(found, key=lambda k: (k[1], kinds.index(k[0])))]


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas and semicolons) around ``sentence[start:end]``."""
    left = max((sentence.rfind(c, 0, start) for c in _CLAUSE_BREAKS), default=-1) + 1
    rights = [i for i in (sentence.find(c, end) for c in _CLAUSE_BREAKS) if i != -1]
    return left, min(rights, default=len(sentence))


def _plausible(ctx: _Context, start: int, end: int, *, next_year_ok: bool = False) -> bool:
    """Whether the words up to the figure's clause keep it within the report's own year."""
    sentence = ctx.sentence
    _, clause_end = _clause(sentence, start, end)
    lead = sentence[:clause_end]
    clause_start, _ = _clause(sentence, start, end)
    if _OTHER_TIME.search(sentence[clause_start:clause_end]):
        return False
    year = ctx.report.year
    if year is not None:
        allowed = {year, year + 1} if next_year_ok else {year}
        if any(int(y) not in allowed for y in _YEAR.findall(lead)):
            return False
    return True


def _names_requests(words: str) -> bool:
    """Whether the words between 收到/受理 and a number name disclosure applications."""
    return (
        re.search(r"申请(?!人)", words) is not None
        and "公开" in words
        and _NOT_REQUESTS.search(words) is None
    )


def _scope(ctx: _Context, end: int) -> str | None:
    _, clause_end = _clause(ctx.sentence, end - 1, end)
    found = dict.fromkeys(m.group(0) for m in _SCOPE.finditer(ctx.sentence[:clause_end]))
    return "、".join(found) or None


def _figure(
    ctx: _Context, kind: FigureKind, value: int | Decimal, start: int, phrase: str
) -> ProseFigure:
    return ProseFigure(
        kind=kind,
        value=value,
        sentence=ctx.sentence.strip(),
        section=ctx.section,
        phrase=phrase.strip(),
        scope=_scope(ctx, start + len(phrase)),
    )


def _from_match(ctx: _Context, kind: FigureKind, m: re.Match[str]) -> ProseFigure | None:
    sentence = ctx.sentence
    start, end = m.start(), m.end()
    n_start = m.start("n")
    if _APPROXIMATE_BEFORE.search(sentence[:n_start]):
        return None
    clause_start, clause_end = _clause(sentence, start, end)
    clause = sentence[clause_start:clause_end]
    groups = m.groupdict()
    if kind is FigureKind.REQUESTS:
        mid = groups.get("mid") or ""
        if not _names_requests(mid):
            return None
        if _CARRIED_TO.match(sentence[end:]):
            kind = FigureKind.REQUESTS_WITH_CARRIED_OVER
    elif kind in (FigureKind.ADMINISTRATIVE_REVIEW, FigureKind.LITIGATION):
        # 行政复议、行政诉讼 2 件 is a combined figure, not one of either.
        before = sentence[:start]
        combined = _REVIEW_BEFORE if kind is FigureKind.LITIGATION else _LITIGATION_BEFORE
        if combined.search(before):
            return None
    else:
        # Outcome figures: only in a paragraph about applications, not per applicant kind,
        # not about the review of documents for active disclosure.
        if "申请" not in ctx.paragraph:
            return None
        if _APPLICANT_BREAKDOWN.search(clause) or _NOT_APPLICATION_OUTCOME.search(clause):
            return None
        if kind is FigureKind.PARTIALLY_GRANTED and _COMBINED_BEFORE.search(sentence[:start]):
            return None
        if kind in (FigureKind.CARRIED_OVER, FigureKind.CARRIED_FORWARD) and re.search(
            r"复议|诉讼", clause
        ):
            return None
    next_year = groups.get("next")
    if next_year is not None and (ctx.report.year is None or int(next_year) != ctx.report.year + 1):
        return None
    if not _plausible(ctx, start, end, next_year_ok=next_year is not None):
        return None
    return _figure(ctx, kind, _number(m.group("n")), start, m.group(0))


def _no_appeals(ctx: _Context) -> Iterator[tuple[int, ProseFigure]]:
    """无/未收到 … 行政复议、行政诉讼 (案件): a statement that a count is 0."""
    sentence = ctx.sentence
    for c_start, c_end in _spans(sentence, 0, len(sentence), _CLAUSE_BREAKS):
        clause = sentence[c_start:c_end]
        neg = _NEGATION.search(clause)
        if neg is None or _APPEAL_OUTCOME_WORDS.search(clause):
            continue
        if ctx.section is not SectionKey.APPEALS and not _ABOUT_DISCLOSURE.search(clause):
            continue
        if re.search(r"\d", clause[neg.end() :]):
            continue
        reach = clause[neg.start() : neg.start() + 40]
        terms = [t.group(0) for t in _APPEAL_TERMS.finditer(reach)]
        if not terms or not _plausible(ctx, c_start + neg.start(), c_end):
            continue
        last = max(reach.rfind(t) + len(t) for t in terms)
        phrase = reach[:last]
        tail = re.match(r"[^，。；,;]{0,4}?(?:案件|情况|情形|的案件)", clause[neg.start() + last :])
        if tail:
            phrase += tail.group(0)
        start = c_start + neg.start()
        if "行政复议" in terms:
            yield start, _figure(ctx, FigureKind.ADMINISTRATIVE_REVIEW, 0, start, phrase)
        if "行政诉讼" in terms:
            yield start, _figure(ctx, FigureKind.LITIGATION, 0, start, phrase)


def _fees(ctx: _Context) -> Iterator[tuple[int, ProseFigure]]:
    sentence = ctx.sentence
    for c_start, c_end in _spans(sentence, 0, len(sentence), _CLAUSE_BREAKS):
        clause = sentence[c_start:c_end]
        if re.search(r"行政事业性|缴纳|通知", clause):
            continue
        m = _FEE.search(clause)
        if m is not None:
            value = Decimal(m.group("n"))
            if m.group("unit") == "万元":
                value *= 10000
            start = c_start + m.start()
            yield start, _figure(ctx, FigureKind.FEE, value, start, m.group(0))
            continue
        none = _NO_FEE.search(clause)
        if none is not None and re.search(r"处理费|收费", clause):
            start = c_start + none.start()
            yield start, _figure(ctx, FigureKind.FEE, 0, start, clause[none.start() :])


# --- comparing with the tables ----------------------------------------------------------


def _same_scope(agency: str, scope: str) -> bool:
    """True when ``scope`` (全区) is the reporting body itself (平潭综合实验区)."""
    name = "".join(agency.split())
    return all(
        len(word) == 2 and word[0] == "全" and name.endswith(word[1]) for word in scope.split("、")
    )


_AR = ApplicationsRow
_TOTAL = ApplicationsColumn.TOTAL

_SINGLE_ROW: dict[FigureKind, ApplicationsRow] = {
    FigureKind.GRANTED: _AR.GRANTED,
    FigureKind.PARTIALLY_GRANTED: _AR.PARTIALLY_GRANTED,
    FigureKind.UNAVAILABLE_NOT_HELD: _AR.UNAVAILABLE_NOT_HELD,
    FigureKind.CARRIED_OVER: _AR.CARRIED_OVER,
    FigureKind.CARRIED_FORWARD: _AR.CARRIED_FORWARD,
}
_ROW_GROUPS: dict[FigureKind, tuple[str, ...]] = {
    FigureKind.GRANTED_OR_PARTIALLY: ("granted", "partially_granted"),
    FigureKind.DENIED: ("denied_",),
    FigureKind.UNAVAILABLE: ("unavailable_",),
    FigureKind.NOT_PROCESSED: ("not_processed_",),
    FigureKind.OTHER_PROCESSING: ("other_",),
}


def prose_agrees(report: Report, *, text: str | None = None) -> Iterator[Finding]:
    """The figures of :func:`prose_figures` agree with tables 三 and 四 (warnings).

    ``text``, the text the report was parsed from, gives the findings their lines.
    """
    for figure in prose_figures(report, text=text):
        if figure.scope is not None and not _same_scope(report.agency, figure.scope):
            continue
        yield from _compare(report, figure)


def _total(report: Report, table: TableKey, rows: Sequence[KeyedEnum]) -> int | None:
    """The sum of the 总计 cells of ``rows``, or ``None`` if one holds no number."""
    t = report.table(table)
    total = 0
    for row in rows:
        value = t[row, _TOTAL if table is TableKey.APPLICATIONS else AppealsColumn.TOTAL]
        if isinstance(value, Missing) or not isinstance(value, int):
            return None
        total += value
    return total


def _compare(report: Report, figure: ProseFigure) -> Iterator[Finding]:
    kind = figure.kind
    value = figure.value
    apps = TableKey.APPLICATIONS
    if kind is FigureKind.FEE:
        return
    if kind is FigureKind.REQUESTS or kind is FigureKind.REQUESTS_WITH_CARRIED_OVER:
        new = _total(report, apps, [_AR.NEW_REQUESTS])
        both = _total(report, apps, [_AR.NEW_REQUESTS, _AR.CARRIED_OVER])
        if kind is FigureKind.REQUESTS:
            # 收到 N 件 counts the year's new requests; some reports add those carried over.
            if new is None or value in (new, both):
                return
            yield _disagrees(report, figure, apps, _AR.NEW_REQUESTS, _TOTAL, new)
        elif both is not None and value != both:
            yield _disagrees(
                report,
                figure,
                apps,
                _AR.NEW_REQUESTS,
                _TOTAL,
                both,
                rows=(_AR.NEW_REQUESTS, _AR.CARRIED_OVER),
            )
        return
    if kind in _SINGLE_ROW:
        row = _SINGLE_ROW[kind]
        expected = _total(report, apps, [row])
        if expected is not None and expected != value:
            yield _disagrees(report, figure, apps, row, _TOTAL, expected)
        return
    if kind in _ROW_GROUPS:
        prefixes = _ROW_GROUPS[kind]
        rows = [
            r
            for r in report.applications.rows
            if isinstance(r, ApplicationsRow) and r.is_outcome and r.key.startswith(prefixes)
        ]
        if kind is FigureKind.GRANTED_OR_PARTIALLY:
            rows = [r for r in rows if r.key in prefixes]
        expected = _total(report, apps, rows)
        if expected is not None and expected != value:
            yield _disagrees(report, figure, apps, None, _TOTAL, expected, rows=tuple(rows))
        return
    appeals = TableKey.APPEALS
    if kind is FigureKind.ADMINISTRATIVE_REVIEW:
        row_ = AppealsRow.ADMINISTRATIVE_REVIEW
        expected = _total(report, appeals, [row_])
        if expected is not None and expected != value:
            yield _disagrees(report, figure, appeals, row_, AppealsColumn.TOTAL, expected)
        return
    if kind is FigureKind.LITIGATION:
        groups = (AppealsRow.LITIGATION_DIRECT, AppealsRow.LITIGATION_AFTER_REVIEW)
        if value == 0:
            # "None": every litigation group that has cases contradicts it.
            for group in groups:
                expected = _total(report, appeals, [group])
                if expected is not None and expected != 0:
                    yield _disagrees(report, figure, appeals, group, AppealsColumn.TOTAL, expected)
            return
        expected = _total(report, appeals, groups)
        if expected is not None and expected != value:
            yield _disagrees(
                report, figure, appeals, None, AppealsColumn.TOTAL, expected, rows=groups
            )


def _disagrees(
    report: Report,
    figure: ProseFigure,
    table: TableKey,
    row: KeyedEnum | None,
    column: KeyedEnum,
    expected: int,
    *,
    rows: Sequence[KeyedEnum] = (),
) -> Finding:
    rows = rows or ((row,) if row is not None else ())
    cells_en = " + ".join(f"{r.key}.{column.key}" for r in rows)
    cells_zh = " + ".join(f"「{r.label}」" for r in rows)
    column_zh = f"「{column.label}」"
    stated = f"「{figure.phrase}」" if figure.phrase else str(figure.value)
    return codes.PROSE_DISAGREES.finding(
        message=(
            f"the prose states {figure.kind.value} = {figure.value} ({figure.phrase}), "
            f"but table {table.key} has {cells_en} = {expected}"
        ),
        message_zh=(f"正文称{stated}，而「{table.label}」表{cells_zh}{column_zh}为 {expected}"),
        table=table.key,
        row=row.key if row is not None else None,
        column=column.key,
        line=figure.line,
        section=figure.section.key if figure.section is not None else None,
        expected=expected,
        actual=figure.value,
        context=figure.sentence,
    )
