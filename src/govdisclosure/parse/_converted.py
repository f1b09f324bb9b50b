"""Tables as PDF-to-Markdown converters and language models rebuild them.

A converter writes what it makes of a drawn table: one Markdown table per row or per group
of rows, a header row of its own (``| 数据1 | … | 总计 |``, ``| 列1 |``, ``| Column 1 |``),
tables of placeholders (``| - | - |``) where the header cells stood, markup inside cells
(``**（七）总计**``, ``<br>``, ``1\\.``, escaped pipes), HTML tables with their spans, the
row labels in one table and the numbers of the same rows in a later one, the last rows of
a table under the heading of the next section. This pass, run before the lines are
cleaned and cut into sections, gives the table readers rows they can read by their
labels (and check by their sums), whatever the converter's headers said:

* an HTML table becomes one line per row, its cells separated by tabs, each spanned
  position an empty cell;
* markup is removed from Markdown cells, and a row that held some is rewritten with tabs;
* made-up header rows and tables of placeholders are removed;
* a table of row labels followed by a table of as many rows of numbers is joined row by
  row;
* rows carrying a table's labels that stand right under the next section's heading are
  moved back after the table's other rows.

Each change is an ``info`` finding. Lines that need none are left exactly as they were,
and a text without pipes or HTML tables is not touched at all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from .._fold import document_memo, fold
from ..codes import (
    CONVERTER_HEADER_REMOVED,
    CONVERTER_ROWS_JOINED,
    CONVERTER_ROWS_MOVED,
    CONVERTER_TABLE_READ,
)
from ..document import Line
from ..findings import Finding
from ..model.keys import (
    ActiveColumn2019,
    ActiveColumn2021,
    ActiveRow2019,
    ActiveRow2021,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    SectionKey,
)
from ._converted_cells import (
    _HEADER_WORDS,
    _SEPARATOR,
    Regrouped,
    _clean_cell,
    _expand_html,
    _Item,
    _Kind,
    _kind,
    _pipe_cells,
)
from ._labels import find_occurrences, label_specs
from ._sections import find_heading

__all__ = ["Regrouped", "regroup_converter_tables"]

# --- the model's texts ----------------------------------------------------------------------

_ROWS: dict[SectionKey, tuple[KeyedEnum, ...]] = {
    SectionKey.ACTIVE: (*ActiveRow2021, *ActiveRow2019),
    SectionKey.APPLICATIONS: tuple(ApplicationsRow),
}
"""The rows whose labels identify a table, by the section that holds the table."""

_NEXT = {SectionKey.ACTIVE: SectionKey.APPLICATIONS, SectionKey.APPLICATIONS: SectionKey.APPEALS}


@functools.cache
def _structural() -> frozenset[str]:
    """Folded texts of a table's cells that are neither a row's label nor data: group
    labels, column headers, the words converters put over label columns."""
    texts = {fold(w) for w in _HEADER_WORDS | {"信息内容", "申请人情况"}}
    rows: Iterable[KeyedEnum] = (*ActiveRow2021, *ActiveRow2019, *ApplicationsRow)
    for row in rows:
        texts.update(fold(g) for g in row.groups)
    columns: Iterable[KeyedEnum] = (
        *ActiveColumn2021,
        *ActiveColumn2019,
        *ApplicationsColumn,
        *AppealsColumn,
        *AppealsRow,
    )
    for column in columns:
        texts.add(fold(column.label))
        texts.update(fold(g) for g in column.groups)
    return frozenset(texts)


@functools.cache
def _row_labels() -> frozenset[str]:
    rows: Iterable[KeyedEnum] = (*ActiveRow2021, *ActiveRow2019, *ApplicationsRow)
    return frozenset(fold(row.label) for row in rows)


def _is_structural(cells: Sequence[str], structural: frozenset[str] | None = None) -> bool:
    """Every cell is empty or header text (a space in it or not: 本年收费金额（单位：万 元）),
    or several headers merged (``第二十条第（八）项 信息内容``); a label with a space in it
    is no header."""
    known = _structural() if structural is None else structural

    def header(text: str) -> bool:
        key = fold(text)
        return not key or key in known or key.startswith("(本列数据")

    return all(header(cell) or all(header(w) for w in cell.split()) for cell in cells)


def _carries_row_of(cells: Sequence[str], section: SectionKey) -> bool:
    """A cell of the row holds the label of a row of ``section``'s table."""
    return any(_holds_row_label(fold(cell), section) for cell in cells)


