"""Finding the official row labels of a table in messy text.

Labels are matched on the *folded* text of a region (:func:`govdisclosure._fold.fold_with_map`:
no spaces, line breaks, Markdown pipes or emphasis; unified brackets and punctuation),
so a label split over lines (``三、本\\n年度办\\n理结果``), spread one character per line,
or broken by cell separators still reads as one string. A label is found by, in order of
trust: its numbering and text (``(七)总计``), its text alone (numbering lost or glued to
the previous row's digits), a known variant or typo, the first characters of a long
label (the rest torn away by a page break), or a match within a small edit distance.

Rows come in a known order, so among all the places where labels were found the reader
keeps the longest chain in table order (:func:`choose_chain`): a label repeated in prose,
or out of place in a broken conversion, is not taken for the row.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import attrs
import regex

from .. import _deadline
from .._fold import document_memo, fold, fold_with_map
from ..document import Line, is_page_footer
from ..model.keys import (
    ActiveRow2019,
    ActiveRow2021,
    ApplicationsRow,
    KeyedEnum,
)

__all__ = [
    "LabelSpec",
    "Occurrence",
    "Stream",
    "choose_chain",
    "find_label",
    "find_occurrences",
    "fold_line",
    "label_spec",
    "label_specs",
]

# Variants and typos seen in real reports, as folded core texts (without numbering). The
# official labels come from the model's enums; only departures from them live here.
_VARIANTS: dict[KeyedEnum, tuple[str, ...]] = {
    ApplicationsRow.NEW_REQUESTS: ("本年新收政府信息公开申请", "本年新收信息公开申请数量"),
    ApplicationsRow.CARRIED_OVER: ("上年结转政府信息公开申请", "上年结转信息公开申请数量"),
    ApplicationsRow.PARTIALLY_GRANTED: ("部分公开",),
    ApplicationsRow.DENIED_SECURITY_STABILITY: ("危及三安全一稳定", "危及'三安全一稳定'"),
    ApplicationsRow.CARRIED_FORWARD: (
        "结转下一年度继续办理",
        "结转下年继续办理",
        "结转下年度办理",
    ),
    ApplicationsRow.OTHER_PROCESSING: ("其他处理",),
    ActiveRow2021.NORMATIVE_DOCUMENTS: ("规范性文件",),
    ActiveRow2019.NORMATIVE_DOCUMENTS: ("行政规范性文件",),
    ActiveRow2019.OTHER_EXTERNAL_SERVICES: ("其他对外管理服务",),
    ActiveRow2019.CENTRALIZED_PROCUREMENT: ("集中采购",),
}

_NUMBERING = regex.compile(
    r"^(?:\((?P<paren>[一二三四五六七八九十]+)\)|(?P<comma>[一二三四五六七八九十]+),|(?P<arabic>\d+)\.)"
)
_PREFIX_LEN = 6
"""Characters of a long label that identify it when the rest is torn away."""


@attrs.frozen
class LabelSpec:
    """How to find one row's label."""

    row: KeyedEnum
    numeral: str
    """The row's numbering (``七``, ``3``) or ``""``."""
    core: str
    """The folded label without its numbering (and without a trailing parenthetical)."""
    variants: tuple[str, ...]
    prefix: str | None
    """The first characters of a long core, when they identify the row on their own."""
    needs_numbering: bool
    """A short core (``总计``, ``其他``) is only the row's label with its numbering."""

    def numberings(self) -> tuple[str, ...]:
        """Folded forms the numbering may take in a report, longest first."""
        x = self.numeral
        if not x:
            return ()
        if x.isdigit():
            return (f"({x})", f"{x}.", f"{x},", f"{x})", f"{x}:")
        return (f"({x})", f"{x},", f"{x}.", f"{x}:", f"{x})", x)


