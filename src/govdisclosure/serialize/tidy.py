"""Reports as flat records: one row per cell (tidy), one row per report (wide), CSV, pandas,
Parquet.

Tidy records (:func:`to_records`, :func:`to_csv`) have the columns of :data:`RECORD_COLUMNS`:

================  ===========================================================================
``source``        where the report was read from (:attr:`Report.source`), ``None`` if unknown
``agency``        ``year``, ``format``: which report the cell belongs to
``table``         table key: ``active``, ``applications``, ``appeals``
``row``           row key (``granted``)
``column``        column key (``total``)
``row_label``     the row's official label with its spanning headers
``column_label``  the column's official label with its spanning headers
``value``         ``int`` count, :class:`~decimal.Decimal` amount, or ``None`` for a missing cell
``raw``           the text of a missing cell (``/``, ``—``, ``无``), ``""`` otherwise
``line``          the source line the value was read from, ``None`` if unknown
================  ===========================================================================

A wide record (:func:`to_wide_record`) is one flat dict per report: ``source``, ``agency``,
``year``, ``format``, then one key per cell, ``{table}.{row}.{column}``
(``applications.granted.total``), holding the value (``None`` when missing) — the shape for
one DataFrame row per report.

In pandas (:func:`to_pandas`, extra ``[pandas]``) a missing cell is ``<NA>``, never a fake 0,
counts are integers and amounts keep their digits: the tidy frame has the columns of
:data:`FRAME_COLUMNS`, where ``value`` holds the counts (nullable ``Int64``; ``<NA>`` for
an amount or a missing cell) and ``amount`` the amounts in 万元 (exact
:class:`~decimal.Decimal` objects; ``None`` elsewhere); in the wide frame count columns are
``Int64`` and amount columns hold ``Decimal``. ``year`` and ``line`` are ``Int64``.

In Parquet (:func:`to_parquet`, extra ``[pandas]``, which brings pyarrow) the tidy frame is
written with the fixed schema of :func:`arrow_schema`: amounts as ``decimal128(38, 6)``
(万元 to the 分), so that files written apart (one per year, one per machine) form one
dataset.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final

from ..errors import MissingExtraError, SerializationError
from ..model.keys import ValueKind
from ..model.report import Report
from ..model.tables import Missing

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "AMOUNT_SCALE",
    "FRAME_COLUMNS",
    "RECORD_COLUMNS",
    "arrow_schema",
    "to_arrow",
    "to_csv",
    "to_pandas",
    "to_parquet",
    "to_records",
    "to_wide_record",
    "wide_key",
]

RECORD_COLUMNS: Final = (
    "source",
    "agency",
    "year",
    "format",
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "value",
    "raw",
    "line",
)
"""The columns of a tidy record, in order."""

FRAME_COLUMNS: Final = (*RECORD_COLUMNS[:10], "amount", *RECORD_COLUMNS[10:])
"""The columns of the tidy DataFrame: the record's, with ``amount`` after ``value``."""

AMOUNT_SCALE: Final = 6
"""Decimal places of amounts (万元) in Parquet: 0.000001 万元 is 1 分."""

_WIDE_HEAD: Final = ("source", "agency", "year", "format")