def _holds_row_label(key: str, section: SectionKey) -> bool:
    # The rows after a heading are asked again for each section: once per parse per cell.
    memo = document_memo(_holds_row_label)
    if memo is not None and (key, section) in memo:
        known: bool = memo[key, section]
        return known
    specs = label_specs(_ROWS[section])
    holds = bool(key) and any(
        o.quality <= 1 and (o.start == 0 or key[: o.start] in _structural())
        for found in find_occurrences(key, specs)
        for o in found
    )
    if memo is not None:
        memo[key, section] = holds
    return holds


# --- the pass ---------------------------------------------------------------------------


def regroup_converter_tables(lines: Sequence[Line]) -> Regrouped:
    """Rows a table reader can read from the tables a converter rebuilt (see the module)."""
    if not any("|" in line.text or "<t" in line.text.lower() for line in lines):
        return Regrouped(tuple(lines), ())
    findings: list[Finding] = []
    items = _expand_html(lines, findings)
    _read_pipe_rows(items, findings)
    items = _drop_generic(items, findings)
    items = _join_split_tables(items, findings)
    items = _drop_placeholders(items, findings)
    items = _move_back(items, findings)
    return Regrouped(tuple(item.output() for item in items), tuple(findings))


def _read_pipe_rows(items: list[_Item], findings: list[Finding]) -> None:
    marked: list[Line] = []
    for item in items:
        if item.rewrite:
            continue  # an HTML row
        if _SEPARATOR.match(item.line.text) and "|" in item.line.text:
            item.kind = _Kind.SEPARATOR
            continue
        raw = _pipe_cells(item.line.text)
        if raw is None:
            continue
        cells = tuple(_clean_cell(c) for c in raw)
        item.cells = cells
        item.kind = _kind(cells)
        if any(c != r.strip() for c, r in zip(cells, raw, strict=True)):
            item.rewrite = True
            marked.append(item.line)
    if marked:
        findings.append(
            CONVERTER_TABLE_READ.finding(
                f"markup removed from the cells of {len(marked)} Markdown table row(s), the "
                f"first on line {marked[0].number}",
                f"删除 {len(marked)} 行 Markdown 表格单元格中的标记",
                line=marked[0].number,
                page=marked[0].page,
                context=marked[0].text,
            )
        )


def _removed(item: _Item, why: str, why_zh: str) -> Finding:
    return CONVERTER_HEADER_REMOVED.finding(
        why, why_zh, line=item.line.number, page=item.line.page, context=item.line.text
    )


def _drop_generic(items: list[_Item], findings: list[Finding]) -> list[_Item]:
    kept: list[_Item] = []
    for item in items:
        if item.kind is _Kind.GENERIC:
            findings.append(
                _removed(item, "made-up table header removed", "删除转换工具生成的表头行")
            )
            continue
        kept.append(item)
    return kept


def _next_row(items: Sequence[_Item], i: int, *, blank: bool = True) -> int:
    """The index of the next table row from ``i`` on, over separators and (``blank``)
    empty lines; ``len(items)`` when text (or, without ``blank``, an empty line) comes
    first."""
    while i < len(items) and not items[i].row:
        if items[i].kind is _Kind.TEXT and (not blank or items[i].line.text.strip()):
            return len(items)
        i += 1
    return i


def _run(items: Sequence[_Item], i: int, kinds: frozenset[_Kind]) -> list[int]:
    """The rows of ``kinds`` from ``i`` on in one stretch of table lines (separators
    between them, no empty line)."""
    found: list[int] = []
    while i < len(items) and items[i].kind in kinds:
        found.append(i)
        i = _next_row(items, i + 1, blank=False)
    return found


_LABEL_KINDS = frozenset({_Kind.LABELS})
_NUMBER_KINDS = frozenset({_Kind.NUMBERS, _Kind.PLACEHOLDER})


def _header_row(items: Sequence[_Item], at: int) -> bool:
    """The row at ``at`` stands right over a separator (on the next line: not where a
    made-up header between them was dropped): its table's header."""
    return (
        at + 1 < len(items)
        and items[at + 1].kind is _Kind.SEPARATOR
        and items[at + 1].line.number == items[at].line.number + 1
    )


