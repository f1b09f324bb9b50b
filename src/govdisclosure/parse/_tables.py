"""Reading the three statistics tables out of a section's lines.

A table is read by anchoring on its official row labels (:mod:`._labels`) and on its known
shape — which rows, in which order, how many cells each — never by streaming numbers in
reading order. The numbers between one row's label and the next belong to that row; where
the layout lost the cell boundaries (a flattened page: ``713000074``) or split a number
(``1 2``), the tables' own sums choose between the readings (:mod:`._flat`), and the
choice is reported. Where the text is unambiguous it is reported as it stands, even when
its sums do not add up: validation says what is wrong, the reader never "fixes" it.

Entry points (called by the front end with the lines of sections 二, 三 and 四):
:func:`detect_format`, :func:`read_active`, :func:`read_applications`,
:func:`read_appeals`. Each returns a :class:`TableRead`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Generic, TypeVar

import attrs
import regex

from govdisclosure import _deadline
from govdisclosure.findings import CODES, Finding
from govdisclosure.model.keys import (
    AppealsColumn,
    AppealsRow,
    ApplicationsRow,
    KeyedEnum,
    ReportFormat,
    TableKey,
    ValueKind,
)
from govdisclosure.model.tables import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    SourceRef,
    TableLayout,
    Value,
    active_layout,
    applications_layout,
    reads_as_number,
)
from govdisclosure.parse import _tablecodes as codes
from govdisclosure.parse._document import Line
from govdisclosure.parse._flat import (
    MISSING_GROUP,
    Relation,
    balanced_rank,
    decode,
    default_rank,
)
from govdisclosure.parse._labels import (
    LabelSpec,
    Occurrence,
    Stream,
    choose_chain,
    find_occurrences,
    label_spec,
)
from govdisclosure.parse._normalize import fold, is_page_footer, to_halfwidth
from govdisclosure.parse._numbers import find_numbers, is_missing_marker, token_value

__all__ = ["TableRead", "detect_format", "read_active", "read_appeals", "read_applications"]

T = TypeVar("T")

Span = tuple[int, int, int, int]


@attrs.frozen
class TableRead(Generic[T]):
    """What the reader made of one table."""

    table: T
    """The table, with ``sources`` filled for the cells that were read."""
    findings: tuple[Finding, ...]
    """Repairs and choices (info), cells that could not be read (warning)."""
    span: Span | None
    """``(first_line_index, first_char, last_line_index, end_char)`` of the table within
    the given lines; text outside it is prose. None when no table was found."""
    found: bool
    """False when no table was found at all (every cell missing)."""


# --- budgets ------------------------------------------------------------------------------

_TABLE_NODE_BUDGET = 60_000
"""Search nodes one table may spend decoding digits, across all its rows."""
_ROW_NODE_BUDGET = 8_000
_MAX_COMBINATIONS = 4_096
"""Combinations of ambiguous rows tried exhaustively against the column sums."""
_HEADER_REACH = 400
"""How far (folded characters) before the first row a table header is looked for."""
_LAST_BLOCK_LINES = 12
"""Lines read after the last row's label while no number has been seen."""


# --- tokens -------------------------------------------------------------------------------


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


def _word_tokens(
    word: str, base: int, li: int, col: int | None, last: bool
) -> tuple[list[_Tok], bool]:
    """Numbers and glued markers of one whitespace-free word; True if prose begins."""
    out: list[_Tok] = []
    # Markers are read inside a word with digits (``规章/510``) or one of markers only
    # (``/—``: two empty cells glued in a flattened row); never inside words (无法).
    glued = any(c.isdigit() for c in word) or _MARKS_ONLY.fullmatch(word) is not None
    marks = list(_INNER_MARK.finditer(word)) if glued else []
    items: list[tuple[int, int, _Tok]] = []
    for num in find_numbers(word):
        after = word[num.end :]
        if _NUMBERING_AFTER.match(after) and num.group.isdigit() and len(num.group) <= 2:
            continue
        if last and (_HAN2.match(after) or after.startswith("年")):
            # ``2019年度``: a year in the prose after the table.
            items.sort(key=lambda x: x[0])
            return [t for _, _, t in items], True
        tok = _Tok(num.group, num.text, li, base + num.start, base + num.end, num.unit, col=col)
        items.append((num.start, num.end, tok))
    for m in marks:
        if any(s <= m.start() < e for s, e, _ in items):
            continue  # a sign of a number, not a marker
        text = to_halfwidth(m.group())
        items.append(
            (
                m.start(),
                m.end(),
                _Tok(MISSING_GROUP, text, li, base + m.start(), base + m.end(), col=col),
            )
        )
    items.sort(key=lambda x: x[0])
    prev_end: int | None = None
    for s_, e_, tok in items:
        if prev_end is not None and s_ == prev_end:
            tok = attrs.evolve(tok, glued=True)
        out.append(tok)
        prev_end = e_
    return out, False


def _line_tokens(
    text: str, a: int, b: int, masked: set[int], li: int, last: bool
) -> tuple[list[_Tok], bool]:
    """Tokens of ``text[a:b]``; True as second item when prose begins (last block only)."""
    chars = [("\x00" if (a + k) in masked else ch) for k, ch in enumerate(text[a:b])]
    seg = "".join(chars)
    celled = bool(_CELL_SEP.search(text))
    cells: list[tuple[int, str, int | None]] = []
    if celled:
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
    else:
        cells.append((0, seg, None))
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
            base = a + c_off + w_start
            if is_missing_marker(word):
                out.append(
                    _Tok(
                        MISSING_GROUP, to_halfwidth(word), li, base, base + len(word), col=cell_col
                    )
                )
                continue
            found, prose = _word_tokens(word, base, li, cell_col, last)
            out.extend(found)
            if prose:
                break
        if prose:
            break
    # Empty cells before the first and after the last value of the line are padding (a
    # label spanning two columns, the end of a row) unless the row's shape says otherwise.
    first = next((k for k, t in enumerate(out) if not t.blank), len(out))
    last_k = max((k for k, t in enumerate(out) if not t.blank), default=-1)
    out = [
        attrs.evolve(t, edge=True)
        if t.blank and (k < first or k > last_k)
        else attrs.evolve(t, glued=_glued(text, t.start))
        if not t.blank
        else t
        for k, t in enumerate(out)
    ]
    return out, prose


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


# --- rows and readings -------------------------------------------------------------------


@attrs.frozen
class _Row:
    key: KeyedEnum
    columns: tuple[KeyedEnum, ...]
    relations: tuple[Relation, ...] = ()
    rank: Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]] | None = None

    @property
    def kinds(self) -> tuple[ValueKind, ...]:
        return tuple(getattr(c, "kind", ValueKind.COUNT) for c in self.columns)


@attrs.frozen
class _Reading:
    values: tuple[Value, ...]
    refs: tuple[_Tok | None, ...]
    texts: tuple[str, ...]
    joins: int = 0
    cuts: int = 0


@attrs.define
class _Block:
    """Rows read together: an anchored row and the unanchored rows after it."""

    rows: list[int]
    anchor: Occurrence | None
    tokens: list[_Tok]
    readings: list[_Reading] = attrs.Factory(list)
    complete: bool = True
    status: str = "none"
    """exact, blanks, cut, joined, shifted, short, undecodable, none."""


def _lenient(tok: _Tok, kind: ValueKind) -> int | Decimal | None:
    """The value of a whole token standing alone in a cell (leading zeros tolerated)."""
    group = tok.group
    if kind is not ValueKind.AMOUNT and "." not in group:
        sign = group[:1] if group[:1] in "+-" else ""
        digits = group[len(sign) :].lstrip("0") or "0"
        group = f"{sign}{digits}"
    return token_value(group, kind, tok.unit)


