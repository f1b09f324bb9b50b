"""The generic row-table reader: anchor each row on its label, read the numbers after
it, recover what the layout broke, and report every block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import regex

from ... import _deadline, codes
from ..._fold import fold
from ...document import Line
from ...findings import Severity
from ...model.keys import KeyedEnum
from ...model.tables import Missing, Value
from .._labels import (
    LabelSpec,
    Occurrence,
    Stream,
    choose_chain,
    find_occurrences,
    label_specs,
)
from ._orders import OrderResult
from ._readings import _TABLE_NODE_BUDGET, _Block, _read_block, _Status
from ._recovery import (
    _cells_on_lines_of_their_own,
    _choose_by_columns,
    _empty_lines_as_blanks,
    _in_bands,
    _reading_order,
    _repair_shifts,
    show_rows,
)
from ._report import _Cells, _Context, _report_block
from ._shape import ColumnEquation, _Row
from ._tokens import (
    _CELL_SEP,
    _NUMBERS_ONLY,
    Span,
    _scan,
    _skip_line,
    _Tok,
)

_HEADER_REACH = 400
"""How far (folded characters) before the first row a table header is looked for."""


@attrs.define
class _RowsResult:
    cells: _Cells
    span: Span | None
    found: bool
    overfull: int = 0
    """Rows read with exactly one number too many."""
    filled: int = 0
    """Rows read with a number in them (a template may leave whole rows blank)."""


def _complete_rows(result: _RowsResult) -> int:
    return sum(1 for vs in result.cells.values if not any(isinstance(v, Missing) for v in vs))


_GROUP_NUMBERING = regex.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+,)")


def _masks(
    stream: Stream, occurrences: Sequence[Sequence[Occurrence]], rows: Sequence[_Row]
) -> dict[int, set[int]]:
    """Characters of every label found (chosen or not), of the group labels and of the
    column headers: labels are not data, their numbering (``5.``) is not a number, the 无
    of (四)无法提供 is not a missing marker, nor the / of 本年增/减 when the header wraps
    (本 年 增 / 减)."""
    masks: dict[int, set[int]] = {}

    def mask(start: int, end: int) -> None:
        for k in range(start, end):
            masks.setdefault(stream.line_of[k], set()).add(stream.offset_of[k])

    for row in occurrences:
        for o in row:
            mask(o.start, o.end)
    groups = {fold(g) for r in rows for g in r.key.groups}
    headers = {fold(c.label) for r in rows for c in r.columns}
    keys = groups | headers | {_GROUP_NUMBERING.sub("", g) for g in groups}
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


@attrs.frozen
class _Labels:
    """The row labels found in a table's text."""

    specs: list[LabelSpec]
    chain: list[Occurrence | None]
    """The label taken for each row (None: not found)."""
    anchored: list[int]
    """The rows whose label was found, in order."""
    masks: dict[int, set[int]]
    """Characters that are labels, not data (see :func:`_masks`)."""

    @property
    def first(self) -> Occurrence:
        first = self.chain[self.anchored[0]]
        assert first is not None
        return first

    @property
    def last(self) -> Occurrence:
        last = self.chain[self.anchored[-1]]
        assert last is not None
        return last


def _find_labels(stream: Stream, rows: Sequence[_Row], min_anchors: int) -> _Labels | None:
    """The labels of ``rows`` in ``stream``; None when fewer than ``min_anchors`` are found."""
    specs = list(label_specs(tuple(r.key for r in rows)))
    occurrences = find_occurrences(stream.text, specs)
    chain = choose_chain(occurrences)
    anchored = [i for i, o in enumerate(chain) if o is not None]
    if len(anchored) < min(min_anchors, len(rows)):
        return None
    return _Labels(specs, list(chain), anchored, _masks(stream, occurrences, rows))


def _note_repaired_labels(
    ctx: _Context, stream: Stream, rows: Sequence[_Row], labels: _Labels
) -> None:
    for i in labels.anchored:
        o = labels.chain[i]
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


