"""The tokens of a table's text: numbers, missing markers and empty cells, where they
stand in the lines, and the scan that collects them between two row labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import regex

from ..._fold import document_memo, fold, per_document, to_halfwidth
from ...document import Line, is_missing_marker, is_page_footer
from .._digits import MISSING_GROUP
from .._numbers import find_numbers

_LAST_BLOCK_LINES = 12
"""Lines read after the last row's label while no number has been seen."""

Span = tuple[int, int, int, int]
"""``(first_line_index, first_char, last_line_index, end_char)`` of a stretch of lines."""


@attrs.frozen
class _Tok:
    """A number, a missing marker or an empty cell, where it stands in the lines."""

    group: str
    text: str
    line: int
    start: int
    end: int
    unit: str = ""
    blank: bool = False
    """An empty cell of a tab- or pipe-separated row."""
    edge: bool = False
    """An empty cell before the first or after the last non-empty cell of its line."""
    col: int | None = None
    """Column of the cell in its tab- or pipe-separated line."""
    glued: bool = False
    """No separator between this token and the previous one (``2648-18538``)."""


_MD_RULE = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_SEP = regex.compile(r"[\t|]")
_WORD_SEP = regex.compile(r"[\s\x00\u3000]+")
_HAN2 = regex.compile(r"\p{Han}{2}")
_HAN = regex.compile(r"\p{Han}")
# A marker glued to numbers in a flattened row (``规章/510``), never inside words (无法).
# ``2.`` before text: the numbering of a label the reader did not recognise, not a value.
_NUMBERING_AFTER = regex.compile(r"^[.,、．]\p{Han}")
_OTHER_HAN = r"(?:(?![无空])\p{Han})"
_NUMBERS_ONLY = regex.compile(r"^[\s\d.,，+\-/—–无空万元]*$")
_MARKS_ONLY = regex.compile(r"(?:/|无|空|—+|–|-)+")
_INNER_MARK = regex.compile(rf"(?<!{_OTHER_HAN})(?:/|无|空|—+|–|-(?![\d.]))(?!{_OTHER_HAN})")


def _skip_line(text: str) -> bool:
    return is_page_footer(text) or bool(_MD_RULE.match(text))


@attrs.define
class _Scan:
    """Tokens of a region, and where the reading stopped."""

    tokens: list[_Tok]
    end: tuple[int, int] | None = None


_Piece = tuple[int, int, str, str, str]
"""``(start, end, group, text, unit)`` of a number or marker inside a word."""


@attrs.frozen
class _WordPieces:
    """The numbers and markers of one whitespace-free word, in order."""

    pieces: tuple[_Piece, ...]
    before_prose: tuple[_Piece, ...] | None
    """Where a number runs into prose (``2019年度``: a year in the text after the table),
    the numbers before it: all that the table's last block reads of the word."""


@per_document
def _word_pieces(word: str) -> _WordPieces:
    # A table repeats its words (0, 1, /, 无): each distinct word is read once.
    if is_missing_marker(word):
        return _WordPieces(((0, len(word), MISSING_GROUP, to_halfwidth(word), ""),), None)
    # Markers are read inside a word with digits (``规章/510``) or one of markers only
    # (``/—``: two empty cells glued in a flattened row); never inside words (无法).
    glued = any(c.isdigit() for c in word) or _MARKS_ONLY.fullmatch(word) is not None
    marks = list(_INNER_MARK.finditer(word)) if glued else []
    items: list[_Piece] = []
    before_prose: tuple[_Piece, ...] | None = None
    for num in find_numbers(word):
        after = word[num.end :]
        if _NUMBERING_AFTER.match(after) and num.group.isdigit() and len(num.group) <= 2:
            continue
        if before_prose is None and (_HAN2.match(after) or after.startswith("年")):
            before_prose = tuple(items)
        if num.group in ("-0", "+0") and num.start and word[num.start - 1].isdigit():
            # ``0-0`` glued in a flattened row: a dash for an empty cell between two
            # zeros; no report writes a change of nothing as -0.
            dash = num.start + 1
            items.append((num.start, dash, MISSING_GROUP, to_halfwidth(word[num.start]), ""))
            items.append((dash, num.end, "0", num.text[1:], num.unit))
            continue
        items.append((num.start, num.end, num.group, num.text, num.unit))
    for m in marks:
        if any(s <= m.start() < e for s, e, *_ in items):
            continue  # a sign of a number, not a marker
        items.append((m.start(), m.end(), MISSING_GROUP, to_halfwidth(m.group()), ""))
    items.sort(key=lambda x: x[0])
    return _WordPieces(tuple(items), before_prose)


