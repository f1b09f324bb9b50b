"""Messy layouts: a report written the way real documents reach a program.

Each :class:`Layout` imitates an artifact found in real annual reports (the seeds and
the real corpus): Word tables saved as text with split or shifted cells, PDF text with
one cell per line and vertical headers, tables broken by page footers, Markdown residue,
full-width digits, a crawled page flattened to one line. :func:`render` writes a report
in one of them; it is deterministic for a given ``seed``, which picks where the page
breaks fall, which rows shift, which words split…

Every layout keeps all the data: the title, the preamble, every heading and paragraph
and the raw text of every cell are in the output, and only whitespace and line
structure may be lost — with two documented exceptions:

* where cells are separated by spaces or by nothing (:attr:`Layout.SPACED_NUMBERS`,
  :attr:`Layout.ONE_CELL_PER_LINE`, :attr:`Layout.NUMBERS_APART`,
  :attr:`Layout.FLATTENED`) a *blank* missing cell
  (``Missing("")``) cannot be written: nothing is written for it, and a parser reports
  the row as short (:attr:`Layout.keeps_blank_cells` is false);
* :attr:`Layout.NUMBERS_APART` keeps the numbers in table order but not beside their
  row labels (:attr:`Layout.labels_by_values` is false);
* :attr:`Layout.FLATTENED` glues the numbers of a row together (``713000074``), so
  a row is decoded only with the table's own sums (:attr:`Layout.glues_numbers`), and
  loses paragraph breaks; :attr:`Layout.ONE_CELL_PER_LINE` hard-wraps prose and adds a
  stray ``mailto:`` line (:attr:`Layout.keeps_prose` is false for both);
* :attr:`Layout.CONVERTER_MARKDOWN` and :attr:`Layout.LLM_MARKDOWN` may replace the
  column headers by made-up ones (``| 列1 | … |``), so whether table 三 has the 小计 column
  is told only by its numbers: a table 三 with none is read without it
  (:attr:`Layout.keeps_headers` is false).

The layouts are the input side of the library's central property:
``parse_text(render(report, layout)) == report``.
"""

from __future__ import annotations

import enum
import html
import random
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from .model.keys import SectionKey, TableKey, ValueKind
from .model.report import Report
from .model.tables import Table
from .serialize.grid import (
    Block,
    CellRole,
    GridCell,
    Heading,
    Paragraph,
    TableBlock,
    TableGrid,
    TextRow,
    Title,
    blocks,
    default_title,
    table_grid,
    text_rows,
)
from .templates import OFFICIAL, LabelNoise, TablePlacement, Template

__all__ = ["LAYOUTS", "Layout", "printed_grid", "render"]


@attrs.frozen
class _Traits:
    """What a layout keeps of a report (the documented exceptions above)."""

    keeps_prose: bool = True
    keeps_blank_cells: bool = True
    glues_numbers: bool = False
    labels_by_values: bool = True
    keeps_headers: bool = True


class Layout(enum.Enum):
    """A way real documents lay out a report; the value is the layout's key."""

    _value_: str
    description: str
    keeps_prose: bool
    keeps_blank_cells: bool
    glues_numbers: bool
    labels_by_values: bool
    keeps_headers: bool

    def __new__(cls, key: str, description: str, traits: _Traits = _Traits()) -> Layout:
        member = object.__new__(cls)
        member._value_ = key
        member.description = description
        member.__doc__ = description
        member.keeps_prose = traits.keeps_prose
        member.keeps_blank_cells = traits.keeps_blank_cells
        member.glues_numbers = traits.glues_numbers
        member.labels_by_values = traits.labels_by_values
        member.keeps_headers = traits.keeps_headers
        return member

    CLEAN_TSV = (
        "clean_tsv",
        "A Word report saved as plain text (seed 002): paragraphs between blank lines, "
        "tables as tab-separated rows, merged cells as empty cells.",
    )
    SPLIT_CELLS = (
        "split_cells",
        "Word text whose table labels and header words are split by stray spaces where the "
        "cell wrapped (seed 000: 自然 人, 本 年度办 理结 果, 结果 维持).",
    )
    SHIFTED_ROWS = (
        "shifted_rows",
        "Word text where some rows of table 三 lost their leading empty cells and shifted "
        "left, padded at the end (seeds 003/004: 6.属于四类过程性信息\\t0\\t…).",
    )
    PAGE_BREAKS = (
        "page_breaks",
        "Text of a paged document: page footers (- 3 -, — 3 —, 第 3 页) between "
        "paragraphs and inside tables, a row label split across the break "
        "((四) 无法 … 提供) and the table header repeated on the new page "
        "(seed 000, real 004).",
    )
    ONE_CELL_PER_LINE = (
        "one_cell_per_line",
        "Text extracted from a PDF (seed 001): vertical header text one character per "
        "line, wrapped row labels with their numbers on the next line, prose hard-wrapped "
        "at ~28 characters with blank lines between lines, a stray mailto: line.",
        _Traits(keeps_prose=False, keeps_blank_cells=False),
    )
    SPACED_NUMBERS = (
        "spaced_numbers",
        "Text extracted from a PDF by rows: a row label then its numbers separated by "
        "spaces, no tabs (seed 001, table 二).",
        _Traits(keeps_blank_cells=False),
    )
    MARKDOWN = (
        "markdown",
        "A PDF or Word file turned into Markdown (seed 000, real 004): # and ** headings "
        "at random levels, the title split over two headings, bold paragraph leads "
        "(**（一）主动公开方面。**), pipe tables.",
    )
    FULL_WIDTH = (
        "full_width",
        "Tables typed with a Chinese input method: full-width digits and punctuation "
        "(０１２，（一），１．属于…).",
    )
    FLATTENED = (
        "flattened",
        "A crawled web page flattened to one line (real 008/011): prose, headings and "
        "tables run together, the cells of a row glued with no separator (713000074).",
        _Traits(keeps_prose=False, keeps_blank_cells=False, glues_numbers=True),
    )
    NUMBERS_APART = (
        "numbers_apart",
        "Text extracted from a PDF by poppler's pdftotext in its default mode: every "
        "header and label cell on a line of its own, the numbers one per line, in table "
        "order but not beside their labels: before a row's label (centred in a taller "
        "cell), after it, or with the first number on the label's line; the last rows of "
        "table 三 sometimes as column blocks (their labels, then each group of columns row "
        "by row).",
        _Traits(keeps_blank_cells=False, labels_by_values=False),
    )
    CELLS_ON_LINES = (
        "cells_on_lines",
        "A Word file saved as text by LibreOffice (or Word): every table cell on a line of "
        "its own, an empty or merged-over cell as an empty line, paragraphs one per line.",
    )
    HALF_WIDTH_LABELS = (
        "half_width_labels",
        "Word text whose labels use half-width brackets with a space, (一) 予以公开, and "
        "sometimes half-width commas (seeds 002/003).",
    )
    CONVERTER_MARKDOWN = (
        "converter_markdown",
        "A PDF turned into Markdown by a conversion tool (MinerU, marker, real 004): one "
        "Markdown table per row or per group of rows, one after another or between blank "
        "lines; made-up headers (| 数据1 | … | 数据6 | 总计 |, | 列1 |, | Column 1 |) or "
        "the header rows merged into one (<br>, escaped pipes), or their text as "
        "paragraphs over tables of placeholders (| - | - |); the label columns as printed, "
        "one label cell, or a group's label in its first row's cell; markup in cells "
        "(**（七）总计**, <br>, 1\\., \\-); the last rows of table 三 under the heading "
        "of section 四 or under a heading the converter made up (续表); some tables as "
        "embedded HTML with their spans. Header cells are not kept where a made-up header "
        "replaces them (they are not data).",
        _Traits(keeps_headers=False),
    )
    LLM_MARKDOWN = (
        "llm_markdown",
        "A report rebuilt as Markdown by a language model: everything "
        ":attr:`CONVERTER_MARKDOWN` does but HTML and merged headers, and table 二's and "
        "三's row labels in one Markdown table (one column, or the label columns as "
        "printed) with the numbers of the same rows in a later table under a made-up "
        "header (:attr:`Layout.labels_by_values` is false).",
        _Traits(labels_by_values=False, keeps_headers=False),
    )

    @classmethod
    def coerce(cls, layout: Layout | str) -> Layout:
        """A layout from a member, its key (``"flattened"``) or its name (``"FLATTENED"``)."""
        if isinstance(layout, Layout):
            return layout
        if isinstance(layout, str):
            key = layout.strip().lower()
            for member in cls:
                if member.value == key:
                    return member
        choices = ", ".join(m.value for m in cls)
        raise ValueError(f"{layout!r} is not a layout (one of: {choices})")

    def __repr__(self) -> str:
        return f"<Layout.{self.name}>"


