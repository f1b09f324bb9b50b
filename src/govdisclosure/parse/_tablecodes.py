"""The finding codes of the table reader (area ``parse``), from the one catalogue.

What the reader repaired or chose is ``info``; what it could not read, or could only
guess, is a ``warning``: the cell is :class:`~govdisclosure.model.Missing` or the finding
lists the other readings.
"""

from __future__ import annotations

from govdisclosure.codes import (
    AMOUNT_UNIT_CONVERTED,
    BLANKS_PLACED,
    CELL_BLANK,
    CELL_UNREADABLE,
    DIGITS_AMBIGUOUS,
    DIGITS_JOINED,
    DIGITS_SPLIT,
    DIGITS_UNDECODABLE,
    ROW_LABEL_REPAIRED,
    ROW_NOT_FOUND,
    ROW_POSITIONAL,
    ROW_SHIFT_REPAIRED,
    ROW_SHORT,
    ROWS_DISPLACED,
    ROWS_IN_READING_ORDER,
    SUBTOTAL_COLUMN,
    TABLE_NOT_FOUND,
    UNPLACED_NUMBERS,
)

__all__ = [
    "AMOUNT_UNIT_CONVERTED",
    "BLANKS_PLACED",
    "CELL_BLANK",
    "CELL_UNREADABLE",
    "DIGITS_AMBIGUOUS",
    "DIGITS_JOINED",
    "DIGITS_SPLIT",
    "DIGITS_UNDECODABLE",
    "ROWS_DISPLACED",
    "ROWS_IN_READING_ORDER",
    "ROW_LABEL_REPAIRED",
    "ROW_NOT_FOUND",
    "ROW_POSITIONAL",
    "ROW_SHIFT_REPAIRED",
    "ROW_SHORT",
    "SUBTOTAL_COLUMN",
    "TABLE_NOT_FOUND",
    "UNPLACED_NUMBERS",
]