def _join_split_tables(items: list[_Item], findings: list[Finding]) -> list[_Item]:
    """A table of row labels and a later table of as many rows of numbers, row by row."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        if items[i].kind is not _Kind.LABELS:
            out.append(items[i])
            i += 1
            continue
        labels = _run(items, i, _LABEL_KINDS)
        # The header of the table of numbers (申请人情况 … 总计) goes before the rows.
        headers: list[_Item] = []
        at = _next_row(items, labels[-1] + 1)
        while (
            at < len(items) and items[at].kind is _Kind.LABELS and _is_structural(items[at].cells)
        ):
            headers.append(items[at])
            at = _next_row(items, at + 1)
        # A row of dashes over a separator is the header of the table that follows, never
        # a row of numbers (Markdown's first row is its header).
        placeholder_head = _header_row(items, at) and items[at].kind is _Kind.PLACEHOLDER
        numbers = _run(items, _next_row(items, at + 1) if placeholder_head else at, _NUMBER_KINDS)
        while (
            numbers
            and items[numbers[-1]].kind is _Kind.PLACEHOLDER
            and _header_row(items, numbers[-1])
        ):
            numbers.pop()  # the header of the next table, not a row of this one
        pairs = _pairs([items[k] for k in labels], len(numbers))
        if pairs is None or not _numbers_of(items, numbers, pairs):
            out += items[i : labels[-1] + 1]
            i = labels[-1] + 1
            continue
        rows = iter(numbers)
        joined: list[_Item] = []
        for item, takes in pairs:
            if not takes:
                joined.append(item)  # a group label or a header cell
                continue
            number_row = items[next(rows)]
            line = Line("", number_row.line.number, None, number_row.line.page)
            joined.append(_Item(line, _Kind.ROW, item.cells + number_row.cells, rewrite=True))
        # Header cells after the last row (the header of the table of numbers) go before.
        last = max(k for k, item in enumerate(joined) if item.kind is _Kind.ROW)
        out += headers + joined[last + 1 :] + joined[: last + 1]
        if placeholder_head:
            findings.append(
                _removed(
                    items[at], "row of placeholders for header cells removed", "删除表头占位行"
                )
            )
        first = items[labels[0]].line
        findings.append(
            CONVERTER_ROWS_JOINED.finding(
                f"{len(numbers)} row labels from line {first.number} joined with the rows of "
                f"numbers of the table from line {items[numbers[0]].line.number}",
                f"第 {first.number} 行起的 {len(numbers)} 个行标签与第 "
                f"{items[numbers[0]].line.number} 行起的数字逐行合并",
                line=first.number,
                page=first.page,
            )
        )
        i = numbers[-1] + 1
    return out


def _numbers_of(
    items: Sequence[_Item], numbers: Sequence[int], pairs: Sequence[tuple[_Item, bool]]
) -> bool:
    """The rows ``numbers`` are the numbers of the labels: some hold a number, or, all
    dashes (every cell of the rows missing), they are no header over a table of numbers
    that follows and every label they would take is a row's."""
    if not numbers:
        return False
    if any(items[k].kind is _Kind.NUMBERS for k in numbers):
        return True
    after = _next_row(items, numbers[-1] + 1)
    if after < len(items) and items[after].kind is _Kind.NUMBERS:
        return False
    return all(
        any(_carries_row_of(item.cells, section) for section in _ROWS)
        for item, takes in pairs
        if takes
    )


def _pairs(labels: Sequence[_Item], count: int) -> list[tuple[_Item, bool]] | None:
    """Which label rows take a row of numbers: those that are not group labels or headers,
    when they are exactly ``count``; a lone row only when its label is a row's."""
    # （六）其他处理 is a group label over three rows in the 2021 format, a row of its own in
    # the 2019 one (and in 2021 templates that print it as one row).
    for structural in (_structural(), _structural() - _row_labels()):
        own = [not _is_structural(item.cells, structural) for item in labels]
        if sum(own) == count:
            pairs = list(zip(labels, own, strict=True))
            break
    else:
        return None
    if count == 1 and not any(
        _carries_row_of(item.cells, section) for item, takes in pairs if takes for section in _ROWS
    ):
        return None  # a header over a lone row of numbers (real 004's table 四)
    return pairs


def _section_of_heading(item: _Item) -> SectionKey | None:
    if item.kind is not _Kind.TEXT or not item.line.text.strip():
        return None
    found = find_heading(item.line.text)
    return found.key if found is not None else None


