"""The intermediate form every source turns its file into, and the parser reads.

Data flows one way: source → :class:`Document` (lines of text, table rows with known
cells, provenance) → sections → tables → :class:`~govdisclosure.model.Report`.
Plain text gives one :class:`Line` per text line with ``cells=None``; structured sources
(HTML, DOCX, PDF) give one :class:`Line` per table row with its ``cells`` (text joined by
tabs in ``text``) and one per paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from govdisclosure.model import SourceRef

__all__ = ["Document", "Line"]


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


@attrs.frozen
class Document:
    """A source file as lines, ready for the parser."""

    lines: tuple[Line, ...]
    source: str | None = None

    @classmethod
    def from_text(cls, text: str, *, source: str | None = None) -> Document:
        """One line per text line (``\\r\\n``, ``\\r`` and ``\\n`` all end a line); a
        byte-order mark left at the start by a reader (``open(..., encoding="utf-8")`` of
        a file saved with one) is not text."""
        text = text.removeprefix("\ufeff")
        rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return cls(tuple(Line(t, i) for i, t in enumerate(rows, start=1)), source)

    @classmethod
    def from_lines(cls, lines: Iterable[Line], *, source: str | None = None) -> Document:
        return cls(tuple(lines), source)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def slice(self, lines: Sequence[Line]) -> Document:
        return Document(tuple(lines), self.source)