def _exact_reading(tokens: Sequence[_Tok], kinds: Sequence[ValueKind]) -> _Reading:
    values: list[Value] = []
    for tok, kind in zip(tokens, kinds, strict=True):
        if tok.group == MISSING_GROUP:
            values.append(Missing(tok.text))
            continue
        v = _lenient(tok, kind)
        values.append(Missing(tok.text) if v is None else v)
    return _Reading(tuple(values), tuple(tokens), tuple(t.text for t in tokens))


def _offset_relations(rows: Sequence[_Row]) -> tuple[list[ValueKind], list[Relation]]:
    kinds: list[ValueKind] = []
    relations: list[Relation] = []
    for row in rows:
        base = len(kinds)
        for parts, total in row.relations:
            relations.append((tuple(base + p for p in parts), base + total))
        kinds.extend(row.kinds)
    return kinds, relations


def _holds(values: Sequence[Value], relations: Sequence[Relation]) -> bool:
    for parts, total in relations:
        vals = [values[p] for p in parts]
        tv = values[total]
        ints = [v for v in vals if isinstance(v, int)]
        if isinstance(tv, int) and len(ints) == len(vals) and sum(ints) != tv:
            return False
    return True


def _decoded_reading(
    tokens: Sequence[_Tok], cells: Sequence[str], kinds: Sequence[ValueKind], joins: int, cuts: int
) -> _Reading:
    """Values of a decoding, with each cell traced to the token it was cut from."""
    values: list[Value] = []
    refs: list[_Tok | None] = []
    ti = 0
    used = 0  # chars of tokens[ti].group consumed
    for text, kind in zip(cells, kinds, strict=True):
        tok = tokens[ti] if ti < len(tokens) else None
        remaining = len(text)
        last_tok = tok
        while remaining > 0 and ti < len(tokens):
            avail = len(tokens[ti].group) - used
            take = min(avail, remaining)
            remaining -= take
            used += take
            last_tok = tokens[ti]
            if used == len(tokens[ti].group):
                ti += 1
                used = 0
        if text == MISSING_GROUP:
            values.append(Missing(tok.text if tok is not None else ""))
        else:
            unit = last_tok.unit if last_tok is not None and used == 0 else ""
            v = token_value(text, kind, unit)
            values.append(Missing(text) if v is None else v)
        refs.append(tok)
    return _Reading(tuple(values), tuple(refs), tuple(cells), joins, cuts)


def _unsigned(tokens: Sequence[_Tok]) -> list[_Tok]:
    """In a row with no signed column a leading ``-`` is a missing marker glued to the
    next number (``-12`` in a flattened row is "—" then 12), and ``+`` is noise."""
    out: list[_Tok] = []
    for t in tokens:
        if t.group[:1] == "-" and t.group != MISSING_GROUP:
            out.append(
                _Tok(MISSING_GROUP, "-", t.line, t.start, t.start + 1, col=t.col, glued=t.glued)
            )
            out.append(
                attrs.evolve(t, group=t.group[1:], text=t.text[1:], start=t.start + 1, glued=True)
            )
        elif t.group[:1] == "+":
            out.append(attrs.evolve(t, group=t.group[1:]))
        else:
            out.append(t)
    return out


def _numbering_kind(row: KeyedEnum) -> str:
    """``(`` for （一）, ``一`` for 一、, ``1`` for 1., ``""`` for none."""
    head = fold(row.label)[:1]
    if head == "(":
        return "("
    if head.isdigit():
        return "1"
    return "一" if head in "一二三四五六七八九十" else ""


def _label_col(lines: Sequence[Line], stream: Stream, occ: Occurrence) -> int | None:
    li, off = stream.position(occ.end - 1)
    text = lines[li].text
    if not _CELL_SEP.search(text):
        return None
    col = len(_CELL_SEP.findall(text[:off]))
    return col - 1 if text.lstrip().startswith("|") else col


def _positional(tokens: Sequence[_Tok], n: int, start: int) -> list[_Tok] | None:
    """The row's cells as columns ``start .. start+n-1`` of its line, or None if values
    stand outside them."""
    values = [t for t in tokens if not t.blank]
    if not values or len({t.line for t in values}) != 1:
        return None
    li = values[0].line
    tokens = [t for t in tokens if t.line == li]
    by_col: dict[int, _Tok] = {}
    for t in tokens:
        if t.col is None:
            return None
        inside = start <= t.col < start + n
        if not t.blank and (not inside or (t.col in by_col and not by_col[t.col].blank)):
            return None
        if start <= t.col < start + n and (t.col not in by_col or by_col[t.col].blank):
            by_col[t.col] = t
    return [
        by_col.get(c)
        or _Tok(MISSING_GROUP, "", li, tokens[0].start, tokens[0].start, blank=True, col=c)
        for c in range(start, start + n)
    ]


def _standalone(tok: _Tok, kind: ValueKind) -> bool:
    return tok.group == MISSING_GROUP or token_value(tok.group, kind, tok.unit) is not None


def _read_block(
    block: _Block,
    rows: Sequence[_Row],
    budget: list[int],
    columns_at: int | None = None,
) -> None:
    """Fill ``block.readings`` (most plausible first) and ``block.status``.

    ``columns_at``: where the row's first cell stands in its tab/pipe-separated line, as
    the table's complete rows show, for rows with empty cells.
    """
    specs = [rows[i] for i in block.rows]
    kinds, relations = _offset_relations(specs)
    n = len(kinds)
    tokens = block.tokens
    if not any(k is ValueKind.SIGNED for k in kinds):
        tokens = _unsigned(tokens)
    full = [t for t in tokens if not t.blank]
    inner = [t for t in tokens if not t.edge]
    if not full:
        block.status = "none"
        return
    if len(full) == n:
        block.readings = [_exact_reading(full, kinds)]
        block.status = "exact"
        return
    if len(inner) == n:
        block.readings = [_exact_reading(inner, kinds)]
        block.status = "blanks"
        return
    if len(full) < n and columns_at is not None:
        placed = _positional(tokens, n, columns_at)
        if placed is not None:
            block.readings = [_exact_reading(placed, kinds)]
            block.status = "blanks"
            return
    if len(full) < n and block.anchor is not None and block.anchor.row < 0:
        # Table 四's data row: a whole tab/pipe line of exactly n cells.
        line = [t for t in tokens if t.line == full[0].line]
        if len(line) == n and all(t.col is not None for t in line):
            block.readings = [_exact_reading(line, kinds)]
            block.status = "blanks"
            return
    rank = _block_rank(specs)
    groups = [t.group for t in full]
    if len(full) < n:
        # Cut runs of digits only where the sums can confirm it, or where the row's
        # digits stand glued together with nothing between them (a flattened page);
        # numbers apart from each other are cells, and a row short of them lost a cell.
        glued = all(t.glued for t in full[1:])
        multi = any(len(g.lstrip("+-")) > 1 for g in groups if g != MISSING_GROUP)
        if multi and (relations or glued):
            res = decode(
                groups,
                kinds,
                relations,
                rank=rank,
                max_nodes=max(200, min(_ROW_NODE_BUDGET, budget[0])),
            )
            budget[0] -= res.nodes
            block.complete = res.complete
            if res.candidates:
                block.readings = [
                    _decoded_reading(full, d.cells, kinds, d.joins, d.cuts) for d in res.candidates
                ]
                block.status = "cut"
                return
        whole_run = len(full) == 1 and len(groups[0].lstrip("+-")) >= n
        if not whole_run and all(_standalone(t, k) for t, k in zip(full, kinds, strict=False)):
            block.tokens = list(inner)
            block.status = "short"
            if relations and len(inner) == len(full) and n - len(full) <= _MAX_BLANKS:
                readings = _blank_placements(full, kinds, relations)
                if readings:
                    block.readings = readings
                    block.status = "blanks-placed"
            return
        block.status = "undecodable"
        return
    # More numbers than cells: a number split by a space, if the sums say so.
    if relations:
        res = decode(
            groups,
            kinds,
            relations,
            allow_cuts=False,
            allow_joins=True,
            rank=rank,
            max_nodes=max(200, min(_ROW_NODE_BUDGET, budget[0])),
        )
        budget[0] -= res.nodes
        if res.candidates:
            block.readings = [
                _decoded_reading(full, d.cells, kinds, d.joins, d.cuts) for d in res.candidates
            ]
            block.complete = res.complete
            block.status = "joined"
            return
    block.tokens = list(full)
    block.readings = [_exact_reading(full[:n], kinds)]
    block.status = "extra"


