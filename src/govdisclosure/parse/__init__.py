"""Tolerant parsing of annual reports: text (or a source file) to a :class:`Report`.

The parser reads what the document says and reports every repair it made as a finding::

    report, findings = parse_text(text)

Stages, one module each: decoding bytes (``_decode``), dropping converter residue
(``_clean``), segmenting into sections (``_sections``), metadata (``_meta``), the three
tables (``_tables``) and the prose around them (``_prose``). Nothing but
:class:`~govdisclosure.errors.ParseError` (or its subclass
:class:`~govdisclosure.errors.SourceError`) escapes, whatever the input.
"""

from __future__ import annotations

import os

from .._deadline import DEFAULT_TIMEOUT, budget, timed_out
from ..document import Document
from ..errors import ParseError, ParseTimeoutError
from ..sources import SourceLimits, load_document, read_file
from ._decode import decode_bytes, read_text_file
from ._parser import ParseResult, parse_document

__all__ = [
    "ParseResult",
    "decode_bytes",
    "parse_document",
    "parse_file",
    "parse_text",
    "read_text_file",
]


def parse_text(
    text: str, *, source: str | None = None, timeout: float | None = DEFAULT_TIMEOUT
) -> ParseResult:
    """Parse the text of a report (plain text, Markdown, or a flattened web page).

    ``timeout`` is a wall-clock budget in seconds (``None``: no limit); past it
    :class:`~govdisclosure.errors.ParseTimeoutError` is raised, so that a batch records
    the document and moves on. It is checked between the parser's steps, from any thread.
    """
    if not isinstance(text, str):
        raise ParseError(
            f"parse_text needs str, not {type(text).__name__} "
            "(decode bytes with decode_bytes() or use parse_file())",
            source=source,
        )
    with budget(timeout, source=source):
        return parse_document(Document.from_text(text, source=source))


def parse_file(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    limits: SourceLimits | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> ParseResult:
    """Parse a report file: a web page, a Word file (DOCX, or DOC through LibreOffice), a
    PDF with a text layer, or text in any of the encodings reports come in.

    What kind of file it is is told by its content, never by its name. ``encoding``
    overrides the charset of a web page (the HTTP header's, when known); text files and
    pages without it are detected (UTF-8 with or without BOM, GB18030/GBK, UTF-16).
    ``limits`` (:class:`~govdisclosure.sources.SourceLimits`) bounds what is read against
    hostile files: only regular files are read (never a device, FIFO or socket), and sizes,
    pages, tags, paragraphs and table cells are counted as they are read.
    ``timeout`` bounds the wall-clock time of the whole (reading the file and parsing
    it), in seconds, ``None`` for no limit: past it
    :class:`~govdisclosure.errors.ParseTimeoutError` is raised.
    Reading a page, a Word file or a PDF needs its extra (``govdisclosure[html]``,
    ``[docx]``, ``[pdf]``); without it :class:`~govdisclosure.errors.MissingExtraError`
    says which to install.
    """
    source = str(path)
    limits = SourceLimits() if limits is None else limits
    with budget(timeout, source=source):
        try:
            data = read_file(path, limits)
            doc = load_document(data, encoding=encoding, limits=limits, name=source)
            if doc is None:
                doc = Document.from_text(decode_bytes(data, source=source), source=source)
        except ParseTimeoutError:
            raise timed_out("reading the file") from None
        return parse_document(doc)
