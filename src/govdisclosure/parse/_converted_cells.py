"""The lines of the tables converters rebuild, as cells: Markdown pipe rows (markup
removed), HTML tables (spans spread), and what each row holds (numbers, labels, a made-up
header, placeholders). :mod:`._converted` regroups them into rows the table readers read.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Sequence

import attrs
import regex

from .._fold import to_halfwidth
from ..codes import (
    CONVERTER_TABLE_READ,
    SPAN_CUT,
)
from ..document import Line, is_missing_marker
from ..findings import Finding

__all__ = ["Regrouped"]

# --- Markdown rows and their cells ------------------------------------------------------

_PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = regex.compile(r"(?<!\\)\|")
_BREAK = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_TAG = regex.compile(r"</?[A-Za-z][^<>]{0,200}>")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_EMPHASIS = regex.compile(r"\*\*|__|~~")
_ITALIC = regex.compile(r"^\*(?=\S)(.*\S)\*$|^_(?=\S)(.*\S)_$")
_SPACES = regex.compile(r"[ \t\u3000\xa0]+")

# --- what cells hold ----------------------------------------------------------------------

_NUMBER_CELL = regex.compile(r"^[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|万|元)?$")
_DASHES = frozenset({"", "-", "--", "—", "——", "–", "－"})
# A converter's own column names: 数据1, 列2, 栏3, Column 4 (never a report's).
_GENERIC = regex.compile(
    r"^(?:数据|数值|列|栏|字段|项|column|col|field|data|value)\s*\d{1,3}$", regex.IGNORECASE
)
# Words a converter puts over the label column (never a cell of a report table).
_LABEL_HEADS = frozenset({"项目", "指标", "类别", "名称", "序号"})
_HEADER_WORDS = frozenset({"", "内容", "总计", "合计"}) | _LABEL_HEADS
_HAN = regex.compile(r"\p{Han}")

# --- HTML tables --------------------------------------------------------------------------

_TABLE_OPEN = regex.compile(r"<table\b[^>]{0,500}>", regex.IGNORECASE)
_TABLE_CLOSE = regex.compile(r"</table\s*>", regex.IGNORECASE)
_ROW = regex.compile(r"<tr\b[^>]{0,500}>", regex.IGNORECASE)
_CELL = regex.compile(r"<t[dh]\b([^>]{0,500})>", regex.IGNORECASE)
_CELL_END = regex.compile(r"</t[dh]\s*>|</tr\s*>|</table\s*>", regex.IGNORECASE)
_SPAN = regex.compile(r"\b(row|col)span\s*=\s*[\"']?\s*(\d{1,4})", regex.IGNORECASE)
_MAX_COLUMNS = 64
"""Columns an HTML table is read to, and rows a cell may span (a report table has at
most 18 columns and 30 rows)."""
_MAX_TABLE_LINES = 2_000
"""Lines an HTML table may take before its end is no longer looked for."""


@attrs.frozen
class Regrouped:
    lines: tuple[Line, ...]
    findings: tuple[Finding, ...]


class _Kind(enum.Enum):
    TEXT = "text"
    """Not a table row (prose, a heading, an empty line)."""
    SEPARATOR = "separator"
    GENERIC = "generic"
    """A header row the converter made up."""
    PLACEHOLDER = "placeholder"
    """Only dashes or empty cells."""
    NUMBERS = "numbers"
    """Numbers and markers, no label."""
    LABELS = "labels"
    """Labels, no number."""
    ROW = "row"
    """Labels and numbers: a table row as printed."""


@attrs.define
class _Item:
    line: Line
    kind: _Kind = _Kind.TEXT
    cells: tuple[str, ...] = ()
    rewrite: bool = False
    """The line is written anew from ``cells`` (markup removed, an HTML row, a join)."""

    @property
    def row(self) -> bool:
        return self.kind not in (_Kind.TEXT, _Kind.SEPARATOR)

    def output(self) -> Line:
        if not self.rewrite:
            return self.line
        text = "\t".join(self.cells)
        return Line(text, self.line.number, self.cells, self.line.page)


def _clean_cell(raw: str) -> str:
    text = _BREAK.sub(" ", raw)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _EMPHASIS.sub("", text).strip()
    italic = _ITALIC.match(text)
    if italic is not None:
        text = italic.group(1) or italic.group(2) or ""
    # An escaped pipe was text inside the cell: it must not split it again.
    text = _ESCAPE.sub(lambda m: " " if m.group(1) == "|" else m.group(1), text)
    return _SPACES.sub(" ", text).strip()


def _pipe_cells(text: str) -> list[str] | None:
    """The raw cells of a Markdown table row, or None for any other line."""
    if not _PIPE_ROW.match(text) or _SEPARATOR.match(text):
        return None
    inner = text.strip()[1:-1]
    return _UNESCAPED_PIPE.split(inner)


def _kind(cells: Sequence[str]) -> _Kind:
    squeezed = [to_halfwidth(c).replace(" ", "") for c in cells]
    if all(c in _DASHES for c in squeezed):
        return _Kind.PLACEHOLDER
    if any(_GENERIC.match(c) or c in _LABEL_HEADS for c in squeezed) and all(
        c in _HEADER_WORDS or _GENERIC.match(c) for c in squeezed
    ):
        return _Kind.GENERIC
    numbers = sum(1 for c in squeezed if _NUMBER_CELL.match(c))
    labels = sum(
        1
        for c in squeezed
        if not _NUMBER_CELL.match(c) and not is_missing_marker(c) and _HAN.search(c)
    )
    if labels:
        return _Kind.ROW if numbers else _Kind.LABELS
    return _Kind.NUMBERS


# --- HTML tables --------------------------------------------------------------------------


def _html_rows(markup: str, cut: list[str]) -> list[tuple[int, list[str]]]:
    """(offset of the ``<tr>``, cells) of each row of one HTML table, its spans spread: a
    position a cell covers from a row above or from the left is an empty cell. The text of
    cells placed past the last column read goes to ``cut``."""
    starts = list(_ROW.finditer(markup))
    # The positions of the rows below that cells above already cover: row → column → text.
    below: dict[int, dict[int, str]] = {}
    rows: list[tuple[int, list[str]]] = []
    for r, tr in enumerate(starts):
        body = markup[tr.end() : starts[r + 1].start() if r + 1 < len(starts) else len(markup)]
        cells = list(_CELL.finditer(body))
        here = below.pop(r, {})
        c = 0
        for k, cell in enumerate(cells):
            # The cell's text ends at its end tag, or where the next cell begins.
            rest = body[cell.end() : cells[k + 1].start() if k + 1 < len(cells) else len(body)]
            stop = _CELL_END.search(rest)
            text = _clean_cell(rest[: stop.start()] if stop else rest)
            spans = {kind.lower(): int(n) for kind, n in _SPAN.findall(cell.group(1))}
            while c in here:
                c += 1
            if c >= _MAX_COLUMNS:
                cut.append(text)
                continue
            rowspan = min(max(spans.get("row", 1), 1), _MAX_COLUMNS, len(starts) - r)
            colspan = min(max(spans.get("col", 1), 1), _MAX_COLUMNS - c)
            for dc in range(colspan):
                here[c + dc] = text if dc == 0 else ""
                for dr in range(1, rowspan):
                    below.setdefault(r + dr, {})[c + dc] = ""
            c += colspan
        width = max(here, default=-1) + 1
        rows.append((tr.start(), [here.get(k, "") for k in range(width)]))
    return rows


def _expand_html(lines: Sequence[Line], findings: list[Finding]) -> list[_Item]:
    """The lines with each HTML table replaced by its rows (text before and after the
    table on its first and last line kept as lines of their own)."""
    items: list[_Item] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _TABLE_OPEN.search(line.text) if "<" in line.text else None
        if opened is None:
            items.append(_Item(line))
            i += 1
            continue
        # The table's text from its <table> to its </table>, and where each line starts.
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        closed = None
        last = i
        for k in range(i, min(len(lines), i + _MAX_TABLE_LINES)):
            text = lines[k].text if k > i else lines[k].text[opened.start() :]
            starts.append(offset)
            parts.append(text)
            closed = _TABLE_CLOSE.search(text)
            last = k
            if closed is not None:
                break
            offset += len(text) + 1
        markup = "\n".join(parts)
        if opened.start() and line.text[: opened.start()].strip():
            items.append(_Item(line.fragment(0, opened.start())))
        cut: list[str] = []
        rows = _html_rows(markup, cut)
        if cut:
            findings.append(
                SPAN_CUT.finding(
                    f"an HTML table reached past {_MAX_COLUMNS} columns: cut there",
                    f"HTML 表格超过 {_MAX_COLUMNS} 列，已截断",
                    line=line.number,
                    page=line.page,
                    context=" ".join(t for t in cut if t),
                )
            )
        for at, cells in rows:
            k = max(n for n, s in enumerate(starts) if s <= at)
            source = lines[i + k]
            line_of_row = Line("", source.number, None, source.page)
            items.append(_Item(line_of_row, _kind(cells), tuple(cells), rewrite=True))
        findings.append(
            CONVERTER_TABLE_READ.finding(
                f"HTML table of {len(rows)} rows read as rows of cells",
                f"HTML 表格（{len(rows)} 行）按行读取",
                line=line.number,
                page=line.page,
            )
        )
        if closed is not None:
            end_line = lines[last]
            after = closed.end() + (opened.start() if last == i else 0)
            if end_line.text[after:].strip():
                items.append(_Item(end_line.fragment(after)))
        i = last + 1
    return items