_MAX_BLANKS = 2
"""Blank cells a row may have lost without trace that the sums are asked to place."""


def _holds_blank_as_zero(values: Sequence[Value], relations: Sequence[Relation]) -> bool:
    """The relations, a blank cell counted as 0 (for the check only) and a cell holding a
    marker (``/``) leaving its relation unchecked."""

    def num(v: Value) -> int | None:
        if isinstance(v, Missing):
            return 0 if not v.raw else None
        return v if isinstance(v, int) else None

    for parts, total in relations:
        vals = [num(values[p]) for p in parts]
        tv = num(values[total])
        if tv is not None and None not in vals and sum(v or 0 for v in vals) != tv:
            return False
    return True


def _blank_placements(
    tokens: Sequence[_Tok], kinds: Sequence[ValueKind], relations: Sequence[Relation]
) -> list[_Reading]:
    """Readings of a row whose blank cells left no trace: every placement of the blanks
    between the numbers (kept in order) under which the sums hold; the placement with the
    blanks last first, as the row was read before."""
    n = len(kinds)
    missing = n - len(tokens)
    out: list[_Reading] = []
    for blanks in sorted(itertools.combinations(range(n), missing), reverse=True):
        cells: list[_Tok] = []
        it = iter(tokens)
        for k in range(n):
            if k in blanks:
                at = cells[-1].end if cells else tokens[0].start
                cells.append(_Tok(MISSING_GROUP, "", tokens[0].line, at, at, blank=True))
            else:
                cells.append(next(it))
        reading = _exact_reading(cells, kinds)
        if _holds_blank_as_zero(reading.values, relations):
            out.append(reading)
    return out


def _block_rank(
    rows: Sequence[_Row],
) -> Callable[[tuple[int | Decimal | None, ...]], tuple[float, ...]]:
    ranks = [r.rank for r in rows]
    sizes = [len(r.columns) for r in rows]

    def rank(values: tuple[int | Decimal | None, ...]) -> tuple[float, ...]:
        out: list[float] = []
        pos = 0
        total = [0.0, 0.0, 0.0]
        for fn, size in zip(ranks, sizes, strict=True):
            part = values[pos : pos + size]
            pos += size
            key = (fn or default_rank)(part)
            for k, v in enumerate(key[:3]):
                total[k] += v
        out.extend(total)
        return tuple(out)

    return rank


# --- the generic row-table reader --------------------------------------------------------


@attrs.define
class _Context:
    table: TableKey
    lines: Sequence[Line]
    findings: list[Finding] = attrs.Factory(list)

    def at(self, li: int | None) -> tuple[int | None, int | None]:
        if li is None or not (0 <= li < len(self.lines)):
            return None, None
        return self.lines[li].number, self.lines[li].page

    def note(
        self,
        code: str,
        message: str,
        message_zh: str,
        *,
        li: int | None = None,
        row: KeyedEnum | None = None,
        column: KeyedEnum | None = None,
        expected: object = None,
        actual: object = None,
        context: str | None = None,
    ) -> Finding:
        line, page = self.at(li)
        f = Finding(
            code=code,
            severity=CODES[code].severity,
            message=message,
            message_zh=message_zh,
            table=self.table.key,
            row=row.key if row is not None else None,
            column=column.key if column is not None else None,
            line=line,
            page=page,
            expected=expected,
            actual=actual,
            context=context,
        )
        self.findings.append(f)
        return f


@attrs.define
class _RowsResult:
    values: list[list[Value]]
    refs: list[list[_Tok | None]]
    span: Span | None
    found: bool
    texts: list[list[str]] = attrs.Factory(list)
    overfull: int = 0
    """Rows read with exactly one number too many."""


def _complete_rows(result: _RowsResult) -> int:
    return sum(1 for vs in result.values if not any(isinstance(v, Missing) for v in vs))


_GROUP_NUMBERING = regex.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+,)")


def _masks(
    stream: Stream, occurrences: Sequence[Sequence[Occurrence]], rows: Sequence[_Row]
) -> dict[int, set[int]]:
    """Characters of every label found (chosen or not) and of the group labels: labels
    are not data, their numbering (``5.``) is not a number, and the 无 of (四)无法提供 is
    not a missing marker."""
    masks: dict[int, set[int]] = {}

    def mask(start: int, end: int) -> None:
        for k in range(start, end):
            masks.setdefault(stream.line_of[k], set()).add(stream.offset_of[k])

    for row in occurrences:
        for o in row:
            mask(o.start, o.end)
    groups = {fold(g) for r in rows for g in r.key.groups}
    keys = groups | {_GROUP_NUMBERING.sub("", g) for g in groups}
    for key in keys:
        if len(key) < 2:
            continue
        i = stream.text.find(key)
        while i >= 0:
            mask(i, i + len(key))
            i = stream.text.find(key, i + 1)
    return masks


def _header_start(stream: Stream, first: int, keys: Sequence[str]) -> int:
    lo = max(0, first - _HEADER_REACH)
    best = first
    for key in keys:
        i = stream.text.find(key, lo, first)
        if 0 <= i < best:
            best = i
    if best < first and best > 0 and stream.text[best - 1] == "(":
        best -= 1  # the bracket opening （本列数据的勾稽关系…）
    return best


def _label_keys(specs: Sequence[LabelSpec]) -> tuple[str, ...]:
    keys: list[str] = []
    for s in specs:
        keys.append(s.core[:4])
        keys.extend(v[:4] for v in s.variants)
        if s.numeral:
            keys.extend(f[:4] for f in s.numberings() if len(f) > 1)
    return tuple(k for k in keys if k)