LAYOUTS: tuple[Layout, ...] = tuple(Layout)
"""Every layout, in definition order."""


def render(
    report: Report, layout: Layout | str, *, seed: int = 0, template: Template | None = None
) -> str:
    """Write ``report`` as text in ``layout``; the same ``seed`` gives the same text.

    ``template`` (:class:`~govdisclosure.templates.Template`) writes it as a document of a
    template that departs from the official format would: other headings, tables apart
    under captions, labels as typists type them, the body named elsewhere, blank cells.
    What such a document states is ``template.apply(report)``, which is what parsing the
    text gives back.
    """
    chosen = Layout.coerce(layout)
    written = OFFICIAL if template is None else template
    # The template's choices come from a generator of their own, so that the official
    # template writes exactly what the layout always wrote.
    rng = _Rng(f"{chosen.value}:{seed}", written, random.Random(f"template:{seed}"))
    return _RENDERERS[chosen](written.apply(report), rng)


class _Rng(random.Random):
    """The layout's random choices, carrying the template it writes with."""

    def __init__(self, seed: str, template: Template, noise: random.Random) -> None:
        super().__init__(seed)
        self.template = template
        self.noise = noise


def _template(rng: random.Random) -> tuple[Template, random.Random]:
    if isinstance(rng, _Rng):
        return rng.template, rng.noise
    return OFFICIAL, rng


# Texts that real layouts add around the report's own text (not labels).
_UNIT_WAN = "万"
_FOOTERS = ("- {n} -", "— {n} —", "第 {n} 页")
_DEFAULT_EMAIL = "xxgk@example.gov.cn"
_MAILTO_TAIL = "）。"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


# --- shared pieces -----------------------------------------------------------------------


def _title(report: Report, rng: random.Random, *, plain: bool = False) -> str:
    """The title, with the spaces around the year that converters often add (unless
    ``plain``), on the lines the template puts it."""
    title = default_title(report)
    year = f"{report.year}" if report.year is not None else None
    if not plain and year and year in title and rng.random() < 0.5:
        title = title.replace(year, f" {year} ", 1).replace("  ", " ").strip()
    template, _noise = _template(rng)
    return "\n".join(template.title_lines(report, title))


def _heading(block: Heading, rng: random.Random) -> str:
    template, noise = _template(rng)
    return template.heading(block.key, noise)


def _blocks(report: Report, rng: random.Random) -> list[Block]:
    """The document's blocks, the tables where the template puts them: after the six
    sections, each under its caption, when the template prints them apart."""
    template, noise = _template(rng)
    found = list(blocks(report))
    if template.tables is TablePlacement.IN_SECTIONS:
        return found
    tables = [b for b in found if isinstance(b, TableBlock)]
    out: list[Block] = [b for b in found if not isinstance(b, TableBlock)]
    for block in tables:
        caption = template.caption(block.table.key, noise)
        if caption is not None:
            out.append(Paragraph(caption, None))
        out.append(block)
    return out


_TableWriter = Callable[[Table, random.Random], list[str]]


def _tsv_lines(rows: Iterable[TextRow]) -> list[str]:
    return ["\t".join(r.cells) for r in rows]


def _document(
    report: Report,
    rng: random.Random,
    write_table: _TableWriter,
    between_paragraphs: Callable[[], str | None] | None = None,
    *,
    plain_title: bool = False,
) -> str:
    """Blocks between blank lines, as in a Word document saved as text.

    ``between_paragraphs`` may add a line (a page footer) between two paragraphs.
    """
    parts: list[str] = []
    previous: object = None
    for block in _blocks(report, rng):
        if (
            between_paragraphs is not None
            and isinstance(block, Paragraph)
            and isinstance(previous, Paragraph)
        ):
            extra = between_paragraphs()
            if extra is not None:
                parts.append(extra)
        previous = block
        if isinstance(block, Title):
            parts.append(_title(report, rng, plain=plain_title))
        elif isinstance(block, Heading):
            parts.append(_heading(block, rng))
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.append("\n".join(write_table(block.table, rng)))
    return "\n\n".join(parts) + "\n"


def printed_grid(table: Table, template: Template, rng: random.Random) -> TableGrid:
    """The table's official grid with its labels and headers as ``template`` prints them
    (its choices drawn from ``rng``): for writers of other files (Word, HTML) that want
    the template's label noise."""
    return _grid(table, _Rng("", template, rng))