def _word_tokens(
    word: str, base: int, li: int, col: int | None, last: bool, line: str
) -> tuple[list[_Tok], bool]:
    """Numbers and markers of one whitespace-free word of ``line`` starting at ``base``;
    True if prose begins (read in the last block only)."""
    found = _word_pieces(word)
    prose = last and found.before_prose is not None
    pieces = found.before_prose if prose and found.before_prose is not None else found.pieces
    return [
        _Tok(group, text, li, base + s, base + e, unit, col=col, glued=_glued(line, base + s))
        for s, e, group, text, unit in pieces
    ], prose


def _masked(text: str, a: int, b: int, masked: set[int]) -> str:
    """``text[a:b]`` with its masked characters (labels, headers) as NULs."""
    inside = [k - a for k in masked if a <= k < b]
    if not inside:
        return text[a:b]
    chars = list(text[a:b])
    for k in inside:
        chars[k] = "\x00"
    return "".join(chars)


def _cells(text: str, a: int, b: int, seg: str) -> list[tuple[int, str, int | None]]:
    """The cells of ``seg`` (``text[a:b]`` masked, ``text`` a line with tab or pipe
    separators): offset in ``seg``, text, column."""
    cells: list[tuple[int, str, int | None]] = []
    # Column numbers count from the line's start; a Markdown row's leading pipe opens
    # the first cell rather than closing one.
    col = len(_CELL_SEP.findall(text[:a]))
    if text.lstrip().startswith("|"):
        col -= 1
    pos = 0
    for m in _CELL_SEP.finditer(seg):
        cells.append((pos, seg[pos : m.start()], col))
        pos = m.end()
        col += 1
    tail = seg[pos:]
    if not (tail.strip() == "" and text.rstrip().endswith("|") and b >= len(text.rstrip())):
        cells.append((pos, tail, col))
    return cells


def _line_tokens(
    text: str, a: int, b: int, masked: set[int], li: int, last: bool
) -> tuple[list[_Tok], bool]:
    """Tokens of ``text[a:b]``; True as second item when prose begins (last block only)."""
    # Several readers scan the same lines (format detection, a probe for the 小计
    # column, tables looked for elsewhere): a line is tokenized once per parse.
    memo = document_memo(_line_tokens)
    key = (text, a, b, frozenset(masked), li, last)
    if memo is not None and key in memo:
        tokens, prose = memo[key]
        return list(tokens), prose
    found = _read_line_tokens(text, a, b, masked, li, last)
    if memo is not None:
        memo[key] = (tuple(found[0]), found[1])
    return found


def _read_line_tokens(
    text: str, a: int, b: int, masked: set[int], li: int, last: bool
) -> tuple[list[_Tok], bool]:
    seg = _masked(text, a, b, masked)
    celled = _CELL_SEP.search(text) is not None
    cells = _cells(text, a, b, seg) if celled else [(0, seg, None)]
    out: list[_Tok] = []
    prose = False
    for c_off, cell, cell_col in cells:
        if cell_col is not None and cell_col < 0:
            continue
        if celled and not cell.strip(" \x00\u3000\xa0"):
            if "\x00" not in cell:
                out.append(
                    _Tok(MISSING_GROUP, "", li, a + c_off, a + c_off, blank=True, col=cell_col)
                )
            continue
        w_pos = 0
        for word in _WORD_SEP.split(cell):
            w_start = cell.find(word, w_pos) if word else w_pos
            w_pos = w_start + len(word)
            if not word:
                continue
            found, prose = _word_tokens(word, a + c_off + w_start, li, cell_col, last, text)
            out.extend(found)
            if prose:
                break
        if prose:
            break
    return _edges(out), prose


