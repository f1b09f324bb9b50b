"""Where the three tables stand, and the prose around them.

The format puts table 二 in section 二, 三 in 三, 四 in 四, and most reports do. Others do
not: a template leaves a heading out (table 三 then stands in section 二, after table 二),
or prints the tables after the six narrative sections, each under a caption of its own
(表一 主动公开政府信息情况, or its section's heading numbered again: 一、主动公开政府信息情况).
So each table is read in its own section first and, where it is not there, in the other
sections (the one before first, then those after, then the rest), in what the tables
already found there leave. A caption standing right before a table is the table's, not
prose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import regex

from .. import codes
from .._fold import fold, fold_with_map
from ..document import Line
from ..findings import Finding
from ..model import SectionKey, TableKey
from ._prose import Piece
from ._sections import SectionBody
from ._tables import TableRead
from ._tables._tokens import Span

__all__ = ["TABLE_SECTIONS", "Placed", "Reader", "outside", "place_tables", "strip_captions"]

Reader = Callable[[Sequence[Line]], TableRead[Any]]

TABLE_SECTIONS: dict[TableKey, SectionKey] = {
    TableKey.ACTIVE: SectionKey.ACTIVE,
    TableKey.APPLICATIONS: SectionKey.APPLICATIONS,
    TableKey.APPEALS: SectionKey.APPEALS,
}


@attrs.frozen
class Placed:
    """A table as read, and where: the section whose lines held it (None: not found) and
    its span in that section's lines."""

    read: TableRead[Any]
    section: SectionKey | None
    span: Span | None


def place_tables(
    bodies: dict[SectionKey, SectionBody], readers: dict[TableKey, Reader]
) -> tuple[dict[TableKey, Placed], list[Finding]]:
    """Each table read where it stands; a finding for each found outside its section."""
    placed: dict[TableKey, Placed] = {}
    findings: list[Finding] = []
    order = list(SectionKey)
    for key, read_table in readers.items():
        home = TABLE_SECTIONS[key]
        body = bodies.get(home)
        own = read_table(_region(body.lines, 0, key) if body is not None else ())
        if own.found or not bodies:
            placed[key] = Placed(own, home if own.found else None, own.span)
            continue
        found = _elsewhere(key, bodies, placed, read_table, order)
        if found is None:
            placed[key] = Placed(own, None, None)
            continue
        where, read, span = found
        placed[key] = Placed(read, where, span)
        findings.append(
            codes.TABLE_ELSEWHERE.finding(
                f"table {key.label} stands in section {where.label}, not in its own ({home.label})",
                f"表格“{key.label}”不在其所属章节，而在“{where.label}”中",
                table=key,
                section=where,
                line=bodies[where].lines[span[0]].number if span is not None else None,
            )
        )
    return placed, findings


def _elsewhere(
    key: TableKey,
    bodies: dict[SectionKey, SectionBody],
    placed: dict[TableKey, Placed],
    read_table: Reader,
    order: list[SectionKey],
) -> tuple[SectionKey, TableRead[Any], Span | None] | None:
    """The first other section holding the table, after the tables found there, with the
    table's span in that section's lines."""
    at = order.index(TABLE_SECTIONS[key])
    before = [k for k in reversed(order[:at]) if k in bodies]
    after = [k for k in order[at + 1 :] if k in bodies]
    for where in (*before[:1], *after, *before[1:]):
        lines = bodies[where].lines
        # After the tables found there: from the end of the last one, which may end
        # inside a line (a flattened page holds all its tables on one).
        line, char = max(
            ((p.span[2], p.span[3]) for p in placed.values() if p.section is where and p.span),
            default=(0, 0),
        )
        if line >= len(lines):
            continue
        rest = [lines[line].fragment(char), *lines[line + 1 :]]
        read = read_table(_region(rest, 0, key))
        if read.found:
            span = read.span
            if span is not None:
                first, first_char, last, end_char = span
                span = (
                    first + line,
                    first_char + (char if first == 0 else 0),
                    last + line,
                    end_char + (char if last == 0 else 0),
                )
            return where, read, span
    return None


# Where the tables after a table begin, when one section holds several: the header of
# table 三 or its first row label opening a line, the header of table 四.
_LATER: dict[TableKey, tuple[TableKey, ...]] = {
    TableKey.ACTIVE: (TableKey.APPLICATIONS, TableKey.APPEALS),
    TableKey.APPLICATIONS: (TableKey.APPEALS,),
    TableKey.APPEALS: (),
}
_STARTS: dict[TableKey, regex.Pattern[str]] = {
    TableKey.APPLICATIONS: regex.compile(
        r"本列数据的勾稽关系|^\(?申请人情况|^(?:一,)?本年新收(?:政府)?信息公开申请"
    ),
    TableKey.APPEALS: regex.compile(r"^\(?行政复议(?!(?:,|和|与|及)?(?:提起)?行政诉讼的?情况)"),
}


def _region(lines: Sequence[Line], start: int, key: TableKey) -> Sequence[Line]:
    """``lines`` from ``start`` up to where a later table begins (its header, or its
    caption), if one does; inside a line where a flattened page runs tables together."""
    for i in range(start, len(lines)):
        text = lines[i].text
        folded = fold(text)
        for later in _LATER[key]:
            if i > start and (_STARTS[later].search(folded) or _is_caption_line(text, later)):
                return lines[start:i]
            inside = _start_inside(text, later)
            if inside is not None and (i > start or inside > 0):
                return [*lines[start:i], lines[i].fragment(0, inside)]
    return lines[start:]


