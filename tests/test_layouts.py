"""Messy layouts: every one keeps all the data, each looks like the artifact it imitates."""

from __future__ import annotations

import itertools
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import strategies as gds
from govdisclosure._fold import to_halfwidth
from govdisclosure.document import is_page_footer
from govdisclosure.layouts import LAYOUTS, Layout, render
from govdisclosure.model import ApplicationsRow, Missing, Report, SectionKey, TableKey
from govdisclosure.serialize.grid import default_title, format_value, table_grid
from govdisclosure.serialize.render import report_to_text, table_to_text
from test_render import SAMPLES  # the hand-built sample reports

SEEDS = range(4)


def squash(text: str) -> str:
    """Text with what layouts may lose removed: whitespace, width, markup (Markdown, its
    escapes, the tags of HTML tables and <br>), bracket style."""
    text = re.sub(r"<[^<>]*>", "", text).replace("\\", "")
    text = to_halfwidth(text).translate(str.maketrans({"（": "(", "）": ")", "，": ","}))
    return re.sub(r"[\s#*|]", "", text)


def without_stray_links(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith("mailto:"))


def data_strings(report: Report, *, with_values: bool = True) -> list[str]:
    """What every layout must keep: title, prose, headings, and each row's label and values."""
    out = [default_title(report)]
    out += [p for p in report.preamble.split("\n") if p.strip()]
    for section in report.sections:
        out.append(section.key.label)
        out += [p for p in section.text.split("\n") if p.strip()]
    for table in report.tables:
        for row in table.layout.rows:
            values = "".join(format_value(table[row, c], c) for c in table.layout.columns_of(row))
            if not with_values:
                values = ""
            # A row's own label stands right before its values (table 四 has no labels).
            out.append(values if table.key is TableKey.APPEALS else row.label + values)
    return out


def is_subsequence(part: str, text: str) -> bool:
    chars = iter(text)
    return all(ch in chars for ch in part)


def assert_keeps_data(report: Report, layout: Layout, seed: int) -> None:
    text = squash(without_stray_links(render(report, layout, seed=seed)))
    if layout.labels_by_values:
        for piece in data_strings(report):
            assert squash(piece) in text, (layout, seed, piece)
        return
    # Labels and numbers apart: every label is there, and each row's numbers in order
    # (the first of them may stand after the others, on the label's line).
    for piece in data_strings(report, with_values=False):
        assert squash(piece) in text, (layout, seed, piece)
    for table in report.tables:
        for row in table.layout.rows:
            values = [format_value(table[row, c], c) for c in table.layout.columns_of(row)]
            orders = ("".join(values), "".join(values[1:] + values[:1]))
            assert any(is_subsequence(squash(o), text) for o in orders), (layout, seed, row)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_keeps_all_the_data(layout: Layout, name: str, seed: int) -> None:
    assert_keeps_data(SAMPLES[name], layout, seed)


@given(
    gds.reports(allow_missing=True, subtotal=None),
    st.sampled_from(LAYOUTS),
    st.integers(0, 2**16),
)
def test_generated_reports_keep_all_the_data(report: Report, layout: Layout, seed: int) -> None:
    assert_keeps_data(report, layout, seed)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts_are_deterministic_per_seed(layout: Layout) -> None:
    report = SAMPLES["2021"]
    for seed in SEEDS:
        assert render(report, layout, seed=seed) == render(report, layout.value, seed=seed)


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if x is not Layout.CLEAN_TSV])
def test_seeds_change_the_messy_layouts(layout: Layout) -> None:
    report = SAMPLES["2021"]
    assert len({render(report, layout, seed=s) for s in range(12)}) > 1


def test_clean_tsv_is_the_text_rendering() -> None:
    report = SAMPLES["2019"]
    assert {render(report, Layout.CLEAN_TSV, seed=s) for s in SEEDS} == {report_to_text(report)}