def _edges(tokens: list[_Tok]) -> list[_Tok]:
    """Empty cells before the first and after the last value of a line are padding (a
    label spanning two columns, the end of a row) unless the row's shape says otherwise."""
    full = [k for k, t in enumerate(tokens) if not t.blank]
    first, last = (full[0], full[-1]) if full else (len(tokens), -1)
    return [
        _Tok(MISSING_GROUP, "", t.line, t.start, t.end, blank=True, edge=True, col=t.col)
        if t.blank and (k < first or k > last)
        else t
        for k, t in enumerate(tokens)
    ]


def _glued(text: str, start: int) -> bool:
    """No separator before ``start``: the number runs on from a label or another number,
    as in a flattened page (``规章000行政规范性文件8855698``)."""
    if start <= 0:
        return False
    before = text[start - 1]
    return not (before.isspace() or before in "\t|")


def _scan(
    lines: Sequence[Line],
    masks: dict[int, set[int]],
    begin: tuple[int, int],
    stop: tuple[int, int] | None,
    *,
    need: int = 0,
    continues: Callable[[str], bool] | None = None,
) -> _Scan:
    """Tokens from ``begin`` up to ``stop`` (exclusive); with ``stop`` None, the reading of
    a table's last rows: it ends at prose, or at a line end once ``need`` cells are read."""
    last = stop is None
    l0, o0 = begin
    l1, o1 = stop if stop is not None else (len(lines) - 1, len(lines[-1].text) if lines else 0)
    tokens: list[_Tok] = []
    end: tuple[int, int] | None = None
    idle = 0
    li = l0
    while li <= l1 and li < len(lines):
        text = lines[li].text
        if _skip_line(text):
            li += 1
            continue
        a = o0 if li == l0 else 0
        b = o1 if li == l1 else len(text)
        if a >= b:
            li += 1
            continue
        found, prose = _line_tokens(text, a, b, masks.get(li, set()), li, last)
        tokens.extend(found)
        if found:
            end = (li, found[-1].end)
        if prose or not last:
            if prose:
                break
            li += 1
            continue
        # The last block: decide at each line end whether the table goes on.
        # With more numbers than cells already (numbers wrapped in narrow cells: 229 / 4),
        # the rest may stand on the lines of numbers that follow.
        read = sum(1 for t in tokens if not t.edge)
        if (
            any(not t.blank for t in tokens)
            and read >= need
            and (read == need or not _next_is_numbers(lines, li + 1, l1))
        ):
            break
        if not any(not t.blank for t in tokens):
            idle += 1
            if idle > _LAST_BLOCK_LINES:
                break
            li += 1
            continue
        nxt = li + 1
        while nxt <= l1 and (not lines[nxt].text.strip() or _skip_line(lines[nxt].text)):
            nxt += 1
        if nxt > l1:
            break
        head = fold(lines[nxt].text)[:24]
        if not (
            head[:1].isdigit()
            or head[:1] in "+-/无空"
            or (continues is not None and continues(head))
        ):
            break
        li = nxt
    return _Scan(tokens, end)


def _next_is_numbers(lines: Sequence[Line], li: int, last: int) -> bool:
    """The next line with text holds numbers only."""
    while li <= last and (not lines[li].text.strip() or _skip_line(lines[li].text)):
        li += 1
    return li <= last and bool(_NUMBERS_ONLY.match(lines[li].text))
