"""Segmenting a document into its preamble and six sections.

Headings are recognised by their *text* (folded: half-width, no spaces, no Markdown), not
by their numeral alone: ``四、结转下年度继续办理`` and ``三、本年度办理结果`` are table rows,
not sections. A line that is a heading on its own may lack its numeral or carry Markdown
(``### 三、…``, ``## **六、…**``); a heading inside a longer line (a flattened page, or
prose run on after the heading) must carry its numeral, and the line is split into
:meth:`~govdisclosure.document.Line.fragment`\\ s at it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs
import regex

from .._fold import fold, fold_with_map, per_document
from ..codes import (
    HEADING_INLINE,
    HEADING_VARIANT,
    SECTION_DUPLICATED,
    SECTION_MISSING,
    SECTION_OUT_OF_ORDER,
)
from ..document import Line
from ..findings import Finding
from ..model import SectionKey

__all__ = ["HeadingMatch", "SectionBody", "Segmentation", "find_heading", "segment"]

# The wording of each heading as real reports print it, folded (、 → ",", （） → ()).
# The official headings are in SectionKey's labels; these are the variants met in the
# wild (the 2019 trial format's longer 四/五 headings, a typo, older wordings).
_HEADING_TEXT: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: r"(?:总体情况|概述|概况)",
    SectionKey.ACTIVE: r"主动公开政府信息的?情况",
    SectionKey.APPLICATIONS: r"收到和处理政府信息公开申请的?情况",
    SectionKey.APPEALS: (
        r"因?政府信息公开(?:工作)?(?:被)?(?:申请)?行政法?复议(?:,|和|及|与|或|、)?(?:提起)?"
        r"行政诉讼的?(?:情况(?:统计)?|统计)"
    ),
    # 存在的主要问题及改进情况 / 及整改措施 / 及改进措施 / 及明年工作计划 / 及下一步工作打算.
    SectionKey.PROBLEMS: (
        r"(?:政府信息公开(?:工作)?)?存在的?(?:主要)?问题(?:及|和|与|以及)"
        r"(?:(?:改进|整改)(?:情况|措施|计划)|(?:明年|下一步|下一年度?|下年度?|今后)"
        r"(?:的)?工作(?:计划|打算|安排|思路)?)"
        r"|主要问题(?:及|和|与)(?:改进|整改)(?:情况|措施)"
    ),
    SectionKey.OTHER: r"其他需要报告的事项",
}
_NUMERALS = "一二三四五六"
_NUMERAL = r"(?P<numeral>[一二三四五六])[,.]"
_ALT_NUMERAL = (
    r"(?:\((?P<pnum>[一二三四五六])\)|第(?P<dnum>[一二三四五六])部分[,.:]?|(?P<anum>[1-6])[,.])"
)

_NUMBERED = regex.compile(r"[一二三四五六][\s\u3000]*[、,，]")

_FULL = {
    key: regex.compile(rf"^(?:{_NUMERAL}|{_ALT_NUMERAL})?(?:{text})[.:;]*$")
    for key, text in _HEADING_TEXT.items()
}
_INLINE = regex.compile(
    "|".join(
        rf"(?P<{key.name}>(?<![一二三四五六七八九十]){_NUMERALS[i]},(?:{text}))"
        for i, (key, text) in enumerate(_HEADING_TEXT.items())
    )
)


# A heading typed with a character dropped, added or swapped (行政法复议, 主动公开政府信息
# 倩况) is still its section's heading when it carries its numeral and stands on its own.
_FUZZY_MIN = 6
"""Folded characters a heading's text needs before an edit is tolerated in it."""


def _fuzzy_pattern(key: SectionKey) -> regex.Pattern[str]:
    core = fold(key.label)[2:]  # the official text without its numeral 一,
    limit = 1 if len(core) < 12 else 2
    return regex.compile(rf"^{_NUMERAL}(?:{regex.escape(core)}){{e<={limit}}}[.:;]*$")


_FUZZY = {key: _fuzzy_pattern(key) for key in SectionKey if len(key.label) - 2 >= _FUZZY_MIN}


_INLINE_MARK = regex.compile(r"(?<![一二三四五六七八九十])([一二三四五六]),")
_FUZZY_INLINE = {
    key: regex.compile(rf"(?:{regex.escape(fold(key.label)[2:])}){{e<=1}}")
    for key in SectionKey
    if len(key.label) - 2 >= _FUZZY_MIN
}


@attrs.frozen
class HeadingMatch:
    key: SectionKey
    numeral: str | None
    """The numeral as printed (一…六), ``None`` when the heading has none."""


@per_document
def find_heading(text: str) -> HeadingMatch | None:
    """The section whose heading ``text`` is on its own, or ``None``."""
    if len(text) > 160:  # a heading folds to 40 characters at most; skip folding prose
        return None
    key_text = fold(text)
    if not key_text or len(key_text) > 40:
        return None
    for key, pattern in _FULL.items():
        m = pattern.match(key_text)
        if m is not None:
            numeral = m.group("numeral") or m.group("pnum") or m.group("dnum") or m.group("anum")
            return HeadingMatch(key, numeral)
    for key, pattern in _FUZZY.items():
        m = pattern.match(key_text)
        # Only with the section's own numeral: a near miss of another text is not a heading.
        if m is not None and m.group("numeral") == _official_numeral(key):
            return HeadingMatch(key, m.group("numeral"))
    return None