def _markdown_tables(items: Sequence[_Item]) -> list[list[int]]:
    """The indices of each table's rows and separators: a table ends at a line that is not
    a table's, and a new one begins at a row over a separator (tables written one after
    another with no empty line between, as in real 004)."""
    tables: list[list[int]] = []
    current: list[int] = []
    for k, item in enumerate(items):
        if item.kind is _Kind.TEXT:
            if current:
                tables.append(current)
            current = []
            continue
        header = k + 1 < len(items) and items[k + 1].kind is _Kind.SEPARATOR and item.row
        if header and current:
            tables.append(current)
            current = []
        current.append(k)
    if current:
        tables.append(current)
    return [t for t in tables if any(items[k].row for k in t)]


def _drop_placeholders(items: list[_Item], findings: list[Finding]) -> list[_Item]:
    """Tables of nothing but dashes and empty cells that stand where header cells were:
    more rows of the section's table follow them, of numbers or of nothing (a last row of
    dashes is data: table 四 with every cell a dash or blank); and a header row of dashes
    or nothing over a table's rows."""
    rows_follow = [False] * len(items)
    ahead = False
    for k in range(len(items) - 1, -1, -1):
        if _section_of_heading(items[k]) is not None:
            ahead = False
        rows_follow[k] = ahead
        ahead = ahead or items[k].kind in (
            _Kind.ROW,
            _Kind.NUMBERS,
            _Kind.LABELS,
            _Kind.PLACEHOLDER,
        )
    drop: set[int] = set()
    for table in _markdown_tables(items):
        rows = [k for k in table if items[k].row]
        if all(items[k].kind is _Kind.PLACEHOLDER for k in rows) and rows_follow[rows[-1]]:
            drop.update(rows)
        else:
            # The header of a table of rows (| - | - | over them), wherever a converter
            # started a new table under a group's label.
            drop.update(
                k
                for k in rows[:-1]
                if items[k].kind is _Kind.PLACEHOLDER
                and k + 1 < len(items)
                and items[k + 1].kind is _Kind.SEPARATOR
            )
    for k in sorted(drop):
        findings.append(
            _removed(items[k], "row of placeholders for header cells removed", "删除表头占位行")
        )
    return [item for k, item in enumerate(items) if k not in drop]


def _headings(items: Sequence[_Item]) -> dict[SectionKey, int]:
    """Where each section's heading stands (its first heading, as the segmenter takes)."""
    found: dict[SectionKey, int] = {}
    for k, item in enumerate(items):
        key = _section_of_heading(item)
        if key is not None and key not in found:
            found[key] = k
    return found


def _header_text(item: _Item) -> bool:
    """A line of text made of header cells (信息内容 本年收费金额（单位：万元）): where a
    converter wrote a table's header as a paragraph."""
    words = item.line.text.split() if item.kind is _Kind.TEXT else []
    return bool(words) and _is_structural([_clean_cell(w) for w in words])


def _carried(items: Sequence[_Item], heading: int, section: SectionKey) -> list[int]:
    """The rows of ``section``'s table right after the next section's ``heading`` (with the
    group labels and header text among them), up to the last that carries a row label."""
    carried: list[int] = []
    last = -1
    for k in range(heading + 1, len(items)):
        item = items[k]
        if item.kind is _Kind.SEPARATOR or (item.kind is _Kind.TEXT and not item.line.text.strip()):
            continue
        if _carries_row_of(item.cells, section):
            last = k
        elif not (_header_text(item) or (item.kind is _Kind.LABELS and _is_structural(item.cells))):
            break
        carried.append(k)
    return [k for k in carried if k <= last]


def _move_back(items: list[_Item], findings: list[Finding]) -> list[_Item]:
    """Rows of a table standing right under the next section's heading, moved back."""
    for section, following in _NEXT.items():
        headings = _headings(items)
        start, heading = headings.get(section), headings.get(following)
        if start is None or heading is None or heading < start:
            continue
        carried = _carried(items, heading, section)
        if not carried:
            continue
        moved = items[carried[0] : carried[-1] + 1]
        rows_before = [k for k in range(start + 1, heading) if items[k].kind is not _Kind.TEXT]
        target = rows_before[-1] + 1 if rows_before else heading
        items = items[:target] + moved + items[target : carried[0]] + items[carried[-1] + 1 :]
        first = moved[0].line
        findings.append(
            CONVERTER_ROWS_MOVED.finding(
                f"{len(carried)} line(s) of the table of section {section.label} stood under "
                f"the heading of section {following.label}: read with their table",
                f"{len(carried)} 行属于“{section.label}”的表格，误置于“{following.label}”"
                "标题之下，已归入原表格",
                line=first.number,
                page=first.page,
                section=section.key,
                context=first.text or "\t".join(moved[0].cells),
            )
        )
    return items
