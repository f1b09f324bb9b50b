"""The entry points: one reader per table (二, 三 and 四), and the report format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Generic, TypeVar

import attrs
import regex

from govdisclosure import codes
from govdisclosure._fold import fold
from govdisclosure.document import Line
from govdisclosure.findings import Finding
from govdisclosure.model.keys import (
    AppealsColumn,
    AppealsRow,
    ApplicationsRow,
    KeyedEnum,
    ReportFormat,
    TableKey,
)
from govdisclosure.model.tables import (
    APPEALS_LAYOUT,
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    active_layout,
    applications_layout,
)
from govdisclosure.parse._digits import balanced_rank
from govdisclosure.parse._labels import Occurrence, Stream
from govdisclosure.parse._tables._readings import _TABLE_NODE_BUDGET, _Block, _read_block
from govdisclosure.parse._tables._recovery import (
    _cells_on_lines_of_their_own,
    _empty_lines_as_blanks,
)
from govdisclosure.parse._tables._report import _Cells, _Context, _report_block
from govdisclosure.parse._tables._rows import _HEADER_REACH, _complete_rows, _read_rows, _RowsResult
from govdisclosure.parse._tables._shape import (
    _layout_rows,
    _Row,
    column_checker,
)
from govdisclosure.parse._tables._tokens import Span, _scan

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
    table = ApplicationsTable(
        fmt,
        result.cells.flat_values(),
        subtotal,
        sources=result.cells.sources(lines),
    )
    return TableRead(table, tuple(ctx.findings), result.span, True)


def _unplaced(ctx: _Context) -> int:
    """Findings of numbers the reading could not place."""
    return sum(
        1
        for f in ctx.findings
        if f.code in (codes.UNPLACED_NUMBERS.code, codes.ROWS_DISPLACED.code)
    )


def _read_applications(
    ctx: _Context, stream: Stream, fmt: ReportFormat, subtotal: bool
) -> tuple[_RowsResult, list[_Row]]:
    layout = applications_layout(fmt, subtotal)
    rows = _layout_rows(layout)
    result = _read_rows(
        ctx,
        rows,
        header_keys=("本列数据", "勾稽关系", "申请人情况"),
        column_check=column_checker(layout, [r.key for r in rows]),
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
    rows = _layout_rows(APPEALS_LAYOUT)
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
    cells = _Cells.empty(rows)
    _report_block(ctx, block, rows, stream, cells)
    s_line, s_off = stream.position(anchor)
    if scan.tokens:
        last = max((t.line, t.end) for t in scan.tokens)
    else:
        e = stream.position(anchor + len(review) - 1)
        last = (e[0], e[1] + 1)
    table = AppealsTable(cells.flat_values(), sources=cells.sources(lines))
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