@functools.cache
def label_spec(row: KeyedEnum, siblings: tuple[KeyedEnum, ...] = ()) -> LabelSpec:
    """The matching rules of ``row``'s label; ``siblings`` are the other rows of its table
    (a prefix is only used when no sibling shares it)."""
    folded = fold(row.label)
    m = _NUMBERING.match(folded)
    numeral = ""
    core = folded
    if m:
        numeral = m.group("paren") or m.group("comma") or m.group("arabic") or ""
        core = folded[m.end() :]
    short = core.split("(", 1)[0] if "(" in core[2:] else core
    variants = tuple(v for v in (core, *_VARIANTS.get(row, ())) if v != short)
    prefix = None
    if len(short) >= _PREFIX_LEN + 3:
        candidate = short[:_PREFIX_LEN]
        others = [fold(s.label) for s in siblings if s is not row]
        if not any(candidate in o for o in others):
            prefix = candidate
    return LabelSpec(
        row=row,
        numeral=numeral,
        core=short,
        variants=variants,
        prefix=prefix,
        needs_numbering=len(short) <= 2 and bool(numeral),
    )


@functools.lru_cache(maxsize=64)
def label_specs(rows: tuple[KeyedEnum, ...]) -> tuple[LabelSpec, ...]:
    """:func:`label_spec` of each of ``rows``, the others its siblings (asked for once:
    asking row by row hashed the whole tuple of rows again for each)."""
    return tuple(label_spec(r, rows) for r in rows)


@attrs.frozen
class Occurrence:
    """A place where a row's label was found in the folded stream."""

    row: int
    """Index of the row in the table's order."""
    start: int
    end: int
    quality: int
    """0 numbering and text, 1 text alone, 2 variant or prefix, 3 fuzzy."""
    matched: str


@attrs.frozen
class Stream:
    """The folded text of some lines, with the (line index, offset) of every character."""

    text: str
    line_of: tuple[int, ...]
    offset_of: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Stream:
        """The stream of ``lines``, made once per parse: format detection and the table
        readers ask for the same table's lines."""
        memo = document_memo(Stream)
        if memo is None:
            return cls._of(lines)
        key = tuple(map(id, lines))
        if key not in memo:
            # The lines are kept with their stream, so that their ids stay theirs.
            memo[key] = (tuple(lines), cls._of(lines))
        stream: Stream = memo[key][1]
        return stream

    @classmethod
    def _of(cls, lines: Sequence[Line]) -> Stream:
        parts: list[str] = []
        line_of: list[int] = []
        offset_of: list[int] = []
        for i, line in enumerate(lines):
            if is_page_footer(line.text):
                continue
            folded, offsets = fold_line(line.text)
            parts.append(folded)
            line_of.extend([i] * len(folded))
            offset_of.extend(offsets)
        return cls("".join(parts), tuple(line_of), tuple(offset_of))

    def position(self, index: int) -> tuple[int, int]:
        """(line index, char offset) of stream char ``index``; the end of the stream maps
        just past its last char."""
        if not self.text:
            return (0, 0)
        if index >= len(self.text):
            return (self.line_of[-1], self.offset_of[-1] + 1)
        return (self.line_of[index], self.offset_of[index])


def fold_line(text: str) -> tuple[str, list[int]]:
    """:func:`govdisclosure._fold.fold_with_map` of a line (the table reader folds every
    line of a section; the folding is made once per distinct line)."""
    return fold_with_map(text)


def _exact(text: str, key: str) -> Iterable[int]:
    if not key:
        return
    i = text.find(key)
    while i >= 0:
        yield i
        i = text.find(key, i + 1)


def _fuzzy_limit(core: str) -> int:
    if len(core) < 5:
        return 0
    if len(core) < 10:
        return 1
    if len(core) < 20:
        return 2
    return 3


_MAX_PER_ROW = 24
_MAX_FUZZY_TEXT = 40_000


@functools.lru_cache(maxsize=1024)
def _fuzzy_pattern(core: str, limit: int) -> regex.Pattern[str]:
    """A label's text with up to ``limit`` edits (compiled once per label)."""
    return regex.compile(f"(?:{regex.escape(core)}){{e<={limit}}}", flags=regex.BESTMATCH)


