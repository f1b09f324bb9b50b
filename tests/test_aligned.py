"""Space-aligned tables (``pdftotext -layout``): empty cells keep their columns.

The report below is text as ``pdftotext -layout`` writes a LibreOffice PDF of an
official-layout report (hand-trimmed, with a few cells emptied by hand): an empty cell is
only spaces, and the numbers after it stand in their own columns.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.codes import CODES
from govdisclosure.document import Document, Line
from govdisclosure.model import Missing
from govdisclosure.model.keys import (
    ActiveColumn2019,
    ActiveRow2019,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
)
from govdisclosure.parse import parse_text
from govdisclosure.parse._aligned import align_columns

LAYOUT_REPORT = """\
清河市发展和改革局 2020 年政府信息公开工作
年度报告
根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式
（试行）》要求，清河市发展和改革局编制本报告。本报告统计数据从 2020 年 1 月 1 日至
2020 年 12 月 31 日。本报告电子版可在政府门户网站查阅或下载，如对本报告有任何疑问，请
与清河市发展和改革局联系。


一、总体情况
认真做好政府信息管理工作，对已公开的文件进行清理，确保信息准确规范。
充分发挥政府门户网站第一平台作用，及时发布政策文件、工作动态和通知公告。


二、主动公开政府信息情况
              第二十条第（一）项
    信息内容   本年新制作数量 本年新公开数量 对外公开总数量
     规章    90       43       100
   规范性文件   62       /        100
              第二十条第（五）项
    信息内容   上一年项目数量     本年增/减   处理决定数量
    行政许可            0        2
其他对外管理服务事项 16       -        82
              第二十条第（六）项
\f   信息内容    上一年项目数量     本年增/减   处理决定数量
\f   行政处罚    23       -23       46
   行政强制    100      0         12
              第二十条第（八）项
   信息内容    上一年项目数量         本年增/减
 行政事业性收费   26       +9
              第二十条第（九）项
  信息内容      采购项目数量         采购总金额
 政府集中采购    99       无

三、收到和处理政府信息公开申请情况
                              申请人情况
（本列数据的勾稽关系为：第一项加第              法人或其他组织
                                             总计
二项之和，等于第三项加第四项之和） 自然人         科研 社会公 法律服务
                        商业企业              其他
                              机构 益组织   机构
 一、本年新收政府信息公开申请数量 55    63   0   0   0    5  123
 二、上年结转政府信息公开申请数量 12         0   0   0    20 36
三、本年     （一）予以公开     0  0    0   0   0    0  0
度办理结 （二）部分公开（区分处理
  果   的，只计这一情形，不计其 2    0    0   0   0    0  2
           他情形）
            1.属于国家秘密 0  0    0   0   0    0  0
          2.其他法律行政法规
                     0  0    0   0   0    0  0
               禁止公开
          3.危及“三安全一稳
                     13 0    0   0   0    0  13
                 定”
     （三） 4.保护第三方合法权 18  0    0   0   0    0  18
     不予公          益
       开  5.属于三类内部事务
                     0  0    0   0   0    0  0
                 信息
          6.属于四类过程性信
                     0  0    0   0   0    0  0
                  息
          7.属于行政执法案卷 0  0    0   0   0    0  0
          8.属于行政查询事项 0  0    0   0   0    0  0
          1.本机关不掌握相关
                     20 0    0   0   0    8  28
               政府信息
     （四）
          2.没有现成信息需要
     无法提             0  0    0   0   0    0  0
               另行制作
       供
          3.补正后申请内容仍
                     0  0    0   0   0    0  0
                不明确
     （五） 1.信访举报投诉类申
                     0  11   0   0   0    0  11
     不予处          请
       理      2.重复申请 0  0    0   0   0    0  0
          3.要求提供公开出版
                     0  12   0   0   0    0  12
                  物
          4.无正当理由大量反
                     0  0    0   0   0    0  0
                复申请
          5.要求行政机关确认 0  11   0   0   0    0  11
\f         或重新出具已获取信
             息
        （六）其他处理    0    19   0   0   0   0    19
         （七）总计     53   53   0   0   0   8    114
   四、结转下年度继续办理     14   14   0   0   0   17   45

四、政府信息公开行政复议、行政诉讼情况
     行政复议                    行政诉讼
                    未经复议直接起诉         复议后起诉
 结果 结果 其他 尚未
             总计 结果 结果 其他 尚未     结果 结果 其他 尚未
 维持 纠正 结果 审结                 总计              总计
                 维持 纠正 结果 审结    维持 纠正 结果 审结
18  6  3  4     0   0  0  0  0     5  10 12 /

