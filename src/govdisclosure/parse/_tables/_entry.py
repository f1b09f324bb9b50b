"""The entry points: one reader per table (二, 三 and 四), and the report format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Generic, TypeVar

import attrs
import regex

from ... import codes
from ..._fold import fold
from ...document import Line
from ...findings import Finding
from ...model.keys import (
    AppealsColumn,
    AppealsRow,
    ApplicationsRow,
    KeyedEnum,
    ReportFormat,
    TableKey,
)
from ...model.tables import (
    APPEALS_LAYOUT,
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    TableLayout,
    active_layout,
    applications_layout,
)
from .._digits import balanced_rank
from .._labels import Occurrence, Stream
from ._readings import _TABLE_NODE_BUDGET, _Block, _read_block
from ._recovery import (
    _cells_on_lines_of_their_own,
    _empty_lines_as_blanks,
)
from ._report import _Cells, _Context, _report_block
from ._rows import _HEADER_REACH, _complete_rows, _read_rows, _RowsResult
from ._shape import (
    _layout_rows,
    _Row,
    column_checker,
    column_equations,
)
from ._tokens import Span, _scan

__all__ = ["TableRead", "detect_format", "read_active", "read_appeals", "read_applications"]


T = TypeVar("T")


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
        result.cells.flat_values(),
        sources=result.cells.sources(lines),
    )
    return TableRead(table, tuple(ctx.findings), result.span, True)


# --- table 三 ------------------------------------------------------------------------------


def _has_subtotal(stream: Stream) -> bool:
    first = stream.text.find(fold(ApplicationsRow.NEW_REQUESTS.label)[2:8])
    head = stream.text[: first if first >= 0 else _HEADER_REACH * 2]
    return "小计" in head


def _other_as_one_row(stream: Stream, fmt: ReportFormat) -> bool:
    """A 2021 table whose template prints （六）其他处理 as one row: the group label
    stands, none of its three sub-rows' labels does."""
    if fmt is not ReportFormat.F2021 or "其他处理" not in stream.text:
        return False
    return not any(key in stream.text for key in _OTHER_SUB_ROW_KEYS)


# Words of the sub-rows of （六）其他处理 that no typo removes all of.
_OTHER_SUB_ROW_KEYS = ("逾期不补正", "不补正", "收费通知", "缴纳费", "不再处理其")


def read_applications(lines: Sequence[Line], fmt: ReportFormat) -> TableRead[ApplicationsTable]:
    """Read table 三 (收到和处理政府信息公开申请情况) in format ``fmt``.

    The optional 8th column 法人或其他组织小计 is recognised by its header, or by rows of
    eight numbers whose sums fit it; （六）其他处理 printed as one row (a 2021 template
    variant) by the absence of its sub-rows.
    """
    ctx = _Context(TableKey.APPLICATIONS, lines)
    stream = Stream.of(lines)
    subtotal = _has_subtotal(stream)
    one_row = _other_as_one_row(stream, fmt)
    result, rows = _read_applications(ctx, stream, fmt, subtotal, one_row)
    if result.found and not subtotal and 0 < result.filled <= result.overfull * 2:
        # Most rows with numbers carry eight: the 小计 column is there, its header lost.
        probe_ctx = _Context(TableKey.APPLICATIONS, lines)
        probe, probe_rows = _read_applications(probe_ctx, stream, fmt, True, one_row)
        # As many rows complete, or every number placed where seven columns leave one
        # over in most rows: the 小计.
        if _complete_rows(probe) >= _complete_rows(result) or _unplaced(probe_ctx) < _unplaced(ctx):
            ctx, result, rows, subtotal = probe_ctx, probe, probe_rows, True
    if not result.found:
        _not_found(ctx, "table 三")
        return TableRead(
            ApplicationsTable.empty(fmt, subtotal=subtotal), tuple(ctx.findings), None, False
        )
    if subtotal:
        ctx.note(codes.SUBTOTAL_COLUMN, "table has the 小计 column", "表格含“小计”列")
    if one_row:
        ctx.note(
            codes.OTHER_AS_ONE_ROW,
            "the table prints （六）其他处理 as one row, without its three sub-rows",
            "表格将“（六）其他处理”列为一行，未分列其下三项",
        )
    layout = applications_layout(fmt, subtotal, one_row)
    values = result.cells.flat_values()
    sources = result.cells.sources(lines)
    table = ApplicationsTable(
        fmt,
        _with_blank_rows(layout, rows, values, Missing()),
        subtotal,
        sources=_with_blank_rows(layout, rows, sources, None),
        other_as_one_row=one_row,
    )
    return TableRead(table, tuple(ctx.findings), result.span, True)