def _read_rows(
    ctx: _Context,
    rows: Sequence[_Row],
    header_keys: Sequence[str],
    column_check: Callable[[list[list[Value]]], int] | None = None,
    min_anchors: int = 2,
    stream: Stream | None = None,
) -> _RowsResult:
    lines = ctx.lines
    empty = _RowsResult(
        [[Missing()] * len(r.columns) for r in rows],
        [[None] * len(r.columns) for r in rows],
        None,
        False,
    )
    if stream is None:
        stream = Stream.of(lines)
    if not stream.text:
        return empty
    keys = tuple(r.key for r in rows)
    specs = [label_spec(r.key, keys) for r in rows]
    occurrences = find_occurrences(stream.text, specs)
    chain = choose_chain(occurrences)
    anchored = [i for i, o in enumerate(chain) if o is not None]
    if len(anchored) < min(min_anchors, len(rows)):
        return empty
    masks = _masks(stream, occurrences, rows)
    for i in anchored:
        o = chain[i]
        assert o is not None
        if o.quality >= 2:
            ctx.note(
                codes.ROW_LABEL_REPAIRED,
                f"row label read from {o.matched!r}",
                f"行标签按“{o.matched}”识别",
                li=stream.position(o.start)[0],
                row=rows[i].key,
                context=o.matched,
            )

    # Blocks: each anchored row with the unanchored rows that follow it.
    blocks: list[_Block] = []
    label_keys = _label_keys(specs)
    for k, i in enumerate(anchored):
        o = chain[i]
        assert o is not None
        nxt = anchored[k + 1] if k + 1 < len(anchored) else len(rows)
        # Just past the label's last character (not at the next folded character: the
        # empty cells between the label and the first number count).
        li_end, off_end = stream.position(o.end - 1)
        begin = (li_end, off_end + 1)
        stop_occ = chain[nxt] if nxt < len(rows) else None
        block_rows = list(range(i, nxt))
        if stop_occ is not None:
            scan = _scan(lines, masks, begin, stream.position(stop_occ.start))
        else:
            need = sum(len(rows[r].columns) for r in block_rows)
            scan = _scan(
                lines,
                masks,
                begin,
                None,
                need=need,
                continues=lambda head: head.startswith(label_keys),
            )
        blocks.append(_Block(block_rows, o, scan.tokens))
    # Rows before the first label: nothing to anchor them.
    lead = list(range(anchored[0]))

    starts = [(stream.position(b.anchor.end - 1)[0], b) for b in blocks if b.anchor is not None]
    if _cells_on_lines_of_their_own(starts):
        for start, b in starts:
            n = sum(len(rows[r].columns) for r in b.rows)
            _empty_lines_as_blanks(ctx, lines, b, start, n, rows[b.rows[0]].key)
    _repair_shifts(ctx, blocks, rows, stream)
    # Where complete rows of a tab/pipe table put their first cell relative to their
    # label: rows with empty cells are read at the same place. Rows numbered alike span
    # alike (一、 labels take two columns, 1. labels one), even when a row shifted left.
    by_kind: dict[str, list[int]] = {}
    label_cols: dict[int, int | None] = {}
    for k, b in enumerate(blocks):
        if b.anchor is None:
            continue
        lc = _label_col(lines, stream, b.anchor)
        label_cols[k] = lc
        full = [t for t in b.tokens if not t.blank]
        n = sum(len(rows[r].columns) for r in b.rows)
        first_col, last_col = (full[0].col, full[-1].col) if full else (None, None)
        if (
            lc is not None
            and first_col is not None
            and last_col is not None
            and len(full) == n
            and len(b.rows) == 1
            and all(t.col is not None and t.line == full[0].line for t in full)
            and last_col - first_col == n - 1
        ):
            by_kind.setdefault(_numbering_kind(rows[b.rows[0]].key), []).append(first_col - lc)
    offsets = [o for found in by_kind.values() for o in found]
    common = max(set(offsets), key=offsets.count) if offsets else None
    budget = [_TABLE_NODE_BUDGET]
    for k, b in enumerate(blocks):
        _deadline.check()
        if b.status == "none" or not b.readings:
            lc = label_cols.get(k)
            at = None
            if lc is not None and len(b.rows) == 1:
                same = by_kind.get(_numbering_kind(rows[b.rows[0]].key))
                offset = max(set(same), key=same.count) if same else common
                at = lc + offset if offset is not None else None
            _read_block(b, rows, budget, at)
    if column_check is not None:
        _choose_by_columns(blocks, rows, column_check)

    # Span: from the header (or first label) to the last number read.
    first = chain[anchored[0]]
    assert first is not None
    start = _header_start(stream, first.start, header_keys)
    s_line, s_off = stream.position(start)
    # Numbers between the header and the first row.
    lead_scan = _scan(lines, masks, (s_line, s_off), stream.position(first.start))
    stray = [t for t in lead_scan.tokens if not t.blank]

    in_order = None
    if lead or stray or any(b.status not in _CLEAN for b in blocks):
        in_order = _reading_order(
            lines, stream, masks, (s_line, s_off), blocks, rows, chain, column_check
        )
    if in_order is not None:
        (blocks, tail), lead, stray = in_order, [], []
        how = f", its last {tail} rows as column blocks" if tail else ""
        ctx.note(
            codes.ROWS_IN_READING_ORDER,
            f"numbers and row labels stand apart: the table's numbers were read in table "
            f"order{how}",
            "数字与行标签错位，按表格顺序读取全部数字"
            + (f"（末 {tail} 行按列块读取）" if tail else ""),
            li=blocks[0].tokens[0].line,
        )
    displaced = in_order is None and (stray or any(b.status in ("extra", "none") for b in blocks))
    if displaced:
        ctx.note(
            codes.ROWS_DISPLACED,
            "numbers stand apart from their row labels and are not one per cell: rows "
            "were read after their labels and may hold their neighbours' numbers",
            "数字与行标签错位且数量与单元格不符，各行按标签后的数字读取，可能有误",
            li=stray[0].line if stray else None,
        )

    values: list[list[Value]] = [[Missing() for _ in r.columns] for r in rows]
    refs: list[list[_Tok | None]] = [[None] * len(r.columns) for r in rows]
    texts: list[list[str]] = [[""] * len(r.columns) for r in rows]
    for b in blocks:
        _report_block(ctx, b, rows, stream, values, refs, texts)
    for i in lead:
        ctx.note(
            codes.ROW_NOT_FOUND,
            "row label not found before the table's first row",
            "未找到该行标签",
            row=rows[i].key,
        )
    last_end: tuple[int, int] | None = None
    for b in blocks:
        for t in b.tokens:
            if last_end is None or (t.line, t.end) > last_end:
                last_end = (t.line, t.end)
    last_occ = chain[anchored[-1]]
    assert last_occ is not None
    occ_end = stream.position(last_occ.end - 1)
    occ_end = (occ_end[0], occ_end[1] + 1)
    if last_end is None or occ_end > last_end:
        last_end = occ_end
    if displaced:
        # Lines of nothing but numbers right after the table are the rest of its numbers,
        # not prose: the table takes them in, and says they could not be placed.
        li = last_end[0] + 1
        rest: list[str] = []
        while li < len(lines) and (
            _NUMBERS_ONLY.match(lines[li].text) or _skip_line(lines[li].text)
        ):
            if lines[li].text.strip() and not _skip_line(lines[li].text):
                rest.append(lines[li].text.strip())
                last_end = (li, len(lines[li].text))
            li += 1
        if rest:
            ctx.note(
                codes.UNPLACED_NUMBERS,
                f"{len(rest)} line(s) of numbers after the table's last row could not be placed",
                "表格末行之后的数字无法归入单元格",
                li=last_end[0],
                actual=" ".join(rest),
                context=" ".join(rest),
            )
    if stray:
        ctx.note(
            codes.UNPLACED_NUMBERS,
            "numbers before the table's first row could not be placed",
            "表格首行之前的数字无法归入单元格",
            li=stray[0].line,
            actual=" ".join(t.text for t in stray),
            context=" ".join(t.text for t in stray),
        )
    overfull = sum(
        1
        for b in blocks
        if len(b.rows) == 1
        and sum(1 for t in b.tokens if not t.blank) == len(rows[b.rows[0]].columns) + 1
    )
    return _RowsResult(
        values, refs, (s_line, s_off, last_end[0], last_end[1]), True, texts, overfull
    )


_CLEAN = frozenset(
    {"exact", "blanks", "blanks-placed", "cut", "joined", "shifted", "cut-by-columns"}
)
"""Block statuses that leave every cell of the block read."""
_PROSE_MARK = regex.compile(r"[，。；]|\d年")
_DATE = frozenset("年月日")


def _violations(
    blocks: Sequence[_Block],
    rows: Sequence[_Row],
    check: Callable[[list[list[Value]]], int] | None,
) -> int:
    grid: list[list[Value]] = [[Missing() for _ in r.columns] for r in rows]
    for b in blocks:
        if b.readings:
            _place(grid, b, rows, b.readings[0])
    bad = sum(1 for r, vs in zip(rows, grid, strict=True) if not _holds(vs, r.relations))
    return bad + (check(grid) if check is not None else 0)