def _blocks_after_labels(
    lines: Sequence[Line], stream: Stream, rows: Sequence[_Row], labels: _Labels
) -> list[_Block]:
    """Each anchored row with the unanchored rows that follow it, and the tokens from its
    label to the next label (the last block: until the table ends)."""
    chain, anchored, masks = labels.chain, labels.anchored, labels.masks
    blocks: list[_Block] = []
    label_keys = _label_keys(labels.specs)
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
    return blocks


def _repair_blocks(
    ctx: _Context, stream: Stream, rows: Sequence[_Row], blocks: list[_Block]
) -> None:
    """Before reading: empty lines among cells on lines of their own, shifted numbers."""
    starts = [(stream.position(b.anchor.end - 1)[0], b) for b in blocks if b.anchor is not None]
    if _cells_on_lines_of_their_own(starts):
        for start, b in starts:
            n = sum(len(rows[r].columns) for r in b.rows)
            _empty_lines_as_blanks(ctx, ctx.lines, b, start, n, rows[b.rows[0]].key)
    _repair_shifts(ctx, blocks, rows, stream)


@attrs.frozen
class _FirstCells:
    """Where complete rows of a tab/pipe table put their first cell relative to their
    label: rows with empty cells are read at the same place. Rows numbered alike span
    alike (一、 labels take two columns, 1. labels one), even when a row shifted left."""

    label_cols: dict[int, int | None]
    """The column of each block's label (by block index)."""
    by_kind: dict[str, list[int]]
    """Offsets of the first cell from the label, of complete rows, by numbering kind."""
    common: int | None
    """The commonest offset of all complete rows."""

    @classmethod
    def of(
        cls, lines: Sequence[Line], stream: Stream, rows: Sequence[_Row], blocks: list[_Block]
    ) -> _FirstCells:
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
        return cls(label_cols, by_kind, common)

    def column(self, k: int, block: _Block, rows: Sequence[_Row]) -> int | None:
        """Where the first cell of block ``k`` stands, if the complete rows say."""
        lc = self.label_cols.get(k)
        at = None
        if lc is not None and len(block.rows) == 1:
            same = self.by_kind.get(_numbering_kind(rows[block.rows[0]].key))
            offset = max(set(same), key=same.count) if same else self.common
            at = lc + offset if offset is not None else None
        return at


def _read_blocks(
    lines: Sequence[Line], stream: Stream, rows: Sequence[_Row], blocks: list[_Block]
) -> None:
    """Read every block not read yet, its empty cells where the complete rows put theirs."""
    first_cells = _FirstCells.of(lines, stream, rows, blocks)
    budget = [_TABLE_NODE_BUDGET]
    for k, b in enumerate(blocks):
        _deadline.check()
        if b.status is _Status.NONE or not b.readings:
            _read_block(b, rows, budget, first_cells.column(k, b, rows))


def _note_reading_order(
    ctx: _Context,
    blocks: Sequence[_Block],
    tail: int,
    others: Sequence[Sequence[_Block]],
    rows: Sequence[_Row],
) -> None:
    """Say the table was read in table order; where several orders of its last rows keep
    every sum, say which rows each other order reads otherwise (a warning), and mark the
    cells so read as uncertain."""
    how = f", its last {tail} rows as column blocks" if tail else ""
    ctx.note(
        codes.ROWS_IN_READING_ORDER,
        f"numbers and row labels stand apart: the table's numbers were read in table order{how}",
        "数字与行标签错位，按表格顺序读取全部数字"
        + (f"（末 {tail} 行按列块读取）" if tail else ""),
        li=blocks[0].tokens[0].line,
    )
    if others:
        doubted = sorted({b.rows[0] for other in others for b in other})
        taken = [b for b in blocks if b.rows[0] in doubted]
        alternatives = [show_rows(other, rows) for other in others]
        shown = show_rows(taken, rows)
        ctx.note(
            codes.ROWS_ORDER_AMBIGUOUS,
            f"the last rows stand in column blocks that {len(others) + 1} orders read "
            f"keeping every sum: took {shown}",
            f"末几行按列块读取有 {len(others) + 1} 种读法均符合勾稽关系，取第一种",
            li=taken[0].tokens[0].line if taken[0].tokens else None,
            reading=shown,
            alternatives=alternatives,
        )
        for b in taken:
            b.doubt = f"{codes.ROWS_ORDER_AMBIGUOUS.code}: also {'; '.join(alternatives)}"
    for b in blocks:
        b.doubt = b.doubt or codes.ROWS_IN_READING_ORDER.code