@attrs.frozen
class SectionBody:
    key: SectionKey
    heading: Line
    lines: tuple[Line, ...]


@attrs.frozen
class Segmentation:
    before: tuple[Line, ...]
    """Everything before the first heading (title, preamble, crawler headers)."""
    sections: tuple[SectionBody, ...]
    findings: tuple[Finding, ...]


def _inline_headings(line: Line) -> Iterator[tuple[SectionKey, int, int]]:
    """(key, start, end) of every numbered heading inside ``line``, in original offsets:
    as worded in real reports, or with a character dropped or doubled after its own
    numeral."""
    folded, offsets = fold_with_map(line.text)
    found: list[tuple[SectionKey, int, int]] = []
    for m in _INLINE.finditer(folded):
        key = SectionKey[m.lastgroup] if m.lastgroup else None
        if key is not None:
            found.append((key, m.start(), m.end()))
    known = {key for key, _s, _e in found}
    for mark in _INLINE_MARK.finditer(folded):
        key = list(SectionKey)[_NUMERALS.index(mark.group(1))]
        pattern = _FUZZY_INLINE.get(key)
        if key in known or pattern is None:
            continue
        near = pattern.match(folded, mark.end())
        # The edit may be the text's first character, never a character before it.
        if near is not None and near.group()[:1] in fold(key.label)[2:4]:
            found.append((key, mark.start(), near.end()))
            known.add(key)
    for key, start, end in sorted(found, key=lambda f: f[1]):
        yield key, offsets[start], offsets[end - 1] + 1


def _split(line: Line) -> list[tuple[Line, HeadingMatch | None]]:
    """The line as fragments, each a heading (with its match) or other text."""
    if not line.text.strip():
        return [(line, None)]
    whole = find_heading(line.text)
    if whole is not None:
        return [(line, whole)]
    # Folding is per character: look for a numbered heading's mark (一、) first.
    found = list(_inline_headings(line)) if _NUMBERED.search(line.text) else []
    if not found:
        return [(line, None)]
    out: list[tuple[Line, HeadingMatch | None]] = []
    pos = 0
    for key, start, end in found:
        if start > pos:
            out.append((line.fragment(pos, start), None))
        heading = line.fragment(start, end)
        out.append((heading, HeadingMatch(key, fold(heading.text)[0])))
        pos = end
    if pos < len(line.text):
        out.append((line.fragment(pos), None))
    return out


def _official_numeral(key: SectionKey) -> str:
    return _NUMERALS[list(SectionKey).index(key)]


def segment(lines: Sequence[Line]) -> Segmentation:
    """Split ``lines`` at the section headings, in the official order."""
    findings: list[Finding] = []
    before: list[Line] = []
    bodies: list[tuple[SectionKey, Line, list[Line]]] = []
    order = list(SectionKey)
    for line in lines:
        parts = _split(line)
        inline = len(parts) > 1
        for part, match in parts:
            current = bodies[-1][2] if bodies else before
            if match is None:
                current.append(part)
                continue
            last = bodies[-1][0] if bodies else None
            if last is not None and order.index(match.key) <= order.index(last):
                code = SECTION_DUPLICATED if match.key is last else SECTION_OUT_OF_ORDER
                findings.append(
                    code.finding(
                        f"heading {part.text.strip()!r} of section {match.key.key} comes after "
                        f"section {last.key}: kept as text",
                        message_zh=f"标题“{part.text.strip()}”重复或次序错误，作为正文保留",
                        line=part.number,
                        page=part.page,
                        section=last.key,
                        context=part.text,
                    )
                )
                current.append(part)
                continue
            if inline:
                findings.append(
                    HEADING_INLINE.finding(
                        f"heading of section {match.key.key} found inside line {part.number}: "
                        "the line was split there",
                        message_zh=f"第 {part.number} 行中间发现章节标题，已在此处分开",
                        line=part.number,
                        page=part.page,
                        section=match.key.key,
                        context=part.text,
                    )
                )
            official = fold(match.key.label)
            if fold(part.text) != official:
                findings.append(
                    HEADING_VARIANT.finding(
                        f"heading {part.text.strip()!r} read as {match.key.label!r}",
                        message_zh=f"标题“{part.text.strip()}”识别为“{match.key.label}”",
                        line=part.number,
                        page=part.page,
                        section=match.key.key,
                        context=part.text,
                        expected=match.key.label,
                        actual=part.text.strip(),
                    )
                )
            bodies.append((match.key, part, []))
    if bodies:
        present = {key for key, _, _ in bodies}
        first = order.index(bodies[0][0])
        for key in order:
            if key in present:
                continue
            after = order.index(key) > first
            findings.append(
                SECTION_MISSING.finding(
                    f"no heading for section {_official_numeral(key)} ({key.label})"
                    + (": its text, if any, stays with the section before it" if after else ""),
                    message_zh=f"未找到章节标题“{key.label}”",
                    section=key.key,
                    expected=key.label,
                )
            )
    sections = tuple(SectionBody(key, heading, tuple(body)) for key, heading, body in bodies)
    return Segmentation(tuple(before), sections, tuple(findings))
