"""Tidy records, CSV, wide records and pandas frames."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import need_shared
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsColumn,
    ApplicationsRow,
    ApplicationsTable,
    Missing,
    Report,
    ReportFormat,
    SourceRef,
    ValueKind,
    active_layout,
    applications_layout,
)
from govdisclosure.model.tables import APPEALS_LAYOUT, TableLayout
from govdisclosure.serialize import (
    FRAME_COLUMNS,
    RECORD_COLUMNS,
    to_csv,
    to_pandas,
    to_records,
    to_wide_record,
)

F2021, F2019 = ReportFormat.F2021, ReportFormat.F2019


def shared_folder() -> Path:
    """The ../shared folder next to the repository (test corpus, spec)."""
    return need_shared()


def counting(layout: TableLayout, start: int = 1) -> tuple[Any, ...]:
    return tuple(
        Decimal("12884.20") if getattr(c, "kind", None) is ValueKind.AMOUNT else i
        for i, (_, c) in enumerate(layout.cells, start)
    )


def a_report(
    fmt: ReportFormat = F2021, *, subtotal: bool = False, agency: str = "测试局"
) -> Report:
    return Report(
        agency=agency,
        year=2024 if fmt is F2021 else 2020,
        format=fmt,
        active=ActiveTable(fmt, counting(active_layout(fmt))),
        applications=ApplicationsTable(fmt, counting(applications_layout(fmt, subtotal)), subtotal),
        appeals=AppealsTable(counting(APPEALS_LAYOUT)),
    )


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- records ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "subtotal", "counts"),
    [
        (F2021, False, (10, 175, 15)),
        (F2019, False, (22, 161, 15)),
        (F2021, True, (10, 200, 15)),
        (F2019, True, (22, 184, 15)),
    ],
)
def test_one_record_per_cell(fmt: ReportFormat, subtotal: bool, counts: tuple[int, ...]) -> None:
    records = to_records(a_report(fmt, subtotal=subtotal))
    per_table = tuple(
        sum(r["table"] == t for r in records) for t in ("active", "applications", "appeals")
    )
    assert per_table == counts
    assert len(read_csv(to_csv(a_report(fmt, subtotal=subtotal)))) == sum(counts)


def test_record_columns_and_values() -> None:
    records = to_records(a_report(F2019))
    assert all(tuple(r) == RECORD_COLUMNS for r in records)
    assert RECORD_COLUMNS[:7] == ("source", "agency", "year", "format", "table", "row", "column")
    first = records[0]
    assert first["table"] == "active"
    assert (first["row"], first["column"], first["value"]) == ("regulations", "newly_made", 1)
    assert (first["agency"], first["year"], first["format"]) == ("测试局", 2020, "2019")
    assert first["raw"] == ""
    assert first["line"] is None
    (granted,) = [
        r for r in records if r["row"] == "granted" and r["column"] == "commercial_enterprise"
    ]
    assert granted["row_label"] == ApplicationsRow.GRANTED.full_label
    assert granted["column_label"] == ApplicationsColumn.COMMERCIAL_ENTERPRISE.full_label
    (amount,) = [r for r in records if r["column"] == "procurement_amount"]
    assert amount["value"] == Decimal("12884.20")


def test_missing_cells_and_source_lines() -> None:
    report = a_report()
    layout = report.appeals.layout
    sources = tuple(SourceRef(line=100 + i) for i in range(len(layout)))
    appeals = AppealsTable(
        report.appeals.with_values(
            {("litigation_direct", "total"): Missing("/"), ("litigation_direct", "other"): None}
        ).values,
        sources,
    )
    records = to_records(Report.create(**{**_fields(report), "appeals": appeals}))
    by_cell = {(r["table"], r["row"], r["column"]): r for r in records}
    total = by_cell["appeals", "litigation_direct", "total"]
    assert (total["value"], total["raw"]) == (None, "/")
    other = by_cell["appeals", "litigation_direct", "other"]
    assert (other["value"], other["raw"]) == (None, "")
    assert by_cell["appeals", "administrative_review", "upheld"]["line"] == 100
    assert by_cell["applications", "granted", "total"]["line"] is None


def _fields(report: Report) -> dict[str, Any]:
    return {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "active": report.active,
        "applications": report.applications,
        "appeals": report.appeals,
    }


# --- CSV --------------------------------------------------------------------------------------


def test_csv_numbers_are_plain() -> None:
    report = a_report(F2019)
    report = Report.create(
        **{
            **_fields(report),
            "active": report.active.with_values(
                {
                    ("administrative_fees", "change"): -3,
                    ("centralized_procurement", "procurement_amount"): Decimal("1.2E+4"),
                }
            ),
            "applications": report.applications.with_values({("granted", "total"): Missing("无")}),
        }
    )
    rows = {(r["table"], r["row"], r["column"]): r for r in read_csv(to_csv(report))}
    assert rows["active", "administrative_fees", "change"]["value"] == "-3"
    assert rows["active", "centralized_procurement", "procurement_amount"]["value"] == "12000"
    assert rows["active", "regulations", "newly_made"]["value"] == "1"
    granted = rows["applications", "granted", "total"]
    assert (granted["value"], granted["raw"], granted["line"]) == ("", "无", "")
    assert {r["year"] for r in rows.values()} == {"2020"}


def test_csv_keeps_the_digits_of_amounts() -> None:
    text = to_csv(a_report(F2021))
    (fees,) = [r for r in read_csv(text) if r["row"] == "administrative_fees"]
    assert fees["value"] == "12884.20"
    assert text.startswith(",".join(RECORD_COLUMNS) + "\n")


def test_csv_of_many_reports_has_one_header(tmp_path: Path) -> None:
    reports = [a_report(F2021), a_report(F2019, agency="另一局")]
    target = tmp_path / "cells.csv"
    text = to_csv(iter(reports), target)
    assert target.read_text(encoding="utf-8") == text
    rows = read_csv(text)
    assert len(rows) == 200 + 198
    assert {r["agency"] for r in rows} == {"测试局", "另一局"}
    assert text.count("table,row,column") == 1
    buffer = io.StringIO()
    assert to_csv(reports[0], buffer) == buffer.getvalue()


# --- wide records -------------------------------------------------------------------------------


def test_wide_record() -> None:
    report = a_report(F2021, subtotal=True)
    report = Report.create(
        **{
            **_fields(report),
            "appeals": report.appeals.with_values({("litigation_direct", "other"): Missing("/")}),
        }
    )
    record = to_wide_record(report)
    assert list(record)[:5] == ["source", "agency", "year", "format", "active.regulations.issued"]
    assert len(record) == 4 + 10 + 200 + 15
    assert record["applications.granted.total"] == report.applications["granted", "total"]
    assert (
        record["applications.granted.legal_person_subtotal"]
        == (report.applications["granted", "legal_person_subtotal"])
    )
    assert record["active.administrative_fees.amount"] == Decimal("12884.20")
    assert record["appeals.litigation_direct.other"] is None
    assert record["format"] == "2021"


# --- pandas -------------------------------------------------------------------------------------


def test_pandas_tidy_frame() -> None:
    import pandas as pd

    report = a_report(F2019)
    report = Report.create(
        **{
            **_fields(report),
            "appeals": report.appeals.with_values({("litigation_direct", "other"): Missing("/")}),
        }
    )
    frame = to_pandas([report, a_report(F2021)])
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert list(FRAME_COLUMNS) == [*RECORD_COLUMNS[:10], "amount", *RECORD_COLUMNS[10:]]
    assert len(frame) == 198 + 200
    # Counts are integers (no 865.0), missing cells <NA>, amounts exact decimals.
    assert str(frame["value"].dtype) == "Int64"
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["line"].dtype) == "Int64"
    missing = frame[(frame["row"] == "litigation_direct") & (frame["column"] == "other")]
    assert missing["value"].isna().tolist() == [True, False]
    assert missing["raw"].tolist() == ["/", ""]
    amounts = frame[frame["column"] == "procurement_amount"]
    assert amounts["amount"].tolist() == [Decimal("12884.2")]
    assert amounts["value"].isna().all()
    assert frame["amount"].notna().sum() == 2  # the 2019 procurement and the 2021 fees
    assert isinstance(frame, pd.DataFrame)


def test_pandas_wide_frame_spans_formats() -> None:
    frame = to_pandas([a_report(F2021), a_report(F2019, subtotal=True)], wide=True)
    assert len(frame) == 2
    assert list(frame.columns[:4]) == ["source", "agency", "year", "format"]
    assert str(frame["applications.granted.total"].dtype) == "Int64"
    assert frame["active.administrative_fees.amount"].dtype == object
    # A 2021-only cell is <NA> for the 2019 report, not 0.
    assert frame["applications.other_misc.total"].isna().tolist() == [False, True]
    procurement = frame["active.centralized_procurement.procurement_amount"].tolist()[1]
    assert procurement == Decimal("12884.2")
    assert isinstance(procurement, Decimal)
    assert frame["applications.granted.legal_person_subtotal"].isna().tolist() == [True, False]


def test_pandas_missing_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from govdisclosure.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[pandas\]"):
        to_pandas(a_report())


# --- a real report: seed 000 --------------------------------------------------------------------


def test_seed_000_through_the_public_api() -> None:
    truth_file = need_shared(shared_folder() / "corpus/seeds/truth/000_123f89bb2f6c6569.json")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    report = Report.create(
        agency=truth["agency"],
        year=truth["year"],
        format=truth["format"],
        active=truth["active"],
        applications=truth["applications"],
        appeals=truth["appeals"],
        source=truth["source"],
    )
    assert report.applications["granted", "total"] == 4
    assert report.active["normative_documents", "in_force"] == 15
    assert report.active["administrative_fees", "amount"] == Decimal(0)
    rows = read_csv(to_csv(report))
    assert len(rows) == 10 + 175 + 15
    by_cell = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert by_cell["applications", "new_requests", "natural_person"] == "5"
    assert by_cell["applications", "partially_granted", "total"] == "1"
    assert {r["agency"] for r in rows} == {"红寺堡区人民政府办公室"}
    wide = to_wide_record(report)
    assert wide["applications.total_processed.total"] == 5
    assert wide["year"] == 2024
