"""Web pages (extra ``[html]``: lxml): the report's tables as grids, the prose as lines.

The page is parsed with network access off and comments and processing instructions
dropped; libxml2's HTML parser never loads a DTD, so no entity a page declares is
expanded and no external entity is resolved, and nothing a page links to (``<link>``,
``<img>``, ``<iframe>``) is fetched. A DOCTYPE is removed before parsing, with its
internal subset (libxml2's HTML parser would end it at the first ``>`` inside the subset
and read the rest as text). The page's tags are counted before it is parsed. Clutter that is
obviously not the report (scripts, styles, navigation, site headers and footers) is
removed; anything that could be report text is kept, since the parser ignores what
precedes the title.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex

from .. import _deadline
from ..document import Document
from ..errors import MissingExtraError, SourceError
from ._grid import (
    LineSink,
    collapse,
    expand_grid,
    join_pieces,
    span_within,
)
from ._limits import SourceLimits, check_file_size, over_limit
from ._sniff import decode_html

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
_SPAN = regex.compile(r"\s*(\d+)")
_LOWER = "translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
# Elements that may be site clutter, found by libxml2 (a clutter tag, an id or class
# holding a clutter word, a style that may hide), then judged one by one in document
# order (see _is_clutter).
_CLUTTER_CANDIDATES = (
    "//*["
    + " or ".join(f"self::{tag}" for tag in sorted(_CLUTTER_TAGS))
    + " or @id[{0}] or @class[{0}]".format(
        " or ".join(f"contains({_LOWER}, '{word}')" for word in sorted(_CLUTTER_WORDS))
    )
    + f" or @style[contains({_LOWER}, 'none') or contains({_LOWER}, 'hidden')]]"
)
# Where a cell's text breaks into lines.
_BREAKS = ("br", *sorted(_BLOCK))
# A DOCTYPE at the start of the page, with its internal subset (quoted strings may hold
# "]" and ">"). Linear: each alternative starts with a different character.
_DOCTYPE = regex.compile(
    r"""\A((?:\s|<!--(?:[^-]|-(?!->))*-->|<\?[^>]*>)*)
        <!doctype[^\[>]*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\]\s*)?>""",
    regex.IGNORECASE | regex.VERBOSE,
)


def _lxml() -> Any:
    try:
        import lxml.etree
    except ImportError:
        raise MissingExtraError("html", "lxml", "Reading HTML reports") from None
    return lxml.etree


def _tag(element: HtmlElement) -> str:
    # libxml2's HTML parser lower-cases tag names; comments and entities have no str tag.
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _text_length(element: HtmlElement) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def _clutter_named(element: HtmlElement) -> bool:
    """A clutter tag, or an id or class naming navigation, a footer, a share bar…"""
    if element.tag in _CLUTTER_TAGS:
        return True
    words = _WORD.findall(f"{element.get('id', '')} {element.get('class', '')}".lower())
    return any(w in _CLUTTER_WORDS for w in words)


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


def _strip_clutter(root: HtmlElement, etree: Any) -> None:
    for element in list(root.iter(*_DROP, etree.Comment, etree.ProcessingInstruction)):
        _remove(element)
    get = etree._Element.get
    candidates = [
        e
        for e in root.iter()
        if e.tag in _CLUTTER_TAGS
        or get(e, "id") is not None
        or get(e, "class") is not None
        or get(e, "style") is not None
    ]
    named = {e for e in candidates if _clutter_named(e)}
    page_text = 0
    if named:  # measured before anything is removed
        body = root.find(".//body")
        page_text = _text_length(body if body is not None else root)
    removed: set[HtmlElement] = set()
    for element in candidates:
        if removed and any(a in removed for a in element.iterancestors()):
            continue  # inside an element already removed
        style = element.get("style")
        # Never drop a table or a large share of the page: a mislabelled wrapper might
        # hold the report itself.
        if (style and _HIDDEN.search(style) and element.find(".//table") is None) or (
            element in named
            and element.find(".//table") is None
            and _text_length(element) * 4 < max(page_text, 1)
        ):
            _remove(element)
            removed.add(element)


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's rows, in order: its ``tr`` children and those of its ``thead``,
    ``tbody``, ``tfoot`` (or any other child but a nested table)."""
    rows: list[HtmlElement] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag != "table":
            rows.extend(row for row in child if row.tag == "tr")
    return rows


def _span(value: str | None, cap: int) -> int:
    if value is None:
        return 1
    digits = _SPAN.match(value)
    if digits is None:
        return 1
    return max(1, min(int(digits.group(1)[:7]), cap)) if digits.group(1) != "0" else 0


