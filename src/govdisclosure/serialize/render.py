"""Rendering a report back to the official layout: HTML, Markdown and tab-separated text.

The three tables are first laid out by :mod:`govdisclosure.serialize.grid` (the rows of
cells, with the row and column spans of the official format, every label taken from
:mod:`govdisclosure.model.keys`); these renderers, and the messy layouts of
:mod:`govdisclosure.layouts`, all start from it.

Values are written as a report writes them: counts as integers, the signed 本年增/减 with
its sign (``+24``, ``-3``, ``0``), amounts with their own digits (``12884.2``), and a
missing cell as the raw text that stood in it (``/``, ``—``, or nothing).

The prose of sections 二, 三 and 四 is written *after* their table, in every renderer.
A section absent from the report has no heading; its table (if any) is still written, in
its place.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..model.report import Report
from ..model.tables import Table
from .grid import (
    CellRole,
    GridCell,
    Heading,
    Paragraph,
    Title,
    blocks,
    default_title,
    table_grid,
    text_rows,
)

__all__ = [
    "report_to_html",
    "report_to_markdown",
    "report_to_text",
    "table_to_html",
    "table_to_markdown",
    "table_to_text",
]


# --- tab-separated text ------------------------------------------------------------------


def table_to_text(table: Table) -> str:
    """A table as tab-separated lines, in the style of a Word document saved as text."""
    return "\n".join("\t".join(r.cells) for r in text_rows(table_grid(table)))


def report_to_text(report: Report) -> str:
    """The report as plain text with tab-separated tables (the style of seed 002).

    One block per paragraph, blank lines between blocks, a table's rows on consecutive
    lines.
    """
    parts: list[str] = []
    for block in blocks(report):
        if isinstance(block, Title):
            parts.append(block.text)
        elif isinstance(block, Heading):
            parts.append(block.key.label)
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.append(table_to_text(block.table))
    return "\n\n".join(parts) + "\n"


# --- Markdown ----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md_cell(c) for c in cells) + " |"


def table_to_markdown(table: Table) -> str:
    """A table as a GitHub pipe table: spans written once, covered positions empty."""
    rows = table_grid(table).text_rows()
    lines = [_md_row(rows[0]), "|" + "---|" * len(rows[0])]
    lines.extend(_md_row(r) for r in rows[1:])
    return "\n".join(lines)


def report_to_markdown(report: Report) -> str:
    """The report as Markdown: ``#`` title, ``##`` section headings, pipe tables."""
    parts: list[str] = []
    for block in blocks(report):
        if isinstance(block, Title):
            parts.append(f"# {block.text}")
        elif isinstance(block, Heading):
            parts.append(f"## {block.key.label}")
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.append(table_to_markdown(block.table))
    return "\n\n".join(parts) + "\n"


# --- HTML --------------------------------------------------------------------------------


def _html_cell(cell: GridCell) -> str:
    tag = "td" if cell.role is CellRole.VALUE else "th"
    attrs_ = ""
    if cell.rowspan > 1:
        attrs_ += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs_ += f' colspan="{cell.colspan}"'
    if tag == "th" and cell.role is CellRole.LABEL:
        attrs_ += ' scope="row"'
    return f"<{tag}{attrs_}>{html.escape(cell.text)}</{tag}>"


def table_to_html(table: Table) -> str:
    """A table as an HTML ``<table>`` with the official row and column spans."""
    grid = table_grid(table)
    lines = [f'<table class="govdisclosure-table" data-table="{grid.table.key}">']
    lines.extend("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in grid.rows)
    lines.append("</table>")
    return "\n".join(lines)


def report_to_html(report: Report) -> str:
    """The report as a whole HTML document (UTF-8), tables inside their sections."""
    title = html.escape(default_title(report))
    body: list[str] = []
    for block in blocks(report):
        if isinstance(block, Title):
            body.append(f"<h1>{html.escape(block.text)}</h1>")
        elif isinstance(block, Heading):
            body.append(f'<h2 data-section="{block.key.key}">{html.escape(block.key.label)}</h2>')
        elif isinstance(block, Paragraph):
            body.append(f"<p>{html.escape(block.text)}</p>")
        else:
            body.append(table_to_html(block.table))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
