"""Recovery steps: readings of a table whose numbers do not stand one per cell after
their row labels (a shifted row, cells on lines of their own, numbers in reading order,
ambiguous rows that the column sums decide).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import regex

from ... import _deadline, codes
from ...document import Line
from ...model.keys import KeyedEnum
from ...model.tables import Missing, Value
from .._digits import MISSING_GROUP
from .._labels import Occurrence, Stream
from ._orders import OrderResult, solve_order
from ._readings import (
    _Block,
    _exact_reading,
    _place,
    _Reading,
    _Status,
)
from ._report import _Context
from ._shape import ColumnEquation, _holds, _offset_relations, _Row
from ._tokens import _scan, _Tok

_MAX_COMBINATIONS = 4_096
"""Combinations of ambiguous rows tried exhaustively against the column sums."""


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
) -> tuple[list[_Block], int, list[list[_Block]]] | None:
    """The table read as its numbers stand in reading order, one row after the other, with
    how many of its last rows were read as column blocks (0: none) and the other readings
    of those rows that keep every sum as well; or None when that reading is not better
    founded than the labelled one.

    Text extracted from a PDF column by column (pdftotext's default mode) keeps the
    numbers in table order but not beside their labels: a row's numbers come before its
    label (centred in a taller cell), labels of several rows stand together, numbers of
    several rows follow. When the table holds exactly one number per cell (prose after it
    aside) and that reading breaks no more sums than the labelled one, it is the reading.
    """
    full = _numbers_in_order(lines, masks, begin, sum(len(r.columns) for r in rows))
    if full is None:
        return None
    owner = _label_owners(lines, stream, chain, full)

    def row_block(i: int, tokens: list[_Tok]) -> _Block | None:
        if any(owner.get(id(t), i) != i for t in tokens):
            return None  # the order would take numbers away from the label they stand by
        reading = _exact_reading(tokens, rows[i].kinds)
        if any(
            isinstance(v, Missing) and t.group != MISSING_GROUP
            for v, t in zip(reading.values, tokens, strict=True)
        ):
            return None  # a number that is no value of its column: not the table's order
        return _Block([i], chain[i], list(tokens), [reading], True, _Status.EXACT)

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
        return base, 0, []
    # The last rows of a table (or of its last page) read as column blocks: for each
    # group of neighbouring columns, the rows top to bottom (pdftotext makes a block of
    # every column group that stands apart). Only a reading that breaks no sum is taken.
    tail = _tail_in_blocks(full, rows, row_major, row_block, check)
    if tail is not None:
        return tail
    if base_bad is None or base_bad > _violations(blocks, rows, check):
        return None
    return base, 0, []


def _numbers_in_order(
    lines: Sequence[Line], masks: dict[int, set[int]], begin: tuple[int, int], n: int
) -> list[_Tok] | None:
    """The ``n`` numbers of the table from ``begin`` on, in reading order; None when there
    are fewer, or more that are not in prose after the table."""
    if not lines:
        return None
    scan = _scan(lines, masks, begin, (len(lines) - 1, len(lines[-1].text)))
    # A number followed by 年/月/日 is a date (a running header: the report's title on
    # every page), never a cell.
    full = [
        t for t in scan.tokens if not t.blank and lines[t.line].text[t.end : t.end + 1] not in _DATE
    ]
    if len(full) < n:
        return None
    if len(full) > n:
        # Numbers past the table are fine in prose after it (注：…, 2024年…), nowhere else.
        last_line = full[n - 1].line
        if not all(t.line > last_line and _PROSE_MARK.search(lines[t.line].text) for t in full[n:]):
            return None
        full = full[:n]
    return full


def _label_owners(
    lines: Sequence[Line],
    stream: Stream,
    chain: Sequence[Occurrence | None],
    full: Sequence[_Tok],
) -> dict[int, int]:
    """The row owning each number (by ``id``) that stands on a label's own line.

    Numbers on a label's own line (its baseline) belong to that label's row, as its
    first cells, whatever stood before the label: ``-339 56 其他对外管理服务事项 339``."""
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
    return {id(t): i for i, toks in on_label.items() for t in toks}


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
) -> tuple[list[_Block], int, list[list[_Block]]] | None:
    """The table with its fewest last rows read as column blocks that keep every sum, how
    many rows that is, and the other readings of the blocks (of any number of last rows)
    that keep every sum too: several orders of the blocks may."""
    if check is None:
        return None  # without the column sums nothing confirms a reading of the blocks
    found: list[tuple[list[_Block], int]] = []
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
            tail = _tail_reading(full, rows, row_block, head, start, parts)
            if tail is None:
                continue
            candidate = head_blocks + tail
            if _violations(candidate, rows, check) == 0 and not any(
                _same_values(candidate, other) for other, _k in found
            ):
                found.append((candidate, k))
    if not found:
        return None
    (taken, k), others = found[0], [c for c, _k in found[1:9]]
    return taken, k, [_differing(c, taken) for c in others]


def _differing(blocks: Sequence[_Block], against: Sequence[_Block]) -> list[_Block]:
    """The blocks of a reading whose values differ from those of ``against`` (the rows
    it reads otherwise)."""
    return [
        b
        for b, a in zip(blocks, against, strict=True)
        if b.readings[0].values != a.readings[0].values
    ]


def _tail_reading(
    full: Sequence[_Tok],
    rows: Sequence[_Row],
    row_block: Callable[[int, list[_Tok]], _Block | None],
    head: int,
    start: int,
    parts: Sequence[range],
) -> list[_Block] | None:
    """The rows from ``head`` on read as one block per run of columns in ``parts``, each
    run the rows top to bottom; None when a row does not hold its own sums."""
    k = len(rows) - head
    width = len(rows[head].columns)
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
            return None
        tail.append(block)
    return tail


def _same_values(a: Sequence[_Block], b: Sequence[_Block]) -> bool:
    return [x.readings[0].values for x in a] == [y.readings[0].values for y in b]


def show_rows(blocks: Sequence[_Block], rows: Sequence[_Row]) -> str:
    return " | ".join(
        f"{rows[b.rows[0]].key.label}: " + "/".join(str(v) for v in b.readings[0].values)
        for b in blocks
    )


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
            a.readings, a.status = [read_a], _Status.SHIFTED
            b.readings, b.status = [read_b], _Status.EXACT
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
            b.status = _Status.CUT_BY_COLUMNS if len(b.readings) == 1 else b.status
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


def _in_bands(
    lines: Sequence[Line],
    stream: Stream,
    masks: dict[int, set[int]],
    begin: tuple[int, int],
    rows: Sequence[_Row],
    chain: Sequence[Occurrence | None],
    equations: Sequence[ColumnEquation],
    check: Callable[[list[list[Value]]], int] | None,
) -> tuple[list[_Block], OrderResult] | None:
    """The table read as pdftotext's default mode writes it: its numbers in column blocks
    per band of rows (see :mod:`._orders`), the cheapest reading that keeps every sum,
    with the search's result (its rivals); None when no reading keeps them, or the text
    is not such text (cells apart, tab or pipe separated), or the table has no column
    sums to confirm a reading by (table 二: any order of its numbers would do)."""
    if check is None or not equations or not lines:
        return None
    scan = _scan(lines, masks, begin, (len(lines) - 1, len(lines[-1].text)))
    # Each line looked at once (a long line holds thousands of tokens).
    prose = {li for li in {t.line for t in scan.tokens} if _PROSE_MARK.search(lines[li].text)}
    tokens = [
        t
        for t in scan.tokens
        if not t.blank
        and lines[t.line].text[t.end : t.end + 1] not in _DATE
        and t.line not in prose
    ]
    if not tokens or any(t.col is not None for t in tokens):
        return None
    cells = sum(len(r.columns) for r in rows)
    paragraph = _paragraphs(lines)
    if len(tokens) > cells:
        # Numbers of what follows on the page (the next table, written beside this one's
        # last blocks): the table ends at the last paragraph that leaves none over.
        ends = [
            k
            for k in range(1, cells + 1)
            if paragraph[tokens[k - 1].line] != paragraph[tokens[k].line]
        ]
        tokens = tokens[: ends[-1]] if ends else []
    if not cells // 2 <= len(tokens) <= cells:
        return None  # too few numbers for a table written out
    labels = [
        (i, stream.position(o.start), stream.position(o.end - 1))
        for i, o in enumerate(chain)
        if o is not None
    ]
    last_label = max(end for _i, _s, end in labels)
    around: list[tuple[int, int]] = []
    loose: list[bool] = []
    label_lines = {li for _i, s, e in labels for li in range(s[0], e[0] + 1)}
    for t in tokens:
        at = (t.line, t.start)
        before = [i for i, _s, end in labels if end < at]
        after = [i for i, start, _e in labels if start > at]
        around.append((max(before, default=-1), min(after, default=len(rows))))
        loose.append(
            at > last_label or any(li in label_lines for li in (t.line - 1, t.line, t.line + 1))
        )
    result = solve_order(
        rows,
        check,
        tokens,
        [paragraph[t.line] for t in tokens],
        # No number is held to the label it stands by: in a PDF's text a row's numbers
        # stand centred beside a taller neighbour's label as often as beside their own
        # (the cost of a number standing far from its row's label still counts).
        [None] * len(tokens),
        around,
        loose,
        equations,
    )
    taken = result.taken
    if taken is None:
        return None
    blocks: list[_Block] = []
    for i, (row_cells, values) in enumerate(zip(taken.cells, taken.values, strict=True)):
        refs = tuple(tokens[c] if c >= 0 else None for c in row_cells)
        texts = tuple(tokens[c].text if c >= 0 else "" for c in row_cells)
        reading = _Reading(values, refs, texts)
        used = [tokens[c] for c in row_cells if c >= 0]
        blocks.append(_Block([i], chain[i], used, [reading], True, _Status.EXACT))
    return blocks, result


def _paragraphs(lines: Sequence[Line]) -> list[int]:
    """The paragraph of each line: lines with no empty line (nor page break) between them."""
    out: list[int] = []
    k = 0
    page = lines[0].page if lines else None
    for line in lines:
        if not line.text.strip() or line.page != page:
            k += 1
            page = line.page
        out.append(k)
    return out
