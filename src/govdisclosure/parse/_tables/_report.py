"""The table report: what the reader made of each block of rows, written into the
table's cells and into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from ... import codes
from ...document import Line
from ...findings import CodeInfo, Finding, Severity
from ...model.keys import KeyedEnum, TableKey, ValueKind
from ...model.tables import Missing, SourceRef, Value, reads_as_number
from .._digits import MISSING_GROUP
from .._labels import Stream
from ._readings import _Block, _exact_reading, _Reading, _Status
from ._shape import _offset_relations, _Row
from ._tokens import _Tok


@attrs.define
class _Context:
    """The table being read: its lines, and its findings so far."""

    table: TableKey
    lines: Sequence[Line]
    findings: list[Finding] = attrs.Factory(list)

    def at(self, li: int | None) -> tuple[int | None, int | None]:
        if li is None or not (0 <= li < len(self.lines)):
            return None, None
        return self.lines[li].number, self.lines[li].page

    def note(
        self,
        code: CodeInfo,
        message: str,
        message_zh: str,
        *,
        li: int | None = None,
        row: KeyedEnum | None = None,
        column: KeyedEnum | None = None,
        expected: object = None,
        actual: object = None,
        reading: str | None = None,
        alternatives: Sequence[str] = (),
        unplaced: Sequence[str] = (),
        context: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        line, page = self.at(li)
        f = code.finding(
            message,
            message_zh,
            severity=severity,
            table=self.table,
            row=row,
            column=column,
            line=line,
            page=page,
            expected=expected,
            actual=actual,
            reading=reading,
            alternatives=alternatives,
            unplaced=unplaced,
            context=context,
        )
        self.findings.append(f)
        return f


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


@attrs.define
class _Cells:
    """The table's cells, row by row, as the blocks are reported: the value of each, the
    token it was read from and the text it was read as."""

    values: list[list[Value]]
    refs: list[list[_Tok | None]]
    texts: list[list[str]]
    doubts: list[list[str | None]]
    """Why each cell's reading is uncertain, or None (see :attr:`SourceRef.uncertain`)."""

    @classmethod
    def empty(cls, rows: Sequence[_Row]) -> _Cells:
        return cls(
            [[Missing() for _ in r.columns] for r in rows],
            [[None] * len(r.columns) for r in rows],
            [[""] * len(r.columns) for r in rows],
            [[None] * len(r.columns) for r in rows],
        )

    def flat_values(self) -> tuple[Value, ...]:
        # A number its column cannot hold (-5 or 1.5 as a count, a run of digits no
        # reading cuts into cells) is no missing cell's text: its finding and its source
        # keep it.
        return tuple(
            Missing() if isinstance(v, Missing) and reads_as_number(v.raw) else v
            for row in self.values
            for v in row
        )

    def sources(self, lines: Sequence[Line]) -> tuple[SourceRef | None, ...]:
        out: list[SourceRef | None] = []
        for row_refs, row_texts, row_doubts in zip(self.refs, self.texts, self.doubts, strict=True):
            for tok, text, doubt in zip(row_refs, row_texts, row_doubts, strict=True):
                if tok is None:
                    out.append(None)
                else:
                    line = lines[tok.line]
                    out.append(
                        SourceRef(
                            line=line.number,
                            page=line.page,
                            text=text or tok.text,
                            uncertain=doubt,
                        )
                    )
        return tuple(out)


@attrs.frozen
class _Seen:
    """A block as its findings describe it."""

    block: _Block
    rows: Sequence[_Row]
    raw: str
    """The block's numbers as they stand in the text."""
    n: int
    """The block's cells."""
    li: int | None
    """The line its findings point at: its first token's, or its label's."""

    @property
    def first_row(self) -> KeyedEnum:
        return self.rows[self.block.rows[0]].key

    def show(self, reading: _Reading) -> str:
        return _fmt_reading(reading, self.block, self.rows)


_Reporter = Callable[[_Context, _Seen, _Reading | None], _Reading | None]
"""Reports how a block was read; returns the reading its cells take (None: no numbers)."""


