"""Tables in pdftotext's default order: numbers in column blocks by bands of rows, the
row labels all apart (see ``govdisclosure.parse._tables._orders``)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure.document import Line
from govdisclosure.model import Missing, Report, ReportFormat
from govdisclosure.model.tables import Value, applications_layout
from govdisclosure.parse._tables import read_applications
from govdisclosure.validate import validate

_HEADER = (
    "三、收到和处理政府信息公开申请情况",
    "（本列数据的勾稽关系为：第一项加第",
    "二项之和，等于第三项加第四项之和）",
    "",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "",
)


def _cell(v: Value) -> str | None:
    """A cell as printed: None for a blank one (nothing written)."""
    if isinstance(v, Missing):
        return v.raw or None
    return str(v)


def banded_text(report: Report, bands: Sequence[int], runs: Sequence[int]) -> str:
    """Table 三 as pdftotext writes a Word table: the labels, then for each band of rows
    (``bands``: their heights, repeated) each run of neighbouring columns (``runs``:
    their widths, repeated) as a block, the run's cells row by row, one per line."""
    table = report.applications
    layout = applications_layout(table.format, table.subtotal, table.other_as_one_row)
    width = len(layout.row_columns[0])
    grid: list[list[Value]] = []
    values = iter(table.values)
    for columns in layout.row_columns:
        grid.append([next(values) for _ in columns])
    lines = list(_HEADER)
    group = ""
    for row in layout.rows:
        if row.groups and row.groups[-1] != group:
            group = row.groups[-1]
            lines.append(group)
        lines.append(row.label)
    lines.append("")
    r = 0
    k = 0
    while r < len(grid):
        h = min(bands[k % len(bands)], len(grid) - r)
        k += 1
        c = 0
        j = 0
        while c < width:
            w = min(runs[j % len(runs)], width - c)
            j += 1
            block = [_cell(grid[i][col]) for i in range(r, r + h) for col in range(c, c + w)]
            lines.extend(v for v in block if v is not None)
            lines.append("")
            c += w
        r += h
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines)


def lines_of(text: str) -> list[Line]:
    return [Line(t, i + 1) for i, t in enumerate(text.split("\n"))]


_BANDS = st.lists(st.integers(1, 6), min_size=1, max_size=4)
_RUNS = st.lists(st.integers(1, 7), min_size=1, max_size=3)


@settings(max_examples=15)
@given(gds.reports(format="2021", prose=False), _BANDS, _RUNS)
def test_banded_table_reads_back_or_says_it_may_not(
    report: Report, bands: list[int], runs: list[int]
) -> None:
    read = read_applications(lines_of(banded_text(report, bands, runs)), ReportFormat.F2021)
    codes = {f.code for f in read.findings}
    assert "rows-in-reading-order" in codes
    assert read.table.values == report.applications.values or "rows-order-ambiguous" in codes
    # Every cell of an inferred order is uncertain.
    assert all(s is None or s.uncertain for s in read.table.sources or ())


@settings(max_examples=15)
@given(gds.reports(format="2021", allow_missing=True, prose=False), _BANDS, _RUNS)
def test_consistent_report_read_in_bands_gets_no_error(
    report: Report, bands: list[int], runs: list[int]
) -> None:
    read = read_applications(lines_of(banded_text(report, bands, runs)), ReportFormat.F2021)
    back = attrs.evolve(report, applications=read.table)
    errors = [f for f in validate(back) if f.severity.value == "error"]
    assert errors == []
