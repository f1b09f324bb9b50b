"""The official layout of a report, shared by every writer of it: tables as grids of
cells with the official spans and labels, rows as a converter writes them, and the
document as blocks in reading order.

:func:`table_grid` lays a table out as a :class:`TableGrid` (the rows of cells with the
row and column spans of 国办公开办函〔2021〕30号 and the 2019 trial format, every label
taken from :mod:`govdisclosure.model.keys`); :func:`text_rows` gives its rows as a
Word-to-text converter writes them; :func:`blocks` gives the document as title, preamble,
headings, tables and paragraphs. The renderers of :mod:`govdisclosure.serialize.render`
and the messy layouts of :mod:`govdisclosure.layouts` are both written on top of them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal

import attrs

from ..model.keys import (
    ApplicationsColumn,
    KeyedEnum,
    SectionKey,
    TableKey,
    ValueKind,
)
from ..model.report import Report
from ..model.tables import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    Table,
    Value,
)

__all__ = [
    "Block",
    "CellRole",
    "GridCell",
    "Heading",
    "Paragraph",
    "TableBlock",
    "TableGrid",
    "TextRow",
    "Title",
    "blocks",
    "default_title",
    "format_value",
    "table_grid",
    "text_rows",
]

# Texts printed in the official tables and titles that are not row or column labels.
# They belong with the labels in ``model/keys.py``; kept here until they move there.
_CONTENT_HEADER = "信息内容"
_APPLICANTS_HEADER = "申请人情况"
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_TITLE_SUFFIX = "政府信息公开工作年度报告"
_YEAR_SUFFIX = "年"


class CellRole(enum.Enum):
    """What a cell of a :class:`TableGrid` holds."""

    HEADER = "header"
    """A column header, a block title (第二十条第（一）项) or the table's corner note."""
    LABEL = "label"
    """A row label, or a group label spanning several rows (三、本年度办理结果)."""
    VALUE = "value"
    """A value cell."""


@attrs.frozen
class GridCell:
    """One cell of a table as printed: its text, spans and role."""

    text: str
    role: CellRole
    rowspan: int = 1
    colspan: int = 1
    row: KeyedEnum | None = None
    """For a value or a row's own label: the row it belongs to."""
    column: KeyedEnum | None = None
    """For a value or a column header: the column."""
    level: int = 0
    """For labels: the depth of the label (0 = outermost group)."""


@attrs.frozen
class TableGrid:
    """A table laid out as in the official format.

    ``rows`` hold the cells that start in each row (as in HTML); ``width`` is the number
    of grid columns; the first ``label_width`` columns hold row labels.
    """

    table: TableKey
    rows: tuple[tuple[GridCell, ...], ...]
    width: int
    label_width: int

    def expanded(self) -> list[list[tuple[GridCell, bool] | None]]:
        """The grid with spans resolved: each position holds ``(cell, is_origin)``.

        ``is_origin`` is true where the cell starts; ``None`` marks a position no cell
        covers (never produced by :func:`table_grid`).
        """
        grid: list[list[tuple[GridCell, bool] | None]] = [[None] * self.width for _ in self.rows]
        for r, cells in enumerate(self.rows):
            c = 0
            for cell in cells:
                while c < self.width and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(grid) and c + dc < self.width:
                            grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return grid

    def text_rows(self) -> list[list[str]]:
        """The grid as rows of cell texts, spanned positions empty (the plain export)."""
        return [
            [pos[0].text if pos is not None and pos[1] else "" for pos in row]
            for row in self.expanded()
        ]

    def is_data_row(self, index: int) -> bool:
        """True for a row that holds values (not a header row)."""
        return any(c.role is CellRole.VALUE for c in self.rows[index])


# --- values ------------------------------------------------------------------------------


def format_value(value: Value, column: KeyedEnum | None = None) -> str:
    """A cell value as a report prints it.

    Counts as integers, a signed change (本年增/减) with its sign (``+24``, ``-3``, ``0``),
    amounts with their own digits, a missing cell as its raw text.
    """
    if isinstance(value, Missing):
        return value.raw
    if isinstance(value, Decimal):
        return str(value)
    kind = getattr(column, "kind", ValueKind.COUNT)
    if kind is ValueKind.SIGNED and value > 0:
        return f"+{value}"
    return str(value)


