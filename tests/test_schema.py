"""The JSON Schema: generated from the model, shipped, and agreeing with the reader."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.errors import SerializationError
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsRow,
    ApplicationsTable,
    Missing,
    Report,
    ReportFormat,
    Section,
    SectionKey,
    StatisticsPeriod,
    ValueKind,
    active_layout,
    applications_layout,
)
from govdisclosure.model.tables import APPEALS_LAYOUT, TableLayout
from govdisclosure.serialize import from_dict, json_schema, load_schema, schema_path, to_json
from govdisclosure.serialize.schema import dumps_schema

VALIDATOR = jsonschema.Draft202012Validator(json_schema())

# --- a small local strategy (the public one lives in govdisclosure.strategies) --------------

RAW_MISSING = ["", "/", "—", "无", "-", "不适用"]


def _cells(draw: st.DrawFn, layout: TableLayout) -> tuple[Any, ...]:
    counts: list[Any] = draw(st.lists(st.integers(-(10**20), 10**20), min_size=1, max_size=4))
    amounts: list[Any] = draw(
        st.lists(st.decimals(allow_nan=False, allow_infinity=False), min_size=1, max_size=4)
    )
    missing = [Missing(raw) for raw in draw(st.lists(st.sampled_from(RAW_MISSING), max_size=3))]
    spread = draw(st.randoms(use_true_random=False))
    return tuple(
        spread.choice(
            (amounts if getattr(c, "kind", None) is ValueKind.AMOUNT else counts) + missing
        )
        for _, c in layout.cells
    )


@st.composite
def reports(draw: st.DrawFn) -> Report:
    fmt = draw(st.sampled_from(ReportFormat))
    subtotal = draw(st.booleans())
    order = list(SectionKey)
    keys = sorted(draw(st.lists(st.sampled_from(order), unique=True)), key=order.index)
    return Report(
        agency=draw(st.text()),
        year=draw(st.none() | st.integers(1900, 2100)),
        format=fmt,
        active=ActiveTable(fmt, _cells(draw, active_layout(fmt))),
        applications=ApplicationsTable(
            fmt, _cells(draw, applications_layout(fmt, subtotal)), subtotal
        ),
        appeals=AppealsTable(_cells(draw, APPEALS_LAYOUT)),
        title=draw(st.text(max_size=10)),
        period=draw(st.none() | st.builds(StatisticsPeriod, st.dates(), st.dates())),
        sections=[Section(k, draw(st.text(max_size=10))) for k in keys],
        source=draw(st.none() | st.text(max_size=10)),
    )


def wire(report: Report) -> Any:
    return json.loads(to_json(report), parse_float=Decimal)


def zero_active(fmt: ReportFormat) -> ActiveTable:
    layout = active_layout(fmt)
    return ActiveTable.from_dict(
        fmt, {r.key: {c.key: 0 for c in layout.columns_of(r)} for r in layout.rows}
    )


def a_report(fmt: ReportFormat = ReportFormat.F2021, *, subtotal: bool = False) -> Any:
    """The wire data of a report of zeros, ready to be broken."""
    return wire(
        Report(
            agency="测试局",
            year=2024,
            format=fmt,
            active=zero_active(fmt),
            applications=ApplicationsTable(
                fmt, (0,) * len(applications_layout(fmt, subtotal)), subtotal
            ),
            appeals=AppealsTable((0,) * len(APPEALS_LAYOUT)),
        )
    )


def reader_accepts(data: Any) -> bool:
    try:
        from_dict(data)
    except SerializationError:
        return False
    return True


# --- the schema itself ----------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_shipped_schema_is_the_generated_one() -> None:
    assert load_schema() == json_schema()
    # The shipped file is byte for byte what the generator writes, so a diff shows drift.
    assert schema_path().read_text(encoding="utf-8") == dumps_schema()


def test_labels_come_from_the_model() -> None:
    defs = json_schema()["$defs"]
    granted = defs["applications_2021"]["properties"]["granted"]
    assert granted["title"] == ApplicationsRow.GRANTED.label
    assert granted["description"] == ApplicationsRow.GRANTED.full_label
    fees = defs["active_2021"]["properties"]["administrative_fees"]["properties"]["amount"]
    assert fees["$ref"] == "#/$defs/amount_cell"
    assert set(defs["applications_2019"]["properties"]) == {
        r.key for r in applications_layout(ReportFormat.F2019).rows
    }
    assert defs["applications_2021_subtotal_row"]["required"][-2:] == [
        "legal_person_subtotal",
        "total",
    ]


# --- generated reports validate; broken ones do not -----------------------------------------


@given(reports())
def test_generated_reports_validate(report: Report) -> None:
    errors = list(VALIDATOR.iter_errors(wire(report)))
    assert errors == []


def test_plain_json_floats_validate_too() -> None:
    data = json.loads(to_json(Report.create(**_zeros(ReportFormat.F2019))))
    VALIDATOR.validate(data)


def _zeros(fmt: ReportFormat) -> dict[str, Any]:
    return {
        "agency": "测试局",
        "year": 2020,
        "format": fmt,
        "active": zero_active(fmt),
        "applications": ApplicationsTable(fmt, (0,) * len(applications_layout(fmt))),
        "appeals": AppealsTable((0,) * len(APPEALS_LAYOUT)),
    }


def _set(path: str, value: Any) -> Any:
    def breaker(data: Any) -> None:
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[key]
        target[last] = value

    return breaker


def _delete(path: str) -> Any:
    def breaker(data: Any) -> None:
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[key]
        del target[last]

    return breaker


BREAKERS = {
    "agency is a number": _set("agency", 1),
    "year is a boolean": _set("year", True),
    "year is a string": _set("year", "2024"),
    "format is an int": _set("format", 2021),
    "format is unknown": _set("format", "2018"),
    "unknown top-level key": _set("colour", "red"),
    "wrong schema version": _set("schema_version", 2),
    "count is a numeric string": _set("applications.granted.total", "12"),
    "count is a fraction": _set("applications.granted.total", 1.5),
    "count is a boolean": _set("appeals.administrative_review.total", False),
    "amount is a boolean": _set("active.administrative_fees.amount", True),
    "unknown column": _set("applications.granted.bogus", 1),
    "unknown row": _set("active.bogus", {}),
    "2019 row in a 2021 table": _set("applications.other_processing", {}),
    "row is not an object": _set("appeals.litigation_direct", [0, 0, 0, 0, 0]),
    "missing table": _delete("appeals"),
    "missing row": _delete("applications.other_misc"),
    "missing cell": _delete("active.regulations.in_force"),
    "missing agency": _delete("agency"),
    "section key unknown": _set("sections", [{"key": "summary"}]),
    "section with line": _set("sections", [{"key": "overview", "line": 1}]),
    "period without end": _set("period", {"start": "2024-01-01"}),
    "period with slashes": _set("period", {"start": "2024/01/01", "end": "2024-12-31"}),
    "subtotal in one row only": _set("applications.granted.legal_person_subtotal", 0),
}


@pytest.mark.parametrize("name", list(BREAKERS))
def test_broken_reports_are_refused_by_schema_and_reader(name: str) -> None:
    data = a_report()
    assert VALIDATOR.is_valid(data)
    assert reader_accepts(data)
    BREAKERS[name](data)
    assert not VALIDATOR.is_valid(data)
    assert not reader_accepts(data)


def test_tables_of_the_other_format_are_refused() -> None:
    data = a_report(ReportFormat.F2021)
    data["format"] = "2019"
    assert not VALIDATOR.is_valid(data)
    data["active"] = a_report(ReportFormat.F2019)["active"]
    assert not VALIDATOR.is_valid(data)  # applications are still 2021's
    data["applications"] = a_report(ReportFormat.F2019, subtotal=True)["applications"]
    assert VALIDATOR.is_valid(data)


def test_schema_and_reader_agree_on_cell_values() -> None:
    for value in [0, -3, None, "/", "无", "", "1", " 2 ", "-1", "１", "1e3", "abc", True, 1.5]:
        data = a_report()
        data["appeals"]["administrative_review"]["pending"] = value
        assert VALIDATOR.is_valid(data) == reader_accepts(data), value


def test_random_single_breaks_agree() -> None:
    # Replace one random cell by a value of the wrong kind: both must refuse.
    rng = random.Random(0)
    for _ in range(30):
        data = a_report(rng.choice(list(ReportFormat)))
        table = rng.choice(["active", "applications", "appeals"])
        row = rng.choice(list(data[table]))
        column = rng.choice(list(data[table][row]))
        data[table][row][column] = rng.choice([True, "7", [], {}])
        assert not VALIDATOR.is_valid(data)
        assert not reader_accepts(data)
