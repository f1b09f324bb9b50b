"""The cattrs converter between reports and plain JSON-ready data.

In the style of ``cattrs.preconf``: :func:`make_converter` builds a fresh converter and
:func:`configure_converter` registers our hooks on one you own; nothing touches cattrs'
global converter. The wire format itself is described in :mod:`govdisclosure.serialize.json`.

Ingest is strict. cattrs' own ``str`` and ``int`` hooks are lax (``str(1)``, ``int(True)``,
``int("1")``), which would let a mistyped document load as a different report; ours
accept exactly the JSON type the wire format names. Every problem is collected, not just
the first: hooks raise cattrs' ``ClassValidationError``/``IterableValidationError`` with
notes naming the key, so that :func:`cattrs.transform_error` can give each message its path
(``... @ $.applications.granted.total``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from ..errors import SerializationError
from ..model.keys import (
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    ReportFormat,
    SectionKey,
    ValueKind,
)
from ..model.report import Report, Section, StatisticsPeriod
from ..model.tables import (
    APPEALS_LAYOUT,
    NUMERIC_TEXT_PATTERN,
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    Table,
    TableLayout,
    Value,
    active_layout,
    applications_layout,
    reads_as_number,
)

__all__ = [
    "NUMERIC_TEXT_PATTERN",
    "SCHEMA_VERSION",
    "configure_converter",
    "errors_of",
    "make_converter",
    "structure_report",
]

SCHEMA_VERSION: Final = 1
"""The version of the JSON wire format written by :func:`to_json`."""

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_REPORT_KEYS: Final = (
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
    "source",
)
_REQUIRED_REPORT_KEYS: Final = frozenset(
    {"agency", "year", "format", "active", "applications", "appeals"}
)


class _WireError(ValueError):
    """A problem with one value of the wire data; its message is shown as is."""


def _describe(value: object) -> str:
    """Name a value's JSON type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        # Past 4300 digits Python will not write an int in decimal (see json._LONG_INT_DIGITS).
        return f"the integer {value}" if value.bit_length() <= 2000 else "a very large integer"
    if isinstance(value, float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:19] + "…"
        return f"the string {shown!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, _WireError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown key(s): {', '.join(sorted(exc.extra_fields))}"
    return cattrs.v.format_exception(exc, type_)


def errors_of(exc: BaseException) -> list[str]:
    """Every problem in a structuring error, each as ``message @ $.path``."""
    return cattrs.transform_error(exc, "$", _format_exception)


def _noted(exc: Exception, key: str, type_: Any = None) -> Exception:
    """Attach the key where ``exc`` happened, the way cattrs' generated hooks do."""
    exc.add_note(AttributeValidationNote(f"Structuring key {key!r}", key, type_))
    return exc


# --- simple types ------------------------------------------------------------------------


def _structure_str(value: object, _: Any) -> str:
    if not isinstance(value, str):
        raise _WireError(f"expected a string, got {_describe(value)}")
    return value