def _reading_order(
    lines: Sequence[Line],
    stream: Stream,
    masks: dict[int, set[int]],
    begin: tuple[int, int],
    blocks: Sequence[_Block],
    rows: Sequence[_Row],
    chain: Sequence[Occurrence | None],
    check: Callable[[list[list[Value]]], int] | None,
) -> tuple[list[_Block], int] | None:
    """The table read as its numbers stand in reading order, one row after the other, with
    how many of its last rows were read as column blocks (0: none); or None when that
    reading is not better founded than the labelled one.

    Text extracted from a PDF column by column (pdftotext's default mode) keeps the
    numbers in table order but not beside their labels: a row's numbers come before its
    label (centred in a taller cell), labels of several rows stand together, numbers of
    several rows follow. When the table holds exactly one number per cell (prose after it
    aside) and that reading breaks no more sums than the labelled one, it is the reading.
    """
    if not lines:
        return None
    scan = _scan(lines, masks, begin, (len(lines) - 1, len(lines[-1].text)))
    # A number followed by 年/月/日 is a date (a running header: the report's title on
    # every page), never a cell.
    full = [
        t for t in scan.tokens if not t.blank and lines[t.line].text[t.end : t.end + 1] not in _DATE
    ]
    n = sum(len(r.columns) for r in rows)
    if len(full) < n:
        return None
    if len(full) > n:
        # Numbers past the table are fine in prose after it (注：…, 2024年…), nowhere else.
        last_line = full[n - 1].line
        if not all(t.line > last_line and _PROSE_MARK.search(lines[t.line].text) for t in full[n:]):
            return None
        full = full[:n]
    # Numbers on a label's own line (its baseline) belong to that label's row, as its
    # first cells, whatever stood before the label: ``-339 56 其他对外管理服务事项 339``.
    on_label: dict[int, list[_Tok]] = {}
    for i, occ in enumerate(chain):
        if occ is None:
            continue
        first_li, first_off = stream.position(occ.start)
        last_li, _ = stream.position(occ.end - 1)
        nxt = next((o for o in chain[i + 1 :] if o is not None), None)
        until = stream.position(nxt.start) if nxt is not None else (len(lines), 0)
        on_label[i] = [
            t
            for t in full
            if first_li <= t.line <= last_li and (first_li, first_off) < (t.line, t.start) < until
        ]
    owner = {id(t): i for i, toks in on_label.items() for t in toks}

    def row_block(i: int, tokens: list[_Tok]) -> _Block | None:
        if any(owner.get(id(t), i) != i for t in tokens):
            return None  # the order would take numbers away from the label they stand by
        reading = _exact_reading(tokens, rows[i].kinds)
        if any(
            isinstance(v, Missing) and t.group != MISSING_GROUP
            for v, t in zip(reading.values, tokens, strict=True)
        ):
            return None  # a number that is no value of its column: not the table's order
        return _Block([i], chain[i], list(tokens), [reading], True, "exact")

    # One row after the other, the numbers on a row's label line first.
    row_major: list[_Block | None] = []
    pos = 0
    for i, row in enumerate(rows):
        tokens = full[pos : pos + len(row.columns)]
        pos += len(row.columns)
        attached = [t for t in tokens if id(t) in owner]
        row_major.append(row_block(i, attached + [t for t in tokens if id(t) not in owner]))
    base = [b for b in row_major if b is not None]
    base_bad = _violations(base, rows, check) if len(base) == len(rows) else None
    if base_bad == 0:
        return base, 0
    # The last rows of a table (or of its last page) read as column blocks: for each
    # group of neighbouring columns, the rows top to bottom (pdftotext makes a block of
    # every column group that stands apart). Only a reading that breaks no sum is taken.
    tail = _tail_in_blocks(full, rows, row_major, row_block, check)
    if tail is not None:
        return tail
    if base_bad is None or base_bad > _violations(blocks, rows, check):
        return None
    return base, 0


_TAIL_ROWS = 8
"""How many of a table's last rows may stand in column blocks."""


def _partitions(width: int) -> list[list[range]]:
    """Every split of ``range(width)`` into two or more runs of neighbouring columns."""
    out: list[list[range]] = []
    for cuts in range(1, 2 ** (width - 1)):
        edges = [0, *(k + 1 for k in range(width - 1) if cuts >> k & 1), width]
        out.append([range(a, b) for a, b in itertools.pairwise(edges)])
    return out


def _tail_in_blocks(
    full: Sequence[_Tok],
    rows: Sequence[_Row],
    row_major: Sequence[_Block | None],
    row_block: Callable[[int, list[_Tok]], _Block | None],
    check: Callable[[list[list[Value]]], int] | None,
) -> tuple[list[_Block], int] | None:
    if check is None:
        return None  # without the column sums nothing confirms a reading of the blocks
    for k in range(2, min(_TAIL_ROWS, len(rows)) + 1):
        head = len(rows) - k
        width = len(rows[head].columns)
        if any(len(r.columns) != width for r in rows[head:]) or width > 8:
            continue
        head_blocks = [b for b in row_major[:head] if b is not None]
        if len(head_blocks) != head:
            continue
        start = sum(len(r.columns) for r in rows[:head])
        for parts in _partitions(width):
            cells: list[list[_Tok | None]] = [[None] * width for _ in range(k)]
            pos = start
            for part in parts:
                for r in range(k):
                    for c in part:
                        cells[r][c] = full[pos]
                        pos += 1
            tail: list[_Block] = []
            for r in range(k):
                block = row_block(head + r, [t for t in cells[r] if t is not None])
                if block is None or not _holds(block.readings[0].values, rows[head + r].relations):
                    break
                tail.append(block)
            else:
                candidate = head_blocks + tail
                if _violations(candidate, rows, check) == 0:
                    return candidate, k
    return None


def _cells_on_lines_of_their_own(blocks: Sequence[tuple[int, _Block]]) -> bool:
    """The table is written one cell per line with no empty line between the cells (Word
    or LibreOffice's text export), so that an empty line among them is a blank cell.

    ``blocks`` pairs each block with the line of its label."""
    gaps: list[int] = []
    for start, b in blocks:
        at = [start, *(t.line for t in b.tokens if not t.blank)]
        gaps += [c - a - 1 for a, c in itertools.pairwise(at) if a != c]
    # Numbers on one line, or empty lines everywhere (PDF text), say nothing.
    return len(gaps) >= 3 and sum(1 for g in gaps if g == 0) > 0.6 * len(gaps)


def _empty_lines_as_blanks(
    ctx: _Context, lines: Sequence[Line], block: _Block, start: int, n: int, row: KeyedEnum
) -> None:
    """Blank tokens for the empty lines among a short row's cells (from its label's line
    ``start`` on), when that makes the row whole."""
    full = [t for t in block.tokens if not t.blank]
    if not full or len(full) >= n or len({t.line for t in full}) != len(full):
        return
    out: list[_Tok] = []
    for prev, tok in zip([start, *(t.line for t in full)], full, strict=False):
        out += [
            _Tok(MISSING_GROUP, "", li, 0, 0, blank=True)
            for li in range(prev + 1, tok.line)
            if not lines[li].text.strip()
        ]
        out.append(tok)
    # Empty lines right after the label beyond what the row can hold are the label's
    # merged-over cells (一、 labels span two columns), not blank values.
    lead = next(k for k, t in enumerate(out) if not t.blank)
    out = out[min(lead, max(0, len(out) - n)) :]
    after = full[-1].line + 1
    while len(out) < n and after < len(lines) and not lines[after].text.strip():
        out.append(_Tok(MISSING_GROUP, "", after, 0, 0, blank=True))
        after += 1
    if len(out) == n:
        block.tokens = out
        ctx.note(
            codes.CELL_BLANK,
            f"{n - len(full)} empty line(s) among the row's cells read as blank cell(s)",
            "单元格之间的空行记为空白单元格",
            li=full[0].line,
            row=row,
        )


