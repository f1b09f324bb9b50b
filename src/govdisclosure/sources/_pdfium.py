"""PDF pages as characters and ruling lines, through PDFium (extra ``[pdf]``: pypdfium2).

PDFium extracts a page's characters with their boxes 10-20 times faster than pdfminer
(pdfplumber's engine). The characters are given pdfminer's geometry, which the reader's
layout rules were tuned on: a character's box runs from its baseline up by its font size
(LibreOffice and Word write fonts whose descriptors give no descent, and pdfminer then
puts the box on the baseline) and across by its advance width; coordinates run top down
from the page's top, and are rounded to a thousandth of a point, the precision PDF
producers write (PDFium computes in single precision). PDFium's generated characters
(the spaces and line breaks it infers) are not characters of the page.

Ruling lines come from the page's path objects (and those of its forms), classified as
pdfminer classifies them: a straight segment is a line, a closed axis-aligned
four-sided path a rectangle (four lines), anything else a curve whose straight steps
count.

Before any page is loaded, the file's streams are measured (:mod:`._pdfstreams`); then
the page count is checked, and each page's drawing objects and characters are counted
before they are read.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Iterator
from typing import Any

from ..errors import MissingExtraError, SourceError
from ._limits import SourceLimits, over_limit
from ._pdflayout import Char, Edge

__all__ = ["Page", "pdf_pages", "require_pdfium"]

# Characters PDFium may generate; only these need asking whether they were.
_MAYBE_GENERATED = frozenset((0x20, 0x0A, 0x0D))
_SEGMENT_LINE, _SEGMENT_BEZIER, _SEGMENT_MOVE = 0, 1, 2
_RECT = re.compile(r"m[^m]+")


def require_pdfium() -> None:
    """Raise :class:`MissingExtraError` unless pypdfium2 is installed."""
    _modules()


def _modules() -> tuple[Any, Any]:
    try:
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        raise MissingExtraError("pdf", "pypdfium2", "Reading PDF reports") from None
    return pypdfium2, pypdfium2.raw


class Page:
    """What the reader needs of one page."""

    __slots__ = ("chars", "edges", "height", "number")

    def __init__(self, number: int, height: float, chars: list[Char], edges: list[Edge]) -> None:
        self.number = number
        self.height = height
        self.chars = chars
        self.edges = edges


class _Transform:
    """Page space (PDF user space, y up) to pdfplumber's: x from the left, ``top`` down
    from the top, the page turned by its ``/Rotate`` (pdfminer's matrix for the
    rotation, then pdfplumber's flip against the media box)."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int) -> None:
        left, bottom, right, top = box
        x0, x1 = sorted((left, right))
        y0, y1 = sorted((bottom, top))
        self.rotation = rotation % 360
        self.matrix = {
            0: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(self.rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        turned = (x0, y0, x1, y1) if self.rotation in (0, 180) else (y0, x0, y1, x1)
        self.height = turned[3] - turned[1]
        self.offset_x = turned[0]
        self.offset_top = self.height - turned[3]

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a point of page space."""
        a, b, c, d, e, f = self.matrix
        return (
            round(a * x + c * y + e + self.offset_x, 3),
            round(self.height - (b * x + d * y + f) + self.offset_top, 3),
        )


def pdf_pages(data: bytes, limits: SourceLimits) -> Iterator[Page]:
    """The pages of a PDF, one at a time (each freed before the next is loaded)."""
    pdfium, raw = _modules()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise SourceError(
                "an encrypted PDF that needs a password", reason_zh="PDF 已加密，需要密码才能打开"
            ) from None
        raise SourceError(
            f"not a readable PDF: {message}", reason_zh="PDF 文件已损坏或格式不正确，无法读取"
        ) from None
    try:
        count = len(document)
        if count > limits.max_pages:
            raise over_limit(
                f"the PDF has {count} pages, over the limit of {limits.max_pages}", "max_pages"
            )
        for index in range(count):
            yield _page(raw, document, index, limits)
    finally:
        document.close()


def _page(raw: Any, document: Any, index: int, limits: SourceLimits) -> Page:
    try:
        page = document[index]
    except Exception as exc:  # pypdfium2 raises PdfiumError for a page it cannot load
        raise SourceError(
            f"page {index + 1} of the PDF cannot be read: {exc}",
            reason_zh=f"PDF 第 {index + 1} 页无法读取",
        ) from None
    try:
        objects = raw.FPDFPage_CountObjects(page.raw)
        if objects > limits.max_page_objects:
            raise over_limit(
                f"page {index + 1} of the PDF draws {objects} objects, over the limit of "
                f"{limits.max_page_objects}",
                "max_page_objects",
            )
        transform = _Transform(page.get_mediabox(), page.get_rotation())
        edges = _edges(raw, page.raw, transform, limits, index)
        textpage = page.get_textpage()
        try:
            chars = _chars(raw, textpage.raw, transform, limits, index)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, transform.height, chars, edges)


class _Text:
    """The text-page functions read per character, declared on plain addresses: a ctypes
    pointer per call (and a cast to compare it) would cost more than PDFium's work."""

    def __init__(self, raw: Any) -> None:
        def declare(name: str, restype: Any, *argtypes: Any) -> Any:
            original = getattr(raw, name)
            function = type(original)(ctypes.cast(original, ctypes.c_void_p).value)
            function.restype = restype
            function.argtypes = argtypes
            return function

        address, index = ctypes.c_void_p, ctypes.c_int
        double_ref = ctypes.POINTER(ctypes.c_double)
        self.unicode = declare("FPDFText_GetUnicode", ctypes.c_uint, address, index)
        self.generated = declare("FPDFText_IsGenerated", ctypes.c_int, address, index)
        self.text_object = declare("FPDFText_GetTextObject", address, address, index)
        self.origin = declare(
            "FPDFText_GetCharOrigin", ctypes.c_int, address, index, double_ref, double_ref
        )
        self.font_size = declare("FPDFText_GetFontSize", ctypes.c_double, address, index)
        self.matrix = declare(
            "FPDFText_GetMatrix", ctypes.c_int, address, index, ctypes.POINTER(raw.FS_MATRIX)
        )
        self.font = declare("FPDFTextObj_GetFont", address, address)
        self.glyph_width = declare(
            "FPDFFont_GetGlyphWidth",
            ctypes.c_int,
            address,
            ctypes.c_uint32,
            ctypes.c_float,
            ctypes.POINTER(ctypes.c_float),
        )


_TEXT: list[_Text] = []


def _chars(
    raw: Any, textpage: Any, transform: _Transform, limits: SourceLimits, index: int
) -> list[Char]:
    count = raw.FPDFText_CountChars(textpage)
    if count > limits.max_page_chars:
        raise over_limit(
            f"page {index + 1} of the PDF has {count} characters, over the limit of "
            f"{limits.max_page_chars}",
            "max_page_chars",
        )
    if not _TEXT:
        _TEXT.append(_Text(raw))
    api = _TEXT[0]
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    unicode_of, generated, object_of, origin_of = (
        api.unicode,
        api.generated,
        api.text_object,
        api.origin,
    )
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    width = ctypes.c_float()
    width_ref = ctypes.byref(width)
    matrix = raw.FS_MATRIX()
    # Per text object (one text-showing operator): its font, size and orientation.
    runs: dict[int | None, tuple[int | None, float, float, float, bool, bool]] = {}
    widths: dict[tuple[int | None, float, int], float] = {}
    simple = transform.rotation == 0
    shift_x = transform.matrix[4] + transform.offset_x
    flip = transform.height + transform.offset_top - transform.matrix[5]
    chars: list[Char] = []
    append = chars.append
    for i in range(count):
        code = unicode_of(page, i)
        if code == 0 or (code in _MAYBE_GENERATED and generated(page, i)):
            continue
        key = object_of(page, i)
        run = runs.get(key)
        if run is None:
            # The text matrix (with the horizontal scaling, without the font size),
            # turned with the page as pdfminer turns it.
            api.matrix(page, i, ctypes.byref(matrix))
            ta, tb, tc, td = transform.matrix[:4]
            a = matrix.a * ta + matrix.b * tc
            b = matrix.a * tb + matrix.b * td
            c = matrix.c * ta + matrix.d * tc
            d = matrix.c * tb + matrix.d * td
            size = api.font_size(page, i)
            upright = a * d > 0 and b * c <= 0
            straight = simple and upright and b == 0 and c == 0 and a > 0
            run = (
                api.font(key) if key else None,
                size,
                a if straight else 1.0,
                round(size * d, 3) if straight else size,
                upright,
                straight,
            )
            runs[key] = run
        font, size, scale, height, upright, straight = run
        advance = widths.get((font, size, code))
        if advance is None:
            advance = (
                width.value
                if font is not None and api.glyph_width(font, code, size, width_ref)
                else 0.0
            )
            widths[(font, size, code)] = advance
        origin_of(page, i, x_ref, y_ref)
        if straight:
            x0 = round(x.value + shift_x, 3)
            bottom = round(flip - y.value, 3)
            append(
                Char(
                    chr(code),
                    x0,
                    round(x0 + advance * scale, 3),
                    round(bottom - height, 3),
                    bottom,
                    height,
                    True,
                    font,
                    len(chars),
                )
            )
        else:
            append(
                _turned_char(
                    raw, textpage, i, chr(code), size, upright, transform, font, len(chars)
                )
            )
    return chars


def _turned_char(
    raw: Any,
    textpage: Any,
    i: int,
    text: str,
    size: float,
    upright: bool,
    transform: _Transform,
    font: Any,
    index: int,
) -> Char:
    """A character of rotated text (or on a rotated page): its box from PDFium's."""
    box = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(box))
    x0, top0 = transform.point(box.left, box.top)
    x1, top1 = transform.point(box.right, box.bottom)
    return Char(
        text,
        min(x0, x1),
        max(x0, x1),
        min(top0, top1),
        max(top0, top1),
        round(size, 3),
        upright,
        font,
        index,
    )


def _edges(
    raw: Any, page: Any, transform: _Transform, limits: SourceLimits, index: int
) -> list[Edge]:
    edges: list[Edge] = []
    budget = [limits.max_page_objects]

    def visit(count: int, get: Any, parent: tuple[float, ...] | None) -> None:
        matrix = raw.FS_MATRIX()
        for k in range(count):
            budget[0] -= 1
            if budget[0] < 0:
                raise over_limit(
                    f"page {index + 1} of the PDF draws more than {limits.max_page_objects} "
                    "objects (counting those inside its forms)",
                    "max_page_objects",
                )
            obj = get(k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            combined = own if parent is None else _multiply(own, parent)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                visit(
                    raw.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: raw.FPDFFormObj_GetObject(form, j),
                    combined,
                )
            else:
                _path_edges(raw, obj, combined, transform, edges)

    visit(raw.FPDFPage_CountObjects(page), lambda j: raw.FPDFPage_GetObject(page, j), None)
    return edges


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _path_edges(
    raw: Any, obj: Any, matrix: tuple[float, ...], transform: _Transform, edges: list[Edge]
) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if fill.value == 0 and not stroke.value:
        return  # a clipping path, never painted
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    # The path in pdfminer's terms: one letter per operation, the point it ends at.
    shape: list[str] = []
    points: list[tuple[float, float]] = []
    beziers = 0
    start: tuple[float, float] | None = None
    for k in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, k)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = transform.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == _SEGMENT_BEZIER:
            beziers += 1
            if beziers % 3:
                continue  # a control point; the curve ends at the third
            shape.append("c")
        elif kind == _SEGMENT_MOVE:
            shape.append("m")
            start = point
        else:
            shape.append("l")
        points.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            shape.append("h")
            points.append(start)
    path = "".join(shape)
    if not path.startswith("m"):
        return  # pdfminer reads no path that does not start by moving
    for match in _RECT.finditer(path):
        _subpath_edges(
            path[match.start() : match.end()], points[match.start() : match.end()], edges
        )


def _subpath_edges(shape: str, points: list[tuple[float, float]], edges: list[Edge]) -> None:
    """pdfminer's reading of one subpath (a line, a rectangle or a curve) as edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points = points[:-1]
    if shape in ("mlh", "ml"):
        (x0, t0), (x1, t1) = points[0], points[1]
        top, bottom = min(t0, t1), max(t0, t1)
        edges.append(Edge(min(x0, x1), top, max(x0, x1), bottom, "h" if top == bottom else "v"))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        if points[0] == points[4] and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
            or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            edges.append(Edge(left, top, right, top, "h"))
            edges.append(Edge(left, bottom, right, bottom, "h"))
            edges.append(Edge(left, top, left, bottom, "v"))
            edges.append(Edge(right, top, right, bottom, "v"))
            return
    for (x0, t0), (x1, t1) in itertools.pairwise(points):
        if x0 == x1:
            edges.append(Edge(x0, min(t0, t1), x1, max(t0, t1), "v"))
        elif t0 == t1:
            edges.append(Edge(min(x0, x1), t0, max(x0, x1), t1, "h"))