def _structure_int(value: object, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _WireError(f"expected an integer, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _WireError(f"expected a boolean, got {_describe(value)}")
    return value


def _structure_decimal(value: object, _: Any) -> Decimal:
    """A JSON number as an exact decimal (read JSON with ``parse_float=Decimal`` to keep digits)."""
    if isinstance(value, bool):
        raise _WireError(f"expected a number, got {_describe(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        # repr is the shortest text that reads back as the same float: what the JSON said.
        return Decimal(repr(value))
    raise _WireError(f"expected a finite number, got {_describe(value)}")


def _structure_date(value: object, _: Any) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _WireError(f"expected a date as 'YYYY-MM-DD', got {_describe(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _WireError(f"{value!r} is not a valid date") from None


def _enum_structurer(cls: type[Any]) -> Callable[[object, Any], Any]:
    choices = ", ".join(repr(m.value) for m in cls)

    def structure(value: object, _: Any) -> Any:
        if isinstance(value, str):
            for member in cls:
                if member.value == value:
                    return member
        raise _WireError(f"expected one of {choices}, got {_describe(value)}")

    return structure


# --- cells and tables --------------------------------------------------------------------


def _kind(column: KeyedEnum) -> ValueKind:
    kind = getattr(column, "kind", ValueKind.COUNT)
    assert isinstance(kind, ValueKind)
    return kind


def structure_cell(value: object, kind: ValueKind) -> Value:
    """A cell from the wire: a number, ``null`` (blank) or the raw text of a missing cell."""
    if value is None:
        return Missing()
    if isinstance(value, str):
        if reads_as_number(value):
            raise _WireError(
                f"{value!r} is a number written as a string: write it as a JSON number"
            )
        return Missing(value)
    if kind is ValueKind.AMOUNT:
        try:
            return _structure_decimal(value, Decimal)
        except _WireError:
            raise _WireError(
                f"expected an amount (a number), null or the raw text of a missing cell, "
                f"got {_describe(value)}"
            ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _WireError(
            f"expected an integer count, null or the raw text of a missing cell, "
            f"got {_describe(value)}"
        )
    return value


def unstructure_cell(value: Value) -> int | Decimal | str | None:
    """A cell for the wire: numbers as they are, a missing cell as ``null`` or its raw text."""
    if isinstance(value, Missing):
        return value.raw or None
    return value


def _unstructure_table(table: Table) -> dict[str, dict[str, int | Decimal | str | None]]:
    out: dict[str, dict[str, int | Decimal | str | None]] = {}
    for (row, column), value in zip(table.layout.cells, table.values, strict=True):
        out.setdefault(row.key, {})[column.key] = unstructure_cell(value)
    return out


def _structure_values(data: object, layout: TableLayout, what: str) -> tuple[Value, ...]:
    """The values of a table in layout order from ``{row: {column: cell}}``.

    Every row and every cell of the layout must be present, and nothing else.
    """
    if not isinstance(data, Mapping):
        raise _WireError(f"expected an object {{row: {{column: value}}}}, got {_describe(data)}")
    errors: list[Exception] = []
    rows = {r.key: r for r in layout.rows}
    for key in data:
        if key not in rows:
            errors.append(
                _noted(_WireError(f"unknown row for {what} (rows: {', '.join(rows)})"), str(key))
            )
    values: list[Value] = []
    for row in layout.rows:
        columns = layout.columns_of(row)
        if row.key not in data:
            errors.append(_noted(KeyError(row.key), row.key))
            continue
        given = data[row.key]
        if not isinstance(given, Mapping):
            errors.append(
                _noted(_WireError(f"expected an object of cells, got {_describe(given)}"), row.key)
            )
            continue
        row_errors: list[Exception] = []
        names = {c.key for c in columns}
        for key in given:
            if key not in names:
                row_errors.append(
                    _noted(
                        _WireError(
                            f"unknown column (columns: {', '.join(c.key for c in columns)})"
                        ),
                        str(key),
                    )
                )
        for column in columns:
            if column.key not in given:
                row_errors.append(_noted(KeyError(column.key), column.key))
                continue
            try:
                values.append(structure_cell(given[column.key], _kind(column)))
            except _WireError as exc:
                row_errors.append(_noted(exc, column.key))
        if row_errors:
            errors.append(
                _noted(
                    ClassValidationError(f"While structuring row {row.key}", row_errors, dict),
                    row.key,
                )
            )
    if errors:
        raise ClassValidationError(f"While structuring {what}", errors, dict)
    return tuple(values)


def _structure_active(data: object, fmt: ReportFormat) -> ActiveTable:
    return ActiveTable(fmt, _structure_values(data, active_layout(fmt), f"format {fmt.value}"))


def _structure_applications(data: object, fmt: ReportFormat) -> ApplicationsTable:
    # The 8th column is told by its presence: one row carrying it means every row must.
    subtotal = isinstance(data, Mapping) and any(
        isinstance(row, Mapping) and ApplicationsColumn.LEGAL_PERSON_SUBTOTAL.key in row
        for row in data.values()
    )
    # So is the row of （六）其他处理 printed as one row, in the 2021 format.
    one_row = (
        fmt is ReportFormat.F2021
        and isinstance(data, Mapping)
        and ApplicationsRow.OTHER_PROCESSING.key in data
    )
    layout = applications_layout(fmt, subtotal, one_row)
    return ApplicationsTable(
        fmt,
        _structure_values(data, layout, f"format {fmt.value}"),
        subtotal,
        other_as_one_row=one_row,
    )


def _structure_appeals(data: object, _: Any = None) -> AppealsTable:
    return AppealsTable(_structure_values(data, APPEALS_LAYOUT, "table appeals"))


def _structure_needs_format(data: object, cls: Any) -> Any:
    raise _WireError(
        f"a {cls.__name__} is structured as part of a Report: its rows depend on the report's format"
    )


# --- sections and the report -------------------------------------------------------------


def _unstructure_section(section: Section) -> dict[str, str]:
    return {"key": section.key.key, "heading": section.heading, "text": section.text}


def _unstructure_period(period: StatisticsPeriod) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _structure_sections(converter: cattrs.Converter, data: object) -> tuple[Section, ...]:
    if not isinstance(data, list | tuple):
        raise _WireError(f"expected an array of sections, got {_describe(data)}")
    errors: list[Exception] = []
    sections: list[Section] = []
    seen: dict[SectionKey, int] = {}
    order = list(SectionKey)
    for i, item in enumerate(data):
        note = IterableValidationNote(f"Structuring section {i}", i, Section)
        try:
            section = converter.structure(item, Section)
        except Exception as exc:
            exc.add_note(note)
            errors.append(exc)
            continue
        problem = None
        if section.key in seen:
            problem = (
                f"section {section.key.key!r} repeats (first at $.sections[{seen[section.key]}])"
            )
        elif seen and order.index(section.key) < order.index(max(seen, key=order.index)):
            problem = (
                f"section {section.key.key!r} is out of order: sections follow the official "
                f"order ({', '.join(k.key for k in order)})"
            )
        seen.setdefault(section.key, i)
        if problem is not None:
            wrong = _WireError(problem)
            wrong.add_note(note)
            errors.append(wrong)
        sections.append(section)
    if errors:
        raise IterableValidationError("While structuring sections", errors, tuple)
    return tuple(sections)


def structure_report(converter: cattrs.Converter, data: object) -> Report:
    """Structure a report from the wire, collecting every problem before raising.

    Raises a cattrs ``ClassValidationError`` (feed it to :func:`errors_of`).
    """
    if not isinstance(data, Mapping):
        raise _WireError(f"expected a report object, got {_describe(data)}")
    errors: list[Exception] = []
    for key in data:
        if key not in _REPORT_KEYS:
            errors.append(_noted(_WireError("unknown key"), str(key)))
    for key in _REPORT_KEYS:
        if key in _REQUIRED_REPORT_KEYS and key not in data:
            errors.append(_noted(KeyError(key), key))

    failed = object()

    def field(key: str, structure: Callable[[object], Any], default: Any = None) -> Any:
        if key not in data:
            return failed if key in _REQUIRED_REPORT_KEYS else default
        try:
            return structure(data[key])
        except Exception as exc:
            errors.append(_noted(exc, key))
            return failed

    def of(type_: Any) -> Callable[[object], Any]:
        return lambda value: converter.structure(value, type_)

    version = field("schema_version", of(int), SCHEMA_VERSION)
    if version is not failed and version != SCHEMA_VERSION:
        errors.append(
            _noted(
                _WireError(
                    f"unsupported schema_version {version} (this version reads {SCHEMA_VERSION})"
                ),
                "schema_version",
            )
        )
    fields = {
        "agency": field("agency", of(str)),
        "year": field("year", of(int | None)),
        "format": field("format", of(ReportFormat)),
        "title": field("title", of(str), ""),
        "period": field("period", of(StatisticsPeriod | None)),
        "preamble": field("preamble", of(str), ""),
        "sections": field("sections", lambda v: _structure_sections(converter, v), ()),
        "source": field("source", of(str | None)),
        "appeals": field("appeals", _structure_appeals),
    }
    fmt = fields["format"]
    if fmt is not failed:
        # Without a format the rows of tables 二 and 三 are unknown: the format error says why.
        fields["active"] = field("active", lambda v: _structure_active(v, fmt))
        fields["applications"] = field("applications", lambda v: _structure_applications(v, fmt))
    if errors:
        raise ClassValidationError("While structuring Report", errors, Report)
    try:
        return Report(**fields)
    except (TypeError, ValueError) as exc:
        raise ClassValidationError(
            "While structuring Report", [_WireError(str(exc))], Report
        ) from None


def _unstructure_report(converter: cattrs.Converter, report: Report) -> dict[str, Any]:
    unstructure = converter.unstructure
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "agency": report.agency,
        "year": report.year,
        "format": unstructure(report.format),
        "title": report.title,
        "period": None if report.period is None else unstructure(report.period),
        "preamble": report.preamble,
        "sections": [unstructure(s) for s in report.sections],
        "active": unstructure(report.active),
        "applications": unstructure(report.applications),
        "appeals": unstructure(report.appeals),
    }
    if report.source is not None:
        out["source"] = report.source
    return out


# --- the converter -----------------------------------------------------------------------


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the hooks for reports on ``converter``.

    * ``str``, ``int``, ``bool`` are structured strictly (no ``"1"`` for 1, no ``true`` for 1,
      no ``1`` for ``"1"``); :class:`~decimal.Decimal` from a finite JSON number;
      dates as ``YYYY-MM-DD``; enums from their keys.
    * tables as ``{row key: {column key: cell}}``; sections as ``{key, heading, text}``;
      provenance (sources, lines) is not written.
    * unknown keys are refused everywhere.
    """
    # Simple types first: the composite hooks below rely on them.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    for enum_cls in (ReportFormat, SectionKey):
        converter.register_structure_hook(enum_cls, _enum_structurer(enum_cls))
        converter.register_unstructure_hook(enum_cls, lambda member: member.value)

    converter.register_structure_hook(
        StatisticsPeriod,
        make_dict_structure_fn(
            StatisticsPeriod,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
        ),
    )
    converter.register_unstructure_hook(StatisticsPeriod, _unstructure_period)
    converter.register_structure_hook(
        Section,
        make_dict_structure_fn(
            Section,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
            line=override(omit=True),
        ),
    )
    converter.register_unstructure_hook(Section, _unstructure_section)

    for table_cls in (ActiveTable, ApplicationsTable, AppealsTable):
        converter.register_unstructure_hook(table_cls, _unstructure_table)
    converter.register_structure_hook(AppealsTable, _structure_appeals)
    converter.register_structure_hook(ActiveTable, _structure_needs_format)
    converter.register_structure_hook(ApplicationsTable, _structure_needs_format)

    converter.register_structure_hook(Report, lambda data, _: structure_report(converter, data))
    converter.register_unstructure_hook(Report, lambda r: _unstructure_report(converter, r))


def make_converter(**kwargs: Any) -> cattrs.Converter:
    """A new converter for reports; ``kwargs`` go to :class:`cattrs.Converter`."""
    kwargs.setdefault("forbid_extra_keys", True)
    converter = cattrs.Converter(**kwargs)
    configure_converter(converter)
    return converter


def structure_or_raise(converter: cattrs.Converter, data: object, cl: type[Any]) -> Any:
    """``converter.structure`` raising one :class:`SerializationError` listing every problem."""
    try:
        return converter.structure(data, cl)
    except (ClassValidationError, IterableValidationError, _WireError) as exc:
        raise SerializationError(errors_of(exc)) from None
