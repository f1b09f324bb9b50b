"""Reading the three statistics tables (``govdisclosure.parse._tables``)."""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure._fold import fold
from govdisclosure.codes import CODES
from govdisclosure.document import Document, Line
from govdisclosure.layouts import LAYOUTS, render
from govdisclosure.model import Missing, ReportFormat
from govdisclosure.parse._converted import regroup_converter_tables
from govdisclosure.parse._tables import (
    TableRead,
    detect_format,
    read_active,
    read_appeals,
    read_applications,
)
from govdisclosure.parse._tables._readings import _Status
from govdisclosure.parse._tables._report import _REPORTERS

F21 = ReportFormat.F2021
F19 = ReportFormat.F2019

# --- a tiny test-local splitter: the regions between the headings 二、三、四、五 ----------

_HEADINGS = ("二,主动公开", "三,收到和处理", "四,政府信息公开行政", ("五,", "六,"))
_FLAT_HEADINGS = ("二、主动公开", "三、收到和处理", "四、政府信息公开行政", "五、存在")


def regions(text: str) -> list[list[Line]]:
    """Lines of sections 二, 三 and 四 (headings excluded), the tables a converter rebuilt
    turned back into rows as the parser does first."""
    lines = regroup_converter_tables(Document.from_text(text).lines).lines
    starts: list[int] = []
    for key in _HEADINGS:
        for i, line in enumerate(lines):
            if fold(line.text).startswith(key) and (not starts or i > starts[-1]):
                starts.append(i)
                break
    if len(starts) == 4:
        return [list(lines[a + 1 : b]) for a, b in itertools.pairwise(starts)]
    # A page flattened to one line: cut it into fragments at the headings.
    long = max(lines, key=lambda line: len(line.text))
    cuts = []
    pos = 0
    for key in _FLAT_HEADINGS:
        pos = long.text.index(key, pos)
        cuts.append(pos)
    out = []
    for a, b in itertools.pairwise(cuts):
        start = long.text.index("情况", a) + 2
        out.append([long.fragment(start, b)])
    return out


def read_all(text: str, fmt: ReportFormat) -> tuple[TableRead[Any], TableRead[Any], TableRead[Any]]:
    act, app, apl = regions(text)
    return read_active(act, fmt), read_applications(app, fmt), read_appeals(apl)


def lines_of(text: str, first: int = 1) -> list[Line]:
    return [Line(t, first + i) for i, t in enumerate(text.split("\n"))]


def codes_of(result: TableRead[Any]) -> list[str]:
    return [f.code for f in result.findings]


# --- the corpus ------------------------------------------------------------------------------

CORPUS = [f"seeds/{n}" for n in ("000", "001", "002", "003", "004")] + [
    "real/008",
    "real/011",
    "real/004",
]


def _corpus_file(shared: Path, name: str) -> tuple[Path, dict[str, Any]]:
    folder, stem = name.split("/")
    base = shared / "corpus" / folder
    source = next(p for p in base.iterdir() if p.is_file() and p.name.startswith(stem))
    truth = json.loads((base / "truth" / f"{source.stem}.json").read_text(encoding="utf-8"))
    return source, truth


def _expected(truth: dict[str, Any], table: str, layout_columns: Any) -> dict[tuple[str, str], Any]:
    skip = truth.get("skip", [])
    if table in skip:
        return {}
    out = {}
    for row, cols in truth[table].items():
        if isinstance(cols, list):
            cols = dict(zip(layout_columns(row), cols, strict=True))
        for col, value in cols.items():
            if [table, row, col] in skip:
                continue
            out[row, col] = Decimal(str(value)) if isinstance(value, float) else value
    return out


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_tables_read_cell_for_cell(shared_dir: Path, name: str) -> None:
    source, truth = _corpus_file(shared_dir, name)
    fmt = ReportFormat(truth["format"])
    results = read_all(source.read_text(encoding="utf-8"), fmt)
    scored = right = 0
    wrong = []
    for key, result in zip(("active", "applications", "appeals"), results, strict=True):
        assert result.found
        table = result.table
        layout = table.layout

        def columns(row: str, layout: Any = layout) -> list[str]:
            return [c.key for c in layout.columns_of(layout.row_enum.coerce(row))]

        got = table.to_dict()
        for (row, col), want in _expected(truth, key, columns).items():
            scored += 1
            value = got[row][col]
            if value == want:
                right += 1
            else:
                wrong.append((key, row, col, want, value))
    assert wrong == []
    assert scored == right > 150