def _numbers_astray(blocks: Sequence[_Block]) -> bool:
    """The labelled reading leaves a row without numbers, or numbers over or unreadable
    (a row merely short of cells is a row with blanks, not numbers astray)."""
    return any(b.status in (_Status.NONE, _Status.EXTRA, _Status.UNDECODABLE) for b in blocks)


def _note_bands(
    ctx: _Context, blocks: Sequence[_Block], result: OrderResult, rows: Sequence[_Row]
) -> None:
    """Say the table was read in column blocks by bands of rows; where other readings keep
    every sum too, say which rows each reads otherwise (a warning). Every cell so read is
    uncertain: the order was inferred."""
    first = next((t.line for b in blocks for t in b.tokens), None)
    # A warning, not the info of a reading in table order: the order is a search's guess,
    # and a cell may hold its neighbour's number with every sum still kept.
    ctx.note(
        codes.ROWS_IN_READING_ORDER,
        "numbers and row labels stand apart: the table's numbers were read as column "
        "blocks by bands of rows (the order that keeps every sum at the least cost); "
        "its cells are a guess the sums allow",
        "数字与行标签错位，按行带中的列块读取全部数字（取符合勾稽关系且代价最小的读法）；"
        "各单元格数值系推断，仅保证勾稽关系成立",
        li=first,
        severity=Severity.WARNING,
    )
    doubt = codes.ROWS_IN_READING_ORDER.code
    rivals = result.readings[1:]
    if rivals or not result.complete:
        taken = result.readings[0]
        doubted = sorted(
            {
                i
                for other in rivals
                for i, (a, b) in enumerate(zip(other.values, taken.values, strict=True))
                if a != b
            }
        )
        shown = _show_values(taken.values, doubted, rows)
        alternatives = [_show_values(r.values, doubted, rows) for r in rivals[:8]]
        stopped = (
            "" if result.complete else " (the search stopped at its budget: there may be more)"
        )
        ctx.note(
            codes.ROWS_ORDER_AMBIGUOUS,
            f"{len(rivals) + 1} orders of the column blocks keep every sum: took "
            f"{shown or 'the cheapest'}{stopped}",
            f"按列块读取有 {len(rivals) + 1} 种读法均符合勾稽关系，取代价最小的一种",
            li=first,
            reading=shown,
            alternatives=alternatives,
        )
        doubt = f"{codes.ROWS_ORDER_AMBIGUOUS.code}: also {'; '.join(alternatives)}"
    for b in blocks:
        b.doubt = doubt


def _show_values(values: Sequence[Sequence[Value]], at: Sequence[int], rows: Sequence[_Row]) -> str:
    return " | ".join(f"{rows[i].key.label}: " + "/".join(str(v) for v in values[i]) for i in at)


def _note_displaced(ctx: _Context, stray: Sequence[_Tok]) -> None:
    ctx.note(
        codes.ROWS_DISPLACED,
        "numbers stand apart from their row labels and are not one per cell: rows "
        "were read after their labels and may hold their neighbours' numbers",
        "数字与行标签错位且数量与单元格不符，各行按标签后的数字读取，可能有误",
        li=stray[0].line if stray else None,
    )


def _table_end(
    ctx: _Context, stream: Stream, blocks: Sequence[_Block], labels: _Labels, displaced: bool
) -> tuple[int, int]:
    """Where the table ends: after the last number read or the last label; with the rows
    displaced, after the lines of numbers that follow it (reported as unplaced)."""
    lines = ctx.lines
    last_end: tuple[int, int] | None = None
    for b in blocks:
        for t in b.tokens:
            if last_end is None or (t.line, t.end) > last_end:
                last_end = (t.line, t.end)
    occ_end = stream.position(labels.last.end - 1)
    occ_end = (occ_end[0], occ_end[1] + 1)
    if last_end is None or occ_end > last_end:
        last_end = occ_end
    if not displaced:
        return last_end
    # Lines of nothing but numbers right after the table are the rest of its numbers,
    # not prose: the table takes them in, and says they could not be placed.
    li = last_end[0] + 1
    rest: list[str] = []
    while li < len(lines) and (_NUMBERS_ONLY.match(lines[li].text) or _skip_line(lines[li].text)):
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
            unplaced=" ".join(rest).split(),
            context=" ".join(rest),
        )
    return last_end