def default_title(report: Report) -> str:
    """The title of a report: :attr:`Report.title`, else ``{agency}{year}年政府信息公开工作年度报告``."""
    if report.title:
        return report.title
    year = f"{report.year}{_YEAR_SUFFIX}" if report.year is not None else ""
    return f"{report.agency}{year}{_TITLE_SUFFIX}"


# --- grids -------------------------------------------------------------------------------


def table_grid(table: Table) -> TableGrid:
    """The official layout of a table, with its spans and labels."""
    if isinstance(table, ActiveTable):
        return _active_grid(table)
    if isinstance(table, ApplicationsTable):
        return _applications_grid(table)
    if isinstance(table, AppealsTable):
        return _appeals_grid(table)
    raise TypeError(f"not a report table: {table!r}")


def _value_cell(table: Table, row: KeyedEnum, column: KeyedEnum, colspan: int = 1) -> GridCell:
    return GridCell(
        format_value(table[row, column], column),
        CellRole.VALUE,
        colspan=colspan,
        row=row,
        column=column,
    )


def _active_grid(table: ActiveTable) -> TableGrid:
    # Table 二 is a stack of blocks, one per 第二十条 item (and per set of columns): the
    # item as a title row, a header row 信息内容 + the columns, then one row per row.
    layout = table.layout
    width = 1 + max(len(cols) for cols in layout.row_columns)
    rows: list[tuple[GridCell, ...]] = []
    previous: tuple[str, tuple[KeyedEnum, ...]] | None = None
    for row, columns in zip(layout.rows, layout.row_columns, strict=True):
        item = row.groups[0] if row.groups else ""
        if (item, columns) != previous:
            previous = (item, columns)
            rows.append((GridCell(item, CellRole.HEADER, colspan=width),))
            header = [GridCell(_CONTENT_HEADER, CellRole.HEADER)]
            for i, column in enumerate(columns):
                span = width - len(columns) if i == len(columns) - 1 else 1
                header.append(GridCell(column.label, CellRole.HEADER, colspan=span, column=column))
            rows.append(tuple(header))
        cells = [GridCell(row.label, CellRole.LABEL, row=row)]
        for i, column in enumerate(columns):
            span = width - len(columns) if i == len(columns) - 1 else 1
            cells.append(_value_cell(table, row, column, span))
        rows.append(tuple(cells))
    return TableGrid(TableKey.ACTIVE, tuple(rows), width, 1)


def _applications_grid(table: ApplicationsTable) -> TableGrid:
    layout = table.layout
    columns = layout.columns
    label_width = 3
    width = label_width + len(columns)
    total = ApplicationsColumn.TOTAL
    applicants = [c for c in columns if c is not total]
    grouped = [c for c in applicants if c.groups]
    header_1 = (
        GridCell(_BALANCE_NOTE, CellRole.HEADER, rowspan=3, colspan=label_width),
        GridCell(_APPLICANTS_HEADER, CellRole.HEADER, colspan=len(applicants)),
        GridCell(total.label, CellRole.HEADER, rowspan=3, column=total),
    )
    header_2: list[GridCell] = []
    header_3: list[GridCell] = []
    for column in applicants:
        if not column.groups:
            header_2.append(GridCell(column.label, CellRole.HEADER, rowspan=2, column=column))
        elif column is grouped[0]:
            header_2.append(GridCell(column.groups[0], CellRole.HEADER, colspan=len(grouped)))
        if column.groups:
            header_3.append(GridCell(column.label, CellRole.HEADER, column=column))
    rows: list[tuple[GridCell, ...]] = [header_1, tuple(header_2), tuple(header_3)]

    # Rows the template does not print (the sub-rows of （六） printed as one) are left out.
    printed = [row for row in layout.rows if row not in layout.blank_rows]
    paths = [(*row.groups, row.label) for row in printed]
    for i, (row, path) in enumerate(zip(printed, paths, strict=True)):
        cells: list[GridCell] = []
        previous = paths[i - 1] if i else ()
        for level in range(len(path) - 1):
            prefix = path[: level + 1]
            if previous[: level + 1] == prefix:
                continue  # still inside the span of this group's label
            span = 1
            while i + span < len(paths) and paths[i + span][: level + 1] == prefix:
                span += 1
            cells.append(GridCell(path[level], CellRole.LABEL, rowspan=span, level=level))
        own_level = len(path) - 1
        cells.append(
            GridCell(
                row.label,
                CellRole.LABEL,
                colspan=label_width - own_level,
                row=row,
                level=own_level,
            )
        )
        cells.extend(_value_cell(table, row, column) for column in columns)
        rows.append(tuple(cells))
    return TableGrid(TableKey.APPLICATIONS, tuple(rows), width, label_width)


