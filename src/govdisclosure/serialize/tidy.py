"""Reports as flat records: one row per cell (tidy), one row per report (wide), CSV, pandas.

Tidy records (:func:`to_records`, :func:`to_csv`) have the columns of :data:`RECORD_COLUMNS`:

===============  ===========================================================================
``table``        table key: ``active``, ``applications``, ``appeals``
``row``          row key (``granted``)
``column``       column key (``total``)
``value``        ``int`` count, :class:`~decimal.Decimal` amount, or ``None`` for a missing cell
``raw``          the text of a missing cell (``/``, ``—``, ``无``), ``""`` otherwise
``row_label``    the row's official label with its spanning headers
``column_label`` the column's official label with its spanning headers
``agency``       ``year``, ``format``: which report the cell belongs to
``line``         the source line the value was read from, ``None`` if unknown
===============  ===========================================================================

A wide record (:func:`to_wide_record`) is one flat dict per report: ``agency``, ``year``,
``format``, then one key per cell, ``{table}.{row}.{column}`` (``applications.granted.total``),
holding the value (``None`` when missing) — the shape for one DataFrame row per report.

In pandas (:func:`to_pandas`, extra ``[pandas]``) numbers become pandas' nullable dtypes, so
that a missing cell is ``<NA>`` rather than a fake 0: in the tidy frame ``value`` is
``Float64`` (it mixes counts and amounts); in the wide frame count columns are ``Int64`` and
amount columns ``Float64``. Amounts are thus floats in pandas; for their exact decimal
digits use :func:`to_records` (``Decimal``) or the CSV.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final

from govdisclosure.errors import MissingExtraError
from govdisclosure.model.keys import ValueKind
from govdisclosure.model.report import Report
from govdisclosure.model.tables import Missing

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RECORD_COLUMNS", "to_csv", "to_pandas", "to_records", "to_wide_record", "wide_key"]

RECORD_COLUMNS: Final = (
    "table",
    "row",
    "column",
    "value",
    "raw",
    "row_label",
    "column_label",
    "agency",
    "year",
    "format",
    "line",
)
"""The columns of a tidy record, in order."""

_WIDE_HEAD: Final = ("agency", "year", "format")


def to_records(report: Report) -> list[dict[str, Any]]:
    """One record per cell of the three tables, in the official order."""
    records = []
    for cell in report.cells():
        value = cell.value
        records.append(
            {
                "table": cell.table.key,
                "row": cell.row_key,
                "column": cell.column_key,
                "value": None if isinstance(value, Missing) else value,
                "raw": value.raw if isinstance(value, Missing) else "",
                "row_label": cell.row_label,
                "column_label": cell.column_label,
                "agency": report.agency,
                "year": report.year,
                "format": report.format.value,
                "line": cell.line,
            }
        )
    return records


def _csv_field(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Plain digits, never an exponent: 1.2E+4 would not read as a number everywhere.
        return format(value, "f")
    return value


def to_csv(
    reports: Report | Iterable[Report],
    file: IO[str] | str | os.PathLike[str] | None = None,
) -> str:
    """Tidy CSV of one report or many: a header, then one line per cell.

    ``value`` is a plain number (``12``, ``-3``, ``12884.2``) and empty for a missing cell.
    The text is returned, and also written to ``file`` (an open text file or a path,
    written as UTF-8) when given.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECORD_COLUMNS)
    for report in [reports] if isinstance(reports, Report) else reports:
        for record in to_records(report):
            writer.writerow([_csv_field(record[name]) for name in RECORD_COLUMNS])
    text = buffer.getvalue()
    if file is not None:
        if isinstance(file, str | os.PathLike):
            with open(file, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        else:
            file.write(text)
    return text


def wide_key(table: str, row: str, column: str) -> str:
    """The key of a cell in a wide record: ``{table}.{row}.{column}``."""
    return f"{table}.{row}.{column}"


def to_wide_record(report: Report) -> dict[str, Any]:
    """The report as one flat dict: ``agency``, ``year``, ``format``, then every cell."""
    record: dict[str, Any] = {
        "agency": report.agency,
        "year": report.year,
        "format": report.format.value,
    }
    for cell in report.cells():
        value = cell.value
        record[wide_key(cell.table.key, cell.row_key, cell.column_key)] = (
            None if isinstance(value, Missing) else value
        )
    return record


def to_pandas(reports: Report | Iterable[Report], *, wide: bool = False) -> pd.DataFrame:
    """A DataFrame of one report or many: tidy (one row per cell) or ``wide`` (one per report).

    Needs the ``[pandas]`` extra. Numbers use nullable dtypes (missing cells are ``<NA>``);
    amounts become floats (see the module docs).
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "to_pandas()") from None

    items = [reports] if isinstance(reports, Report) else list(reports)
    if not wide:
        records = [r for report in items for r in to_records(report)]
        data: dict[str, Any] = {name: [r[name] for r in records] for name in RECORD_COLUMNS}
        data["value"] = pd.array([_float(v) for v in data["value"]], dtype="Float64")
        data["year"] = pd.array(data["year"], dtype="Int64")
        data["line"] = pd.array(data["line"], dtype="Int64")
        return pd.DataFrame(data, columns=list(RECORD_COLUMNS))

    rows = [to_wide_record(report) for report in items]
    # Columns in first-seen order, so that reports of both formats share one frame.
    kinds: dict[str, ValueKind] = {}
    for report in items:
        for cell in report.cells():
            kind = getattr(cell.column, "kind", ValueKind.COUNT)
            kinds.setdefault(wide_key(cell.table.key, cell.row_key, cell.column_key), kind)
    wide_data: dict[str, Any] = {
        "agency": [r["agency"] for r in rows],
        "year": pd.array([r["year"] for r in rows], dtype="Int64"),
        "format": [r["format"] for r in rows],
    }
    for name, kind in kinds.items():
        values = [r.get(name) for r in rows]
        wide_data[name] = (
            pd.array([_float(v) for v in values], dtype="Float64")
            if kind is ValueKind.AMOUNT
            else pd.array(values, dtype="Int64")
        )
    return pd.DataFrame(wide_data, columns=[*_WIDE_HEAD, *kinds])


def _float(value: int | Decimal | None) -> float | None:
    return None if value is None else float(value)
