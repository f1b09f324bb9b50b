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
  stray ``mailto:`` line (:attr:`Layout.keeps_prose` is false for both).

The layouts are the input side of the library's central property:
``parse_text(render(report, layout)) == report``.
"""

from __future__ import annotations

import enum
import random
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from govdisclosure.model.keys import SectionKey, TableKey, ValueKind
from govdisclosure.model.report import Report
from govdisclosure.model.tables import Table
from govdisclosure.serialize.grid import (
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
from govdisclosure.templates import OFFICIAL, LabelNoise, TablePlacement, Template

__all__ = ["LAYOUTS", "Layout", "printed_grid", "render"]


@attrs.frozen
class _Traits:
    """What a layout keeps of a report (the documented exceptions above)."""

    keeps_prose: bool = True
    keeps_blank_cells: bool = True
    glues_numbers: bool = False
    labels_by_values: bool = True


class Layout(enum.Enum):
    """A way real documents lay out a report; the value is the layout's key."""

    _value_: str
    description: str
    keeps_prose: bool
    keeps_blank_cells: bool
    glues_numbers: bool
    labels_by_values: bool

    def __new__(cls, key: str, description: str, traits: _Traits = _Traits()) -> Layout:
        member = object.__new__(cls)
        member._value_ = key
        member.description = description
        member.__doc__ = description
        member.keeps_prose = traits.keeps_prose
        member.keeps_blank_cells = traits.keeps_blank_cells
        member.glues_numbers = traits.glues_numbers
        member.labels_by_values = traits.labels_by_values
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
}