def _appeals_grid(table: AppealsTable) -> TableGrid:
    layout = table.layout
    columns = layout.columns
    n = len(columns)
    review, *litigation = layout.rows
    top = litigation[0].groups[0]
    header_1 = (
        GridCell(review.label, CellRole.HEADER, colspan=n),
        GridCell(top, CellRole.HEADER, colspan=n * len(litigation)),
    )
    header_2 = tuple(
        GridCell(c.label, CellRole.HEADER, rowspan=2, column=c) for c in columns
    ) + tuple(GridCell(r.label, CellRole.HEADER, colspan=n) for r in litigation)
    header_3 = tuple(
        GridCell(c.label, CellRole.HEADER, column=c) for _ in litigation for c in columns
    )
    values = tuple(_value_cell(table, r, c) for r in layout.rows for c in columns)
    return TableGrid(
        TableKey.APPEALS, (header_1, header_2, header_3, values), n * len(layout.rows), 0
    )


# --- tab-separated text ------------------------------------------------------------------


@attrs.frozen
class TextRow:
    """A table row as a converter writes it: cell texts, and what each cell is."""

    cells: tuple[str, ...]
    roles: tuple[CellRole | None, ...]
    """The role of each cell; ``None`` for a position covered by a span."""
    data: bool
    """True for a row of values, false for a header row."""
    origins: tuple[GridCell | None, ...]
    """The grid cell that starts at each position; ``None`` for a covered position."""


def text_rows(grid: TableGrid) -> list[TextRow]:
    """The rows of a table as a Word-to-text converter writes them (seed 002).

    Spanned positions are empty cells. Where a label spans the last label column from
    the left, the converter writes one empty cell fewer there and one more at the end of
    the row; that is what real documents look like (``一、本年新收…\\t\\t9\\t…\\t9\\t``).
    """
    out: list[TextRow] = []
    last = grid.label_width - 1
    for index, row in enumerate(grid.expanded()):
        texts = [pos[0].text if pos is not None and pos[1] else "" for pos in row]
        origins: list[GridCell | None] = [
            pos[0] if pos is not None and pos[1] else None for pos in row
        ]
        if last >= 1:
            here, left = row[last], row[last - 1]
            if here is not None and left is not None and here[0] is left[0]:
                del texts[last], origins[last]
                texts.append("")
                origins.append(None)
        roles = tuple(o.role if o is not None else None for o in origins)
        out.append(TextRow(tuple(texts), roles, grid.is_data_row(index), tuple(origins)))
    return out


# --- document blocks ---------------------------------------------------------------------


@attrs.frozen
class Title:
    text: str


@attrs.frozen
class Heading:
    key: SectionKey


@attrs.frozen
class Paragraph:
    text: str
    section: SectionKey | None
    """The section the paragraph belongs to; ``None`` for the preamble."""


@attrs.frozen
class TableBlock:
    table: Table


Block = Title | Heading | Paragraph | TableBlock

_SECTION_TABLES = {
    SectionKey.ACTIVE: "active",
    SectionKey.APPLICATIONS: "applications",
    SectionKey.APPEALS: "appeals",
}


def _paragraphs(text: str) -> list[str]:
    # Blank paragraphs carry nothing a reader could see; they are not written.
    return [p for p in text.split("\n") if p.strip()]


def blocks(report: Report) -> Iterator[Block]:
    """The document in reading order: title, preamble, then each section."""
    yield Title(default_title(report))
    for p in _paragraphs(report.preamble):
        yield Paragraph(p, None)
    for key in SectionKey:
        section = report.section(key)
        if section is not None:
            yield Heading(key)
        table_key = _SECTION_TABLES.get(key)
        if table_key is not None:
            yield TableBlock(report.table(table_key))
        if section is not None:
            for p in _paragraphs(section.text):
                yield Paragraph(p, key)