# A later table starting inside a line: its caption, or table 四's header row run together
# (行政复议行政诉讼结果维持…) as a flattened page writes it.
_INSIDE: dict[TableKey, regex.Pattern[str]] = {
    TableKey.APPLICATIONS: regex.compile(r"\(?本列数据的勾稽关系"),
    TableKey.APPEALS: regex.compile(r"行政复议(?:行政诉讼)?(?:结果)?维持"),
}


def _start_inside(text: str, key: TableKey) -> int | None:
    """Where in ``text`` table ``key`` begins past its first character, if it does."""
    folded, offsets = fold_with_map(text)
    starts = [m.start() for m in _INSIDE[key].finditer(folded)]
    starts += [m.start() for m in _CAPTIONS_INSIDE[key].finditer(folded)]
    return offsets[min(starts)] if starts else None


_TABLE_EDGE_OPEN = " \t\u3000|*（(［[【"
_TABLE_EDGE_CLOSE = " \t\u3000|*）)］]】"


def outside(lines: Sequence[Line], spans: Sequence[Span]) -> list[Piece]:
    """The prose of a section: its text outside the spans of the tables it holds."""
    if not lines:
        return []
    out: list[Piece] = []
    li, ch = 0, 0  # where the prose resumes: line index, character offset
    for first, first_char, last, end_char in sorted(spans):
        if first < li or first >= len(lines):
            continue
        last = min(max(last, first), len(lines) - 1)
        if first > li:
            out.append(Piece(lines[li].text[ch:], lines[li].number))
            out.extend(Piece(ln.text, ln.number) for ln in lines[li + 1 : first])
            ch = 0
        # Cell borders and the opening bracket of the header (|, （本列数据…）) at the edges of
        # the span belong to the table, not to the prose around it.
        head = lines[first].text[ch:first_char].rstrip(_TABLE_EDGE_OPEN)
        out.append(Piece(head, lines[first].number))
        tail = lines[last].text[end_char:].lstrip(_TABLE_EDGE_CLOSE)
        li, ch = last, len(lines[last].text) - len(tail)
    out.append(Piece(lines[li].text[ch:], lines[li].number))
    out.extend(Piece(ln.text, ln.number) for ln in lines[li + 1 :])
    return out


def _caption_pattern(key: TableKey, *, inside: bool = False) -> regex.Pattern[str]:
    """A caption of table ``key`` at the end of a folded text: 表一/表1/附表二 with or
    without the table's title, or its section's heading numbered again (一、主动公开…);
    ``inside`` a text, only with the title (表三 alone could be any text's)."""
    titles = {fold(key.label), fold(TABLE_SECTIONS[key].label)[2:]}
    title = "|".join(regex.escape(t) for t in sorted(titles, key=len, reverse=True))
    if inside:
        return regex.compile(
            rf"(?:附)?表(?:格)?[一二三四1-4][,.:;]?(?:{title})|[一二三四][,.](?:{title})"
        )
    return regex.compile(
        rf"(?:(?:附)?表(?:格)?[一二三四1-4][,.:;]?(?:{title})?|[一二三四][,.](?:{title}))$"
    )


_CAPTIONS = {key: _caption_pattern(key) for key in TABLE_SECTIONS}
_CAPTIONS_INSIDE = {key: _caption_pattern(key, inside=True) for key in TABLE_SECTIONS}
_EDGES = " \t\u3000|*#（(［[【"


def _caption_start(text: str, key: TableKey) -> int | None:
    """Where a caption of table ``key`` that ends ``text`` begins in it, or None."""
    folded, offsets = fold_with_map(text.rstrip(_EDGES))
    m = _CAPTIONS[key].search(folded)
    if m is None:
        return None
    return offsets[m.start()]


def _is_caption_line(text: str, key: TableKey) -> bool:
    at = _caption_start(text, key)
    return at is not None and not text[:at].strip(_EDGES)


def strip_captions(
    body: SectionBody, spans: Sequence[tuple[TableKey, Span]]
) -> tuple[list[Line], set[int]]:
    """The section's lines without the caption right before each table: ending the table's
    first line before it (a flattened page), or on the line before (blank lines between
    allowed); with the line numbers of the captions removed."""
    lines = list(body.lines)
    removed: set[int] = set()
    for key, (first, first_char, _last, _end) in spans:
        if first >= len(lines):
            continue
        line, end = lines[first], first_char
        at = (
            _caption_start(line.text[:first_char], key)
            if line.text[:first_char].strip(_EDGES)
            else None
        )
        if at is None and not line.text[:first_char].strip(_EDGES):
            first -= 1
            while first >= 0 and not lines[first].text.strip():
                first -= 1
            if first < 0:
                continue
            line, end = lines[first], len(lines[first].text)
            # A caption has a line of its own.
            at = _caption_start(line.text, key) if _is_caption_line(line.text, key) else None
        if at is None:
            continue
        # Blanks in place of the caption keep the offsets of the table's span.
        text = line.text[:at] + " " * (end - at) + line.text[end:]
        lines[first] = Line(text, line.number, None, line.page, line.start)
        removed.add(line.number)
    return lines, removed