def _read_rows(
    ctx: _Context,
    rows: Sequence[_Row],
    header_keys: Sequence[str],
    column_check: Callable[[list[list[Value]]], int] | None = None,
    min_anchors: int = 2,
    stream: Stream | None = None,
    equations: Sequence[ColumnEquation] = (),
) -> _RowsResult:
    """Read ``rows`` from ``ctx.lines``: anchor them on their labels, read the numbers
    after each, recover what the layout broke, and report every row."""
    lines = ctx.lines
    if stream is None:
        stream = Stream.of(lines)
    labels = _find_labels(stream, rows, min_anchors) if stream.text else None
    if labels is None:
        return _RowsResult(_Cells.empty(rows), None, False)
    _note_repaired_labels(ctx, stream, rows, labels)
    blocks = _blocks_after_labels(lines, stream, rows, labels)
    _repair_blocks(ctx, stream, rows, blocks)
    _read_blocks(lines, stream, rows, blocks)
    if column_check is not None:
        _choose_by_columns(blocks, rows, column_check)

    # Span: from the header (or first label) to the last number read.
    begin = stream.position(_header_start(stream, labels.first.start, header_keys))
    # Numbers between the header and the first row.
    lead_scan = _scan(lines, labels.masks, begin, stream.position(labels.first.start))
    stray = [t for t in lead_scan.tokens if not t.blank]
    # Rows before the first label: nothing to anchor them.
    lead = list(range(labels.anchored[0]))
    in_order = None
    if lead or stray or any(not b.status.fills_every_cell for b in blocks):
        in_order = _reading_order(
            lines, stream, labels.masks, begin, blocks, rows, labels.chain, column_check
        )
    if in_order is not None:
        (blocks, tail, others), lead, stray = in_order, [], []
        _note_reading_order(ctx, blocks, tail, others, rows)
    elif _numbers_astray(blocks) or lead or stray:
        banded = _in_bands(
            lines, stream, labels.masks, begin, rows, labels.chain, equations, column_check
        )
        if banded is not None:
            blocks, lead, stray = banded[0], [], []
            _note_bands(ctx, blocks, banded[1], rows)
    displaced = in_order is None and bool(
        stray or any(b.status in (_Status.EXTRA, _Status.NONE) for b in blocks)
    )
    if displaced:
        _note_displaced(ctx, stray)
        for b in blocks:
            b.doubt = b.doubt or codes.ROWS_DISPLACED.code

    cells = _Cells.empty(rows)
    for b in blocks:
        _report_block(ctx, b, rows, stream, cells)
    for i in lead:
        ctx.note(
            codes.ROW_NOT_FOUND,
            "row label not found before the table's first row",
            "未找到该行标签",
            row=rows[i].key,
        )
    end = _table_end(ctx, stream, blocks, labels, displaced)
    if stray:
        ctx.note(
            codes.UNPLACED_NUMBERS,
            "numbers before the table's first row could not be placed",
            "表格首行之前的数字无法归入单元格",
            li=stray[0].line,
            unplaced=[t.text for t in stray],
            context=" ".join(t.text for t in stray),
        )
    # A row of one number too many, or of one cell too many where the text keeps its blank
    # cells (a pipe table, a web page's cells).
    overfull = sum(
        1
        for b in blocks
        if len(b.rows) == 1
        and len(rows[b.rows[0]].columns) + 1
        in (sum(1 for t in b.tokens if not t.blank), len(b.tokens))
    )
    filled = sum(1 for b in blocks if len(b.rows) == 1 and any(not t.blank for t in b.tokens))
    return _RowsResult(cells, (*begin, *end), True, overfull, filled)