def _repair_shifts(
    ctx: _Context, blocks: list[_Block], rows: Sequence[_Row], stream: Stream
) -> None:
    """A row short of numbers followed by a row with as many too many: the numbers stood
    after the next label (a page break, a shifted cell). Move them if the sums agree."""
    for a, b in itertools.pairwise(blocks):
        na = sum(len(rows[r].columns) for r in a.rows)
        nb = sum(len(rows[r].columns) for r in b.rows)
        ta = [t for t in a.tokens if not t.blank]
        tb = [t for t in b.tokens if not t.blank]
        if not (0 < len(ta) < na and len(tb) > nb and len(ta) + len(tb) == na + nb):
            continue
        moved = na - len(ta)
        new_a = ta + tb[:moved]
        new_b = tb[moved:]
        ka, ra = _offset_relations([rows[r] for r in a.rows])
        kb, rb = _offset_relations([rows[r] for r in b.rows])
        read_a = _exact_reading(new_a, ka)
        read_b = _exact_reading(new_b, kb)
        if not (ra or rb):
            continue  # nothing to confirm the move
        if _holds(read_a.values, ra) and _holds(read_b.values, rb):
            a.tokens, b.tokens = new_a, new_b
            a.readings, a.status = [read_a], "shifted"
            b.readings, b.status = [read_b], "exact"
            ctx.note(
                codes.ROW_SHIFT_REPAIRED,
                f"{moved} number(s) after the next row's label belong to this row",
                f"下一行标签后的 {moved} 个数字属于本行",
                li=tb[0].line,
                row=rows[a.rows[0]].key,
                context=" ".join(t.text for t in tb[:moved]),
            )


def _choose_by_columns(
    blocks: list[_Block], rows: Sequence[_Row], check: Callable[[list[list[Value]]], int]
) -> None:
    """Among the readings of ambiguous rows, take the combination that breaks the fewest
    column relations (ties: the most plausible readings)."""
    ambiguous = [b for b in blocks if len(b.readings) > 1]
    if not ambiguous:
        return
    base: list[list[Value]] = [[Missing() for _ in r.columns] for r in rows]
    for b in blocks:
        if b.readings:
            _place(base, b, rows, b.readings[0])

    def score(choice: Sequence[int]) -> tuple[int, int]:
        _deadline.check()
        grid = [list(r) for r in base]
        for b, c in zip(ambiguous, choice, strict=True):
            _place(grid, b, rows, b.readings[c])
        return (check(grid), sum(choice))

    sizes = [len(b.readings) for b in ambiguous]
    total = 1
    for size in sizes:
        total *= size
    if total <= _MAX_COMBINATIONS:
        scored = [(score(c), c) for c in itertools.product(*(range(size) for size in sizes))]
        best_violations = min(sc[0] for sc, _ in scored)
        best = min(scored)[1]
        optimal = [c for sc, c in scored if sc[0] == best_violations]
        for k, b in enumerate(ambiguous):
            alts = sorted({c[k] for c in optimal})
            b.readings = [b.readings[best[k]]] + [b.readings[j] for j in alts if j != best[k]]
            b.status = "cut-by-columns" if len(b.readings) == 1 else b.status
        return
    # Too many combinations: improve one row at a time from the most plausible readings.
    choice = [0] * len(ambiguous)
    current = score(choice)
    for _ in range(3):
        improved = False
        for k in range(len(ambiguous)):
            for j in range(sizes[k]):
                trial = list(choice)
                trial[k] = j
                trial_score = score(trial)
                if trial_score < current:
                    current, choice, improved = trial_score, trial, True
        if not improved:
            break
    for k, b in enumerate(ambiguous):
        chosen = b.readings[choice[k]]
        b.readings = [chosen] + [r for j, r in enumerate(b.readings) if j != choice[k]]
        b.complete = False


def _place(grid: list[list[Value]], block: _Block, rows: Sequence[_Row], reading: _Reading) -> None:
    pos = 0
    for r in block.rows:
        size = len(rows[r].columns)
        grid[r] = list(reading.values[pos : pos + size])
        pos += size


def _fmt_reading(reading: _Reading, block: _Block, rows: Sequence[_Row]) -> str:
    parts = []
    pos = 0
    for r in block.rows:
        size = len(rows[r].columns)
        parts.append("/".join(_show(v) for v in reading.values[pos : pos + size]))
        pos += size
    return " | ".join(parts)


def _show(v: Value) -> str:
    return "—" if isinstance(v, Missing) else str(v)