五、存在的主要问题及改进情况
下一步，我们将进一步加强组织领导，完善工作机制，推动政务公开工作提质增效。
政策解读形式还比较单一，解读质量有待提高。
持续加强业务培训，不断提高工作人员的业务能力和水平。


六、其他需要报告的事项
本年度无其他需要报告的事项。
"""


def _lines(text: str) -> list[Line]:
    return list(Document.from_text(text).lines)


def test_blank_cells_of_a_layout_report_keep_their_columns() -> None:
    report, findings = parse_text(LAYOUT_REPORT)
    active, applications, appeals = report.active, report.applications, report.appeals
    # Table 二: an empty first cell, and a "/" marker that was always read.
    licensing = ActiveRow2019.ADMINISTRATIVE_LICENSING
    assert active[licensing, ActiveColumn2019.PREVIOUS_YEAR_ITEMS] == Missing()
    assert active[licensing, ActiveColumn2019.CHANGE] == 0
    assert active[licensing, ActiveColumn2019.DECISIONS] == 2
    normative = ActiveRow2019.NORMATIVE_DOCUMENTS
    assert active[normative, ActiveColumn2019.NEWLY_DISCLOSED] == Missing("/")
    assert active[normative, ActiveColumn2019.TOTAL_DISCLOSED] == 100
    # The row after a page break (a form feed before its label) is read in its columns.
    penalty = ActiveRow2019.ADMINISTRATIVE_PENALTY
    assert active[penalty, ActiveColumn2019.CHANGE] == -23
    # Table 三: an empty cell in the middle of a row.
    carried = ApplicationsRow.CARRIED_OVER
    assert applications[carried, ApplicationsColumn.NATURAL_PERSON] == 12
    assert applications[carried, ApplicationsColumn.COMMERCIAL_ENTERPRISE] == Missing()
    assert applications[carried, ApplicationsColumn.OTHER_ORGANIZATION] == 20
    assert applications[carried, ApplicationsColumn.TOTAL] == 36
    # Table 四: one data row, its columns shown only by the header words above it.
    review, after = AppealsRow.ADMINISTRATIVE_REVIEW, AppealsRow.LITIGATION_AFTER_REVIEW
    assert [appeals[review, c] for c in AppealsColumn] == [18, 6, 3, 4, Missing()]
    assert [appeals[after, c] for c in AppealsColumn] == [Missing(), 5, 10, 12, Missing("/")]
    assert [appeals[AppealsRow.LITIGATION_DIRECT, c] for c in AppealsColumn] == [0] * 5
    aligned = [f for f in findings if f.code == "aligned-columns"]
    assert aligned
    assert all(f.severity.value == "info" for f in aligned)
    assert not [f for f in findings if f.code in ("row-short", "rows-displaced")]


def test_rewritten_rows_keep_their_text_and_prose_is_untouched() -> None:
    lines = _lines(LAYOUT_REPORT)
    result = align_columns(lines)
    assert len(result.lines) == len(lines)
    for before, after in zip(lines, result.lines, strict=True):
        assert after.number == before.number
        if after.text != before.text:
            assert "\t" in after.text
            assert after.text.split() == before.text.split()
        elif not any(ch.isdigit() for ch in before.text):
            assert "\t" not in after.text
    prose = [ln.text for ln in lines if "。" in ln.text]
    assert prose
    assert all(t in [ln.text for ln in result.lines] for t in prose)


def test_table_rows_become_cells_with_blanks() -> None:
    text = (
        "     规章    90       43       100\n"
        "   规范性文件   62                100\n"
        "   其他文件             7        12"
    )
    result = align_columns(_lines(text))
    assert [ln.text for ln in result.lines] == [
        "     规章\t90\t43\t100",
        "   规范性文件\t62\t\t100",
        "   其他文件\t\t7\t12",
    ]
    (found,) = result.findings
    assert found.code == "aligned-columns"
    assert found.line == 1
    assert CODES[found.code].severity.value == "info"


JUSTIFIED_PROSE = """\
二、主动公开政府信息情况
本年度，本机关    主动公开政府信息    共计    1260    条，其中
政策文件    215    条，   工作动态    865    条，   通知公告    180
条。   全年    开展    政策解读    36    次，   新闻发布会    4    次，   回应
社会关切    12    次。   政府网站    访问量    较上年    增长    15
个百分点，   公开    平台    建设    持续    加强    2020
"""


def test_justified_prose_with_wide_gaps_stays_prose() -> None:
    lines = _lines(JUSTIFIED_PROSE)
    result = align_columns(lines)
    assert [ln.text for ln in result.lines] == [ln.text for ln in lines]
    assert not result.findings


def test_lines_with_cells_or_tabs_are_left_alone() -> None:
    celled = [
        Line("规章\t90\t\t100", 1, ("规章", "90", "", "100")),
        Line("规范性文件\t62\t43\t100", 2, ("规范性文件", "62", "43", "100")),
        Line("行政许可   12       0        2", 3, ("行政许可", "12", "0", "2")),
        Line("行政处罚   23       1        4", 4, ("行政处罚", "23", "1", "4")),
    ]
    result = align_columns(celled)
    assert result.lines == tuple(celled)
    assert not result.findings


def test_a_number_wrapped_in_a_narrow_cell_is_joined() -> None:
    text = (
        "维持 纠正     结果    审结          结果 结果 其他\n"
        "0   575   345   999   160   0  0   0\n"
        "    2           9     96\n"
        "五、存在的主要问题及改进情况"
    )
    result = align_columns(_lines(text))
    texts = [ln.text for ln in result.lines]
    assert texts[1].split() == ["0", "5752", "345", "9999", "16096", "0", "0", "0"]
    assert texts[2:] == ["五、存在的主要问题及改进情况"]
    assert "wrapped-number-joined" in {f.code for f in result.findings}


def test_numbers_a_line_apart_in_reading_order_are_not_joined() -> None:
    # pdftotext without -layout: single spaces, no columns; nothing is joined or celled.
    text = "0 575\n2\n345 999\n9\n160"
    result = align_columns(_lines(text))
    assert [ln.text for ln in result.lines] == text.split("\n")
    assert not result.findings


_LABELS = ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "政府集中采购", "其他事项")


@st.composite
def _grids(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A table written as pdftotext -layout does: numbers left-aligned at column starts."""
    n = draw(st.integers(2, 7))
    labels = draw(st.lists(st.sampled_from(_LABELS), min_size=2, max_size=7, unique=True))
    value = st.one_of(st.integers(0, 99999).map(str), st.sampled_from(["/", "-", "无"]))
    rows: list[tuple[str, list[str]]] = []
    for k, label in enumerate(labels):
        cells = draw(st.lists(value, min_size=n, max_size=n))
        if k >= 2:  # the first two rows are complete: they show the columns
            blank = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            if all(blank):
                blank[0] = False
            cells = ["" if b else c for c, b in zip(cells, blank, strict=True)]
        rows.append((label, cells))
    widths = [max(len(cells[j]) for _, cells in rows) + draw(st.integers(2, 5)) for j in range(n)]
    indent = draw(st.integers(0, 3))
    lines = []
    for label, cells in rows:
        line = (" " * indent + label).ljust(indent + 8)
        line += "".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        lines.append(line.rstrip())
    return lines, rows


