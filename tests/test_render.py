"""Rendering to the official layout: HTML spans, Markdown, and the tab-separated text."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree

from govdisclosure import strategies as gds
from govdisclosure._fold import fold
from govdisclosure.model import (
    ActiveColumn2019,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    Missing,
    Report,
    ReportFormat,
    Section,
    SectionKey,
    Table,
)
from govdisclosure.serialize.grid import CellRole, default_title, format_value, table_grid
from govdisclosure.serialize.render import (
    report_to_html,
    report_to_markdown,
    report_to_text,
    table_to_html,
    table_to_markdown,
    table_to_text,
)

# --- sample reports, built by hand ------------------------------------------------------


def _applications(rows: tuple[ApplicationsRow, ...], width: int) -> dict[str, list[int]]:
    # Distinct numbers in every cell, so that a value in the wrong place is noticed.
    return {row.key: [100 * i + j for j in range(width)] for i, row in enumerate(rows, 1)}


def _sections(**texts: str) -> list[Section]:
    return [Section(key, texts.get(key.key, "")) for key in SectionKey]


def report_2021(*, subtotal: bool = False) -> Report:
    from govdisclosure.model.tables import APPLICATIONS_ROWS

    return Report.create(
        agency="卫滨区人民政府办公室",
        year=2024,
        format="2021",
        active={
            "regulations": [1, 2, 3],
            "normative_documents": [4, 5, 6],
            "administrative_licensing": [7],
            "administrative_penalty": [8],
            "administrative_coercion": [9],
            "administrative_fees": [Decimal("316441.25")],
        },
        applications=_applications(APPLICATIONS_ROWS[ReportFormat.F2021], 8 if subtotal else 7),
        appeals={row.key: [10 * i + j for j in range(5)] for i, row in enumerate(AppealsRow, 1)},
        preamble="根据《中华人民共和国政府信息公开条例》编制本报告。\n本报告所列数据统计期限为2024年1月1日至12月31日。",
        sections=_sections(
            overview="2024年，卫滨区深入推进政务公开。\n（一）主动公开方面。公开信息2850条。",
            active="本年制发规范性文件4件。",
            applications="",
            appeals="本年度行政复议10件。",
            problems="一是公开深度不足。\n二是形式单一。",
            other="未收取信息处理费。",
        ),
    )


def report_2019() -> Report:
    return Report.create(
        agency="红寺堡区",
        year=2019,
        format="2019",
        active={
            "regulations": [0, 0, 0],
            "normative_documents": [5, 5, 5],
            "administrative_licensing": [865, 24, 1149],
            "other_external_services": [0, 0, 0],
            "administrative_penalty": [976, -18, 958],
            "administrative_coercion": [570, 31, 601],
            "administrative_fees": [35, -15],
            "centralized_procurement": [96, Decimal("12884.2")],
        },
        applications=_applications(
            tuple(r for r in ApplicationsRow if r not in _ONLY_2021),
            7,
        ),
        appeals={row.key: [0, 0, 0, 0, 0] for row in AppealsRow},
        preamble="本报告由红寺堡区人民政府办公室汇总编制。电子邮箱：hspzhfb123@163.com）。",
        sections=_sections(overview="2019年，红寺堡区以“五抓”全力推进政府信息公开。"),
    )


_ONLY_2021 = (
    ApplicationsRow.OTHER_OVERDUE_CORRECTION,
    ApplicationsRow.OTHER_OVERDUE_FEE,
    ApplicationsRow.OTHER_MISC,
)


def report_with_missing() -> Report:
    base = report_2021()
    applications = base.applications.with_values(
        {
            ("granted", "natural_person"): Missing(""),
            ("granted", "research_institution"): Missing("/"),
            ("carried_forward", "total"): Missing("—"),
        }
    )
    active = base.active.with_values({("administrative_fees", "amount"): Missing("无")})
    appeals = base.appeals.with_values({("litigation_direct", "pending"): Missing("")})
    import attrs

    return attrs.evolve(
        base, active=active, applications=applications, appeals=appeals, sections=()
    )


SAMPLES = {
    "2021": report_2021(),
    "2021-subtotal": report_2021(subtotal=True),
    "2019": report_2019(),
    "missing": report_with_missing(),
}


# --- a tiny rowspan/colspan expander ----------------------------------------------------


def expand_html_table(table: etree._Element) -> list[list[str]]:
    """The grid of an HTML table, the text of a spanning cell in every position it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in grid:
                c += 1
            rowspan = int(cell.get("rowspan", "1"))
            colspan = int(cell.get("colspan", "1"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert (r + dr, c + dc) not in grid, "cells overlap"
                    grid[r + dr, c + dc] = cell.text or ""
            c += colspan
    height = 1 + max(r for r, _ in grid)
    width = 1 + max(c for _, c in grid)
    assert len(grid) == height * width, "the grid has holes"
    return [[grid[r, c] for c in range(width)] for r in range(height)]


def html_grid(table: Table) -> list[list[str]]:
    return expand_html_table(etree.fromstring(table_to_html(table)))


# --- values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        (24, ActiveColumn2019.CHANGE, "+24"),
        (-3, ActiveColumn2019.CHANGE, "-3"),
        (0, ActiveColumn2019.CHANGE, "0"),
        (24, ActiveColumn2019.DECISIONS, "24"),
        (Decimal("12884.2"), ActiveColumn2019.PROCUREMENT_AMOUNT, "12884.2"),
        (Decimal("1.50"), ActiveColumn2019.PROCUREMENT_AMOUNT, "1.50"),
        (Missing("/"), ActiveColumn2019.CHANGE, "/"),
        (Missing(), AppealsColumn.TOTAL, ""),
    ],
)
def test_format_value(value: object, column: object, expected: str) -> None:
    assert format_value(value, column) == expected  # type: ignore[arg-type]