def _report_block(
    ctx: _Context,
    b: _Block,
    rows: Sequence[_Row],
    stream: Stream,
    values: list[list[Value]],
    refs: list[list[_Tok | None]],
    texts: list[list[str]],
) -> None:
    anchor_li = stream.position(b.anchor.start)[0] if b.anchor is not None else None
    first_row = rows[b.rows[0]].key
    raw = " ".join(t.text for t in b.tokens if not t.blank)
    n = sum(len(rows[r].columns) for r in b.rows)
    li = b.tokens[0].line if b.tokens else anchor_li
    reading: _Reading | None = b.readings[0] if b.readings else None

    if b.status in ("cut", "joined", "cut-by-columns") and reading is not None:
        if len(b.readings) == 1 and b.complete:
            code = codes.DIGITS_JOINED if b.status == "joined" else codes.DIGITS_SPLIT
            has_sums = any(rows[r].relations for r in b.rows)
            how = (
                "the column sums decide"
                if b.status == "cut-by-columns"
                else "the row sums decide"
                if has_sums
                else "the only valid reading"
            )
            ctx.note(
                code,
                f"read {raw!r} as {_fmt_reading(reading, b, rows)} ({how})",
                f"将“{raw}”读作 {_fmt_reading(reading, b, rows)}",
                li=li,
                row=first_row,
                actual=_fmt_reading(reading, b, rows),
                context=raw,
            )
        else:
            alts = [_fmt_reading(r, b, rows) for r in b.readings[1:9]]
            more = "" if b.complete else " (search bounded: there may be more)"
            ctx.note(
                codes.DIGITS_AMBIGUOUS,
                f"{raw!r} can be read in several ways; took {_fmt_reading(reading, b, rows)}{more}",
                f"“{raw}”有多种读法，取 {_fmt_reading(reading, b, rows)}",
                li=li,
                row=first_row,
                expected=_fmt_reading(reading, b, rows),
                actual=alts,
                context=raw,
            )
    elif b.status == "undecodable":
        ctx.note(
            codes.DIGITS_UNDECODABLE,
            f"no reading of {raw!r} gives the row's cells and sums"
            + ("" if b.complete else " (search bounded)"),
            f"“{raw}”无法拆分为本行单元格",
            li=li,
            row=first_row,
            context=raw,
        )
        reading = _Reading(
            tuple(Missing(raw) for _ in range(n)), tuple([None] * n), tuple([""] * n)
        )
    elif b.status == "blanks-placed" and reading is not None:
        found = sum(1 for t in reading.refs if t is not None and not t.blank)
        shown = _fmt_reading(reading, b, rows)
        if len(b.readings) == 1:
            ctx.note(
                codes.BLANKS_PLACED,
                f"{found} number(s) for {n} cell(s): the blank cell(s) placed where the "
                f"row's sums hold: {shown}",
                f"本行 {n} 个单元格只有 {found} 个数字，按本行合计确定空白单元格位置",
                li=li,
                row=first_row,
                actual=shown,
                context=raw,
            )
        else:
            ctx.note(
                codes.ROW_SHORT,
                f"{found} number(s) for {n} cell(s), and the sums allow the blank cell(s) in "
                f"several places: took {shown}",
                f"本行应有 {n} 个数字，只找到 {found} 个，空白单元格位置不唯一",
                li=li,
                row=first_row,
                expected=shown,
                actual=[_fmt_reading(r, b, rows) for r in b.readings[1:9]],
                context=raw,
            )
    elif b.status == "short":
        kinds, _ = _offset_relations([rows[r] for r in b.rows])
        toks = list(b.tokens) if b.tokens else []
        toks = [t for t in toks if not t.blank] if len(toks) > n else toks
        got = _exact_reading(toks[:n], kinds[: len(toks[:n])])
        pad = n - len(got.values)
        reading = _Reading(
            (*got.values, *(Missing() for _ in range(pad))),
            (*got.refs, *([None] * pad)),
            (*got.texts, *([""] * pad)),
        )
        ctx.note(
            codes.ROW_SHORT,
            f"{len(got.values)} number(s) for {n} cell(s): the last {pad} are missing",
            f"本行应有 {n} 个数字，只找到 {len(got.values)} 个",
            li=li,
            row=first_row,
            expected=n,
            actual=len(got.values),
            context=raw,
        )
    elif b.status == "extra" and reading is not None:
        extra = [t for t in b.tokens if not t.blank][n:]
        ctx.note(
            codes.UNPLACED_NUMBERS,
            f"{len(extra)} number(s) after the row's cells could not be placed",
            f"本行多出 {len(extra)} 个数字，无法归入单元格",
            li=extra[0].line if extra else li,
            row=first_row,
            actual=" ".join(t.text for t in extra),
            context=" ".join(t.text for t in extra),
        )
    elif b.status == "none":
        reading = None

    if reading is None:
        for r in b.rows:
            ctx.note(
                codes.ROW_NOT_FOUND,
                "no numbers found for this row",
                "未找到本行数字",
                li=anchor_li,
                row=rows[r].key,
            )
        return
    if len(b.rows) > 1 and b.anchor is not None and b.anchor.row >= 0:
        pos = len(rows[b.rows[0]].columns)
        for r in b.rows[1:]:
            size = len(rows[r].columns)
            if all(ref is None for ref in reading.refs[pos : pos + size]):
                ctx.note(
                    codes.ROW_NOT_FOUND,
                    "row label not found and no numbers left for it",
                    "未找到行标签，也没有可归入本行的数字",
                    li=li,
                    row=rows[r].key,
                )
            else:
                ctx.note(
                    codes.ROW_POSITIONAL,
                    "row label not found; numbers assigned by position between its neighbours",
                    "未找到行标签，按位置归入本行",
                    li=li,
                    row=rows[r].key,
                )
            pos += size
    pos = 0
    for r in b.rows:
        row = rows[r]
        for c, column in enumerate(row.columns):
            v = reading.values[pos]
            tok = reading.refs[pos]
            values[r][c] = v
            refs[r][c] = tok
            texts[r][c] = reading.texts[pos] if pos < len(reading.texts) else ""
            if tok is not None and tok.unit == "元" and isinstance(v, Decimal):
                ctx.note(
                    codes.AMOUNT_UNIT_CONVERTED,
                    f"{tok.text} is in 元: read as {v} 万元",
                    f"{tok.text} 单位为元，折算为 {v} 万元",
                    li=tok.line,
                    row=row.key,
                    column=column,
                    actual=v,
                    context=tok.text,
                )
            if isinstance(v, Missing):
                if tok is not None and tok.group != MISSING_GROUP and v.raw:
                    ctx.note(
                        codes.CELL_UNREADABLE,
                        f"{v.raw!r} is not a {getattr(column, 'kind', ValueKind.COUNT).value}",
                        f"“{v.raw}”不是有效数字",
                        li=tok.line,
                        row=row.key,
                        column=column,
                        context=v.raw,
                    )
                elif tok is not None:
                    ctx.note(
                        codes.CELL_BLANK,
                        "blank cell read as missing" + (f" ({v.raw!r})" if v.raw else ""),
                        "空白单元格，记为缺失",
                        li=tok.line,
                        row=row.key,
                        column=column,
                        context=v.raw or None,
                    )
            pos += 1


def _sources(
    lines: Sequence[Line], refs: Sequence[Sequence[_Tok | None]], texts: Sequence[Sequence[str]]
) -> tuple[SourceRef | None, ...]:
    out: list[SourceRef | None] = []
    for row_refs, row_texts in zip(refs, texts, strict=True):
        for tok, text in zip(row_refs, row_texts, strict=True):
            if tok is None:
                out.append(None)
            else:
                line = lines[tok.line]
                out.append(SourceRef(line=line.number, page=line.page, text=text or tok.text))
    return tuple(out)


def _flatten(values: Sequence[Sequence[Value]]) -> tuple[Value, ...]:
    # A number its column cannot hold (-5 or 1.5 as a count, a run of digits no reading
    # cuts into cells) is no missing cell's text: its finding and its source keep it.
    return tuple(
        Missing() if isinstance(v, Missing) and reads_as_number(v.raw) else v
        for row in values
        for v in row
    )


def _layout_rows(
    layout: TableLayout,
    rank_of: Callable[[KeyedEnum], Callable[..., tuple[float, ...]] | None] | None = None,
    relations_of: Callable[[KeyedEnum], tuple[Relation, ...]] | None = None,
) -> list[_Row]:
    return [
        _Row(
            r,
            cols,
            relations_of(r) if relations_of else (),
            rank_of(r) if rank_of else None,
        )
        for r, cols in zip(layout.rows, layout.row_columns, strict=True)
    ]


def _not_found(ctx: _Context, what: str) -> None:
    ctx.note(
        codes.TABLE_NOT_FOUND,
        f"{what}: no row label found",
        "未找到表格",
    )


# --- table 二 ------------------------------------------------------------------------------


def _even_rank(values: tuple[int | Decimal | None, ...]) -> tuple[float, ...]:
    """Rows with no relation and no order between cells: the most even digit lengths."""
    nums = [abs(float(v)) for v in values if v is not None]
    if not nums:
        return (0.0, 0.0, 0.0)
    longest = max(len(str(int(v))) for v in nums)
    return (0.0, float(longest), sum(nums))


def _active_rank(row: KeyedEnum) -> Callable[..., tuple[float, ...]]:
    # Documents rows end with the count in force / disclosed in total, which is not
    # below this year's figures; other rows have no such order.
    if row.key in ("regulations", "normative_documents"):
        return balanced_rank
    return _even_rank


def read_active(lines: Sequence[Line], fmt: ReportFormat) -> TableRead[ActiveTable]:
    """Read table 二 (主动公开政府信息情况) in format ``fmt`` from a section's lines."""
    ctx = _Context(TableKey.ACTIVE, lines)
    layout = active_layout(fmt)
    rows = _layout_rows(layout, rank_of=_active_rank)
    # The column headers open the table too, where 第二十条 and 信息内容 were lost.
    headers = tuple(fold(c.label).split("(")[0] for c in layout.columns)
    result = _read_rows(ctx, rows, header_keys=("第二十条", "信息内容", *headers))
    if not result.found:
        _not_found(ctx, "table 二")
        return TableRead(ActiveTable.empty(fmt), tuple(ctx.findings), None, False)
    table = ActiveTable(
        fmt,
        _flatten(result.values),
        sources=_sources(lines, result.refs, result.texts),
    )
    return TableRead(table, tuple(ctx.findings), result.span, True)


# --- table 三 ------------------------------------------------------------------------------


def _applications_relations(subtotal: bool) -> tuple[Relation, ...]:
    if subtotal:
        # The third follows from the first two, but holds on its own when a part is blank.
        return (((1, 2, 3, 4, 5), 6), ((0, 1, 2, 3, 4, 5), 7), ((0, 6), 7))
    return (((0, 1, 2, 3, 4, 5), 6),)


