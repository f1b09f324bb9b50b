"""Limits that keep a hostile or broken file from exhausting memory or time.

Every source counts what it reads against a :class:`SourceLimits` *as it reads it*
(bytes of the file, bytes inflated from a ZIP member or a PDF stream, tags, paragraphs,
tables, cells, pages, characters and drawing objects of a page), never trusting what a
file says about itself (``stat``, a ZIP directory, a PDF's lengths), and refuses with a
:class:`~govdisclosure.errors.SourceError` that names the limit and how to raise it.
"""

from __future__ import annotations

import zipfile
from typing import Any

import attrs

from ..errors import SourceError

__all__ = ["SourceLimits", "check_file_size", "check_zip", "over_limit"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, not {value!r}")


@attrs.frozen
class SourceLimits:
    """How much a source may read; pass ``limits=SourceLimits(max_pages=50)`` to tighten.

    The defaults are far above any real annual report (a few dozen pages, a few MB, a few
    hundred paragraphs, tables of a few hundred cells) and far below what would hurt the
    machine: every hostile input is refused within seconds and a few hundred MB.
    """

    max_file_bytes: int = attrs.field(default=100 * 2**20, validator=_positive)
    """Largest input file, in bytes (counted as it is read)."""
    max_unpacked_bytes: int = attrs.field(default=200 * 2**20, validator=_positive)
    """Largest total size of what a container holds once inflated, in bytes: the members
    of a DOCX that are read, the streams of a PDF (images apart, which are never decoded).
    Counted as the data inflates, whatever the container declares."""
    max_compression_ratio: float = attrs.field(default=100.0, validator=_positive)
    """Largest uncompressed/compressed ratio of a ZIP container or member (zip bombs reach
    thousands); judged past 1 MB only."""
    max_zip_entries: int = attrs.field(default=10_000, validator=_positive)
    """Most members in a ZIP container."""
    max_tags: int = attrs.field(default=1_000_000, validator=_positive)
    """Most tags (``<``) of a web page or of a Word document's XML: a report has a few
    tens of thousands."""
    max_paragraphs: int = attrs.field(default=20_000, validator=_positive)
    """Most paragraphs (and table rows) of a document: a long report has a few
    thousand lines."""
    max_tables: int = attrs.field(default=1_000, validator=_positive)
    """Most tables of a document."""
    max_table_cells: int = attrs.field(default=100_000, validator=_positive)
    """Most grid positions of one table after span expansion (``rowspan="99999999"``)."""
    max_table_columns: int = attrs.field(default=256, validator=_positive)
    """Most columns of one table: a span (``colspan``, ``gridSpan``, ``gridBefore``)
    reaching further is cut there, and the cut is reported as a finding."""
    max_pages: int = attrs.field(default=2_000, validator=_positive)
    """Most pages in a PDF (checked before any page is loaded)."""
    max_page_chars: int = attrs.field(default=50_000, validator=_positive)
    """Most characters on one PDF page (a dense page has a few thousand)."""
    max_page_objects: int = attrs.field(default=100_000, validator=_positive)
    """Most drawing objects (text runs, paths, images) on one PDF page."""
    max_content_bytes: int = attrs.field(default=8 * 2**20, validator=_positive)
    """Largest decompressed content stream of a PDF (a page's or a form's drawing
    instructions), in bytes: a page of a report takes a few hundred KB."""
    conversion_timeout: float = attrs.field(default=180.0, validator=_positive)
    """Seconds LibreOffice may take to convert a ``.doc``."""


def _mb(n: float) -> str:
    return f"{n / 2**20:.1f} MB"


def over_limit(what: str, limit: str) -> SourceError:
    """The error for an input past a limit: what it is, and which limit to raise."""
    return SourceError(
        f"{what} (raise SourceLimits.{limit} to read it)",
        reason_zh=f"文件过大或结构过于复杂，超出读取限制（如确需读取，可调高 SourceLimits.{limit}）",
    )


def check_file_size(size: int, limits: SourceLimits, *, what: str) -> None:
    if size > limits.max_file_bytes:
        raise over_limit(
            f"{what} is {_mb(size)}, over the limit of {_mb(limits.max_file_bytes)}",
            "max_file_bytes",
        )


def check_zip(archive: zipfile.ZipFile, compressed_size: int, limits: SourceLimits) -> None:
    """Refuse a ZIP whose declared contents are too large or too compressed.

    This is only the early, cheap refusal: what the members declare can be a lie, so
    whatever is read is counted again as it inflates (:class:`~._read.ZipBudget`).
    """
    members = archive.infolist()
    if len(members) > limits.max_zip_entries:
        raise over_limit(
            f"ZIP container has {len(members)} members, over the limit of {limits.max_zip_entries}",
            "max_zip_entries",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise over_limit(
            f"ZIP container unpacks to {_mb(unpacked)}, over the limit of "
            f"{_mb(limits.max_unpacked_bytes)}: a zip bomb or not a report",
            "max_unpacked_bytes",
        )
    packed = max(compressed_size, sum(m.compress_size for m in members), 1)
    # Small containers cannot hurt whatever their ratio (a 50 KB document.xml of repeated
    # run properties compresses very well); only judge the ratio past 1 MB.
    ratio = unpacked / packed
    if unpacked > 2**20 and ratio > limits.max_compression_ratio:
        raise over_limit(
            f"ZIP container is compressed {ratio:.0f}:1, over the limit of "
            f"{limits.max_compression_ratio:.0f}:1: a zip bomb or not a report",
            "max_compression_ratio",
        )