def test_detect_format_on_corpus(shared_dir: Path) -> None:
    for name in CORPUS:
        source, truth = _corpus_file(shared_dir, name)
        act, app, _ = regions(source.read_text(encoding="utf-8"))
        assert detect_format(act, app) is ReportFormat(truth["format"])


def test_real_007_is_read_as_it_stands(shared_dir: Path) -> None:
    # Flattened 2019 report, inconsistent in the source: outcome rows add up to 26/27 while
    # 新收 and （七）总计 say 20/21. The reader reports what it says.
    text = (shared_dir / "corpus/real/007.txt").read_text(encoding="utf-8")
    act, app, apl = regions(text)
    assert detect_format(act, app) is F19
    apps = read_applications(app, F19).table.to_lists()
    assert apps["new_requests"] == [20, 0, 0, 0, 0, 1, 21]
    assert apps["granted"] == [6, 0, 0, 0, 0, 1, 7]
    assert apps["partially_granted"] == [6, 0, 0, 0, 0, 0, 6]
    assert apps["other_processing"] == [4, 0, 0, 0, 0, 0, 4]
    assert apps["total_processed"] == [20, 0, 0, 0, 0, 1, 21]
    outcome_total = sum(
        v[6]
        for k, v in apps.items()
        if k not in ("new_requests", "carried_over", "total_processed", "carried_forward")
    )
    assert outcome_total == 27  # not "fixed" to 21
    active = read_active(act, F19)
    assert active.table["regulations", "total_disclosed"] == 7
    assert active.table["administrative_fees", "change"] == -15
    ambiguous = {f.row for f in active.findings if f.code == "digits-ambiguous"}
    assert {"normative_documents", "administrative_penalty"} <= ambiguous
    assert all(v == 0 for v in read_appeals(apl).table.values)


def test_real_011_ambiguous_row_lists_alternatives(shared_dir: Path) -> None:
    act, _, _ = regions((shared_dir / "corpus/real/011.txt").read_text(encoding="utf-8"))
    result = read_active(act, F21)
    (finding,) = [f for f in result.findings if f.code == "digits-ambiguous"]
    assert finding.row == "normative_documents"
    assert finding.context == "5845546"
    assert "5/845/546" in finding.alternatives
    assert finding.reading is not None
    assert finding.reading not in finding.alternatives
    assert (finding.expected, finding.actual) == (None, None)
    assert finding.severity.value == "warning"


def test_sources_and_span_point_into_the_text(shared_dir: Path) -> None:
    source, _ = _corpus_file(shared_dir, "seeds/001")
    act, _app, apl = regions(source.read_text(encoding="utf-8"))
    active = read_active(act, F19)
    src = active.table.source_of("centralized_procurement", "procurement_amount")
    assert src is not None
    assert src.text == "12884.2万"
    assert src.line == next(line.number for line in act if "12884.2万" in line.text)
    assert active.span is not None
    a, b, c, d = active.span
    assert act[a].text[b:].startswith("第二十条")
    assert act[c].text[:d].endswith("12884.2万")
    # prose after the table is outside the span
    assert all("2019年" not in line.text for line in act[a : c + 1])
    appeals = read_appeals(apl)
    assert appeals.span is not None
    assert apl[appeals.span[2]].text[: appeals.span[3]].endswith("0 0 0")


def test_span_of_a_flattened_fragment(shared_dir: Path) -> None:
    _, app, _ = regions((shared_dir / "corpus/real/008.txt").read_text(encoding="utf-8"))
    result = read_applications(app, F21)
    assert result.span is not None
    a, b, c, d = result.span
    assert a == c == 0
    text = app[0].text
    assert text[b:].startswith("（本列数据")
    assert text[:d].endswith("继续办理 0000000")