def find_occurrences(text: str, specs: Sequence[LabelSpec]) -> list[list[Occurrence]]:
    """Every place each row's label appears in ``text`` (a folded stream)."""
    result: list[list[Occurrence]] = []
    for index, spec in enumerate(specs):
        found: dict[int, Occurrence] = {}

        def add(
            start: int,
            end: int,
            quality: int,
            spec: LabelSpec = spec,
            found: dict[int, Occurrence] = found,
            index: int = index,
        ) -> None:
            # Extend back over the row's numbering when it stands right before the text.
            numbered = False
            for form in spec.numberings():
                if start >= len(form) and text.startswith(form, start - len(form)):
                    start -= len(form)
                    numbered = True
                    break
            if spec.needs_numbering and not numbered:
                return
            if quality == 1 and (numbered or not spec.numeral):
                quality = 0
            old = found.get(end)
            if old is None or (quality, start) < (old.quality, old.start):
                found[end] = Occurrence(index, start, end, quality, text[start:end])

        for key, quality in ((spec.core, 1), *((v, 2) for v in spec.variants)):
            for i in _exact(text, key):
                add(i, i + len(key), quality)
        if spec.prefix and not found:
            for i in _exact(text, spec.prefix):
                add(i, i + len(spec.prefix), 2)
        limit = _fuzzy_limit(spec.core)
        if not found and limit and len(text) <= _MAX_FUZZY_TEXT:
            for m in _fuzzy_pattern(spec.core, limit).finditer(text):
                # A fuzzy match must keep the label's first and last characters: an edit
                # there would let it slide onto a neighbour's text.
                if m.group()[:1] == spec.core[:1] and m.group()[-1:] == spec.core[-1:]:
                    add(m.start(), m.end(), 3)
        occs = sorted(found.values(), key=lambda o: (o.start, o.quality))
        # Occurrences of one row nested in a longer one of the same row are the same label.
        kept: list[Occurrence] = []
        for o in occs:
            if kept and o.start < kept[-1].end:
                last = kept[-1]
                if (o.quality, o.start - o.end) < (last.quality, last.start - last.end):
                    kept[-1] = o
                continue
            kept.append(o)
        if len(kept) > _MAX_PER_ROW:
            kept = sorted(kept, key=lambda o: (o.quality, o.start))[:_MAX_PER_ROW]
            kept.sort(key=lambda o: o.start)
        result.append(kept)
    return result


def find_label(text: str, spec: LabelSpec) -> list[Occurrence]:
    """The occurrences of one label (see :func:`find_occurrences`)."""
    return find_occurrences(text, [spec])[0]


def choose_chain(occurrences: Sequence[Sequence[Occurrence]]) -> list[Occurrence | None]:
    """One occurrence per row (or None), in row order and text order, taking the most rows,
    then the most trusted matches, then the most compact table."""
    nodes = [o for row in occurrences for o in row]
    nodes.sort(key=lambda o: (o.start, o.row))
    # best[k] = (rows, -quality, first start) of the best chain ending at nodes[k]
    best: list[tuple[int, int, int]] = []
    back: list[int] = []
    for k, o in enumerate(nodes):
        _deadline.check()
        score = (1, -o.quality, o.start)
        prev = -1
        for j in range(k):
            p = nodes[j]
            if p.row < o.row and p.end <= o.start:
                c, q, first = best[j]
                cand = (c + 1, q - o.quality, first)
                if cand > score:
                    score = cand
                    prev = j
        best.append(score)
        back.append(prev)
    chain: list[Occurrence | None] = [None] * len(occurrences)
    if not nodes:
        return chain
    end = max(
        range(len(nodes)),
        key=lambda k: (best[k][0], best[k][1], -(nodes[k].start - best[k][2])),
    )
    k = end
    while k >= 0:
        chain[nodes[k].row] = nodes[k]
        k = back[k]
    return chain