def _grid(table: Table, rng: random.Random) -> TableGrid:
    """The table's official grid, its labels and headers as the template prints them."""
    template, noise = _template(rng)
    grid = table_grid(table)
    if not template.labels:
        return grid

    def printed(cell: GridCell) -> GridCell:
        if cell.role is CellRole.LABEL:
            return attrs.evolve(cell, text=template.label(cell.text, noise))
        if cell.role is CellRole.HEADER and cell.column is not None:
            return attrs.evolve(cell, text=template.header(cell.text, noise))
        return cell

    return attrs.evolve(grid, rows=tuple(tuple(map(printed, row)) for row in grid.rows))


def _rows(table: Table, rng: random.Random) -> list[TextRow]:
    rows = text_rows(_grid(table, rng))
    template, _noise = _template(rng)
    if LabelNoise.GROUP_IN_MIDDLE in template.labels:
        rows = _groups_in_the_middle(rows, template)
    return rows


def _groups_in_the_middle(rows: list[TextRow], template: Template) -> list[TextRow]:
    """Each group label spanning several rows moved from its first row to the middle one,
    its characters spaced: how a vertically centred cell is extracted."""
    out = list(rows)
    for i, row in enumerate(rows):
        for p, origin in enumerate(row.origins):
            if origin is None or origin.role is not CellRole.LABEL or origin.row is not None:
                continue
            middle = i + origin.rowspan // 2
            if origin.rowspan < 3 or middle >= len(out) or out[middle].cells[p]:
                continue
            here = list(out[i].cells)
            there = list(out[middle].cells)
            there[p], here[p] = template.spaced_group(here[p].replace("\n", "")), ""
            out[i] = _replace(out[i], here)
            out[middle] = _replace(out[middle], there)
    return out


def _replace(row: TextRow, cells: Sequence[str]) -> TextRow:
    return TextRow(tuple(cells), row.roles, row.data, row.origins)


def _map_cells(rows: Iterable[TextRow], fn: Callable[[str, GridCell], str]) -> list[TextRow]:
    out = []
    for row in rows:
        cells = [
            fn(text, origin) if origin is not None and text else text
            for text, origin in zip(row.cells, row.origins, strict=True)
        ]
        out.append(_replace(row, cells))
    return out


# --- CLEAN_TSV ---------------------------------------------------------------------------


def _clean_tsv(report: Report, rng: random.Random) -> str:
    return _document(report, rng, lambda t, r: _tsv_lines(_rows(t, r)), plain_title=True)


# --- SPLIT_CELLS -------------------------------------------------------------------------


_LABEL_NUMBER = re.compile(r"^(?:（[一二三四五六七八九十]+）|[0-9]+\.|[一二三四五六七八九十]+、)")


def _split_words(text: str, rng: random.Random) -> str:
    """Spaces where a narrow cell wrapped its text (``社会 公益 组织``, ``1. 属于…``).

    The number of a label (``（三）``, ``1.``) is never cut, though a space may follow it.
    """
    number = _LABEL_NUMBER.match(text)
    first = max(1, number.end() if number else 1)
    positions = range(first, len(text))
    if not positions:
        return text
    cuts = sorted(rng.sample(positions, k=min(len(positions), rng.randint(1, 2))))
    pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return " ".join(pieces)


def _split_table(table: Table, rng: random.Random) -> list[str]:
    rows = _rows(table, rng)
    if table.key is TableKey.ACTIVE:
        return _tsv_lines(rows)

    def split(text: str, cell: GridCell) -> str:
        if cell.role is CellRole.VALUE or len(text) > 12 or rng.random() < 0.4:
            return text
        return _split_words(text, rng)

    return _tsv_lines(_map_cells(rows, split))


def _split_cells(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _split_table)


# --- SHIFTED_ROWS ------------------------------------------------------------------------


def _shift(row: TextRow, rng: random.Random) -> TextRow:
    cells = list(row.cells)
    lead = 0
    while lead < len(cells) and cells[lead] == "" and row.roles[lead] is not CellRole.VALUE:
        lead += 1
    rest = cells[lead:]
    labels = sum(1 for r in row.roles[lead:] if r is CellRole.LABEL)
    blank_value = any(
        t == "" and r is CellRole.VALUE for t, r in zip(row.cells, row.roles, strict=True)
    )
    if blank_value or rng.random() < 0.5:
        # seed 003: 6.属于四类过程性信息\t0\t…\t0\t\t
        shifted = rest + [""] * lead
    else:
        # seed 004: 3.其他\t\t0\t…\t0\t
        shifted = [*rest[:labels], "", *rest[labels:]] + [""] * (lead - 1)
    return TextRow(tuple(shifted), (None,) * len(shifted), row.data, (None,) * len(shifted))


def _shifted_table(table: Table, rng: random.Random) -> list[str]:
    rows = _rows(table, rng)
    if table.key is not TableKey.APPLICATIONS:
        return _tsv_lines(rows)
    eligible = [i for i, r in enumerate(rows) if r.data and r.cells[0] == ""]
    if eligible:
        run = rng.randint(1, min(4, len(eligible)))
        start = rng.randrange(len(eligible) - run + 1)
        for i in eligible[start : start + run]:
            rows[i] = _shift(rows[i], rng)
    return _tsv_lines(rows)


def _shifted_rows(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _shifted_table)


# --- PAGE_BREAKS -------------------------------------------------------------------------


class _Pages:
    """Page numbers for the footers of one document."""

    def __init__(self, rng: random.Random) -> None:
        self.number = rng.randint(2, 9)
        self.style = rng.choice(_FOOTERS)

    def footer(self) -> list[str]:
        return ["", self.line(), ""]

    def line(self) -> str:
        line = self.style.format(n=self.number)
        self.number += 1
        return line