def _column_violations(rows: Sequence[_Row]) -> Callable[[list[list[Value]]], int]:
    index = {r.key: i for i, r in enumerate(rows)}
    outcome = [
        i for i, r in enumerate(rows) if isinstance(r.key, ApplicationsRow) and r.key.is_outcome
    ]
    new = index.get(ApplicationsRow.NEW_REQUESTS)
    over = index.get(ApplicationsRow.CARRIED_OVER)
    done = index.get(ApplicationsRow.TOTAL_PROCESSED)
    fwd = index.get(ApplicationsRow.CARRIED_FORWARD)
    width = len(rows[0].columns) if rows else 0

    def check(grid: list[list[Value]]) -> int:
        bad = 0
        for c in range(width):
            if None not in (new, over, done, fwd):
                vals = [grid[i][c] for i in (new, over, done, fwd)]  # type: ignore[index]
                if all(isinstance(v, int) for v in vals):
                    a, b, p, f = vals
                    bad += a + b != p + f  # type: ignore[operator]
            if done is not None:
                parts = [grid[i][c] for i in outcome]
                tv = grid[done][c]
                if isinstance(tv, int) and all(isinstance(v, int) for v in parts):
                    bad += sum(parts) != tv  # type: ignore[arg-type]
        return bad

    return check


def _has_subtotal(stream: Stream) -> bool:
    first = stream.text.find(fold(ApplicationsRow.NEW_REQUESTS.label)[2:8])
    head = stream.text[: first if first >= 0 else _HEADER_REACH * 2]
    return "小计" in head


def read_applications(lines: Sequence[Line], fmt: ReportFormat) -> TableRead[ApplicationsTable]:
    """Read table 三 (收到和处理政府信息公开申请情况) in format ``fmt``.

    The optional 8th column 法人或其他组织小计 is recognised by its header, or by rows of
    eight numbers whose sums fit it.
    """
    ctx = _Context(TableKey.APPLICATIONS, lines)
    stream = Stream.of(lines)
    subtotal = _has_subtotal(stream)
    result, rows = _read_applications(ctx, stream, fmt, subtotal)
    if result.found and not subtotal and result.overfull * 2 >= len(rows):
        # Most rows carry eight numbers: the 小计 column is there, its header lost.
        probe_ctx = _Context(TableKey.APPLICATIONS, lines)
        probe, probe_rows = _read_applications(probe_ctx, stream, fmt, True)
        if _complete_rows(probe) > _complete_rows(result):
            ctx, result, rows, subtotal = probe_ctx, probe, probe_rows, True
    if not result.found:
        _not_found(ctx, "table 三")
        return TableRead(
            ApplicationsTable.empty(fmt, subtotal=subtotal), tuple(ctx.findings), None, False
        )
    if subtotal:
        ctx.note(codes.SUBTOTAL_COLUMN, "table has the 小计 column", "表格含“小计”列")
    table = ApplicationsTable(
        fmt,
        _flatten(result.values),
        subtotal,
        sources=_sources(lines, result.refs, result.texts),
    )
    return TableRead(table, tuple(ctx.findings), result.span, True)


def _read_applications(
    ctx: _Context, stream: Stream, fmt: ReportFormat, subtotal: bool
) -> tuple[_RowsResult, list[_Row]]:
    layout = applications_layout(fmt, subtotal)
    rel = _applications_relations(subtotal)
    rows = _layout_rows(layout, relations_of=lambda _r: rel)
    result = _read_rows(
        ctx,
        rows,
        header_keys=("本列数据", "勾稽关系", "申请人情况"),
        column_check=_column_violations(rows),
        min_anchors=3,
        stream=stream,
    )
    return result, rows


# --- table 四 ------------------------------------------------------------------------------

_APPEALS_HEAD = ("行政诉讼", "维持", "纠正", "审结", "总计", "复议后起诉", "直接起诉")


def read_appeals(lines: Sequence[Line]) -> TableRead[AppealsTable]:
    """Read table 四 (行政复议、行政诉讼): fifteen numbers after its header, in the order
    review, direct litigation, litigation after review."""
    ctx = _Context(TableKey.APPEALS, lines)
    stream = Stream.of(lines)
    text = stream.text
    review = fold(AppealsRow.ADMINISTRATIVE_REVIEW.label)
    anchor = -1
    i = text.find(review)
    while i >= 0:
        window = text[i : i + 160]
        if sum(1 for k in _APPEALS_HEAD if k in window) >= 2:
            anchor = i
            break
        i = text.find(review, i + 1)
    if anchor < 0:
        _not_found(ctx, "table 四")
        return TableRead(AppealsTable.empty(), tuple(ctx.findings), None, False)
    # Words of the header (the data begin after the last of them).
    head_keys = (
        review,
        *(fold(r.label) for r in AppealsRow),
        *(fold(g) for r in AppealsRow for g in r.groups),
        *(fold(c.label) for c in AppealsColumn),
        "结果",
        "维持",
        "纠正",
        "其他",
        "尚未",
        "审结",
        "总计",
    )
    rows = [_Row(r, tuple(AppealsColumn), (((0, 1, 2, 3), 4),), None) for r in AppealsRow]
    # The header holds no digits: the data begin after the last header word before the
    # first digit (however many lines a vertical header took; a marker such as 无 may
    # stand in the first cells).
    data = regex.compile(r"\d").search(text, anchor + len(review))
    if data is None:
        _not_found(ctx, "table 四")
        return TableRead(AppealsTable.empty(), tuple(ctx.findings), None, False)
    lo = anchor + len(review)
    for key in head_keys:
        j = text.rfind(key, lo, data.start())
        if j >= 0:
            lo = max(lo, j + len(key))
    li_end, off_end = stream.position(lo - 1)
    begin = (li_end, off_end + 1)
    scan = _scan(
        lines,
        {},
        begin,
        None,
        need=15,
        continues=lambda head: head.startswith(head_keys),
    )
    # row -1: the header anchors all three groups (no per-row labels to report).
    block = _Block([0, 1, 2], Occurrence(-1, anchor, anchor + len(review), 0, review), scan.tokens)
    if _cells_on_lines_of_their_own([(li_end, block)]):
        _empty_lines_as_blanks(ctx, lines, block, li_end, 15, AppealsRow.ADMINISTRATIVE_REVIEW)
    budget = [_TABLE_NODE_BUDGET]
    _read_block(block, rows, budget)
    values: list[list[Value]] = [[Missing() for _ in AppealsColumn] for _ in AppealsRow]
    refs: list[list[_Tok | None]] = [[None] * 5 for _ in AppealsRow]
    texts: list[list[str]] = [[""] * 5 for _ in AppealsRow]
    _report_block(ctx, block, rows, stream, values, refs, texts)
    s_line, s_off = stream.position(anchor)
    if scan.tokens:
        last = max((t.line, t.end) for t in scan.tokens)
    else:
        e = stream.position(anchor + len(review) - 1)
        last = (e[0], e[1] + 1)
    table = AppealsTable(_flatten(values), sources=_sources(lines, refs, texts))
    found = bool(scan.tokens)
    if not found:
        _not_found(ctx, "table 四")
    return TableRead(table, tuple(ctx.findings), (s_line, s_off, *last) if found else None, found)


# --- format ---------------------------------------------------------------------------------

_EVIDENCE_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购总金额",
    "第二十条第(九)项",
)
_EVIDENCE_2021 = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "逾期不补正",
    "逾期未按收费通知",
    "不再处理其政府信息公开申请",
)


def detect_format(
    active_lines: Sequence[Line], applications_lines: Sequence[Line]
) -> ReportFormat | None:
    """The report format the tables follow, from the labels they carry; None if neither
    table says."""
    text = Stream.of(active_lines).text + Stream.of(applications_lines).text
    old = sum(1 for k in _EVIDENCE_2019 if k in text)
    new = sum(1 for k in _EVIDENCE_2021 if k in text)
    if old > new:
        return ReportFormat.F2019
    if new > old:
        return ReportFormat.F2021
    return None
