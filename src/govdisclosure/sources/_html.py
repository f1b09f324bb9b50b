"""Web pages (extra ``[html]``: lxml): the report's tables as grids, the prose as lines.

The page is parsed with network access off and comments and processing instructions
dropped; libxml2's HTML parser never loads a DTD, so no external entity is resolved, and
nothing a page links to (``<link>``, ``<img>``, ``<iframe>``) is fetched. Clutter that is
obviously not the report (scripts, styles, navigation, site headers and footers) is
removed; anything that could be report text is kept, since the parser ignores what
precedes the title.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from govdisclosure import _deadline
from govdisclosure.errors import MissingExtraError, SourceError
from govdisclosure.parse._document import Document
from govdisclosure.sources._grid import GridCell, LineSink, collapse, expand_grid, join_pieces
from govdisclosure.sources._limits import SourceLimits, check_file_size
from govdisclosure.sources._sniff import decode_html

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["read_html"]

# Never text of the report.
_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "map",
        "select",
        "option",
        "optgroup",
        "button",
        "input",
        "textarea",
        "datalist",
        "link",
        "meta",
        "base",
        "img",
        "picture",
        "source",
        "track",
        "head",
    }
)
# Dropped when they are clutter-sized and hold no table (see _is_clutter).
_CLUTTER_TAGS = frozenset({"nav", "header", "footer", "aside"})
# id/class words that Chinese government sites use for navigation, breadcrumbs
# (当前位置), sharing bars and the copyright footer (版权所有, 网站标识码).
_CLUTTER_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "mainmenu",
        "submenu",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "position",
        "location",
        "dqwz",
        "footer",
        "foot",
        "bottom",
        "copyright",
        "banquan",
        "bq",
        "header",
        "topbar",
        "toolbar",
        "sidebar",
        "share",
        "bdshare",
        "fenxiang",
        "search",
        "login",
        "friendlink",
        "links",
        "skip",
    }
)
_WORD = regex.compile(r"[a-z]+")
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "header",
        "footer",
        "aside",
        "nav",
    }
)
_HIDDEN = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_MAX_SPAN_COLUMNS = 1000  # the HTML standard's cap on colspan
_MAX_SPAN_ROWS = 65534  # the HTML standard's cap on rowspan


def _lxml() -> tuple[object, object]:
    try:
        import lxml.etree
        import lxml.html
    except ImportError:
        raise MissingExtraError("html", "lxml", "Reading HTML reports") from None
    return lxml.etree, lxml.html


def _tag(element: HtmlElement) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _text_length(element: HtmlElement) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def _is_clutter(element: HtmlElement, tag: str, page_text: int) -> bool:
    if tag != "nav" and tag not in _CLUTTER_TAGS:
        words = _WORD.findall(f"{element.get('id', '')} {element.get('class', '')}".lower())
        if not any(w in _CLUTTER_WORDS for w in words):
            return False
    # Never drop a table or a large share of the page: a mislabelled wrapper might hold
    # the report itself.
    if element.find(".//table") is not None:
        return False
    return _text_length(element) * 4 < max(page_text, 1)


def _remove(element: HtmlElement) -> None:
    """Remove an element but keep its tail text (which belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _strip_clutter(root: HtmlElement) -> None:
    for element in list(root.iter()):
        if _tag(element) in _DROP or not isinstance(element.tag, str):
            _remove(element)
    body = root.find(".//body")
    page_text = _text_length(body if body is not None else root)
    for element in list(root.iter()):
        if element.getparent() is None and element is not root:
            continue  # inside an element already removed
        tag = _tag(element)
        hidden = _HIDDEN.search(element.get("style", "")) and element.find(".//table") is None
        if hidden or _is_clutter(element, tag, page_text):
            _remove(element)


def _rows(table: HtmlElement) -> list[HtmlElement]:
    rows: list[HtmlElement] = table.xpath(
        "./tr|./thead/tr|./tbody/tr|./tfoot/tr|./*[not(self::table)]/tr"
    )
    return rows


def _span(value: str | None, cap: int) -> int:
    digits = regex.match(r"\s*(\d+)", value or "")
    if digits is None:
        return 1
    return max(1, min(int(digits.group(1)[:7]), cap)) if digits.group(1) != "0" else 0


class _Walker:
    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.sink = LineSink()
        self.pieces: list[str] = []

    # prose ----------------------------------------------------------------------------
    def flush(self) -> None:
        if self.pieces:
            self.sink.paragraph("".join(self.pieces))
            self.pieces = []

    def walk(self, element: HtmlElement, depth: int = 0) -> None:
        _deadline.check()
        tag = _tag(element)
        if tag == "br":
            self.flush()
        elif tag == "table" and not _is_layout(element):
            self.flush()
            self.table(element)
        elif tag == "pre":
            self.flush()
            for line in "".join(element.itertext()).splitlines():
                self.sink.paragraph(line)
        elif depth > 200:  # libxml2 caps depth anyway; stay clear of Python's recursion limit
            self.pieces.append(" ".join(element.itertext()))
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if element.text:
                self.pieces.append(element.text)
            for child in element:
                self.walk(child, depth + 1)
            if block:
                self.flush()
        if element.tail:
            self.pieces.append(element.tail)

    # tables ---------------------------------------------------------------------------
    def table(self, table: HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.sink.paragraph(" ".join(caption.itertext()))
        rows = _rows(table)
        cells: list[GridCell] = []
        # Positions taken by rowspans from rows above: the HTML table model.
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            _deadline.check()
            c = 0
            for td in row:
                if _tag(td) not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                colspan = _span(td.get("colspan"), _MAX_SPAN_COLUMNS) or 1
                rowspan = _span(td.get("rowspan"), _MAX_SPAN_ROWS)
                # rowspan="0" (and overlong spans) reach the end of the table.
                rowspan = len(rows) - r if rowspan == 0 else min(rowspan, len(rows) - r)
                if len(cells) + rowspan * colspan > self.limits.max_table_cells:
                    raise SourceError(
                        "a table's spans cover more than "
                        f"{self.limits.max_table_cells} cells (raise "
                        "SourceLimits.max_table_cells to read it)"
                    )
                if rowspan > 1 or colspan > 1:
                    taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
                cells.append(GridCell(r, c, _cell_text(td), rowspan, colspan))
                c += colspan
        for values in expand_grid(cells, self.limits):
            self.sink.row(values)


def _is_layout(table: HtmlElement) -> bool:
    """A table used for page layout (it holds other tables, or is a single cell): its
    cells are read as blocks of prose, and the tables inside as tables."""
    if table.find(".//table") is not None:
        return True
    cells = sum(1 for row in _rows(table) for td in row if _tag(td) in ("td", "th"))
    return cells <= 1


def _cell_pieces(element: HtmlElement) -> Iterator[str]:
    """Text of a cell in pieces split at ``<br>`` and block boundaries."""
    current: list[str] = []
    stack: list[tuple[HtmlElement, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if _tag(node) in _BLOCK:
                yield "".join(current)
                current = []
            if node is not element and node.tail:
                current.append(node.tail)
            continue
        tag = _tag(node)
        if tag == "br" or tag in _BLOCK:
            yield "".join(current)
            current = []
        if node.text and tag != "br":
            current.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    yield "".join(current)


def _cell_text(td: HtmlElement) -> str:
    return join_pieces(_cell_pieces(td))


def _title(root: HtmlElement) -> str:
    title = root.find(".//head/title")
    if title is None:
        title = root.find(".//title")
    return collapse(" ".join(title.itertext())) if title is not None else ""


def read_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    limits: SourceLimits,
    name: str | None = None,
) -> Document:
    etree, html = _lxml()
    if isinstance(data, str):
        text = data
    else:
        check_file_size(len(data), limits, what="the page")
        text, _ = decode_html(data, encoding=encoding)
    check_file_size(len(text.encode("utf-8")), limits, what="the page")
    # Hand lxml UTF-8 bytes with the encoding stated, so that a <meta charset> or an
    # <?xml encoding?> in the page cannot make it decode a second time.
    parser = etree.HTMLParser(  # type: ignore[attr-defined]
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )
    try:
        root = html.fromstring(text.encode("utf-8"), parser=parser)  # type: ignore[attr-defined]
    except (etree.ParserError, ValueError) as exc:  # type: ignore[attr-defined]
        raise SourceError(f"not a readable web page: {exc}") from None
    if root is None:
        raise SourceError("an empty web page")
    root = root.getroottree().getroot()
    title = _title(root)
    _strip_clutter(root)
    walker = _Walker(limits)
    walker.walk(root)
    walker.flush()
    lines = walker.sink.lines
    # The page title stands first when the body does not state it: some pages give the
    # report's title (agency and year) only in <title>.
    if title and not any(title in line.text for line in lines):
        walker.sink = LineSink()
        walker.sink.paragraph(title)
        for line in lines:
            if line.cells is None:
                walker.sink.paragraph(line.text)
            else:
                walker.sink.row(line.cells)
    return walker.sink.document(name)