class _Walker:
    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.sink = LineSink(limits)
        self.pieces: list[str] = []

    # prose ----------------------------------------------------------------------------
    def flush(self) -> None:
        if self.pieces:
            self.sink.paragraph("".join(self.pieces))
            self.pieces = []

    def walk(self, element: HtmlElement, depth: int = 0) -> None:
        _deadline.check()
        tag = element.tag  # a str: comments and processing instructions are gone
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
            if block and self.pieces:
                self.flush()
            if element.text:
                self.pieces.append(element.text)
            for child in element:
                self.walk(child, depth + 1)
            if block and self.pieces:
                self.flush()
        if element.tail:
            self.pieces.append(element.tail)

    # tables ---------------------------------------------------------------------------
    def table(self, table: HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.sink.paragraph(" ".join(caption.itertext()))
        self.sink.table()
        limits = self.limits
        rows = _rows(table)
        height = len(rows)
        widest = limits.max_table_columns
        placed: list[tuple[int, int, int, int, HtmlElement]] = []
        lost: list[str] = []
        # Positions taken by rowspans from rows above: the HTML table model.
        taken: set[tuple[int, int]] = set()
        covered = 0
        for r, row in enumerate(rows):
            _deadline.check()
            c = 0
            for td in row:
                tag = td.tag
                if tag != "td" and tag != "th":
                    continue
                if taken:
                    while (r, c) in taken:
                        c += 1
                if c < widest and td.get("colspan") is None and td.get("rowspan") is None:
                    placed.append((r, c, 1, 1, td))  # the usual cell: one grid position
                    covered += 1
                    c += 1
                    continue
                value = td.get("colspan")
                colspan = 1 if value is None else (_span(value, _MAX_SPAN_COLUMNS) or 1)
                width = colspan if c + colspan <= widest else span_within(c, colspan, limits)
                if width < colspan:
                    lost.append(_cell_text(td) if width == 0 else "")
                    if width == 0:
                        continue
                value = td.get("rowspan")
                rowspan = 1 if value is None else _span(value, _MAX_SPAN_ROWS)
                # rowspan="0" (and overlong spans) reach the end of the table.
                rowspan = height - r if rowspan == 0 else min(rowspan, height - r)
                covered += rowspan * width
                if covered > limits.max_table_cells:
                    raise over_limit(
                        f"a table's cells and spans cover more than {limits.max_table_cells} cells",
                        "max_table_cells",
                    )
                if rowspan > 1 or width > 1:
                    taken.update((r + i, c + j) for i in range(rowspan) for j in range(width))
                placed.append((r, c, rowspan, width, td))
                c += width
            if covered > limits.max_table_cells:
                raise over_limit(
                    f"a table's cells and spans cover more than {limits.max_table_cells} cells",
                    "max_table_cells",
                )
        if lost:
            self.sink.span_cut(lost)
        # Text last: a table refused by its size costs no text extraction.
        cells = [
            (
                r,
                c,
                (collapse(td.text) if td.text else "") if len(td) == 0 else _cell_text(td),
                rs,
                cs,
            )
            for r, c, rs, cs, td in placed
        ]
        for values in expand_grid(cells, limits):
            self.sink.row(values)


def _is_layout(table: HtmlElement) -> bool:
    """A table used for page layout (it holds other tables, or is a single cell): its
    cells are read as blocks of prose, and the tables inside as tables."""
    if table.find(".//table") is not None:
        return True
    cells = 0
    for row in _rows(table):
        for td in row:
            if td.tag in ("td", "th"):
                cells += 1
                if cells > 1:
                    return False
    return True


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
    if len(td) == 0:
        return collapse(td.text) if td.text else ""
    for _ in td.iterdescendants(*_BREAKS):
        return join_pieces(_cell_pieces(td))
    # One line: its text is all the text inside, in order.
    return collapse("".join(td.itertext()))


def _title(root: HtmlElement) -> str:
    """The text of the page's ``<head><title>``, else of its first ``<title>``."""
    title = None
    for element in root.iter("title"):
        parent = element.getparent()
        if parent is not None and parent.tag == "head":
            title = element
            break
        if title is None:
            title = element
    return collapse(" ".join(title.itertext())) if title is not None else ""


def _count_tags(tags: int, limits: SourceLimits) -> None:
    if tags > limits.max_tags:
        raise over_limit(
            f"the page has {tags} tags, over the limit of {limits.max_tags}", "max_tags"
        )


def _markup(text: str, limits: SourceLimits) -> bytes:
    """The page as UTF-8 for lxml: without its DOCTYPE, its tags counted."""
    _count_tags(text.count("<"), limits)
    doctype = _DOCTYPE.match(text)
    if doctype is not None:
        text = doctype.group(1) + text[doctype.end() :]
    data = text.encode("utf-8", "replace")
    check_file_size(len(data), limits, what="the page")
    return data


def read_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    limits: SourceLimits,
    name: str | None = None,
) -> Document:
    etree = _lxml()
    if isinstance(data, str):
        text = data
    else:
        check_file_size(len(data), limits, what="the page")
        _count_tags(data.count(b"<"), limits)  # before the page is decoded
        text, _ = decode_html(data, encoding=encoding)
    # Hand lxml UTF-8 bytes with the encoding stated, so that a <meta charset> or an
    # <?xml encoding?> in the page cannot make it decode a second time.
    parser = etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )
    markup = _markup(text, limits)
    try:
        root = etree.fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise SourceError(
            f"not a readable web page: {exc}", reason_zh="网页已损坏或格式不正确，无法读取"
        ) from None
    if root is None:
        raise SourceError("an empty web page", reason_zh="网页没有内容")
    root = root.getroottree().getroot()
    title = _title(root)
    _strip_clutter(root, etree)
    walker = _Walker(limits)
    walker.walk(root)
    walker.flush()
    # The page title stands first when the body does not state it: some pages give the
    # report's title (agency and year) only in <title>.
    if title and not any(title in line.text for line in walker.sink.lines):
        walker.sink.prepend(title)
    return walker.sink.document(name)
