"""The intermediate form every source turns its file into, and the parser reads.

Data flows one way: source → :class:`Document` (lines of text, table rows with known
cells, provenance) → sections → tables → :class:`~govdisclosure.model.Report`.
Plain text gives one :class:`Line` per text line with ``cells=None``; structured sources
(HTML, DOCX, PDF) give one :class:`Line` per table row with its ``cells`` (text joined by
tabs in ``text``) and one per paragraph. What a source repaired on the way (a control
character dropped, a span cut) travels with the document as findings.

This module stands below both :mod:`govdisclosure.sources` and :mod:`govdisclosure.parse`:
sources build documents, the parser reads them. It also offers what every reader of a
document must recognise: a line that is only a page number (:func:`is_page_footer`) and a
cell that says it is empty (:func:`is_missing_marker`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import regex

from . import codes
from ._fold import fold, per_document, to_halfwidth
from .findings import Finding
from .model import SourceRef

__all__ = [
    "MISSING_MARKERS",
    "ControlCharacters",
    "Document",
    "Line",
    "is_missing_marker",
    "is_page_footer",
]

# Control characters (Unicode Cc) other than tab, line feed, vertical tab, form feed and
# carriage return, which lay out text (a form feed is pdftotext's page break).
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]+")


@attrs.frozen
class Line:
    """A line of the document, or a fragment of one (a flattened page split at headings)."""

    text: str
    """The text as it stood (for table rows from structured sources: cells joined by tabs)."""
    number: int
    """1-based line number in the document, for findings."""
    cells: tuple[str, ...] | None = None
    """The cells of a table row, when the source knows them (HTML/DOCX/PDF grids)."""
    page: int | None = None
    """1-based page, for paged sources."""
    start: int = 0
    """Offset of ``text`` within the full line, when this is a fragment of a longer line."""

    @property
    def ref(self) -> SourceRef:
        return SourceRef(line=self.number, page=self.page)

    def fragment(self, start: int, end: int | None = None) -> Line:
        """The part ``text[start:end]`` as a line of its own, keeping provenance."""
        end = len(self.text) if end is None else end
        cells = None if (start, end) != (0, len(self.text)) else self.cells
        return Line(self.text[start:end], self.number, cells, self.page, self.start + start)


class ControlCharacters:
    """Drops control characters from text, and says once what it dropped and where."""

    def __init__(self) -> None:
        self.count = 0
        self.first: tuple[int, int | None] | None = None

    def clean(self, text: str, line: int, page: int | None = None, *, count: bool = True) -> str:
        """``text`` itself when it has no control character, else a copy without them
        (counted unless ``count`` is false)."""
        if not _CONTROL.search(text):
            return text
        kept = _CONTROL.sub("", text)
        if count:
            self.count += len(text) - len(kept)
        if self.first is None:
            self.first = (line, page)
        return kept

    def findings(self) -> tuple[Finding, ...]:
        if self.first is None:
            return ()
        line, page = self.first
        return (
            codes.CONTROL_CHARACTERS_REMOVED.finding(
                f"{self.count} control character(s) (NUL and the like) removed, the first "
                f"on line {line}",
                f"删除 {self.count} 个控制字符（首个在第 {line} 行）",
                line=line,
                page=page,
            ),
        )


@attrs.frozen
class Document:
    """A source file as lines, ready for the parser."""

    lines: tuple[Line, ...]
    source: str | None = None
    findings: tuple[Finding, ...] = ()
    """What the source repaired while reading (reported with the parse's findings)."""

    @classmethod
    def from_text(cls, text: str, *, source: str | None = None) -> Document:
        """One line per text line (``\\r\\n``, ``\\r`` and ``\\n`` all end a line); a
        byte-order mark left at the start by a reader (``open(..., encoding="utf-8")`` of
        a file saved with one) is not text, nor are control characters such as NUL."""
        text = text.removeprefix("\ufeff")
        rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if not _CONTROL.search(text):
            return cls(tuple(Line(t, i) for i, t in enumerate(rows, start=1)), source)
        controls = ControlCharacters()
        lines = tuple(Line(controls.clean(t, i), i) for i, t in enumerate(rows, start=1))
        return cls(lines, source, controls.findings())

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[Line],
        *,
        source: str | None = None,
        findings: Iterable[Finding] = (),
    ) -> Document:
        return cls(tuple(lines), source, tuple(findings))

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def slice(self, lines: Sequence[Line]) -> Document:
        return Document(tuple(lines), self.source)


# --- what every reader of a document recognises ---------------------------------------

_FOOTER = regex.compile(
    r"""^\s*(?:
        [-—–－―─~～]+\s*\d{1,4}\s*[-—–－―─~～]+      # - 3 -, — 3 —
      | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?  # 第 3 页 (共 9 页)
      | \d{1,4}\s*/\s*\d{1,4}                       # 3/9
      | (?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?
    )\s*$""",
    regex.VERBOSE,
)


@per_document
def is_page_footer(text: str) -> bool:
    """True for a line that is only a page number (``- 3 -``, ``— 3 —``, ``第 3 页``)."""
    return bool(_FOOTER.match(to_halfwidth(text)))


MISSING_MARKERS = frozenset({"/", "-", "--", "无", "空", "\\", "//"})
"""Folded texts that mean "this cell is empty" when they are a whole cell."""


def is_missing_marker(text: str) -> bool:
    """True if ``text`` (a whole cell) says the cell is empty."""
    return len(text) <= 4 and fold(text) in MISSING_MARKERS
