"""Limits that keep a hostile or broken file from exhausting memory or time.

Every source checks its input against a :class:`SourceLimits` before doing the
expensive work (unpacking a ZIP, laying out PDF pages, expanding spans), and refuses
with a :class:`~govdisclosure.errors.SourceError` that names the limit and how to raise it.
"""

from __future__ import annotations

import zipfile
from typing import Any

import attrs

from govdisclosure.errors import SourceError

__all__ = ["SourceLimits", "check_file_size", "check_zip"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, not {value!r}")


@attrs.frozen
class SourceLimits:
    """How much a source may read; pass ``limits=SourceLimits(max_pages=50)`` to tighten.

    The defaults are far above any real annual report (a few dozen pages, a few MB) and
    far below what would hurt the machine.
    """

    max_file_bytes: int = attrs.field(default=100 * 2**20, validator=_positive)
    """Largest input file, in bytes."""
    max_unpacked_bytes: int = attrs.field(default=200 * 2**20, validator=_positive)
    """Largest total uncompressed size of a ZIP container (DOCX), in bytes."""
    max_compression_ratio: float = attrs.field(default=100.0, validator=_positive)
    """Largest uncompressed/compressed ratio of a ZIP container (zip bombs reach thousands)."""
    max_zip_entries: int = attrs.field(default=10_000, validator=_positive)
    """Most members in a ZIP container."""
    max_pages: int = attrs.field(default=2_000, validator=_positive)
    """Most pages in a PDF."""
    max_table_cells: int = attrs.field(default=1_000_000, validator=_positive)
    """Most grid positions of one table after span expansion (``rowspan="99999999"``)."""
    conversion_timeout: float = attrs.field(default=180.0, validator=_positive)
    """Seconds LibreOffice may take to convert a ``.doc``."""


def _mb(n: float) -> str:
    return f"{n / 2**20:.1f} MB"


def check_file_size(size: int, limits: SourceLimits, *, what: str) -> None:
    if size > limits.max_file_bytes:
        raise SourceError(
            f"{what} is {_mb(size)}, over the limit of {_mb(limits.max_file_bytes)} "
            "(raise SourceLimits.max_file_bytes to read it)"
        )


def check_zip(archive: zipfile.ZipFile, compressed_size: int, limits: SourceLimits) -> None:
    """Refuse a ZIP whose declared contents are too large or too compressed.

    The declared sizes bound what :mod:`zipfile` will inflate (it stops at
    ``file_size`` and checks the CRC), so checking them before reading is enough.
    """
    members = archive.infolist()
    if len(members) > limits.max_zip_entries:
        raise SourceError(
            f"ZIP container has {len(members)} members, over the limit of "
            f"{limits.max_zip_entries} (raise SourceLimits.max_zip_entries to read it)"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise SourceError(
            f"ZIP container unpacks to {_mb(unpacked)}, over the limit of "
            f"{_mb(limits.max_unpacked_bytes)}: a zip bomb or not a report "
            "(raise SourceLimits.max_unpacked_bytes to read it)"
        )
    packed = max(compressed_size, sum(m.compress_size for m in members), 1)
    # Small containers cannot hurt whatever their ratio (a 50 KB document.xml of repeated
    # run properties compresses very well); only judge the ratio past 1 MB.
    ratio = unpacked / packed
    if unpacked > 2**20 and ratio > limits.max_compression_ratio:
        raise SourceError(
            f"ZIP container is compressed {ratio:.0f}:1, over the limit of "
            f"{limits.max_compression_ratio:.0f}:1: a zip bomb or not a report "
            "(raise SourceLimits.max_compression_ratio to read it)"
        )