def _report_as_read(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """One token per cell (or moved back into place): nothing to say about the row."""
    return reading


def _report_decoded(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """Digits cut or joined into cells: the reading taken, and the others if any."""
    if reading is None:
        return None
    b, raw, li, first_row = seen.block, seen.raw, seen.li, seen.first_row
    shown = seen.show(reading)
    if len(b.readings) == 1 and b.complete:
        code = codes.DIGITS_JOINED if b.status is _Status.JOINED else codes.DIGITS_SPLIT
        has_sums = any(seen.rows[r].relations for r in b.rows)
        how = (
            "the column sums decide"
            if b.status is _Status.CUT_BY_COLUMNS
            else "the row sums decide"
            if has_sums
            else "the only valid reading"
        )
        ctx.note(
            code,
            f"read {raw!r} as {shown} ({how})",
            f"将“{raw}”读作 {shown}",
            li=li,
            row=first_row,
            reading=shown,
            context=raw,
        )
    else:
        alts = [seen.show(r) for r in b.readings[1:9]]
        more = "" if b.complete else " (search bounded: there may be more)"
        ctx.note(
            codes.DIGITS_AMBIGUOUS,
            f"{raw!r} can be read in several ways; took {shown}{more}",
            f"“{raw}”有多种读法，取 {shown}",
            li=li,
            row=first_row,
            reading=shown,
            alternatives=alts,
            context=raw,
        )
    return reading


def _report_undecodable(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """Digits that no cutting reads as the row: every cell missing, holding the digits."""
    b, raw, n, li, first_row = seen.block, seen.raw, seen.n, seen.li, seen.first_row
    ctx.note(
        codes.DIGITS_UNDECODABLE,
        f"no reading of {raw!r} gives the row's cells and sums"
        + ("" if b.complete else " (search bounded)"),
        f"“{raw}”无法拆分为本行单元格",
        li=li,
        row=first_row,
        context=raw,
    )
    return _Reading(tuple(Missing(raw) for _ in range(n)), tuple([None] * n), tuple([""] * n))


def _report_blanks_placed(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """Blank cells placed by the row's sums: where, or that the sums allow several places."""
    if reading is None:
        return None
    b, raw, n, li, first_row = seen.block, seen.raw, seen.n, seen.li, seen.first_row
    found = sum(1 for t in reading.refs if t is not None and not t.blank)
    shown = seen.show(reading)
    if len(b.readings) == 1:
        ctx.note(
            codes.BLANKS_PLACED,
            f"{found} number(s) for {n} cell(s): the blank cell(s) placed where the "
            f"row's sums hold: {shown}",
            f"本行 {n} 个单元格只有 {found} 个数字，按本行合计确定空白单元格位置",
            li=li,
            row=first_row,
            reading=shown,
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
            reading=shown,
            alternatives=[seen.show(r) for r in b.readings[1:9]],
            context=raw,
        )
    return reading


def _report_short(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """Fewer numbers than cells: the numbers in the first cells, the last cells missing."""
    b, raw, n, li, first_row = seen.block, seen.raw, seen.n, seen.li, seen.first_row
    kinds, _ = _offset_relations([seen.rows[r] for r in b.rows])
    toks = list(b.tokens) if b.tokens else []
    toks = [t for t in toks if not t.blank] if len(toks) > n else toks
    got = _exact_reading(toks[:n], kinds[: len(toks[:n])])
    pad = n - len(got.values)
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
    return _Reading(
        (*got.values, *(Missing() for _ in range(pad))),
        (*got.refs, *([None] * pad)),
        (*got.texts, *([""] * pad)),
    )


def _report_extra(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """More numbers than cells: the first ones read, the rest reported as unplaced."""
    if reading is None:
        return None
    b, n, li, first_row = seen.block, seen.n, seen.li, seen.first_row
    extra = [t for t in b.tokens if not t.blank][n:]
    ctx.note(
        codes.UNPLACED_NUMBERS,
        f"{len(extra)} number(s) after the row's cells could not be placed",
        f"本行多出 {len(extra)} 个数字，无法归入单元格",
        li=extra[0].line if extra else li,
        row=first_row,
        unplaced=[t.text for t in extra],
        context=" ".join(t.text for t in extra),
    )
    return reading


def _report_none(ctx: _Context, seen: _Seen, reading: _Reading | None) -> _Reading | None:
    """No numbers: the rows are reported as not found by the caller."""
    return None


_REPORTERS: dict[_Status, _Reporter] = {
    _Status.NONE: _report_none,
    _Status.EXACT: _report_as_read,
    _Status.BLANKS: _report_as_read,
    _Status.SHIFTED: _report_as_read,
    _Status.BLANKS_PLACED: _report_blanks_placed,
    _Status.CUT: _report_decoded,
    _Status.JOINED: _report_decoded,
    _Status.CUT_BY_COLUMNS: _report_decoded,
    _Status.SHORT: _report_short,
    _Status.UNDECODABLE: _report_undecodable,
    _Status.EXTRA: _report_extra,
}


def _report_block(
    ctx: _Context, b: _Block, rows: Sequence[_Row], stream: Stream, cells: _Cells
) -> None:
    """Report how block ``b`` was read and write its reading into ``cells``."""
    anchor_li = stream.position(b.anchor.start)[0] if b.anchor is not None else None
    seen = _Seen(
        b,
        rows,
        raw=" ".join(t.text for t in b.tokens if not t.blank),
        n=sum(len(rows[r].columns) for r in b.rows),
        li=b.tokens[0].line if b.tokens else anchor_li,
    )
    reading = _REPORTERS[b.status](ctx, seen, b.readings[0] if b.readings else None)
    doubt = _block_doubt(b, rows)
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
        _report_unlabelled_rows(ctx, seen, reading)
        # Rows without their own label were placed by position: not certain.
        doubt = doubt or "row-positional"
    _write_cells(ctx, b, rows, reading, cells, doubt)


def _block_doubt(b: _Block, rows: Sequence[_Row]) -> str | None:
    """Why the block's cells may be misread: how its numbers were placed, or a label
    matched only loosely; None when every number stood after its own label."""
    if b.doubt is not None:
        return b.doubt
    doubt = b.status.doubt
    if doubt is not None and len(b.readings) > 1:
        others = "; ".join(_fmt_reading(r, b, rows) for r in b.readings[1:5])
        doubt = f"{doubt}: the sums also allow {others}"
    if doubt is None and b.anchor is not None and b.anchor.quality >= 2:
        doubt = f"row-label-repaired: {b.anchor.matched}"
    return doubt


def _report_unlabelled_rows(ctx: _Context, seen: _Seen, reading: _Reading) -> None:
    """The rows of a block after its labelled one: placed by position, or not found."""
    b, rows, li = seen.block, seen.rows, seen.li
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


def _write_cells(
    ctx: _Context,
    b: _Block,
    rows: Sequence[_Row],
    reading: _Reading,
    cells: _Cells,
    doubt: str | None,
) -> None:
    """Each cell of the block from ``reading``, with what was converted or left missing."""
    pos = 0
    for r in b.rows:
        row = rows[r]
        for c, column in enumerate(row.columns):
            v = reading.values[pos]
            tok = reading.refs[pos]
            cells.values[r][c] = v
            cells.refs[r][c] = tok
            cells.doubts[r][c] = doubt
            cells.texts[r][c] = reading.texts[pos] if pos < len(reading.texts) else ""
            if tok is not None and tok.unit == "元" and isinstance(v, Decimal):
                ctx.note(
                    codes.AMOUNT_UNIT_CONVERTED,
                    f"{tok.text} is in 元: read as {v} 万元",
                    f"{tok.text} 单位为元，折算为 {v} 万元",
                    li=tok.line,
                    row=row.key,
                    column=column,
                    reading=str(v),
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