def test_layout_lookup() -> None:
    assert Layout.coerce("flattened") is Layout.FLATTENED
    assert Layout.coerce("FLATTENED") is Layout.FLATTENED
    assert Layout.coerce(Layout.MARKDOWN) is Layout.MARKDOWN
    with pytest.raises(ValueError, match="clean_tsv"):
        render(SAMPLES["2021"], "no-such-layout")
    assert tuple(Layout) == LAYOUTS
    assert len(LAYOUTS) >= 9
    for layout in LAYOUTS:
        assert layout.__doc__ == layout.description
        assert len(layout.description) > 40
    lossy = {x for x in LAYOUTS if not x.keeps_blank_cells}
    assert lossy == {
        Layout.ONE_CELL_PER_LINE,
        Layout.SPACED_NUMBERS,
        Layout.NUMBERS_APART,
        Layout.FLATTENED,
    }
    assert {x for x in LAYOUTS if not x.labels_by_values} == {
        Layout.NUMBERS_APART,
        Layout.LLM_MARKDOWN,
    }
    assert {x for x in LAYOUTS if not x.keeps_prose} == {
        Layout.ONE_CELL_PER_LINE,
        Layout.FLATTENED,
    }


# --- each layout looks like its artifact ------------------------------------------------


def _table_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if "\t" in line]


@pytest.mark.parametrize("seed", SEEDS)
def test_split_cells_only_adds_spaces_to_labels(seed: int) -> None:
    report = SAMPLES["2021"]
    clean = report_to_text(report)
    text = render(report, Layout.SPLIT_CELLS, seed=seed)
    assert text.replace(" ", "") == clean.replace(" ", "")
    split = [line for line in _table_lines(text) if " " in line]
    assert split
    for line in split:
        for cell in line.split("\t"):
            if " " in cell:
                assert not cell.replace(" ", "").isdigit()  # numbers are never split


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SAMPLES)
def test_shifted_rows_lose_leading_cells(name: str, seed: int) -> None:
    report = SAMPLES[name]
    clean = _table_lines(report_to_text(report))
    shifted = _table_lines(render(report, Layout.SHIFTED_ROWS, seed=seed))
    assert len(clean) == len(shifted)
    changed = [(a, b) for a, b in zip(clean, shifted, strict=True) if a != b]
    assert 1 <= len(changed) <= 4
    applications = table_to_text(report.applications).split("\n")
    for before, after in changed:
        assert before in applications
        assert before.startswith("\t")
        assert not after.startswith("\t")
        assert after.count("\t") == before.count("\t")
        assert [c for c in after.split("\t") if c] == [c for c in before.split("\t") if c]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SAMPLES)
def test_page_breaks_split_table_three(name: str, seed: int) -> None:
    report = SAMPLES[name]
    text = render(report, Layout.PAGE_BREAKS, seed=seed)
    lines = text.split("\n")
    footers = [i for i, line in enumerate(lines) if is_page_footer(line)]
    assert footers
    header = table_to_text(report.applications).split("\n")[0]
    repeats = [i for i, line in enumerate(lines) if line == header]
    assert len(repeats) == 2
    assert any(repeats[0] < f < repeats[1] for f in footers)
    # The group label on the page before is cut; its tail opens the next page.
    before = lines[max(f for f in footers if f < repeats[1]) - 2]
    after = lines[repeats[1] + 3]
    head, tail = before.split("\t")[1], after.split("\t")[1]
    groups = {row.groups[1] for row in report.applications.layout.rows if len(row.groups) > 1}
    assert head + tail in groups
    assert head
    assert tail


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SAMPLES)
def test_one_cell_per_line_looks_like_pdf_text(name: str, seed: int) -> None:
    report = SAMPLES[name]
    text = render(report, Layout.ONE_CELL_PER_LINE, seed=seed)
    lines = text.split("\n")
    assert "\t" not in text
    # 自然人 printed vertically, one character per line.
    natural = report.applications.layout.columns[0].label
    at = lines.index(natural[0])
    assert lines[at : at + len(natural)] == list(natural)
    # Table 四's headers are vertical too, a blank line between characters.
    upheld = next(iter(report.appeals.layout.columns)).label
    assert "\n\n".join(upheld) in text
    # A long row label wrapped, its numbers on the next line.
    row = ApplicationsRow.NOT_PROCESSED_CONFIRMATION
    values = " ".join(
        v
        for v in (format_value(report.applications[row, c], c) for c in report.applications.columns)
        if v
    )
    assert any(
        line == values and lines[i - 1] and not lines[i - 1][0].isdigit()
        for i, line in enumerate(lines)
    )
    if report.sections:
        # Hard-wrapped prose with blank lines between lines, and the stray link.
        assert [line for line in lines if line.startswith("mailto:")]
        start = lines.index(SectionKey.OVERVIEW.label)
        end = next(i for i in range(start + 1, len(lines)) if lines[i] in _headings())
        prose = [line for line in lines[start + 1 : end] if not line.startswith("mailto:")]
        assert all(len(line) <= 30 for line in prose)
        assert not any(a and b for a, b in itertools.pairwise(prose))


