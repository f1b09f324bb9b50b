"""The finding codes of the parser's front end (cleaning, sections, metadata, prose).

They live in the one catalogue, :mod:`govdisclosure.codes`; this module names the ones the
front end emits and builds their findings.
"""

from __future__ import annotations

from govdisclosure.codes import (
    ALIGNED_COLUMNS,
    FORMAT_INFERRED,
    HEADING_INLINE,
    HEADING_VARIANT,
    LINK_RESIDUE_REMOVED,
    MARKDOWN_RESIDUE_REMOVED,
    METADATA_MISSING,
    PAGE_FOOTER_REMOVED,
    PROSE_UNWRAPPED,
    REPEATED_HEADER_REMOVED,
    SECTION_DUPLICATED,
    SECTION_MISSING,
    SECTION_OUT_OF_ORDER,
    TABLE_MISSING,
    UNRECOGNIZED_TEXT,
    WRAPPED_NUMBER_JOINED,
    YEAR_FROM_PERIOD,
)
from govdisclosure.findings import CodeInfo, Finding

__all__ = [
    "ALIGNED_COLUMNS",
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
    "TABLE_MISSING",
    "UNRECOGNIZED_TEXT",
    "WRAPPED_NUMBER_JOINED",
    "YEAR_FROM_PERIOD",
    "finding",
]


def finding(
    code: CodeInfo,
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
    """A finding of ``code`` at its catalogued severity."""
    return code.finding(
        message,
        message_zh,
        line=line,
        page=page,
        section=section,
        table=table,
        context=context,
        expected=expected,
        actual=actual,
    )
