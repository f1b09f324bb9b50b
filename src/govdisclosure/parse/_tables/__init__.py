"""Reading the three statistics tables out of a section's lines.

A table is read by anchoring on its official row labels (:mod:`._labels`) and on its known
shape — which rows, in which order, how many cells each — never by streaming numbers in
reading order. The numbers between one row's label and the next belong to that row; where
the layout lost the cell boundaries (a flattened page: ``713000074``) or split a number
(``1 2``), the tables' own sums choose between the readings (:mod:`._digits`), and the
choice is reported. Where the text is unambiguous it is reported as it stands, even when
its sums do not add up: validation says what is wrong, the reader never "fixes" it.

Entry points (called by the front end with the lines of sections 二, 三 and 四):
:func:`detect_format`, :func:`read_active`, :func:`read_applications`,
:func:`read_appeals`. Each returns a :class:`TableRead`.

The reader's rooms, each importing only from those listed after it: ``_entry`` (the
entry points), ``_rows`` (the generic row-table reader), ``_recovery`` (readings of
numbers that do not stand after their labels), ``_report`` (the findings of each block
and the cells it fills), ``_readings`` (the readings of one block), ``_shape`` (the rows
and the sums between their cells) and ``_tokens`` (numbers and markers in the lines).
"""

from ._entry import (
    TableRead,
    detect_format,
    read_active,
    read_appeals,
    read_applications,
)

__all__ = ["TableRead", "detect_format", "read_active", "read_appeals", "read_applications"]
