"""The table report: what the reader made of each block of rows, written into the
table's cells and into findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from govdisclosure.findings import CODES, Finding
from govdisclosure.model.keys import KeyedEnum, TableKey, ValueKind
from govdisclosure.model.tables import Missing, Value
from govdisclosure.parse import _tablecodes as codes
from govdisclosure.parse._digits import MISSING_GROUP
from govdisclosure.parse._document import Line
from govdisclosure.parse._labels import Stream
from govdisclosure.parse._tables._readings import _Block, _exact_reading, _Reading, _Status
from govdisclosure.parse._tables._shape import _offset_relations, _Row
from govdisclosure.parse._tables._tokens import _Tok


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

    if b.status in (_Status.CUT, _Status.JOINED, _Status.CUT_BY_COLUMNS) and reading is not None:
        if len(b.readings) == 1 and b.complete:
            code = codes.DIGITS_JOINED if b.status is _Status.JOINED else codes.DIGITS_SPLIT
            has_sums = any(rows[r].relations for r in b.rows)
            how = (
                "the column sums decide"
                if b.status is _Status.CUT_BY_COLUMNS
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
    elif b.status is _Status.UNDECODABLE:
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
    elif b.status is _Status.BLANKS_PLACED and reading is not None:
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
    elif b.status is _Status.SHORT:
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
    elif b.status is _Status.EXTRA and reading is not None:
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
    elif b.status is _Status.NONE:
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