def to_records(report: Report) -> list[dict[str, Any]]:
    """One record per cell of the three tables, in the official order."""
    records = []
    for cell in report.cells():
        value = cell.value
        records.append(
            {
                "source": report.source,
                "agency": report.agency,
                "year": report.year,
                "format": report.format.value,
                "table": cell.table.key,
                "row": cell.row_key,
                "column": cell.column_key,
                "row_label": cell.row_label,
                "column_label": cell.column_label,
                "value": None if isinstance(value, Missing) else value,
                "raw": value.raw if isinstance(value, Missing) else "",
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
    *,
    bom: bool = False,
    header: bool = True,
) -> str:
    """Tidy CSV of one report or many: a header, then one line per cell.

    ``value`` is a plain number (``12``, ``-3``, ``12884.2``) and empty for a missing cell.
    The text is returned, and also written to ``file`` (an open text file or a path,
    written as UTF-8) when given. ``bom=True`` starts what is written with a UTF-8
    byte-order mark, without which Excel and WPS show the Chinese as mojibake;
    ``header=False`` leaves out the header line (to append to a file being written).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(RECORD_COLUMNS)
    for report in [reports] if isinstance(reports, Report) else reports:
        for record in to_records(report):
            writer.writerow([_csv_field(record[name]) for name in RECORD_COLUMNS])
    text = buffer.getvalue()
    if file is not None:
        if isinstance(file, str | os.PathLike):
            with open(file, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
                f.write(text)
        else:
            file.write(("\ufeff" if bom else "") + text)
    return text


def wide_key(table: str, row: str, column: str) -> str:
    """The key of a cell in a wide record: ``{table}.{row}.{column}``."""
    return f"{table}.{row}.{column}"


def to_wide_record(report: Report) -> dict[str, Any]:
    """The report as one flat dict: ``source``, ``agency``, ``year``, ``format``, then every
    cell."""
    record: dict[str, Any] = {
        "source": report.source,
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

    Needs the ``[pandas]`` extra. Missing cells are ``<NA>``, counts ``Int64``, amounts exact
    :class:`~decimal.Decimal` (see the module docs for the columns).
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "to_pandas()") from None
    items = [reports] if isinstance(reports, Report) else reports
    if not wide:
        columns: dict[str, list[Any]] = {name: [] for name in FRAME_COLUMNS}
        for report in items:
            for record in to_records(report):
                value = record["value"]
                for name in RECORD_COLUMNS:
                    columns[name].append(record[name])
                if isinstance(value, Decimal):
                    columns["value"][-1] = None
                    columns["amount"].append(value)
                else:
                    columns["amount"].append(None)
        return _tidy_frame(columns)

    items = list(items)
    rows = [to_wide_record(report) for report in items]
    # Columns in first-seen order, so that reports of both formats share one frame.
    kinds: dict[str, ValueKind] = {}
    for report in items:
        for cell in report.cells():
            kind = getattr(cell.column, "kind", ValueKind.COUNT)
            kinds.setdefault(wide_key(cell.table.key, cell.row_key, cell.column_key), kind)
    wide_data: dict[str, Any] = {name: [r[name] for r in rows] for name in _WIDE_HEAD}
    wide_data["year"] = pd.array(wide_data["year"], dtype="Int64")
    for name, kind in kinds.items():
        values = [r.get(name) for r in rows]
        wide_data[name] = (
            pd.array(values, dtype=object)
            if kind is ValueKind.AMOUNT
            else pd.array(values, dtype="Int64")
        )
    frame: pd.DataFrame = pd.DataFrame(wide_data, columns=[*_WIDE_HEAD, *kinds])
    return frame


def _tidy_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    import pandas as pd

    data: dict[str, Any] = dict(columns)
    for name in ("year", "value", "line"):
        data[name] = pd.array(columns[name], dtype="Int64")
    data["amount"] = pd.array(columns["amount"], dtype=object)
    frame: pd.DataFrame = pd.DataFrame(data, columns=list(FRAME_COLUMNS))
    return frame


def arrow_schema() -> pa.Schema:
    """The Parquet schema of the tidy frame (extra ``[pandas]``): texts as strings, ``year``,
    ``value`` and ``line`` as 64-bit integers, ``amount`` as ``decimal128(38, 6)``."""
    pa = _pyarrow("arrow_schema()")
    types = dict.fromkeys(FRAME_COLUMNS, pa.string())
    types.update(
        year=pa.int64(),
        value=pa.int64(),
        line=pa.int64(),
        amount=pa.decimal128(38, AMOUNT_SCALE),
    )
    return pa.schema([(name, types[name]) for name in FRAME_COLUMNS])


def _pyarrow(feature: str) -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise MissingExtraError("pandas", "pyarrow", feature) from None
    return pa


def to_arrow(frame: pd.DataFrame, schema: pa.Schema | None = None) -> pa.Table:
    """A tidy frame as an Arrow table of :func:`arrow_schema` (or ``schema``).

    An amount with more than :data:`AMOUNT_SCALE` decimal places cannot be stored
    exactly: :class:`~govdisclosure.errors.SerializationError` says which, rather than
    rounding it.
    """
    pa = _pyarrow("to_arrow()")
    schema = arrow_schema() if schema is None else schema
    try:
        return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SerializationError([f"cannot store the cells in Parquet: {exc}"]) from None


def to_parquet(
    reports: Report | Iterable[Report] | pd.DataFrame, path: str | os.PathLike[str]
) -> None:
    """Write the tidy cells of reports (or a tidy frame of :func:`to_pandas`) to a Parquet
    file with the schema of :func:`arrow_schema` (extra ``[pandas]``)."""
    _pyarrow("to_parquet()")
    import pandas as pd
    import pyarrow.parquet as pq

    frame = reports if isinstance(reports, pd.DataFrame) else to_pandas(reports)
    pq.write_table(to_arrow(frame), path)
