"""Finding codes of the parser's front end: cleaning, sections, metadata, prose.

The table reader registers its own codes next to the code that emits them.
"""

from __future__ import annotations

from govdisclosure.findings import Finding, Severity, register_code

__all__ = [
    "ALIGNED_COLUMNS",
    "CONTROL_CHARACTERS_REMOVED",
    "FORMAT_INFERRED",
    "HEADING_INLINE",
    "HEADING_VARIANT",
    "LINK_RESIDUE_REMOVED",
    "MARKDOWN_RESIDUE_REMOVED",
    "METADATA_MISSING",
    "PAGE_FOOTER_REMOVED",
    "PROSE_UNWRAPPED",
    "REPEATED_HEADER_REMOVED",
    "SECTION_DUPLICATED",
    "SECTION_MISSING",
    "SECTION_OUT_OF_ORDER",
    "SPAN_CUT",
    "TABLE_MISSING",
    "UNRECOGNIZED_TEXT",
    "WRAPPED_NUMBER_JOINED",
    "YEAR_FROM_PERIOD",
    "finding",
    "parse_code",
]

_AREA = "parse"


def parse_code(code: str, title: str, severity: Severity, description: str) -> str:
    """Register a finding code of the parser (area ``parse``) and return it."""
    register_code(code, title, severity, description, area=_AREA)
    return code


CONTROL_CHARACTERS_REMOVED = parse_code(
    "control-characters-removed",
    "Control characters removed",
    Severity.INFO,
    "The text held NUL or other control characters (left by a broken converter or a "
    "damaged file); they are not text and were removed.",
)
SPAN_CUT = parse_code(
    "span-cut",
    "Table span cut",
    Severity.WARNING,
    "A table cell spanned, or was placed, further right than a report table reaches "
    "(``colspan``, ``gridSpan`` or ``gridBefore`` past ``SourceLimits.max_table_columns``): "
    "the table was cut there, and any text beyond the cut is in this finding's context.",
)
PAGE_FOOTER_REMOVED = parse_code(
    "page-footer-removed",
    "Page footer removed",
    Severity.INFO,
    "A line holding only a page number (``- 3 -``, ``— 3 —``, ``第 3 页``) was left by a "
    "page break and was removed.",
)
LINK_RESIDUE_REMOVED = parse_code(
    "link-residue-removed",
    "Link residue removed",
    Severity.INFO,
    "A stray line made of a ``mailto:`` or URL target (left by a PDF link annotation) was removed.",
)
MARKDOWN_RESIDUE_REMOVED = parse_code(
    "markdown-residue-removed",
    "Markdown residue removed",
    Severity.INFO,
    "A Markdown pipe-table separator row (``|---|---|``) or an empty Markdown line was removed.",
)
REPEATED_HEADER_REMOVED = parse_code(
    "repeated-header-removed",
    "Repeated table header removed",
    Severity.INFO,
    "A table caption or header row repeated after a page break was removed.",
)
ALIGNED_COLUMNS = parse_code(
    "aligned-columns",
    "Table columns read from text alignment",
    Severity.INFO,
    "Rows of a table laid out with spaces (``pdftotext -layout``) were read as cells at the "
    "columns where their numbers line up with the other rows' (or, for a lone row, with its "
    "header's words); a column with no number in a row is kept as an empty cell. Only the "
    "spaces between the cells changed.",
)
WRAPPED_NUMBER_JOINED = parse_code(
    "wrapped-number-joined",
    "Number wrapped in its cell joined",
    Severity.INFO,
    "A line held only digits, each standing under a long number of the row above: a "
    "narrow cell had wrapped the number (``575`` over ``2``), and the digits were joined "
    "back to it (``5752``).",
)
HEADING_INLINE = parse_code(
    "heading-inline",
    "Heading found inside a line",
    Severity.INFO,
    "A section heading stood inside a longer line (a flattened page): the line was split "
    "at the heading.",
)
HEADING_VARIANT = parse_code(
    "heading-variant",
    "Heading differs from the official one",
    Severity.INFO,
    "A section heading was recognised although its wording, numbering or markup differs "
    "from the official heading.",
)
SECTION_MISSING = parse_code(
    "section-missing",
    "Section missing",
    Severity.INFO,
    "One of the six sections has no heading in the document; its text, if any, stays with "
    "the section before it.",
)
SECTION_DUPLICATED = parse_code(
    "section-duplicated",
    "Section heading repeated",
    Severity.WARNING,
    "A section heading appears a second time; the repeat is kept as text of the section.",
)
SECTION_OUT_OF_ORDER = parse_code(
    "section-out-of-order",
    "Section out of order",
    Severity.WARNING,
    "A section heading appears after a later section; it is kept as text of the section before it.",
)
UNRECOGNIZED_TEXT = parse_code(
    "unrecognized-text",
    "Text not understood",
    Severity.INFO,
    "Text that is neither a heading, prose of a section nor part of a table (crawler "
    "headers, site navigation, leftovers around tables); it is kept in the report's text "
    "or in this finding's context.",
)
PROSE_UNWRAPPED = parse_code(
    "prose-unwrapped",
    "Hard-wrapped prose joined",
    Severity.INFO,
    "Lines of a paragraph broken by a PDF converter were joined (without adding spaces).",
)
METADATA_MISSING = parse_code(
    "metadata-missing",
    "Metadata not found",
    Severity.WARNING,
    "The title, the reporting body or the year could not be read from the document.",
)
YEAR_FROM_PERIOD = parse_code(
    "year-from-period",
    "Year taken from the statistics period",
    Severity.INFO,
    "The title states no year; the year was taken from the statistics period.",
)
FORMAT_INFERRED = parse_code(
    "format-inferred",
    "Format inferred",
    Severity.INFO,
    "The tables did not show which official format the report follows; the format was "
    "inferred from the text (国办公开办函〔2021〕30号, （试行）) or from the year.",
)
TABLE_MISSING = parse_code(
    "table-missing",
    "Table not found",
    Severity.ERROR,
    "A statistics table was not found in its section; all its cells are missing.",
)


def finding(
    code: str,
    message: str,
    *,
    message_zh: str = "",
    line: int | None = None,
    page: int | None = None,
    section: str | None = None,
    table: str | None = None,
    context: str | None = None,
    expected: object = None,
    actual: object = None,
) -> Finding:
    """A finding with the code's registered severity."""
    from govdisclosure.findings import CODES

    return Finding(
        code=code,
        severity=CODES[code].severity,
        message=message,
        message_zh=message_zh,
        table=table,
        line=line,
        page=page,
        section=section,
        context=context,
        expected=expected,
        actual=actual,
    )