def test_default_title() -> None:
    report = SAMPLES["2019"]
    assert default_title(report) == "红寺堡区2019年政府信息公开工作年度报告"
    import attrs

    assert default_title(attrs.evolve(report, title="另一个标题")) == "另一个标题"
    assert default_title(attrs.evolve(report, year=None)) == "红寺堡区政府信息公开工作年度报告"


# --- HTML -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_applications_html_grid_puts_labels_and_values_in_place(name: str) -> None:
    table = SAMPLES[name].applications
    grid = html_grid(table)
    columns = table.layout.columns
    assert len(grid[0]) == 3 + len(columns)
    # The two-level header: 法人或其他组织 over the legal-person columns, 总计 spanning rows.
    for c, column in enumerate(columns, 3):
        assert grid[2][c] == column.label
        assert grid[1][c] == (column.groups[0] if column.groups else column.label)
        if column is ApplicationsColumn.TOTAL:
            assert grid[0][c] == column.label
    assert len({grid[r][0] for r in range(3)} | {grid[0][c] for c in range(3)}) == 1
    for r, row in enumerate(table.layout.rows, 3):
        labels = (*row.groups, row.label)
        assert grid[r][:3] == list(labels) + [row.label] * (3 - len(labels))
        for c, column in enumerate(columns, 3):
            assert grid[r][c] == format_value(table[row, column], column)
    assert len(grid) == 3 + len(table.layout.rows)


@pytest.mark.parametrize("name", SAMPLES)
def test_active_html_grid_has_item_blocks(name: str) -> None:
    table = SAMPLES[name].active
    grid = html_grid(table)
    for row in table.layout.rows:
        (r,) = [i for i, line in enumerate(grid) if line[0] == row.label]
        columns = table.layout.columns_of(row)
        values = [format_value(table[row, c], c) for c in columns]
        assert grid[r][1 : 1 + len(values)] == values
        assert set(grid[r][len(values) :]) == {values[-1]}  # the last value spans the rest
        # Above the row: its block's header and the 第二十条 item spanning the table.
        header = next(grid[i] for i in range(r, -1, -1) if grid[i][1] == columns[0].label)
        assert header[1 : 1 + len(columns)] == [c.label for c in columns]
        item = next(grid[i] for i in range(r, -1, -1) if grid[i][0] == row.groups[0])
        assert set(item) == {row.groups[0]}