def _page_break_table(table: Table, rng: random.Random, pages: _Pages) -> list[str]:
    rows = _rows(table, rng)
    if table.key is TableKey.ACTIVE:
        # A break between two rows of a block, as between 行政处罚 and 行政强制 (seed 000).
        data = [i for i, r in enumerate(rows) if r.data][:-1]
        if not data or rng.random() < 0.5:
            return _tsv_lines(rows)
        at = rng.choice(data)
        lines = _tsv_lines(rows)
        return lines[: at + 1] + pages.footer() + lines[at + 1 :]
    if table.key is not TableKey.APPLICATIONS:
        return _tsv_lines(rows)
    header = [r for r in rows if not r.data]
    # Break inside a group of rows (（三）…（六）) and split its label across the break.
    starts = [
        (i, p)
        for i, r in enumerate(rows)
        for p, o in enumerate(r.origins)
        if o is not None and o.role is CellRole.LABEL and o.level == 1 and o.rowspan > 1
    ]
    if not starts:
        at = rng.randrange(len(header), len(rows))
        return _tsv_lines(rows[:at]) + pages.footer() + _tsv_lines(header) + _tsv_lines(rows[at:])
    i, p = rng.choice(starts)
    label = rows[i].cells[p]
    cut = rng.randint(min(4, len(label) - 1), len(label) - 1)
    before = list(rows[i].cells)
    before[p] = label[:cut]
    after = list(rows[i + 1].cells)
    after[p] = label[cut:]
    rows[i] = _replace(rows[i], before)
    rows[i + 1] = _replace(rows[i + 1], after)
    return (
        _tsv_lines(rows[: i + 1]) + pages.footer() + _tsv_lines(header) + _tsv_lines(rows[i + 1 :])
    )


def _page_breaks(report: Report, rng: random.Random) -> str:
    pages = _Pages(rng)

    def between_paragraphs() -> str | None:
        # Pages also end between paragraphs of prose (real 004).
        return pages.line() if rng.random() < 0.2 else None

    return _document(report, rng, lambda t, r: _page_break_table(t, r, pages), between_paragraphs)


# --- SPACED_NUMBERS ----------------------------------------------------------------------


def _spaced_table(table: Table, rng: random.Random) -> list[str]:
    return [" ".join(c for c in r.cells if c) for r in _rows(table, rng)]


def _spaced_numbers(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _spaced_table)


# --- FULL_WIDTH --------------------------------------------------------------------------


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _full_width_table(table: Table, rng: random.Random) -> list[str]:
    return _tsv_lines(_map_cells(_rows(table, rng), lambda text, _: _full_width(text)))


def _full_width_layout(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _full_width_table)


# --- HALF_WIDTH_LABELS -------------------------------------------------------------------

_ENUMERATOR = re.compile(r"^（([一二三四五六七八九十]+)）")
_HALF = str.maketrans({"（": "(", "）": ")", "，": ", "})


def _half_width_table(table: Table, rng: random.Random) -> list[str]:
    inner = rng.random() < 0.5

    def half(text: str, cell: GridCell) -> str:
        if cell.role is CellRole.VALUE or text.startswith("第"):
            return text
        text = _ENUMERATOR.sub(r"(\1) ", text)
        return text.translate(_HALF) if inner else text

    return _tsv_lines(_map_cells(_rows(table, rng), half))


def _half_width_labels(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _half_width_table)


# --- MARKDOWN ----------------------------------------------------------------------------

_BOLD_LEAD = re.compile(r"^(（[一二三四五六七八九十]+）[^。]{1,24}。)")


def _markdown(report: Report, rng: random.Random) -> str:
    parts: list[str] = []
    for block in _blocks(report, rng):
        if isinstance(block, Title):
            title = _title(report, rng)
            if report.agency and title.startswith(report.agency) and rng.random() < 0.5:
                # seed 000: "# 红寺堡区人民政府办公室" then "## 2024 年政府信息公开…"
                parts.append(f"# {report.agency}")
                parts.append(f"## {title[len(report.agency) :].strip()}")
            else:
                parts.append(f"# {title}")
        elif isinstance(block, Heading):
            heading = _heading(block, rng)
            if rng.random() < 0.25:
                heading = f"**{heading}**"
            parts.append(f"{'#' * rng.randint(1, 4)} {heading}")
        elif isinstance(block, Paragraph):
            text = block.text
            if "*" not in text and rng.random() < 0.7:
                text = _BOLD_LEAD.sub(r"**\1**", text)
            parts.append(text)
        else:
            parts.append(_markdown_table(block.table, rng))
    return "\n\n".join(parts) + "\n"


def _markdown_table(table: Table, rng: random.Random) -> str:
    """The table as a pipe table: spans written once, covered positions empty."""
    rows = _grid(table, rng).text_rows()
    lines = [_md_row(rows[0]), "|" + "---|" * len(rows[0])]
    lines.extend(_md_row(r) for r in rows[1:])
    return "\n".join(lines)