_V = TypeVar("_V")


def _with_blank_rows(
    layout: TableLayout, rows: Sequence[_Row], flat: Sequence[_V], blank: _V
) -> tuple[_V, ...]:
    """Values (or sources) of the rows read, in the layout's order, with ``blank`` for the
    rows the template does not print (``layout.blank_rows``)."""
    read = {row.key: i for i, row in enumerate(rows)}
    offsets = [sum(len(r.columns) for r in rows[:i]) for i in range(len(rows))]
    out: list[_V] = []
    for row, columns in zip(layout.rows, layout.row_columns, strict=True):
        if row in read:
            at = offsets[read[row]]
            out.extend(flat[at : at + len(columns)])
        else:
            out.extend(blank for _ in columns)
    return tuple(out)


def _unplaced(ctx: _Context) -> int:
    """Findings of numbers the reading could not place."""
    return sum(
        1
        for f in ctx.findings
        if f.code in (codes.UNPLACED_NUMBERS.code, codes.ROWS_DISPLACED.code)
    )


def _read_applications(
    ctx: _Context, stream: Stream, fmt: ReportFormat, subtotal: bool, one_row: bool
) -> tuple[_RowsResult, list[_Row]]:
    layout = applications_layout(fmt, subtotal, one_row)
    rows = [r for r in _layout_rows(layout) if r.key not in layout.blank_rows]
    result = _read_rows(
        ctx,
        rows,
        header_keys=("本列数据", "勾稽关系", "申请人情况"),
        column_check=column_checker(layout, [r.key for r in rows]),
        min_anchors=3,
        stream=stream,
        equations=column_equations(layout, [r.key for r in rows]),
    )
    return result, rows


# --- table 四 ------------------------------------------------------------------------------

_APPEALS_HEAD = ("行政诉讼", "维持", "纠正", "审结", "总计", "复议后起诉", "直接起诉")
_APPEALS_TITLE = regex.compile(r"行政复议(?:,|和|与|及)?(?:提起)?行政诉讼的?(?:情况|统计)")
_DIGIT = regex.compile(r"\d")


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
        # The table's title (政府信息公开行政复议、行政诉讼情况, a caption) names both too.
        if sum(1 for k in _APPEALS_HEAD if k in window) >= 2 and not _APPEALS_TITLE.match(text, i):
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
    rows = _layout_rows(APPEALS_LAYOUT)
    # The header holds no digits: the data begin after the last header word before the
    # first digit (however many lines a vertical header took; a marker such as 无 may
    # stand in the first cells).
    data = _DIGIT.search(text, anchor + len(review))
    # A blank template has no digit at all: its header still ends somewhere.
    limit = data.start() if data is not None else min(len(text), anchor + _HEADER_REACH)
    lo = anchor + len(review)
    for key in head_keys:
        j = text.rfind(key, lo, limit)
        if j >= 0:
            lo = max(lo, j + len(key))
    header_complete = sum(1 for k in _APPEALS_HEAD if k in text[anchor:lo]) >= 4
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
    cells = _Cells.empty(rows)
    _report_block(ctx, block, rows, stream, cells)
    s_line, s_off = stream.position(anchor)
    if scan.tokens:
        last = max((t.line, t.end) for t in scan.tokens)
    else:
        # No cell written (a blank template): the table ends with its header.
        e = stream.position(lo - 1)
        last = (e[0], e[1] + 1)
    table = AppealsTable(cells.flat_values(), sources=cells.sources(lines))
    found = bool(scan.tokens) or header_complete
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