@pytest.mark.parametrize("name", SAMPLES)
def test_appeals_html_grid(name: str) -> None:
    table = SAMPLES[name].appeals
    grid = html_grid(table)
    assert [len(line) for line in grid] == [15] * 4
    review, direct, after = AppealsRow
    assert grid[0][:5] == [review.label] * 5
    assert grid[0][5:] == [direct.groups[0]] * 10
    assert grid[1][5:10] == [direct.label] * 5
    assert grid[1][10:] == [after.label] * 5
    for g, row in enumerate(AppealsRow):
        for j, column in enumerate(AppealsColumn):
            assert grid[2][5 * g + j] == column.label
            assert grid[3][5 * g + j] == format_value(table[row, column], column)
    assert grid[1][:5] == grid[2][:5]  # the review columns span two header rows


def test_report_html_is_a_well_formed_document() -> None:
    report = SAMPLES["2021"]
    text = report_to_html(report)
    parser = etree.HTMLParser(recover=False)
    root = etree.fromstring(text.encode("utf-8"), parser)
    assert '<meta charset="utf-8">' in text
    assert root.findtext(".//title") == root.findtext(".//h1") == default_title(report)
    assert [h.text for h in root.iter("h2")] == [k.label for k in SectionKey]
    body = root.find("body")
    assert body is not None
    tags = [(el.tag, el.text) for el in body]
    # Each table sits under its section heading, before that section's prose.
    for key, table_key in [
        (SectionKey.ACTIVE, "active"),
        (SectionKey.APPLICATIONS, "applications"),
        (SectionKey.APPEALS, "appeals"),
    ]:
        at = tags.index(("h2", key.label))
        assert tags[at + 1][0] == "table"
        assert body[at + 1].get("data-table") == table_key
    assert ("p", "本年制发规范性文件4件。") in tags
    assert tags.index(("p", "本年制发规范性文件4件。")) > tags.index(
        ("h2", SectionKey.ACTIVE.label)
    )
    paragraphs = [t for tag, t in tags if tag == "p"]
    assert paragraphs[:2] == report.preamble.split("\n")
    assert "一是公开深度不足。" in paragraphs


def test_html_escapes_text() -> None:
    import attrs

    report = SAMPLES["missing"]
    report = attrs.evolve(
        report,
        agency="A&B<机关>",
        applications=report.applications.with_values({("granted", "total"): Missing("<b>")}),
    )
    text = report_to_html(report)
    assert "A&amp;B&lt;机关&gt;" in text
    assert "<b>" not in text
    root = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(recover=False))
    grid = expand_html_table(root.find(".//table[@data-table='applications']"))
    granted = next(r for r in grid if r[1] == ApplicationsRow.GRANTED.label)
    assert granted[-1] == "<b>"
    assert granted[3] == ""  # Missing(""): an empty cell
    assert granted[5] == "/"  # Missing("/"): its raw text


def test_table_roles_mark_values() -> None:
    grid = table_grid(SAMPLES["2021"].appeals)
    assert [c.role for c in grid.rows[-1]] == [CellRole.VALUE] * 15
    assert grid.is_data_row(3)
    assert not grid.is_data_row(0)


# --- Markdown ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_markdown_tables_are_rectangular(name: str) -> None:
    for table in SAMPLES[name].tables:
        lines = table_to_markdown(table).split("\n")
        assert lines[1].startswith("|---|")
        widths = {line.replace("\\|", "").count("|") for line in lines}
        assert len(widths) == 1


def test_markdown_escapes_pipes() -> None:
    table = SAMPLES["2021"].appeals.with_values(
        {("administrative_review", "upheld"): Missing("a|b")}
    )
    assert "a\\|b" in table_to_markdown(table)


def test_report_markdown() -> None:
    report = SAMPLES["2021"]
    text = report_to_markdown(report)
    lines = text.split("\n")
    assert lines[0] == f"# {default_title(report)}"
    assert [line[3:] for line in lines if line.startswith("## ")] == [k.label for k in SectionKey]
    # Paragraphs are separated by blank lines.
    assert "\n\n一是公开深度不足。\n\n二是形式单一。\n" in text
    assert sum(line.startswith("|---|") for line in lines) == 3


