"""JSON wire format: exact round trips, strict ingest, every problem with its path."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.mutators import mutate
from govdisclosure.errors import ParseError, SerializationError
from govdisclosure.layouts import LAYOUTS, Layout, render
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
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
from govdisclosure.parse import parse_text
from govdisclosure.serialize import (
    SCHEMA_VERSION,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from govdisclosure.strategies import inconsistent_reports
from govdisclosure.strategies import reports as generated_reports

# --- a small local strategy for reports ---------------------------------------------------

RAW_MISSING = ["", "/", "—", "无", "-", "－", "不适用", " "]


def cell_values(kind: ValueKind) -> st.SearchStrategy[Any]:
    missing = st.sampled_from(RAW_MISSING).map(Missing)
    number: st.SearchStrategy[Any]
    if kind is ValueKind.AMOUNT:
        number = st.decimals(allow_nan=False, allow_infinity=False) | st.integers(0, 10**6).map(
            Decimal
        )
    elif kind is ValueKind.SIGNED:
        number = st.integers(-(10**30), 10**30)
    else:
        number = st.integers(0, 50) | st.integers(-(10**30), 10**30)
    return number | missing


def _values(draw: st.DrawFn, layout: TableLayout) -> tuple[Any, ...]:
    # Drawing 200 cells one by one is slow; draw a few values per kind and spread them.
    pools = {kind: draw(st.lists(cell_values(kind), min_size=1, max_size=6)) for kind in ValueKind}
    spread = draw(st.randoms(use_true_random=False))
    return tuple(spread.choice(pools[getattr(c, "kind", ValueKind.COUNT)]) for _, c in layout.cells)


@st.composite
def reports(draw: st.DrawFn, formats: tuple[ReportFormat, ...] = tuple(ReportFormat)) -> Report:
    fmt = draw(st.sampled_from(formats))
    subtotal = draw(st.booleans())
    order = list(SectionKey)
    keys = sorted(draw(st.lists(st.sampled_from(order), unique=True)), key=order.index)
    return Report(
        agency=draw(st.text()),
        year=draw(st.none() | st.integers(1900, 2100)),
        format=fmt,
        active=ActiveTable(fmt, _values(draw, active_layout(fmt))),
        applications=ApplicationsTable(
            fmt, _values(draw, applications_layout(fmt, subtotal)), subtotal
        ),
        appeals=AppealsTable(_values(draw, APPEALS_LAYOUT)),
        title=draw(st.text()),
        period=draw(st.none() | st.builds(StatisticsPeriod, st.dates(), st.dates())),
        preamble=draw(st.text()),
        sections=[Section(k, draw(st.text()), heading=draw(st.text(max_size=12))) for k in keys],
        source=draw(st.none() | st.text(max_size=20)),
    )


def simple_report(fmt: ReportFormat = ReportFormat.F2021, *, subtotal: bool = False) -> Report:
    """A report whose cells count up from 1, with an amount of 12884.20 万元."""

    def counting(layout: TableLayout) -> tuple[Any, ...]:
        return tuple(
            Decimal("12884.20") if getattr(c, "kind", None) is ValueKind.AMOUNT else i
            for i, (_, c) in enumerate(layout.cells, 1)
        )

    return Report(
        agency="测试局",
        year=2024 if fmt is ReportFormat.F2021 else 2020,
        format=fmt,
        active=ActiveTable(fmt, counting(active_layout(fmt))),
        applications=ApplicationsTable(fmt, counting(applications_layout(fmt, subtotal)), subtotal),
        appeals=AppealsTable(counting(APPEALS_LAYOUT)),
        sections=[Section("overview", "概述"), Section("problems", "问题")],
    )


def problems(data: Any) -> list[str]:
    with pytest.raises(SerializationError) as info:
        from_dict(data)
    return info.value.errors


def paths(messages: list[str]) -> set[str]:
    return {m.rsplit(" @ ", 1)[1] for m in messages}


# --- round trips --------------------------------------------------------------------------


@given(reports())
def test_json_round_trip(report: Report) -> None:
    text = to_json(report)
    back = from_json(text)
    assert back == report
    # What equality does not compare is kept too, except provenance.
    assert [s.heading for s in back.sections] == [s.heading for s in report.sections]
    assert back.source == report.source
    # Amounts keep their exact digits, not just their value.
    for before, after in zip(report.cells(), back.cells(), strict=True):
        assert type(before.value) is type(after.value)
        assert str(before.value) == str(after.value)
        if isinstance(before.value, Missing):
            assert before.value.raw == after.value.raw  # type: ignore[union-attr]


@given(reports())
def test_dict_round_trip_and_compact_json(report: Report) -> None:
    assert from_dict(to_dict(report)) == report
    compact = to_json(report, indent=None)
    assert "\n" not in compact.replace("\\n", "")
    assert from_json(compact.encode("utf-8")) == report


@given(reports())
def test_json_is_standard_json(report: Report) -> None:
    data = json.loads(to_json(report))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["format"] == report.format.value
    assert data["agency"] == report.agency
    assert data["year"] == report.year
    assert list(data) == [
        "schema_version",
        "agency",
        "year",
        "format",
        "title",
        "period",
        "preamble",
        "sections",
        "active",
        "applications",
        "appeals",
        *(["source"] if report.source is not None else []),
    ]
    # Every table carries every cell of its layout, in layout order.
    for table in report.tables:
        written = [(r, c) for r, cols in data[table.key.key].items() for c in cols]
        assert written == [(r.key, c.key) for r, c in table.layout.cells]


def test_amounts_are_written_with_their_exact_digits() -> None:
    report = simple_report(ReportFormat.F2019)
    text = to_json(report)
    assert '"procurement_amount": 12884.20' in text
    back = from_json(text)
    amount = back.active["centralized_procurement", "procurement_amount"]
    assert isinstance(amount, Decimal)
    assert str(amount) == "12884.20"


def test_large_numbers_and_negative_zero_survive() -> None:
    big = 10**40 + 7
    report = simple_report()
    report = Report.create(
        agency=report.agency,
        year=report.year,
        format=report.format,
        active=report.active.with_values({("administrative_fees", "amount"): Decimal("-0")}),
        applications=report.applications.with_values({("granted", "total"): big}),
        appeals=report.appeals,
    )
    back = from_json(to_json(report))
    assert back.applications["granted", "total"] == big
    fee = back.active["administrative_fees", "amount"]
    assert isinstance(fee, Decimal)
    assert fee.is_signed()
    assert str(fee) == "-0"


def test_missing_cells_are_null_or_their_raw_text() -> None:
    report = simple_report()
    report = Report.create(
        agency=report.agency,
        year=report.year,
        format=report.format,
        active=report.active,
        applications=report.applications.with_values(
            {("granted", "total"): Missing("/"), ("granted", "natural_person"): None}
        ),
        appeals=report.appeals.with_values({("administrative_review", "other"): Missing("无")}),
    )
    data = json.loads(to_json(report))
    assert data["applications"]["granted"]["total"] == "/"
    assert data["applications"]["granted"]["natural_person"] is None
    assert data["appeals"]["administrative_review"]["other"] == "无"
    assert from_json(to_json(report)) == report


def test_subtotal_column_is_told_by_its_presence() -> None:
    report = simple_report(subtotal=True)
    data = to_dict(report)
    assert "applications_subtotal" not in data
    assert list(data["applications"]["granted"])[-2:] == ["legal_person_subtotal", "total"]
    assert from_dict(data).applications.subtotal is True
    assert from_dict(to_dict(simple_report())).applications.subtotal is False


def test_one_row_with_the_subtotal_column_needs_it_in_every_row() -> None:
    data = to_dict(simple_report())
    data["applications"]["granted"]["legal_person_subtotal"] = 0
    found = paths(problems(data))
    assert "$.applications.new_requests.legal_person_subtotal" in found
    assert "$.applications.granted.legal_person_subtotal" not in found
    assert len(found) == len(applications_layout(ReportFormat.F2021).rows) - 1


def test_schema_version_may_be_omitted_but_not_wrong() -> None:
    data = to_dict(simple_report())
    del data["schema_version"]
    assert from_dict(data) == simple_report()
    data["schema_version"] = 2
    assert paths(problems(data)) == {"$.schema_version"}


# --- strict ingest: every problem, each with its path ---------------------------------------


def test_wrong_types_unknown_keys_and_missing_table_are_all_listed() -> None:
    data = to_dict(simple_report())
    data["agency"] = 1
    data["year"] = True
    data["colour"] = "red"
    del data["appeals"]
    data["applications"]["granted"]["total"] = "1"
    data["applications"]["granted"]["bogus"] = 3
    data["active"]["regulations"]["issued"] = 1.5
    messages = problems(data)
    assert all(" @ $" in m for m in messages)
    assert paths(messages) == {
        "$.agency",
        "$.year",
        "$.colour",
        "$.appeals",
        "$.applications.granted.total",
        "$.applications.granted.bogus",
        "$.active.regulations.issued",
    }
    assert len(messages) == 7
    by_path = {m.rsplit(" @ ", 1)[1]: m for m in messages}
    assert "number written as a string" in by_path["$.applications.granted.total"]
    assert "boolean" in by_path["$.year"]
    assert "required" in by_path["$.appeals"]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (3, True),
        (None, True),
        ("/", True),
        ("—", True),
        ("无", True),
        ("", True),
        (True, False),
        (False, False),
        ("1", False),
        (" 12 ", False),
        ("-3", False),
        ("1,234", False),
        ("１２", False),
        ("2.5", False),
        (2.0, False),
        (Decimal("2"), False),
        ([1], False),
        ({"v": 1}, False),
    ],
)
def test_count_cells_are_strict(value: object, accepted: bool) -> None:
    data = to_dict(simple_report())
    data["appeals"]["litigation_direct"]["pending"] = value
    if accepted:
        cell = from_dict(data).appeals["litigation_direct", "pending"]
        assert cell == (value if isinstance(value, int) else Missing(value or ""))  # type: ignore[arg-type]
    else:
        assert paths(problems(data)) == {"$.appeals.litigation_direct.pending"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12884.20"), Decimal("12884.20")),
        (7, Decimal(7)),
        (0.5, Decimal("0.5")),
        ("/", Missing("/")),
        (None, Missing()),
    ],
)
def test_amount_cells_take_numbers(value: object, expected: object) -> None:
    data = to_dict(simple_report())
    data["active"]["administrative_fees"]["amount"] = value
    got = from_dict(data).active["administrative_fees", "amount"]
    assert got == expected
    assert str(got) == str(expected)


@pytest.mark.parametrize("value", [True, "12.5", float("nan"), float("inf"), Decimal("NaN"), [1]])
def test_amount_cells_refuse_non_numbers(value: object) -> None:
    data = to_dict(simple_report())
    data["active"]["administrative_fees"]["amount"] = value
    assert paths(problems(data)) == {"$.active.administrative_fees.amount"}


def test_tables_of_the_other_format_are_refused() -> None:
    data = to_dict(simple_report(ReportFormat.F2021))
    data["applications"] = to_dict(simple_report(ReportFormat.F2019))["applications"]
    found = paths(problems(data))
    # other_processing makes it a 2021 table with （六） as one row, whose three sub-rows
    # (2021 only) are missing.
    assert found == {
        "$.applications.other_overdue_correction",
        "$.applications.other_overdue_fee",
        "$.applications.other_misc",
    }


def test_active_table_must_match_the_format() -> None:
    data = to_dict(simple_report(ReportFormat.F2019))
    data["format"] = "2021"
    found = paths(problems(data))
    assert "$.active.other_external_services" in found
    assert "$.active.regulations.issued" in found
    assert "$.active.regulations.newly_made" in found
    assert "$.applications.other_misc" in found


def test_missing_cells_and_rows_are_listed() -> None:
    data = to_dict(simple_report())
    del data["active"]["regulations"]["repealed"]
    del data["appeals"]["litigation_after_review"]
    data["applications"]["granted"] = 5
    assert paths(problems(data)) == {
        "$.active.regulations.repealed",
        "$.appeals.litigation_after_review",
        "$.applications.granted",
    }


def test_bad_format_is_reported_once_without_guessing_table_rows() -> None:
    data = to_dict(simple_report())
    data["format"] = 2021
    assert paths(problems(data)) == {"$.format"}


def test_sections_reject_unknown_keys_repeats_and_disorder() -> None:
    data = to_dict(simple_report())
    data["sections"] = [
        {"key": "overview", "text": "a"},
        {"key": "summary", "text": "b"},
        {"key": "overview", "text": "c"},
        {"key": "problems", "text": "d"},
        {"key": "active", "text": "e"},
        {"key": "other", "text": 5, "line": 3},
    ]
    messages = problems(data)
    assert paths(messages) == {
        "$.sections[1].key",
        "$.sections[2]",
        "$.sections[4]",
        "$.sections[5]",
        "$.sections[5].text",
    }
    joined = "\n".join(messages)
    assert "repeats" in joined
    assert "out of order" in joined


def test_sections_heading_and_text_may_be_omitted() -> None:
    data = to_dict(simple_report())
    data["sections"] = [{"key": "appeals"}]
    (section,) = from_dict(data).sections
    assert section == Section("appeals")
    assert section.heading == ""


def test_period_is_strict() -> None:
    data = to_dict(simple_report())
    data["period"] = {"start": "2024-01-01", "end": "2024-12-31"}
    period = from_dict(data).period
    assert period is not None
    assert period.end.month == 12
    data["period"] = {"start": "2024/01/01", "end": "2024-02-30", "tz": "CST"}
    assert paths(problems(data)) == {"$.period", "$.period.start", "$.period.end"}


def test_top_level_must_be_an_object() -> None:
    assert paths(problems([1, 2])) == {"$"}


def test_invalid_json_text() -> None:
    with pytest.raises(SerializationError, match="invalid JSON") as info:
        from_json('{"agency": ')
    assert info.value.errors[0].endswith("@ $")
    with pytest.raises(SerializationError, match="finite"):
        from_json('{"agency": NaN}')
    with pytest.raises(SerializationError):
        from_json(b"\xff\xfe\xfa")


def test_serialization_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="problem"):
        from_dict({})
    assert paths(problems({})) == {
        "$.agency",
        "$.year",
        "$.format",
        "$.active",
        "$.applications",
        "$.appeals",
    }


# --- the converter ------------------------------------------------------------------------


def test_converter_simple_types_are_strict() -> None:
    converter = make_converter()
    assert converter.structure(3, int) == 3
    for value, cl in [("1", int), (True, int), (1.0, int), (1, str), (None, str), (1, bool)]:
        with pytest.raises(ValueError, match="expected"):
            converter.structure(value, cl)


def test_global_converter_is_untouched() -> None:
    make_converter()
    assert cattrs.structure("1", int) == 1


def test_tables_of_two_formats_cannot_be_structured_alone() -> None:
    converter = make_converter()
    table = simple_report().active
    with pytest.raises(ValueError, match="part of a Report"):
        converter.structure(converter.unstructure(table), ActiveTable)
    appeals = simple_report().appeals
    assert converter.structure(converter.unstructure(appeals), AppealsTable) == appeals


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(JSON_VALUES)
def test_arbitrary_data_raises_only_serialization_error(data: Any) -> None:
    with pytest.raises(SerializationError):
        from_dict(data)


@given(st.data())
def test_one_changed_value_is_read_or_refused_with_paths(data: st.DataObject) -> None:
    wire = to_dict(simple_report(data.draw(st.sampled_from(ReportFormat))))
    target = wire
    while isinstance(target, dict) and target:
        key = data.draw(st.sampled_from(sorted(target)))
        if not isinstance(target[key], dict) or data.draw(st.booleans()):
            target[key] = data.draw(JSON_VALUES)
            break
        target = target[key]
    errors: list[str] = []
    try:
        from_dict(wire)
    except SerializationError as exc:
        errors = exc.errors
        assert errors
    assert all(" @ $" in m for m in errors)


# --- whatever the model holds, the JSON carries -------------------------------------------


@pytest.mark.parametrize("raw", ["-5", "1.5", "１２", " 12 ", "1,234", "+3", "000408700408"])
def test_a_missing_cells_text_never_reads_as_a_number(raw: str) -> None:
    # The JSON could not tell such a cell from a number mistyped as a string: the model
    # refuses it, so that every table it holds is one the JSON carries.
    table = simple_report().applications
    with pytest.raises(ValueError, match="reads as a number"):
        table.with_values({("granted", "total"): Missing(raw)})
    with pytest.raises(ValueError, match="reads as a number"):
        AppealsTable((Missing(raw),) * len(APPEALS_LAYOUT))
    assert table.with_values({("granted", "total"): Missing(f"约{raw}")})


def test_counts_of_any_size_round_trip() -> None:
    # Past 4300 digits Python converts no int to decimal text unless told to.
    huge = -(7**9000)
    report = simple_report()
    report = attrs.evolve(
        report,
        year=10**700,
        applications=report.applications.with_values({("granted", "total"): huge}),
    )
    text = to_json(report)
    assert from_json(text) == report
    with pytest.raises(SerializationError, match=r"got a very large integer @ \$.agency"):
        from_json(text.replace('"agency": "测试局"', '"agency": ' + "9" * 5000))


def test_json_nested_too_deeply_is_refused_like_any_bad_json() -> None:
    for text in ("[" * 100_000, '{"a":' * 100_000):
        with pytest.raises(SerializationError, match="nested too deeply @ \\$"):
            from_json(text)


def _with_every_section(report: Report) -> Report:
    return attrs.evolve(report, sections=[Section(key, "说明。") for key in SectionKey])


def test_a_negative_count_in_a_parsed_table_round_trips() -> None:
    # The 2019 table 二 holds a signed column (本年增/减) beside counts: a -5 that a cut or a
    # shift puts in a count column was kept as Missing("-5"), which to_json wrote and
    # from_json refused ("'-5' is a number written as a string … @ $.active…decisions").
    report = _with_every_section(simple_report(ReportFormat.F2019))
    text = render(report, "clean_tsv", seed=0)
    row = next(line for line in text.split("\n") if line.startswith("其他对外管理服务事项"))
    text = text.replace(row, "其他对外管理服务事项\t9\t10\t-5")
    parsed, findings = parse_text(text)
    cell = ("other_external_services", "decisions")
    assert parsed.active[cell] == Missing()
    assert parsed.active.source_of(*cell).text == "-5"
    assert [f.context for f in findings if f.code == "cell-unreadable"] == ["-5"]
    assert from_json(to_json(parsed)) == parsed


@settings(max_examples=settings().max_examples // 2 or 1)
@given(
    report=generated_reports(allow_missing=True, subtotal=None)
    | inconsistent_reports().map(lambda pair: pair[0]),
    layout=st.sampled_from(LAYOUTS),
    layout_seed=st.integers(0, 100),
    damage=st.randoms(use_true_random=False),
)
def test_whatever_the_parser_reads_the_json_carries(
    report: Report, layout: Layout, layout_seed: int, damage: random.Random
) -> None:
    text, _ = mutate(render(report, layout, seed=layout_seed), damage, [])
    try:
        parsed, _ = parse_text(text)
    except ParseError:
        return
    assert from_json(to_json(parsed)) == parsed
