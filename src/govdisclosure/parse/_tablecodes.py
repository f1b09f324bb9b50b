"""Finding codes of the table reader (area ``parse``).

What the reader repaired or chose is ``info``; what it could not read, or could only
guess, is a ``warning``: the cell is :class:`~govdisclosure.model.Missing` or the finding
lists the other readings.
"""

from __future__ import annotations

from govdisclosure.findings import Severity
from govdisclosure.parse._codes import parse_code

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


TABLE_NOT_FOUND = parse_code(
    "table-not-found",
    "Table not found",
    Severity.WARNING,
    "None of the table's row labels was found in the text given for it: every cell is missing.",
)
ROW_NOT_FOUND = parse_code(
    "row-not-found",
    "Row not found",
    Severity.WARNING,
    "A row's label was not found and its numbers could not be placed by position: its "
    "cells are missing.",
)
ROW_POSITIONAL = parse_code(
    "row-positional",
    "Row placed by position",
    Severity.INFO,
    "A row's label was not found, but the numbers between its neighbours' labels were "
    "exactly those of the rows in between: they were assigned in table order.",
)
ROW_LABEL_REPAIRED = parse_code(
    "row-label-repaired",
    "Row label matched loosely",
    Severity.INFO,
    "A row's label was recognised through a known variant, its first characters, or a "
    "small typo (``context`` holds the text as found).",
)
ROW_SHIFT_REPAIRED = parse_code(
    "row-shift-repaired",
    "Numbers moved to their row",
    Severity.INFO,
    "Some numbers of a row stood after the next row's label (a page break or a shifted "
    "cell); moving them made both rows complete and consistent.",
)
ROWS_IN_READING_ORDER = parse_code(
    "rows-in-reading-order",
    "Numbers read in table order",
    Severity.INFO,
    "The numbers did not stand beside their row labels (text extracted from a PDF column "
    "by column, labels centred beside their numbers), but the table held exactly as many "
    "numbers as cells, in table order, and they break no sum the labelled reading keeps: "
    "they were assigned to the rows in that order. The last rows of a table may also be "
    "read as column blocks (each group of neighbouring columns row by row, as pdftotext "
    "writes a page's last rows), but only where that reading keeps every sum.",
)
ROWS_DISPLACED = parse_code(
    "rows-displaced",
    "Numbers apart from their rows",
    Severity.WARNING,
    "Numbers stand apart from their row labels (before the first row, or more of them "
    "after a label than its row has cells), and the table does not hold exactly one "
    "number per cell, so they cannot be read in table order either: each row was read "
    "from the numbers after its label, and any row may hold numbers of its neighbours.",
)
BLANKS_PLACED = parse_code(
    "blanks-placed",
    "Blank cells placed by the sums",
    Severity.INFO,
    "A row had one or two numbers fewer than cells, and the text keeps no trace of where "
    "the blank cells stood (numbers separated by spaces or lines): they were placed where "
    "the row's sums hold, counting a blank as 0 for the check only; the cells stay "
    "missing. Where several places fit, the finding is a ``row-short`` warning listing "
    "them.",
)
ROW_SHORT = parse_code(
    "row-short",
    "Row has too few numbers",
    Severity.WARNING,
    "Fewer numbers than the row has cells were found after its label: the cells that "
    "could not be read are missing.",
)
CELL_BLANK = parse_code(
    "cell-blank",
    "Blank cell",
    Severity.INFO,
    "The cell is empty or holds a marker of no value (``/``, ``—``, ``无``): it is read "
    "as missing, never as 0.",
)
CELL_UNREADABLE = parse_code(
    "cell-unreadable",
    "Unreadable cell",
    Severity.WARNING,
    "The text in the cell is not a number of the column's kind (a decimal or sign in a "
    "count): the cell is missing, with the text kept.",
)
UNPLACED_NUMBERS = parse_code(
    "unplaced-numbers",
    "Numbers not placed",
    Severity.WARNING,
    "Numbers inside the table could not be assigned to any cell (``context`` holds them).",
)
DIGITS_SPLIT = parse_code(
    "digits-split",
    "Digits run together were split",
    Severity.INFO,
    "Cells printed with no separator (``713000074``) were cut into numbers; exactly one "
    "way of cutting them satisfies the table's sums.",
)
DIGITS_JOINED = parse_code(
    "digits-joined",
    "Digits split by a space were joined",
    Severity.INFO,
    "A number printed with a space inside (``1 2``) was read as one: the row had too many "
    "numbers and only the joined reading satisfies the table's sums.",
)
DIGITS_AMBIGUOUS = parse_code(
    "digits-ambiguous",
    "Ambiguous digits",
    Severity.WARNING,
    "Cells printed with no separator can be cut in several ways that all satisfy the "
    "table's sums (or the row has no sum to check): the most plausible reading was taken, "
    "``actual`` lists the others.",
)
DIGITS_UNDECODABLE = parse_code(
    "digits-undecodable",
    "Digits that cannot be read",
    Severity.WARNING,
    "No way of cutting or joining the row's digits gives its cells and satisfies its sums: "
    "the row's cells are missing, with the text kept.",
)
AMOUNT_UNIT_CONVERTED = parse_code(
    "amount-unit-converted",
    "Amount converted to 万元",
    Severity.INFO,
    "An amount was printed in 元; the table's amounts are in 万元, so it was divided by 10,000.",
)
SUBTOTAL_COLUMN = parse_code(
    "subtotal-column",
    "Extra 小计 column",
    Severity.INFO,
    "Table 三 carries an eighth column, 法人或其他组织小计, beside the official seven.",
)