# --- tab-separated text -----------------------------------------------------------------


def test_text_puts_blocks_between_blank_lines() -> None:
    report = SAMPLES["2021"]
    text = report_to_text(report)
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == default_title(report)
    assert blocks[1:3] == report.preamble.split("\n")
    assert blocks[3] == SectionKey.OVERVIEW.label
    at = blocks.index(SectionKey.ACTIVE.label)
    assert blocks[at + 1] == table_to_text(report.active)
    assert blocks[at + 2] == "本年制发规范性文件4件。"


def test_text_absent_sections_keep_their_tables() -> None:
    report = SAMPLES["missing"]
    text = report_to_text(report)
    assert SectionKey.OVERVIEW.label not in text
    for table in report.tables:
        assert table_to_text(table) in text


def test_text_rows_of_applications_follow_the_converter() -> None:
    table = SAMPLES["2021-subtotal"].applications
    lines = table_to_text(table).split("\n")
    width = 3 + 8
    assert all(line.count("\t") == width - 1 for line in lines)
    cells = [line.split("\t") for line in lines]
    # A label spanning the label columns: one empty cell after it, one at the end.
    new = cells[3]
    assert new[0] == ApplicationsRow.NEW_REQUESTS.label
    assert new[1] == ""
    assert new[-1] == ""
    assert new[2:-1] == [str(v) for v in table.row("new_requests").values()]
    secret = next(c for c in cells if c[2] == ApplicationsRow.DENIED_STATE_SECRET.label)
    assert secret[:2] == ["", ApplicationsRow.DENIED_STATE_SECRET.groups[1]]
    assert secret[3:] == [str(v) for v in table.row("denied_state_secret").values()]


def _seed_report(path: Path) -> Report:
    truth = json.loads(path.read_text(encoding="utf-8"))
    return Report.create(
        agency=truth["agency"],
        year=truth["year"],
        format=truth["format"],
        active=truth["active"],
        applications=truth["applications"],
        appeals=truth["appeals"],
    )


# Rows of seed 002 that its converter shifted left (a page break inside table 三).
_SHIFTED_IN_002 = ("5.要求", "(六)", "2.申请人逾期", "3.其他", "(七)")


def test_text_tables_match_seed_002(shared_dir: Path) -> None:
    seeds = shared_dir / "corpus" / "seeds"
    report = _seed_report(next((seeds / "truth").glob("002_*.json")))
    source = next(seeds.glob("002_*.txt")).read_text(encoding="utf-8")
    expected = [line for line in source.split("\n") if "\t" in line]
    ours = [line for line in report_to_text(report).split("\n") if "\t" in line]
    assert len(ours) == len(expected)
    shifted = 0
    for mine, theirs in zip(ours, expected, strict=True):
        a = [fold(c) for c in mine.split("\t")]
        b = [fold(c) for c in theirs.split("\t")]
        if a == b:
            continue
        # Only the rows the seed shifted differ: same cells in the same order, same count.
        assert any(fold(c).startswith(fold(p)) for c in b if c for p in _SHIFTED_IN_002), theirs
        assert len(a) == len(b)
        assert [c for c in a if c] == [c for c in b if c]
        shifted += 1
    assert shifted == 5


# --- generated reports ------------------------------------------------------------------


@given(gds.reports(allow_missing=True, subtotal=None))
def test_generated_reports_render_every_cell_in_place(report: Report) -> None:
    grid = html_grid(report.applications)
    for r, row in enumerate(report.applications.layout.rows, 3):
        values = [format_value(report.applications[row, c], c) for c in report.applications.columns]
        assert grid[r][3:] == values
    appeals = html_grid(report.appeals)
    assert appeals[3] == [format_value(c.value, c.column) for c in report.appeals]
    text = report_to_text(report)
    for table in report.tables:
        assert table_to_text(table) in text
    etree.fromstring(report_to_html(report).encode("utf-8"), etree.HTMLParser(recover=False))