def _headings() -> set[str]:
    return {k.label for k in SectionKey}


@pytest.mark.parametrize("name", SAMPLES)
def test_spaced_numbers_put_rows_on_one_line(name: str) -> None:
    report = SAMPLES[name]
    text = render(report, Layout.SPACED_NUMBERS)
    assert "\t" not in text
    lines = text.split("\n")
    for row in report.applications.layout.rows:
        values = [format_value(report.applications[row, c], c) for c in report.applications.columns]
        expected = " ".join([row.label, *(v for v in values if v)])
        assert any(line.endswith(expected) for line in lines), expected


@pytest.mark.parametrize("seed", SEEDS)
def test_markdown_layout(seed: int) -> None:
    report = SAMPLES["2021"]
    text = render(report, Layout.MARKDOWN, seed=seed)
    lines = text.split("\n")
    assert sum(line.startswith("|---|") for line in lines) == 3
    headings = [line for line in lines if line.startswith("#")]
    assert len(headings) in (7, 8)  # six sections, the title on one or two lines
    for key in SectionKey:
        assert any(key.label in h for h in headings)


def test_markdown_layout_varies_headings() -> None:
    report = SAMPLES["2021"]
    texts = [render(report, Layout.MARKDOWN, seed=s) for s in range(12)]
    assert any("**" in t for t in texts)
    assert any(f"# {report.agency}\n" in t for t in texts)
    assert len({re.findall(r"^#+", t, re.M)[3] for t in texts}) > 1


def test_full_width_layout() -> None:
    report = SAMPLES["2019"]
    text = render(report, Layout.FULL_WIDTH)
    tables = "\n".join(_table_lines(text))
    assert not re.search(r"[0-9]", tables)
    assert "－１８" in tables  # the negative change
    assert "１２８８４．２" in tables
    clean = report_to_text(report)
    assert to_halfwidth(text).replace(" ", "") == to_halfwidth(clean).replace(" ", "")


def test_half_width_labels_layout() -> None:
    report = SAMPLES["2021"]
    text = render(report, Layout.HALF_WIDTH_LABELS)
    tables = "\n".join(_table_lines(text))
    assert "(一) " in tables
    assert "第二十条第（一）项" in tables  # the item titles keep their brackets
    assert squash(text) == squash(report_to_text(report))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SAMPLES)
def test_flattened_is_one_line_with_glued_numbers(name: str, seed: int) -> None:
    report = SAMPLES[name]
    text = render(report, Layout.FLATTENED, seed=seed)
    assert text.endswith("\n")
    assert "\n" not in text[:-1]
    assert "\t" not in text
    table = report.applications
    row = table.layout.rows[0]
    glued = "".join(format_value(table[row, c], c) for c in table.columns)
    assert glued in text  # 713000074


def test_blank_missing_cells() -> None:
    report = SAMPLES["missing"]
    granted = report.applications.row("granted")
    assert granted["natural_person"] == Missing("")
    tsv_row = next(
        line for line in render(report, Layout.CLEAN_TSV).split("\n") if "（一）予以公开" in line
    )
    assert tsv_row.split("\t")[2] == ""  # an empty cell where the blank stood
    flat = render(report, Layout.FLATTENED)
    values = [format_value(v) for v in granted.values()]
    assert "".join(values) in flat
    assert "/" in "".join(values)


def test_rendering_a_report_without_sections() -> None:
    report = attrs.evolve(SAMPLES["2021"], sections=(), preamble="")
    for layout in LAYOUTS:
        text = render(report, layout, seed=1)
        assert SectionKey.OVERVIEW.label not in text
        assert "mailto:" not in text
        assert_keeps_data(report, layout, 1)


def test_grid_of_each_table_is_rectangular() -> None:
    for report in SAMPLES.values():
        for table in report.tables:
            grid = table_grid(table)
            assert all(len(r) == grid.width for r in grid.text_rows())