def _md_row(cells: Sequence[str]) -> str:
    cells = [c.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") for c in cells]
    return "| " + " | ".join(cells) + " |"


# --- FLATTENED ---------------------------------------------------------------------------


def _flat_table(table: Table, rng: random.Random) -> str:
    out: list[str] = []
    for row in _rows(table, rng):
        if not row.data:
            sep = rng.choice(("", " "))
            out.append(sep.join(c for c in row.cells if c))
            continue
        labels = [c for c, r in zip(row.cells, row.roles, strict=True) if c and r is CellRole.LABEL]
        values = [c for c, r in zip(row.cells, row.roles, strict=True) if r is CellRole.VALUE]
        # Table 四 keeps spaces between its 15 numbers (real 008); other rows glue them.
        glue = " " if table.key is TableKey.APPEALS else ""
        numbers = glue.join(v for v in values if v)
        label = rng.choice(("", " ")).join(labels)
        out.append(label + (rng.choice(("", " ")) if label else "") + numbers)
    return "".join(part + rng.choice(("", "", " ")) for part in out).strip()


def _flattened(report: Report, rng: random.Random) -> str:
    text = ""
    after_table = False
    for block in _blocks(report, rng):
        if isinstance(block, Title):
            piece, sep = _title(report, rng), ""
        elif isinstance(block, Heading):
            piece, sep = _heading(block, rng), " "
        elif isinstance(block, Paragraph):
            piece, sep = block.text, rng.choice(("", " "))
        else:
            piece, sep = _flat_table(block.table, rng), rng.choice(("", " "))
        if after_table:
            sep = " "  # real pages keep a space after a table; it ends the last row's digits
        after_table = not isinstance(block, Heading | Paragraph | Title)
        text = f"{text}{sep}{piece}" if text else piece
    return text.replace("\n", " ") + "\n"


# --- ONE_CELL_PER_LINE -------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _values_line(row: TextRow, amount_unit: bool) -> str:
    values = []
    for text, origin in zip(row.cells, row.origins, strict=True):
        if origin is None or origin.role is not CellRole.VALUE or not text:
            continue
        kind = getattr(origin.column, "kind", ValueKind.COUNT)
        if amount_unit and kind is ValueKind.AMOUNT and text[-1:].isdigit():
            text += _UNIT_WAN
        values.append(text)
    return " ".join(values)


def _pdf_active(table: Table, rng: random.Random) -> list[str]:
    unit = rng.random() < 0.5
    lines: list[str] = []
    for row in _rows(table, rng):
        cells = [c for c in row.cells if c]
        if row.data:
            label = next(
                c for c, r in zip(row.cells, row.roles, strict=True) if r is CellRole.LABEL
            )
            lines += [f"{label} {_values_line(row, unit)}".rstrip(), ""]
        elif len(cells) == 1:
            lines += [cells[0], ""]
        else:
            lines.append(cells[0])  # 信息内容
            for header in cells[1:]:
                if len(header) >= 7:
                    lines += [f"{header[:3]}\n\n{header[3:]}", ""]  # 本年新 / 制作数量
                else:
                    lines += [header, ""]
    return lines


def _pdf_applications(table: Table, rng: random.Random) -> list[str]:
    rows = _rows(table, rng)
    lines: list[str] = []
    header = [o for r in rows if not r.data for o in r.origins if o is not None]
    corner, applicants, total, *rest = header
    lines += ["\n\n".join(_wrap(corner.text, 16)), "", applicants.text, ""]
    glued_total = False
    for cell in rest:
        if cell.column is not None and not cell.column.groups:
            lines += ["\n".join(cell.text), ""]  # 自然人, vertical
        elif cell.column is None:
            lines += [cell.text, ""]  # 法人或其他组织
        else:
            text = "\n".join(_wrap(cell.text, 2))
            if not glued_total:
                # seed 001: the 总计 spanning three header rows lands on the next line
                text, glued_total = total.text + text, True
            lines += [text, ""]
    if not glued_total:
        lines += [total.text, ""]
    widths = {3: 10_000, 2: 12, 1: 8}
    group_widths = {0: 3, 1: 4}
    for row in (r for r in rows if r.data):
        for origin in row.origins:
            if origin is None or origin.role is not CellRole.LABEL:
                continue
            if origin.row is None:  # a group label (三、本年度办理结果, （三）不予公开)
                width = group_widths.get(origin.level, 4)
                lines += ["\n\n".join(_wrap(origin.text, width)), ""]
                continue
            values = _values_line(row, False)
            pieces = _wrap(origin.text, widths.get(origin.colspan, 8))
            if len(pieces) == 1:
                lines += [f"{origin.text} {values}".rstrip(), ""]
            else:
                lines += ["\n\n".join(pieces) + "\n" + values, ""]
    return lines


def _pdf_appeals(table: Table, rng: random.Random) -> list[str]:
    rows = _rows(table, rng)
    lines: list[str] = []
    for row in rows:
        if row.data:
            lines += [_values_line(row, False), ""]
            continue
        origins = [o for o in row.origins if o is not None]
        for o in origins:
            if o.column is not None:
                lines += ["\n\n".join(o.text), ""]  # vertical, a blank line between chars
        groups = [o.text for o in origins if o.column is None]
        if groups:
            lines += [" ".join(groups), ""]
    return lines


_PDF_TABLES: dict[TableKey, _TableWriter] = {
    TableKey.ACTIVE: _pdf_active,
    TableKey.APPLICATIONS: _pdf_applications,
    TableKey.APPEALS: _pdf_appeals,
}


def _email(report: Report) -> str:
    for text in (report.preamble, *(s.text for s in report.sections)):
        found = _EMAIL.search(text)
        if found:
            return found.group(0)
    return _DEFAULT_EMAIL


def _one_cell_per_line(report: Report, rng: random.Random) -> str:
    width = rng.randint(26, 29)
    lines: list[str] = []
    # The stray link lands in the first prose there is (seed 001: in section 一).
    mailto_section: SectionKey | str | None = next(
        (s.key for s in report.sections if s.text.strip()),
        None if not report.preamble.strip() else "preamble",
    )
    mailto_pending = mailto_section is not None
    for block in _blocks(report, rng):
        if isinstance(block, Title):
            lines += [" " + _title(report, rng), ""]
        elif isinstance(block, Heading):
            lines += [_heading(block, rng), ""]
        elif isinstance(block, Paragraph):
            pieces = _wrap(block.text, width)
            here = block.section if block.section is not None else "preamble"
            for piece in pieces:
                # A page boundary leaves a stray space at the start of a line (seed 001).
                lines += [(" " if rng.random() < 0.05 else "") + piece, ""]
            if mailto_pending and here == mailto_section:
                # seed 001: the link behind an e-mail address, extracted as a line of its
                # own somewhere in the prose, even inside a paragraph.
                at = len(lines) - 2 * rng.randint(0, len(pieces) - 1)
                lines[at:at] = [f"mailto:{_email(report)}{_MAILTO_TAIL}", ""]
                mailto_pending = False
        else:
            lines += _PDF_TABLES[block.table.key](block.table, rng)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- NUMBERS_APART -----------------------------------------------------------------------


def _values_of(row: TextRow) -> list[str]:
    return [
        text
        for text, origin in zip(row.cells, row.origins, strict=True)
        if text and origin is not None and origin.role is CellRole.VALUE
    ]


def _column_blocks(rows: Sequence[TextRow], rng: random.Random) -> list[str]:
    """The last rows of a table as pdftotext writes them when their columns stand apart:
    every label, then for each group of neighbouring columns the rows top to bottom."""
    lines = [
        c
        for row in rows
        for c, r in zip(row.cells, row.roles, strict=True)
        if c and r is not CellRole.VALUE
    ]
    values = [_values_of(row) for row in rows]
    width = len(values[0])
    cuts = sorted(rng.sample(range(1, width), rng.randint(1, min(3, width - 1))))
    for a, b in zip([0, *cuts], [*cuts, width], strict=True):
        lines += [v for row_values in values for v in row_values[a:b]]
    return lines


def _apart_table(table: Table, rng: random.Random) -> list[str]:
    lines: list[str] = []
    rows = _rows(table, rng)
    tail: list[TextRow] = []
    data = [r for r in rows if r.data]
    if table.key is TableKey.APPLICATIONS and rng.random() < 0.5:
        tail = data[-rng.randint(2, 6) :]
        width = len(_values_of(tail[0]))
        if width < 2 or any(
            len(_values_of(r)) != width or not all(v[-1:].isdigit() for v in _values_of(r))
            for r in tail
        ):
            # A blank cell, or a marker (/, —) that hides the sums which tell the blocks
            # apart: the last rows are written row by row.
            tail = []
    for row in rows:
        if row in tail:
            continue
        if not row.data:
            lines += [c for c in row.cells if c]
            continue
        labels = [
            c for c, r in zip(row.cells, row.roles, strict=True) if c and r is not CellRole.VALUE
        ]
        values = _values_of(row) if labels else [_values_line(row, False)]
        if not labels or not values:
            lines += labels + values
            continue
        # The group labels (三、本年度办理结果, （三）不予公开) stand before the row's own
        # (whose numbers stand apart anyway, never on the line below it).
        *groups, label = labels
        label = label.rstrip("\n")
        lines += groups
        where = rng.random()
        if where < 0.4:
            lines += [label, *values]
        elif where < 0.7:
            lines += [*values, label]
        else:
            lines += [*values[1:], f"{label} {values[0]}"]
    if tail:
        lines += _column_blocks(tail, rng)
    return lines


def _numbers_apart(report: Report, rng: random.Random) -> str:
    return _document(report, rng, _apart_table)


# --- CELLS_ON_LINES ----------------------------------------------------------------------


def _cell_lines(table: Table, rng: random.Random) -> list[str]:
    """Each cell that starts in a row on a line of its own; a cell merged down from the
    row above is an empty line there (once), a cell merged across is not written again."""
    out: list[str] = []
    above: list[tuple[GridCell, bool] | None] = []
    for row in _grid(table, rng).expanded():
        written: list[GridCell] = []
        for c, position in enumerate(row):
            if position is None:
                out.append("")
                continue
            cell, origin = position
            if origin:
                out.append(cell.text)
                continue
            over = above[c] if c < len(above) else None
            if over is not None and over[0] is cell and not any(w is cell for w in written):
                out.append("")
                written.append(cell)
        above = row
    return out


def _cells_on_lines(report: Report, rng: random.Random) -> str:
    parts: list[str] = []
    for block in _blocks(report, rng):
        if isinstance(block, Title):
            parts.append(_title(report, rng))
        elif isinstance(block, Heading):
            parts.append(_heading(block, rng))
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(_cell_lines(block.table, rng))
    return "\n".join(parts) + "\n"


# --- CONVERTER_MARKDOWN, LLM_MARKDOWN ------------------------------------------------------
#
# PDF-to-Markdown tools and language models rebuild each table from what they see: one
# Markdown table per row or per group, headers they make up (数据1 … 总计, 列1, Column 1),
# the header cells as paragraphs over tables of placeholders (| - | - |), rows filed under
# the next heading or under one they invent, labels in one table and numbers in a later one,
# markup inside cells (**（七）总计**, <br>, 1\.), or the table as HTML with its spans.

_GENERIC_HEADERS: tuple[Callable[[int], list[str]], ...] = (
    lambda n: [f"数据{i}" for i in range(1, n)] + ["总计"],
    lambda n: [f"列{i}" for i in range(1, n + 1)],
    lambda n: [f"Column {i}" for i in range(1, n + 1)],
)
_GENERIC_LABEL_HEADERS = ("", "项目", "指标", "类别")
_INVENTED_HEADINGS = ("续表", "表三（续）", "（续上表）")
_SEPARATORS = ("---", " --- ", ":---:")
_PLACEHOLDERS = ("-", "")
_NUMBERED_LABEL = re.compile(r"^(\d+)\.")


@attrs.frozen
class _MdRow:
    """A row of a table as a converter rebuilds it."""

    labels: tuple[str, ...]
    """Its label cells (for a header row: all its cells)."""
    values: tuple[str, ...] = ()
    data: bool = False
    group: tuple[str, ...] = ()
    """The groups the row stands under (where a converter starts a new table)."""
    total: bool = False
    own: str = ""
    """The row's own label."""

    @property
    def cells(self) -> tuple[str, ...]:
        return self.labels + self.values


@attrs.frozen
class _MdStyle:
    """How a converter writes one table: chosen once per table, as tools are consistent."""

    labels: str
    """``grid`` (the label columns as printed), ``own`` (one label cell, group labels on
    lines of their own) or ``joined`` (group labels in the cell of their first row)."""
    header: str
    """``official``, ``generic`` (a made-up header row), ``placeholder`` (header text as
    paragraphs over tables of ``-``) or ``merged`` (one row, <br> or escaped pipes)."""
    tables: str
    """``one`` Markdown table, one ``per_row`` or one ``per_group``."""
    bold: bool
    br: bool
    escape: bool
    glued: bool
    """Markdown tables follow one another without a blank line (real 004)."""
    dash: str
    """The cells of the separator rows."""
    generic: Callable[[int], list[str]]
    label_head: str
    """The made-up header of the label column."""
    blank_head: str | None
    """With ``header`` ``placeholder``: each table's header row made of this (``-`` or
    nothing) rather than its first row."""

    @classmethod
    def draw(cls, rng: random.Random, headers: Sequence[str]) -> _MdStyle:
        return cls(
            labels=rng.choice(("grid", "own", "joined")),
            header=rng.choice(headers),
            tables=rng.choice(("one", "per_row", "per_group")),
            bold=rng.random() < 0.5,
            br=rng.random() < 0.4,
            escape=rng.random() < 0.4,
            glued=rng.random() < 0.3,
            dash=rng.choice(_SEPARATORS),
            generic=rng.choice(_GENERIC_HEADERS),
            label_head=rng.choice(_GENERIC_LABEL_HEADERS),
            blank_head=rng.choice((None, *_PLACEHOLDERS)),
        )

    def head(self, width: int, labels: int) -> list[str]:
        """A made-up header row: the label columns', then the numbered value columns'."""
        return [self.label_head] + [""] * (labels - 1) + self.generic(width - labels)

    def table(self, rows: Sequence[Sequence[str]], head: Sequence[str] = ()) -> list[str]:
        """One Markdown table: ``head`` (or the first row) as its header, then a separator."""
        first, rest = (list(head), rows) if head else (list(rows[0]), rows[1:])
        lines = [_pipe_row(first), "|" + "|".join([self.dash] * len(first)) + "|"]
        return lines + [_pipe_row(r) for r in rest]


def _md_rows(table: Table, style: _MdStyle, rng: random.Random) -> list[_MdRow]:
    """The table's rows as the converter reads them, label columns in ``style.labels``."""
    grid = table_grid(table)
    width = grid.label_width
    out: list[_MdRow] = []
    for index, positions in enumerate(grid.expanded()):
        origins = [p[0] if p is not None and p[1] else None for p in positions]
        texts = [o.text if o is not None else "" for o in origins]
        if not grid.is_data_row(index):
            if style.header == "merged":
                # Every position holds the text of the cell covering it.
                texts = [p[0].text if p is not None else "" for p in positions]
            cells = (
                tuple(texts) if style.labels == "grid" or width < 2 else (texts[0], *texts[width:])
            )
            out.append(_MdRow(cells))
            continue
        own = next((o for o in origins[:width] if o is not None and o.row is not None), None)
        starting = [o.text for o in origins[:width] if o is not None and o.row is None]
        group = own.row.groups if own is not None and own.row is not None else ()
        values = (
            tuple(texts[width:])
            if style.labels == "grid"
            else tuple(o.text for o in origins[width:] if o is not None)
        )
        total = own is not None and "总计" in own.text
        if own is None or style.labels == "grid" or width < 2:
            labels = tuple(texts[:width])
        elif style.labels == "own":
            for text in starting:
                # A group's label on a line of its own, the row padded as converters do.
                out.append(_MdRow((text,), ("",) * len(values) if rng.random() < 0.5 else ()))
            labels = (own.text,)
        else:
            labels = (rng.choice((" ", "", "<br>")).join([*starting, own.text]),)
        out.append(_MdRow(labels, values, True, group[:2], total, own.text if own else ""))
    return out


def _noisy_label(text: str, style: _MdStyle, rng: random.Random, strong: bool) -> str:
    if not text:
        return text
    if style.escape:
        text = _NUMBERED_LABEL.sub(r"\1\\.", text)  # 1\. 属于…, so that no list begins
    if style.br and len(text) >= 10 and "<br>" not in text:
        number = _LABEL_NUMBER.match(text)
        first = max(4, number.end() + 1 if number else 4)
        if first < len(text) - 1:
            at = rng.randrange(first, len(text) - 1)
            text = f"{text[:at]}<br>{text[at:]}"
    if style.bold and (strong or rng.random() < 0.15):
        return f"**{text}**"
    if rng.random() < 0.05:
        return f"*{text}*"
    return text


def _noisy_value(text: str, style: _MdStyle, total: bool) -> str:
    if style.escape and text == "-":
        return "\\-"
    if style.bold and total and text:
        return f"**{text}**"
    return text


def _noisy(row: _MdRow, style: _MdStyle, rng: random.Random) -> list[str]:
    if row.data:
        labels = [_noisy_label(c, style, rng, row.total) for c in row.labels]
        return labels + [_noisy_value(v, style, row.total) for v in row.values]
    if len(row.labels) == 1:  # a group's label on a line of its own
        return [_noisy_label(row.labels[0], style, rng, True), *row.values]
    return [_noisy_label(c, style, rng, False) if len(c) < 16 else c for c in row.labels]


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _header_run(
    rows: Sequence[_MdRow], width: int, style: _MdStyle, rng: random.Random
) -> list[list[str]]:
    """The Markdown tables (as lists of lines, one list per table) of a run of header rows."""
    cells = [_noisy(r, style, rng) for r in rows]
    if style.header == "merged":
        merged = []
        plain = [list(r.labels) + [""] * (width - len(r.labels)) for r in rows]
        for column in zip(*plain, strict=True):
            texts = list(dict.fromkeys(t for t in column if t))
            merged.append(rng.choice(("<br>", " | ")).join(texts))
        return [style.table([merged])]
    if style.header == "placeholder":
        out: list[list[str]] = []
        for row in cells:
            words = " ".join(t for t in row if t)
            n = rng.randint(2, max(2, width))
            marks = [rng.choice(_PLACEHOLDERS)] * n
            out.append([f"**{words}**" if rng.random() < 0.3 else words])
            out.append(style.table([marks, marks] if rng.random() < 0.5 else [marks]))
        return out
    return [style.table(cells)]


def _html_table(table: Table, rng: random.Random) -> list[str]:
    """The table as embedded HTML with its spans (MinerU, marker): on one line or a row
    per line, header cells as <th> or <td>, with or without <thead>/<tbody>."""
    grid = table_grid(table)
    th = rng.random() < 0.5
    rows = []
    for index, cells in enumerate(grid.rows):
        tds = []
        for cell in cells:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            text = html.escape(cell.text)
            if cell.role is not CellRole.VALUE and len(text) > 12 and rng.random() < 0.3:
                text = f"{text[:6]}<br>{text[6:]}"
            tag = "th" if th and not grid.is_data_row(index) else "td"
            tds.append(f"<{tag}{spans}>{text}</{tag}>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    opening = rng.choice(("<table>", '<table border="1">'))
    if rng.random() < 0.3:
        head = [r for k, r in enumerate(rows) if not grid.is_data_row(k)][
            : 3 if grid.width > 4 else 2
        ]
        rows = ["<thead>", *head, "</thead>", "<tbody>", *rows[len(head) :], "</tbody>"]
    if rng.random() < 0.5:
        return [opening + "".join(rows) + "</table>"]
    return [opening, *(f"  {r}" for r in rows), "</table>"]


def _md_tables(
    rows: Sequence[_MdRow], table: Table, style: _MdStyle, rng: random.Random
) -> list[list[str]]:
    """The rows as the converter's Markdown tables (each a list of lines)."""
    width = max(len(r.cells) for r in rows)
    generic = style.header == "generic"
    out: list[list[str]] = []
    pending: list[list[str]] = []
    previous_group: tuple[str, ...] | None = None

    def flush() -> None:
        if pending:
            head: Sequence[str] = ()
            if generic:
                head = style.head(width, len(rows[-1].labels))
            elif style.header == "placeholder" and style.blank_head is not None:
                head = [style.blank_head] * len(pending[0])  # | - | - | over the rows
            out.append(style.table(pending, head))
            pending.clear()

    i = 0
    while i < len(rows):
        if not rows[i].data and len(rows[i].labels) > 1:
            run = []
            while i < len(rows) and not rows[i].data and len(rows[i].labels) > 1:
                run.append(rows[i])
                i += 1
            flush()
            if generic and table.key is not TableKey.APPEALS:
                # The made-up header stands for the printed one, whose text is lost; table
                # 四 keeps its own too, the one anchor of its fifteen numbers.
                titles = [r for r in run if len({c for c in r.labels if c}) == 1]
                out += [style.table([_noisy(r, style, rng)]) for r in titles]
            else:
                out += _header_run(run, width, style, rng)
            previous_group = None
            continue
        row = rows[i]
        i += 1
        if style.tables == "per_row" or (
            style.tables == "per_group" and row.data and row.group != previous_group
        ):
            flush()
        if row.data:
            previous_group = row.group
        pending.append(_noisy(row, style, rng))
    flush()
    return out


_NEXT_SECTION = {
    TableKey.ACTIVE: (SectionKey.ACTIVE, SectionKey.APPLICATIONS),
    TableKey.APPLICATIONS: (SectionKey.APPLICATIONS, SectionKey.APPEALS),
}
"""A table's section, and the section whose heading a converter may put before the
table's last rows."""


def _converted_table(
    table: Table, rng: random.Random, *, split: bool
) -> tuple[list[str], list[str]]:
    """The lines of a table as a converter writes it, and the lines of its last rows that
    the converter files under the next section's heading."""
    if not split and rng.random() < 0.2:
        return _html_table(table, rng), []
    headers = ("official", "generic", "placeholder") + (() if split else ("merged",))
    style = _MdStyle.draw(rng, headers)
    rows = _md_rows(table, style, rng)
    tail: list[_MdRow] = []
    invented: str | None = None
    moves = 0.6 if table.key is TableKey.APPLICATIONS else 0.2
    if table.key in _NEXT_SECTION and rng.random() < moves:
        data = [k for k, r in enumerate(rows) if r.data]
        cut = data[-rng.randint(1, min(3, len(data) - 1))]
        tail, rows = rows[cut:], rows[:cut]
        if table.key is TableKey.APPLICATIONS and rng.random() < 0.5:
            # The last rows under a heading the converter made up, still in section 三: a
            # caption, the rows' group, or the first row's own label (its cells then
            # hold only its numbers).
            invented = rng.choice((*_INVENTED_HEADINGS, *tail[0].group[-1:], tail[0].own))
            if invented == tail[0].own:
                blank = ("",) * len(tail[0].labels)
                tail[0] = attrs.evolve(tail[0], labels=blank)
    if split and table.key is not TableKey.APPEALS and rng.random() < 0.7:
        tables = _split_tables(rows, style, rng)
    else:
        tables = _md_tables(rows, table, style, rng)
    tail_tables = _md_tables(tail, table, attrs.evolve(style, tables="one"), rng) if tail else []
    join = "\n" if style.glued else "\n\n"
    lines = join.join("\n".join(t) for t in tables).split("\n")
    tail_lines = [line for t in tail_tables for line in t]
    if invented is not None:
        heading = (
            f"{'#' * rng.randint(2, 4)} {invented}" if rng.random() < 0.7 else f"**{invented}**"
        )
        return [*lines, "", heading, "", *tail_lines], []
    return lines, tail_lines


def _column_header(row: _MdRow) -> bool:
    """The header row that names each value column (自然人 … 总计, 本年制发件数 …)."""
    return not row.data and len({c for c in row.labels if c}) > 2


def _split_tables(rows: Sequence[_MdRow], style: _MdStyle, rng: random.Random) -> list[list[str]]:
    """Labels in one Markdown table, the numbers of the same rows in a later one (a
    language model's rebuilding), for the whole table or group by group. Of the header rows
    only the titles of table 二's blocks (第二十条第（一）项) go with the labels; the column
    headers are made up anew."""
    chunks: list[list[_MdRow]] = [[]]
    by_group = rng.random() < 0.4
    for row in rows:
        title = not row.data and len({c for c in row.labels if c}) == 1
        starts = (
            row.data and chunks[-1] and chunks[-1][-1].data and row.group != chunks[-1][-1].group
        )
        if by_group and (title or starts) and any(r.data for r in chunks[-1]):
            chunks.append([])
        chunks[-1].append(row)
    out: list[list[str]] = []
    for chunk in chunks:
        label_rows: list[list[str]] = []
        for row in chunk:
            if row.data:
                label_rows.append([_noisy_label(c, style, rng, row.total) for c in row.labels])
            elif len({c for c in row.labels if c}) == 1:
                label_rows.append([next(c for c in row.labels if c)])
        values = [[_noisy_value(v, style, r.total) for v in r.values] for r in chunk if r.data]
        if not values:
            continue
        width = max(len(r) for r in label_rows)
        label_rows = [r + [""] * (width - len(r)) for r in label_rows]
        label_head = [style.label_head or "项目"] + [""] * (width - 1) if rng.random() < 0.6 else []
        value_head: Sequence[str] = []
        if rng.random() < 0.7:
            value_head = style.generic(max(map(len, values)))
        elif rng.random() < 0.5:
            value_head = next((r.labels[-len(values[0]) :] for r in rows if _column_header(r)), [])
        out += [style.table(label_rows, label_head), style.table(values, value_head)]
    return out


def _converted(report: Report, rng: random.Random, *, split: bool) -> str:
    parts: list[str] = []
    under_next_heading: list[str] = []
    for block in blocks(report):
        if isinstance(block, Title):
            parts.append(f"# {_title(report, rng)}")
        elif isinstance(block, Heading):
            heading = block.key.label
            if rng.random() < 0.25:
                heading = f"**{heading}**"
            parts.append(f"{'#' * rng.randint(1, 4)} {heading}")
            if under_next_heading:
                parts.append("\n".join(under_next_heading))
                under_next_heading = []
        elif isinstance(block, Paragraph):
            text = block.text
            if "*" not in text and rng.random() < 0.7:
                text = _BOLD_LEAD.sub(r"**\1**", text)
            parts.append(text)
        else:
            lines, tail = _converted_table(block.table, rng, split=split)
            sections = _NEXT_SECTION.get(block.table.key, ())
            if tail and sections and all(report.section(k) is not None for k in sections):
                under_next_heading = tail
            else:
                lines = [*lines, *tail]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _converter_markdown(report: Report, rng: random.Random) -> str:
    return _converted(report, rng, split=False)


def _llm_markdown(report: Report, rng: random.Random) -> str:
    return _converted(report, rng, split=True)


_RENDERERS: dict[Layout, Callable[[Report, random.Random], str]] = {
    Layout.CLEAN_TSV: _clean_tsv,
    Layout.SPLIT_CELLS: _split_cells,
    Layout.SHIFTED_ROWS: _shifted_rows,
    Layout.PAGE_BREAKS: _page_breaks,
    Layout.ONE_CELL_PER_LINE: _one_cell_per_line,
    Layout.SPACED_NUMBERS: _spaced_numbers,
    Layout.MARKDOWN: _markdown,
    Layout.FULL_WIDTH: _full_width_layout,
    Layout.FLATTENED: _flattened,
    Layout.NUMBERS_APART: _numbers_apart,
    Layout.CELLS_ON_LINES: _cells_on_lines,
    Layout.HALF_WIDTH_LABELS: _half_width_labels,
    Layout.CONVERTER_MARKDOWN: _converter_markdown,
    Layout.LLM_MARKDOWN: _llm_markdown,
}