# --- hand-made regions: each messy case --------------------------------------------------------

APP_ROWS_21 = [
    ("一、本年新收政府信息公开申请数量", [9, 0, 0, 0, 0, 0, 9]),
    ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
    ("三、本年度办理结果\t（一）予以公开", [7, 0, 0, 0, 0, 0, 7]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("（三）不予公开\t1.属于国家秘密", [0] * 7),
    ("2.其他法律行政法规禁止公开", [0] * 7),
    ("3.危及“三安全一稳定”", [0] * 7),
    ("4.保护第三方合法权益", [0] * 7),
    ("5.属于三类内部事务信息", [0] * 7),
    ("6.属于四类过程性信息", [0] * 7),
    ("7.属于行政执法案卷", [0] * 7),
    ("8.属于行政查询事项", [0] * 7),
    ("（四）无法提供\t1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", [0] * 7),
    ("3.补正后申请内容仍不明确", [0] * 7),
    ("（五）不予处理\t1.信访举报投诉类申请", [0] * 7),
    ("2.重复申请", [0] * 7),
    ("3.要求提供公开出版物", [0] * 7),
    ("4.无正当理由大量反复申请", [0] * 7),
    ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", [0] * 7),
    ("（七）总计", [9, 0, 0, 0, 0, 0, 9]),
    ("四、结转下年度继续办理", [0] * 7),
]
HEADER_21 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况"


def applications_text(rows: list[tuple[str, list[int]]] = APP_ROWS_21, sep: str = "\t") -> str:
    out = [HEADER_21]
    for label, values in rows:
        out.append(label + sep + sep.join(str(v) for v in values))
    return "\n".join(out)


def test_clean_applications_table() -> None:
    result = read_applications(lines_of(applications_text()), F21)
    assert result.found
    assert result.table.to_lists()["granted"] == [7, 0, 0, 0, 0, 0, 7]
    assert result.findings == ()
    src = result.table.source_of("new_requests", "total")
    assert src is not None
    assert src.line == 2
    assert src.text == "9"


def test_shifted_numbers_move_back_to_their_row() -> None:
    rows = list(APP_ROWS_21)
    text = applications_text(rows).split("\n")
    # （一）予以公开 lost its last four numbers after the next row's label (a page break).
    text[3] = "三、本年度办理结果\t（一）予以公开\t7\t0\t0"
    text[4] = (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t7\t1\t0\t0\t0\t0\t0\t1"
    )
    result = read_applications(lines_of("\n".join(text)), F21)
    lists = result.table.to_lists()
    assert lists["granted"] == [7, 0, 0, 0, 0, 0, 7]
    assert lists["partially_granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert "row-shift-repaired" in codes_of(result)


def test_page_break_inside_a_label() -> None:
    text = applications_text().replace(
        "（四）无法提供\t1.本机关不掌握相关政府信息",
        "（四）无法\t1.本机关不掌握\n— 5 —\n相关政府信息",
    )
    result = read_applications(lines_of(text), F21)
    assert result.table.to_lists()["unavailable_not_held"] == [1, 0, 0, 0, 0, 0, 1]
    assert not [f for f in result.findings if f.severity.value != "info"]


def test_digits_split_by_a_space_are_joined() -> None:
    rows = list(APP_ROWS_21)
    rows[0] = ("一、本年新收政府信息公开申请数量", [1, 2, 0, 0, 0, 0, 0, 12])  # "1 2" is 12
    rows[23] = ("（七）总计", [12, 0, 0, 0, 0, 0, 12])
    rows[2] = ("三、本年度办理结果\t（一）予以公开", [10, 0, 0, 0, 0, 0, 10])
    result = read_applications(lines_of(applications_text(rows, sep=" ")), F21)
    assert result.table.to_lists()["new_requests"] == [12, 0, 0, 0, 0, 0, 12]
    joined = [f for f in result.findings if f.code == "digits-joined"]
    assert [f.row for f in joined] == ["new_requests"]


def test_run_together_digits_with_a_unique_decoding() -> None:
    flat = "".join(
        label.split("\t")[-1] + " " + "".join(str(v) for v in values)
        for label, values in APP_ROWS_21
    )
    result = read_applications([Line(HEADER_21 + flat, 7)], F21)
    assert result.table.to_lists() == {
        key: values
        for key, (_, values) in zip(
            (r.key for r in result.table.layout.rows), APP_ROWS_21, strict=True
        )
    }
    split = [f for f in result.findings if f.code == "digits-split"]
    assert len(split) == 25
    assert all(f.line == 7 for f in split)


def test_run_together_digits_ambiguous_lists_alternatives() -> None:
    text = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690第二十条第（六）项信息内容本年处理决定数量行政处罚2113行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36"
    result = read_active([Line(text, 3)], F21)
    table = result.table
    assert [table["normative_documents", c] for c in ("issued", "repealed", "in_force")] == [
        88,
        55,
        698,
    ]
    assert table["administrative_licensing", "decisions"] == 10690
    assert table["administrative_fees", "amount"] == Decimal("9116.36")
    (amb,) = [f for f in result.findings if f.code == "digits-ambiguous"]
    assert amb.reading == "88/55/698"
    assert "8/855/698" in amb.alternatives
    assert (amb.expected, amb.actual) == (None, None)
    assert CODES["digits-ambiguous"].severity.value == "warning"


def test_undecodable_digits_are_missing_never_invented() -> None:
    rows = list(APP_ROWS_21)
    text = applications_text(rows).split("\n")
    text[1] = "一、本年新收政府信息公开申请数量 1234567"  # no cut adds up
    result = read_applications(lines_of("\n".join(text)), F21)
    row = result.table.to_lists()["new_requests"]
    assert row == [None] * 7
    # The digits are no missing cell's text (they read as a number): the finding keeps them.
    assert all(v == Missing() for v in result.table.row("new_requests").values())
    (undecodable,) = [f for f in result.findings if f.code == "digits-undecodable"]
    assert undecodable.context == "1234567"


def test_unreadable_and_blank_cells_are_missing_with_findings() -> None:
    text = (
        "规章\t\t0\t5\n"  # a blank cell
        "行政规范性文件\t/\t—\t无\n"  # markers of no value
        "行政许可\t3.5\n"  # a decimal in a count column
        "行政处罚\t2\n行政强制\t0\n行政事业性收费\t1.5万元"
    )
    result = read_active(lines_of(text), F21)
    t = result.table
    assert t["regulations", "issued"] == Missing("")
    assert t["regulations", "in_force"] == 5
    assert [t["normative_documents", c] for c in ("issued", "repealed", "in_force")] == [
        Missing("/"),
        Missing("—"),
        Missing("无"),
    ]
    # 3.5 is no count, and text that reads as a number is no missing cell's text: the
    # cell is missing, its text kept by its source and the finding.
    assert t["administrative_licensing", "decisions"] == Missing()
    assert t.source_of("administrative_licensing", "decisions").text == "3.5"
    assert t["administrative_fees", "amount"] == Decimal("1.5")
    found = {(f.code, f.row, f.column): f for f in result.findings}
    assert ("cell-blank", "regulations", "issued") in found
    assert found["cell-unreadable", "administrative_licensing", "decisions"].context == "3.5"


def test_short_row_and_unplaced_numbers() -> None:
    text = "规章 1 2\n行政规范性文件 0 0 5\n行政许可 5 6\n行政处罚 2\n行政强制 0\n行政事业性收费 0"
    result = read_active(lines_of(text), F21)
    t = result.table
    assert [t["regulations", c] for c in ("issued", "repealed", "in_force")] == [1, 2, Missing()]
    assert t["administrative_licensing", "decisions"] == 5
    codes = {(f.code, f.row) for f in result.findings}
    assert ("row-short", "regulations") in codes
    unplaced = [f for f in result.findings if f.code == "unplaced-numbers"]
    assert [f.context for f in unplaced] == ["6"]


def test_missing_label_assigned_by_position() -> None:
    text = applications_text().replace("2.重复申请", "2.重夏申清")  # label mangled
    result = read_applications(lines_of(text), F21)
    assert result.table.to_lists()["not_processed_duplicate"] == [0] * 7
    assert ("row-positional", "not_processed_duplicate") in {
        (f.code, f.row) for f in result.findings
    }


def test_prose_around_the_table_is_outside_the_span() -> None:
    text = "本年度共制发规章 3 件。\n规章\t0\t0\t0\n行政规范性文件\t1\t2\t3\n行政许可\t4\n行政处罚\t5\n行政强制\t6\n行政事业性收费\t7\n\n2024年，本机关继续做好公开工作 8 次。"
    lines = lines_of(text)
    result = read_active(lines, F21)
    assert result.table["administrative_fees", "amount"] == Decimal(7)
    assert result.span is not None
    assert result.span[0] == 1
    assert result.span[2] == 6
    assert not [f for f in result.findings if f.code == "unplaced-numbers"]


def test_2019_active_signed_and_amounts() -> None:
    text = "规章 0 0 0\n规范性文件 5 5 5\n行政许可 865 +24 1149\n其他对外管理服务事项 0 0 0\n行政处罚 976 -498 1474\n行政强制 570 +31 601\n行政事业性收费 0 0\n政府集中采购 96 12884.2万元"
    t = read_active(lines_of(text), F19).table
    assert t["administrative_licensing", "change"] == 24
    assert t["administrative_penalty", "change"] == -498
    assert t["centralized_procurement", "procurement_amount"] == Decimal("12884.2")


def test_subtotal_column_recognised() -> None:
    rows = [(label, [*v[:6], sum(v[1:6]), v[6]]) for label, v in APP_ROWS_21]
    text = applications_text(rows).replace("申请人情况", "申请人情况\t小计")
    result = read_applications(lines_of(text), F21)
    assert result.table.subtotal
    assert result.table.to_lists()["new_requests"] == [9, 0, 0, 0, 0, 0, 0, 9]


def test_appeals_vertical_header_and_markdown() -> None:
    vertical = (
        "行政复议 行政诉讼\n"
        + "\n".join("结果维持结果纠正其他结果尚未审结总计")
        + "\n0 1 1 0 2 1 0 0 0 1 0 0 0 0 0\n2024年，无其他情况。"
    )
    result = read_appeals(lines_of(vertical))
    assert result.table.to_dict()["administrative_review"] == {
        "upheld": 0,
        "corrected": 1,
        "other": 1,
        "pending": 0,
        "total": 2,
    }
    markdown = "| 行政复议 | | 行政诉讼 |\n|---|---|---|\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 无 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |"
    table = read_appeals(lines_of(markdown)).table
    assert table["administrative_review", "upheld"] == Missing("无")
    assert table["litigation_after_review", "total"] == 1


def test_table_not_found() -> None:
    for read in (
        lambda ls: read_active(ls, F21),
        lambda ls: read_applications(ls, F19),
        read_appeals,
    ):
        result = read(lines_of("本机关今年没有相关数据。\n联系电话 0953-5098330"))
        assert not result.found
        assert result.span is None
        assert all(isinstance(v, Missing) for v in result.table.values)
        assert codes_of(result) == ["table-not-found"]
        assert read([]).found is False


def test_detect_format() -> None:
    assert detect_format(lines_of("信息内容 本年新制作数量 本年新公开数量"), []) is F19
    assert detect_format(lines_of("本年制发件数 本年废止件数"), []) is F21
    assert detect_format([], lines_of("没有表格")) is None


# --- properties ------------------------------------------------------------------------------

_GARBAGE = st.lists(
    st.sampled_from(
        [
            *list("0123456789０１ \t|/-—无空+.万元\n（）(一)二三、.1总计其他行政许可规章"),
            "1.属于国家秘密",
            "（七）总计",
            "行政复议",
            "一、本年新收政府信息公开申请数量",
            "- 3 -",
        ]
    ),
    max_size=300,
).map("".join)


@given(_GARBAGE, st.sampled_from([F21, F19]))
def test_garbage_never_raises(text: str, fmt: ReportFormat) -> None:
    lines = lines_of(text)
    assert isinstance(read_active(lines, fmt).found, bool)
    assert isinstance(read_applications(lines, fmt).found, bool)
    assert isinstance(read_appeals(lines).found, bool)
    detect_format(lines, lines)
    # every code emitted is registered, in the parse area
    for read in (read_active(lines, fmt), read_applications(lines, fmt), read_appeals(lines)):
        assert all(CODES[f.code].area == "parse" for f in read.findings)


@settings(max_examples=5)
@given(st.integers(0, 9).map(str).flatmap(lambda d: st.integers(30, 80).map(lambda n: d * n)))
def test_long_digit_runs_are_bounded(run: str) -> None:
    # No hang on a run no table could produce: the search is bounded and says so.
    text = "\n".join(label + " " + run for label, _ in APP_ROWS_21)
    result = read_applications(lines_of(text), F21)
    assert result.found


def _has_blank(table: Any) -> bool:
    return any(isinstance(v, Missing) and v.raw == "" for v in table.values)


@given(
    st.deferred(
        lambda: gds.reports(allow_missing=True, subtotal=None, large_numbers=True)  # type: ignore[union-attr]
    ),
    st.sampled_from(LAYOUTS) if LAYOUTS else st.nothing(),
    st.integers(0, 1000),
)
def test_every_layout_reads_back(report: Any, layout: Any, seed: int) -> None:
    text = render(report, layout, seed=seed)
    act, app, apl = regions(text)
    reads = {
        "active": read_active(act, report.format),
        "applications": read_applications(app, report.format),
        "appeals": read_appeals(apl),
    }
    for key, result in reads.items():
        want = getattr(report, key)
        if not layout.keeps_blank_cells and _has_blank(want):
            continue  # a blank cell cannot be written in this layout (see layouts.py)
        got = result.table
        if got == want:
            continue
        # Glued cells: table 二 has no sums, and a search bounded on huge runs may stop;
        # either way the reader says so for the rows it could not be sure of.
        assert layout.glues_numbers
        unsure = {
            f.row for f in result.findings if f.code in ("digits-ambiguous", "digits-undecodable")
        }
        differ = {c.row.key for c, w in zip(got, want, strict=True) if c.value != w.value}
        assert differ <= unsure


def test_regions_splitter_sanity() -> None:
    text = "一、总体情况\n好\n二、主动公开政府信息情况\n规章\t0\n三、收到和处理政府信息公开申请情况\nx\n四、政府信息公开行政复议、行政诉讼情况\ny\n五、存在的主要问题及改进情况"
    act, app, apl = regions(text)
    assert [line.text for line in act] == ["规章\t0"]
    assert re.fullmatch("x", app[0].text)
    assert apl[0].text == "y"


def test_empty_cells_glued_at_the_end_of_a_flattened_row() -> None:
    # Regression: two missing markers glued with no digit around them (``/—``) were not
    # read as two cells, and leaked into the prose after the table.
    text = (
        "规章000规范性文件000行政许可000其他对外管理服务事项000行政处罚000行政强制000"
        "行政事业性收费00政府集中采购/—"
    )
    result = read_active(lines_of(text), F19)
    table = result.table
    assert table["centralized_procurement", "procurement_items"] == Missing("/")
    assert table["centralized_procurement", "procurement_amount"] == Missing("—")
    assert result.span is not None
    assert result.span[3] == len(text)
    assert "row-not-found" not in {f.code for f in result.findings}


def _pdftotext_table(rows: list[tuple[str, list[int]]], tail: int, cuts: list[int]) -> str:
    """Table 三 as pdftotext's default mode writes it: each row's label, then its numbers
    one per line; the last ``tail`` rows as their labels, then each group of columns
    (cut before the columns in ``cuts``) row by row."""
    out = [HEADER_21.replace("\t", "\n")]
    for label, values in rows[:-tail]:
        out += [label.replace("\t", "\n"), *map(str, values)]
    out += [label.replace("\t", "\n") for label, _ in rows[-tail:]]
    for a, b in itertools.pairwise([0, *cuts, 7]):
        out += [str(v) for _, values in rows[-tail:] for v in values[a:b]]
    return "\n".join(out)


# The last rows of a report whose 其他处理 and 总计 rows are not zeros: read row by row,
# the blocks would put numbers in the wrong cells and break the sums.
APP_ROWS_21_TAIL = [
    *APP_ROWS_21[:-5],
    (
        "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [2, 0, 0, 0, 1, 0, 3],
    ),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", [0, 4, 0, 0, 0, 0, 4]),
    ("（七）总计", [11, 4, 0, 0, 1, 0, 16]),
    ("四、结转下年度继续办理", [3, 0, 0, 0, 0, 0, 3]),
]
APP_ROWS_21_TAIL[0] = ("一、本年新收政府信息公开申请数量", [14, 4, 0, 0, 1, 0, 19])


def test_last_rows_in_column_blocks_are_read_by_the_sums() -> None:
    expected = {label.split("\t")[-1]: values for label, values in APP_ROWS_21_TAIL}
    text = _pdftotext_table(APP_ROWS_21_TAIL, tail=5, cuts=[2, 5])
    result = read_applications(lines_of(text), F21)
    got = result.table.to_lists()
    assert (
        got["other_overdue_correction"]
        == expected["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
    )
    assert got["other_misc"] == expected["3.其他"]
    assert got["total_processed"] == expected["（七）总计"]
    assert got["carried_forward"] == expected["四、结转下年度继续办理"]
    assert got["new_requests"] == expected["一、本年新收政府信息公开申请数量"]
    (note,) = [f for f in result.findings if f.code == "rows-in-reading-order"]
    assert "last 5 rows as column blocks" in note.message


def test_numbers_before_their_labels_are_read_in_table_order() -> None:
    # pdftotext: a row's numbers before its label, and the first on the label's line.
    text = (
        "本年制发件数\n本年废止件数\n现行有效件数\n3\n1\n9\n规章\n"
        "2\n8\n行政规范性文件 5\n行政许可\n40\n11\n行政处罚\n行政强制 0\n行政事业性收费 1.5"
    )
    result = read_active(lines_of(text), F21)
    got = result.table.to_dict()
    assert got["regulations"] == {"issued": 3, "repealed": 1, "in_force": 9}
    assert got["normative_documents"] == {"issued": 5, "repealed": 2, "in_force": 8}
    assert got["administrative_licensing"]["decisions"] == 40
    assert got["administrative_penalty"]["decisions"] == 11
    assert got["administrative_coercion"]["decisions"] == 0
    assert got["administrative_fees"]["amount"] == Decimal("1.5")
    assert "rows-in-reading-order" in codes_of(result)


def test_blank_cell_lost_in_spaced_text_is_placed_by_the_row_sum() -> None:
    # One applicant cell is blank and left no trace between the numbers: read left to
    # right, the total 9 would shift into 其他 and the total go missing. The row sum says
    # the blank stands among the applicant columns (which one, it cannot tell: a warning).
    lines = applications_text(sep=" ").split("\n")
    lines[1] = "一、本年新收政府信息公开申请数量 7 2 0 0 0 9"
    result = read_applications(lines_of("\n".join(lines)), F21)
    got = result.table.to_lists()["new_requests"]
    assert got[:2] == [7, 2]
    assert got[-1] == 9
    assert got.count(None) == 1  # to_lists() gives a missing cell as None
    (short,) = [f for f in result.findings if f.row == "new_requests" and f.code == "row-short"]
    assert len(short.alternatives) >= 2  # the other places the blank could stand
    assert short.reading is not None
    assert short.reading.count("—") == 1


def test_blank_total_with_every_part_is_read_as_before() -> None:
    # No place for the blank keeps the sum (a blank total counts as 0 for the check):
    # the row is short, its last cell missing.
    lines = applications_text(sep=" ").split("\n")
    lines[1] = "一、本年新收政府信息公开申请数量 3 4 0 0 0 0"
    result = read_applications(lines_of("\n".join(lines)), F21)
    assert result.table.to_lists()["new_requests"] == [3, 4, 0, 0, 0, 0, None]
    assert ("row-short", "new_requests") in {(f.code, f.row) for f in result.findings}


def test_numbers_wrapped_in_the_last_row_are_read_to_their_end() -> None:
    # pdftotext -raw of a Word table: 2294 laid out as 229 over 4 in its narrow cell, and
    # so on; the reading must not stop once it has fifteen pieces.
    text = (
        "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "0 0 0 0 0 0 0 0 0 0 229\n4\n822\n0\n83 328\n1\n138\n78"
    )
    result = read_appeals(lines_of(text))
    table = result.table
    assert [
        table["litigation_after_review", c]
        for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [2294, 8220, 83, 3281, 13878]
    assert "digits-joined" in codes_of(result)


def test_empty_line_among_cells_on_lines_of_their_own_is_a_blank_cell() -> None:
    # LibreOffice's text export of a Word table: one cell per line, an empty cell as an
    # empty line. Here 科研机构 of the first row is blank.
    rows = ["0"] * 7
    lines = [HEADER_21.split("\t")[0], "申请人情况"]
    lines += ["一、本年新收政府信息公开申请数量", "9", "3", "", "0", "0", "0", "12"]
    for label, _ in APP_ROWS_21[1:]:
        lines += [*label.split("\t"), *rows]
    result = read_applications(lines_of("\n".join(lines)), F21)
    assert result.table.to_lists()["new_requests"] == [9, 3, None, 0, 0, 0, 12]
    assert ("cell-blank", "new_requests") in {(f.code, f.row) for f in result.findings}


def test_empty_lines_everywhere_are_not_blank_cells() -> None:
    # PDF text with an empty line after every line (seed 001): the empty lines say nothing.
    text = "\n\n".join(
        ["规章 1 2 3", "行政规范性文件 4 5 6", "行政许可", "7", "行政处罚", "8", "行政强制", "9"]
    )
    result = read_active(lines_of(text + "\n\n行政事业性收费\n\n1.5"), F21)
    got = result.table.to_dict()
    assert got["administrative_licensing"]["decisions"] == 7
    assert got["administrative_coercion"]["decisions"] == 9
    assert "cell-blank" not in codes_of(result)


def test_every_block_status_has_its_report() -> None:
    assert set(_REPORTERS) == set(_Status)


def test_cells_cut_from_glued_digits_are_marked_uncertain() -> None:
    lines = Document.from_text(
        "一、本年新收政府信息公开申请数量713000074\n二、上年结转政府信息公开申请数量0000000\n"
        "三、本年度办理结果\n（一）予以公开713000074\n"
    ).lines
    read = read_applications(lines, ReportFormat.F2021)
    cell = read.table.cell("new_requests", "natural_person")
    assert cell.value == 71
    assert cell.source is not None
    assert cell.source.uncertain is not None
    assert cell.source.uncertain.startswith("digits-split")


def test_a_dash_between_glued_zeros_is_an_empty_cell_and_a_glued_sign_still_a_sign() -> None:
    from govdisclosure.parse._digits import MISSING_GROUP
    from govdisclosure.parse._tables._tokens import _word_pieces

    def groups(word: str) -> list[str]:
        return [group for _s, _e, group, _t, _u in _word_pieces(word).pieces]

    assert groups("0-0") == ["0", MISSING_GROUP, "0"]
    assert groups("2648-18538") == ["2648", "-18538"]  # a 2019 report's glued negative change
    assert groups("-0") == ["-0"]  # not glued to a number: the reader judges it by its column