@given(_grids())
def test_property_layout_grids_come_back_cell_by_cell(
    grid: tuple[list[str], list[tuple[str, list[str]]]],
) -> None:
    lines, rows = grid
    result = align_columns(_lines("\n".join(lines)))

    def trimmed(cells: list[str]) -> list[str]:
        # Empty cells after a row's last value are padding to the table reader, whether
        # written or not; every other blank must keep its place.
        while cells and not cells[-1]:
            cells = cells[:-1]
        return cells

    for line, (label, cells) in zip(result.lines, rows, strict=True):
        got = line.text.split("\t")
        assert got[0].strip() == label
        assert trimmed(got[1:]) == trimmed(cells)


_TEXT = st.lists(
    st.sampled_from([*"政府信息公开申请 0123456789/-无，。\f", "  ", "    "]), max_size=40
).map("".join)


@given(st.lists(_TEXT, max_size=30))
def test_property_no_text_is_lost(texts: list[str]) -> None:
    texts = [t.replace("\n", "") for t in texts]
    lines = [Line(t, i) for i, t in enumerate(texts, start=1)]
    result = align_columns(lines)
    squeeze = re.compile(r"\s")
    assert squeeze.sub("", "".join(ln.text for ln in result.lines)) == squeeze.sub(
        "", "".join(texts)
    )
    kept = {ln.number: ln.text for ln in result.lines}
    for line in lines:
        # Only lines ending in numbers are ever rewritten (or joined into the line above).
        if line.number in kept and kept[line.number] != line.text:
            assert any(ch.isdigit() or ch in "/-无" for ch in line.text)


@pytest.mark.parametrize("count", [1, 200])
def test_work_is_linear(count: int) -> None:
    lines = _lines("\n".join(LAYOUT_REPORT.split("\n") * count))
    result = align_columns(lines)
    assert len(result.lines) == len(lines)
