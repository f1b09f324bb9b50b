"""The three statistics tables of a report.

A table is a fixed grid of cells laid out as in the official format (its *layout*). A
cell's value is a number (``int`` counts, ``Decimal`` amounts in 万元) or :class:`Missing`,
which keeps the raw text that stood in the cell and is never 0.

Tables are addressed by keys or enum members::

    report.applications["granted", "total"]
    report.applications[ApplicationsRow.GRANTED, ApplicationsColumn.TOTAL]

and iterate as :class:`Cell` objects carrying their keys and official labels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Final, TypeAlias

import attrs

from .._display import render_html
from .keys import (
    ActiveColumn2019,
    ActiveColumn2021,
    ActiveRow2019,
    ActiveRow2021,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
    ReportFormat,
    TableKey,
    ValueKind,
)

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICATIONS_ROWS",
    "LEGAL_PERSON_COLUMNS",
    "NUMERIC_TEXT_PATTERN",
    "OTHER_SUB_ROWS",
    "ActiveTable",
    "AppealsTable",
    "ApplicationsTable",
    "Cell",
    "Missing",
    "SourceRef",
    "Table",
    "TableLayout",
    "Value",
    "reads_as_number",
]

NUMERIC_TEXT_PATTERN: Final = (
    r"^\s*[+\-－]?([0-9０-９][0-9０-９,，]*([.．][0-9０-９]*)?|[.．][0-9０-９]+)"
    r"([eE][+\-]?[0-9]+)?\s*$"
)
"""Text that reads as a number, which is never the text of a missing cell (the JSON
reader and the JSON Schema refuse such a string as a number written as a string)."""

_NUMERIC_TEXT = re.compile(NUMERIC_TEXT_PATTERN)


def reads_as_number(text: str) -> bool:
    """Whether ``text`` reads as a number (``12``, ``-5``, ``1,234.5``, ``１２``)."""
    return _NUMERIC_TEXT.match(text) is not None


@attrs.frozen(repr=False)
class Missing:
    """A cell with no number: blank, ``/``, ``—``, ``无``…; ``raw`` keeps that text.

    Missing is never 0: arithmetic with it fails, and it is falsy only so that
    ``if value:`` does not mistake it for a number. In a table, ``raw`` never reads as a
    number (:func:`reads_as_number`): a number is the cell's value, and one its column
    cannot hold (``-5`` as a count) is no missing cell's text either — the parser reads
    such a cell as ``Missing()`` and keeps the text in a finding and the cell's source.
    """

    raw: str = ""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"Missing({self.raw!r})" if self.raw else "Missing()"


Value: TypeAlias = int | Decimal | Missing
"""What a cell holds."""


@attrs.frozen
class SourceRef:
    """Where a parsed value came from in the source document."""

    line: int | None = None
    """1-based line of the text the parser read."""
    page: int | None = None
    """1-based page, for paged sources (PDF)."""
    text: str | None = None
    """The text the value was read from, as it stood."""
    uncertain: str | None = None
    """Why the reading of the value is not certain, when the parser had to infer it
    (digits cut by the sums, numbers read in table order, a blank placed, a label matched
    loosely…): the parse finding's code and, where known, the other readings. ``None``
    when the value stood at its labelled place. Validation reports a broken rule on an
    uncertain reading as a warning, not an error."""

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown"


@attrs.frozen
class Cell:
    """One cell of a table, with its keys, official labels, value and provenance."""

    table: TableKey
    row: KeyedEnum
    column: KeyedEnum
    value: Value
    source: SourceRef | None = attrs.field(default=None, eq=False)

    @property
    def row_key(self) -> str:
        return self.row.key

    @property
    def column_key(self) -> str:
        return self.column.key

    @property
    def row_label(self) -> str:
        """The row's official label with its spanning headers."""
        return self.row.full_label

    @property
    def column_label(self) -> str:
        """The column's official label with its spanning headers."""
        return self.column.full_label

    @property
    def is_missing(self) -> bool:
        return isinstance(self.value, Missing)

    @property
    def line(self) -> int | None:
        return self.source.line if self.source is not None else None


@attrs.frozen(cache_hash=True)
class TableLayout:
    """The official shape of a table: its rows, and the columns each row has."""

    table: TableKey
    rows: tuple[KeyedEnum, ...]
    row_columns: tuple[tuple[KeyedEnum, ...], ...]
    row_enum: type[KeyedEnum]
    column_enum: type[KeyedEnum]
    blank_rows: tuple[KeyedEnum, ...] = ()
    """Rows kept for the table's shape that its template does not print: always blank,
    and in no rule (the sub-rows of （六）其他处理 printed as one row)."""
    cells: tuple[tuple[KeyedEnum, KeyedEnum], ...] = attrs.field(init=False)
    _index: dict[tuple[KeyedEnum, KeyedEnum], int] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        cells = tuple(
            (r, c) for r, cols in zip(self.rows, self.row_columns, strict=True) for c in cols
        )
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "_index", {rc: i for i, rc in enumerate(cells)})

    @property
    def columns(self) -> tuple[KeyedEnum, ...]:
        """Every column of the table, in order, without repeats."""
        seen: dict[KeyedEnum, None] = {}
        for cols in self.row_columns:
            for c in cols:
                seen.setdefault(c)
        return tuple(seen)

    def columns_of(self, row: KeyedEnum) -> tuple[KeyedEnum, ...]:
        return self.row_columns[self.rows.index(row)]

    def index(self, row: object, column: object) -> int:
        """Position of a cell in the table's values; ``KeyError`` with the choices if absent."""
        r = self.row_enum.coerce(row)
        c = self.column_enum.coerce(column)
        try:
            return self._index[r, c]
        except KeyError:
            if r not in self.rows:
                choices = ", ".join(x.key for x in self.rows)
                raise KeyError(f"row {r.key!r} is not in this table (rows: {choices})") from None
            choices = ", ".join(x.key for x in self.columns_of(r))
            raise KeyError(f"row {r.key!r} has no column {c.key!r} (columns: {choices})") from None

    def __len__(self) -> int:
        return len(self.cells)


def _coerce_value(value: object, kind: ValueKind, where: str) -> Value:
    """Turn a convenient Python value into a cell value (used by the ``from_*`` builders)."""
    if value is None:
        return Missing()
    if isinstance(value, Missing):
        return value
    if isinstance(value, bool):
        raise TypeError(f"{where}: {value!r} is a bool, not a number")
    if kind is ValueKind.AMOUNT:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float | str):
            try:
                return Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"{where}: {value!r} is not a decimal amount") from None
        raise TypeError(f"{where}: {value!r} is not a decimal amount")
    if isinstance(value, int):
        return value
    raise TypeError(f"{where}: {value!r} is not an integer count")


def _check_value(value: object, kind: ValueKind, where: str) -> None:
    if isinstance(value, Missing):
        if reads_as_number(value.raw):
            # It would be written as a number in a string, which no reader could tell
            # from a number mistyped as a string.
            raise ValueError(
                f"{where}: {value!r} holds text that reads as a number: "
                "a cell with a number holds the number"
            )
        return
    if kind is ValueKind.AMOUNT:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"{where}: amount must be a finite Decimal or Missing, not {value!r}")
    elif not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{where}: count must be an int or Missing, not {value!r}")


class Table:
    """Behaviour shared by the three tables: lookup, iteration, conversion, reprs.

    Subclasses are frozen attrs classes with ``values`` (in layout order) and ``sources``
    (provenance, same order, not part of equality).
    """

    key: ClassVar[TableKey]
    values: tuple[Value, ...]
    sources: tuple[SourceRef | None, ...] | None

    @property
    def layout(self) -> TableLayout:
        raise NotImplementedError

    def _validate(self) -> None:
        layout = self.layout
        if len(self.values) != len(layout):
            raise ValueError(
                f"{type(self).__name__} needs {len(layout)} values, got {len(self.values)}"
            )
        if self.sources is not None and len(self.sources) != len(layout):
            raise ValueError(
                f"{type(self).__name__} needs {len(layout)} sources, got {len(self.sources)}"
            )
        for (row, column), value in zip(layout.cells, self.values, strict=True):
            _check_value(value, _kind(column), f"{self.key.key}.{row.key}.{column.key}")

    # -- lookup ---------------------------------------------------------------------------

    def __getitem__(self, key: tuple[object, object]) -> Value:
        row, column = key
        return self.values[self.layout.index(row, column)]

    def get(self, row: object, column: object, default: Value | None = None) -> Value | None:
        """The value of a cell, or ``default`` if the table has no such cell."""
        try:
            return self[row, column]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        try:
            self.layout.index(*key)
        except KeyError:
            return False
        return True

    def source_of(self, row: object, column: object) -> SourceRef | None:
        """Where the value of a cell was read, for parsed tables."""
        if self.sources is None:
            return None
        return self.sources[self.layout.index(row, column)]

    def cell(self, row: object, column: object) -> Cell:
        i = self.layout.index(row, column)
        r, c = self.layout.cells[i]
        src = self.sources[i] if self.sources is not None else None
        return Cell(self.key, r, c, self.values[i], src)

    def row(self, row: object) -> dict[str, Value]:
        """The cells of one row as ``{column key: value}``."""
        r = self.layout.row_enum.coerce(row)
        return {c.key: self[r, c] for c in self.layout.columns_of(r)}

    @property
    def rows(self) -> tuple[KeyedEnum, ...]:
        return self.layout.rows

    @property
    def columns(self) -> tuple[KeyedEnum, ...]:
        return self.layout.columns

    def __iter__(self) -> Iterator[Cell]:
        sources: Iterable[SourceRef | None] = (
            self.sources if self.sources is not None else (None,) * len(self.values)
        )
        for (r, c), v, s in zip(self.layout.cells, self.values, sources, strict=True):
            yield Cell(self.key, r, c, v, s)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def missing(self) -> tuple[Cell, ...]:
        """The cells that hold no number."""
        return tuple(c for c in self if c.is_missing)

    # -- conversion -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, dict[str, int | Decimal | None]]:
        """``{row key: {column key: value}}`` with missing cells as ``None``."""
        out: dict[str, dict[str, int | Decimal | None]] = {}
        for cell in self:
            v = cell.value
            out.setdefault(cell.row.key, {})[cell.column.key] = (
                None if isinstance(v, Missing) else v
            )
        return out

    def with_values(self, changes: Mapping[tuple[object, object], object]) -> Any:
        """A copy with some cells changed: ``table.with_values({("granted", "total"): 3})``."""
        values = list(self.values)
        sources = list(self.sources) if self.sources is not None else None
        for (row, column), value in changes.items():
            i = self.layout.index(row, column)
            values[i] = _coerce_value(value, _kind(self.layout.cells[i][1]), f"{row}.{column}")
            if sources is not None:
                sources[i] = None
        return attrs.evolve(
            self,  # type: ignore[misc]
            values=tuple(values),
            sources=tuple(sources) if sources is not None else None,
        )

    def without_sources(self) -> Any:
        """A copy with no provenance."""
        return attrs.evolve(self, sources=None)  # type: ignore[misc]

    @classmethod
    def _values_from_mapping(
        cls, layout: TableLayout, data: Mapping[str, Any]
    ) -> tuple[Value, ...]:
        rows = {r.key for r in layout.rows}
        unknown = [k for k in data if k not in rows]
        if unknown:
            raise KeyError(f"{cls.__name__}: unknown row(s) {unknown}; rows are {sorted(rows)}")
        values: list[Value] = []
        for row in layout.rows:
            cols = layout.columns_of(row)
            given = data.get(row.key)
            if given is None:
                given_map: Mapping[str, Any] = {}
            elif isinstance(given, Mapping):
                extra = [k for k in given if k not in {c.key for c in cols}]
                if extra:
                    raise KeyError(f"{cls.__name__}: row {row.key!r} has no column(s) {extra}")
                given_map = given
            elif isinstance(given, Sequence) and not isinstance(given, str):
                if len(given) != len(cols):
                    raise ValueError(
                        f"{cls.__name__}: row {row.key!r} needs {len(cols)} values, got {len(given)}"
                    )
                given_map = {c.key: v for c, v in zip(cols, given, strict=True)}
            else:
                raise TypeError(f"{cls.__name__}: row {row.key!r} must be a mapping or a list")
            for c in cols:
                values.append(
                    _coerce_value(
                        given_map.get(c.key), _kind(c), f"{cls.key.key}.{row.key}.{c.key}"
                    )
                )
        return tuple(values)

    # -- reprs ----------------------------------------------------------------------------

    def _repr_head(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        n_missing = sum(isinstance(v, Missing) for v in self.values)
        shown = []
        for row in self.layout.rows[:3]:
            vals = [_short(self[row, c]) for c in self.layout.columns_of(row)]
            shown.append(f"{row.key}=[{', '.join(vals)}]")
        more = ", …" if len(self.layout.rows) > 3 else ""
        return (
            f"<{self._repr_head()} {len(self.layout.rows)} rows, {len(self.values)} cells"
            f"{f', {n_missing} missing' if n_missing else ''}: {', '.join(shown)}{more}>"
        )

    def to_text(self) -> str:
        """A plain-text grid of the table with its keys, for terminals and logs."""
        lines = []
        for row in self.layout.rows:
            vals = "  ".join(f"{c.key}={_short(self[row, c])}" for c in self.layout.columns_of(row))
            lines.append(f"{row.key:<28} {vals}")
        return "\n".join(lines)

    def _repr_html_(self) -> str | None:
        # The renderer is registered by govdisclosure.serialize: no import from here upwards.
        return render_html("table", self)


def _short(value: Value) -> str:
    if isinstance(value, Missing):
        return repr(value)
    return str(value)


def _kind(column: KeyedEnum) -> ValueKind:
    kind = getattr(column, "kind", ValueKind.COUNT)
    assert isinstance(kind, ValueKind)
    return kind


# --- layouts ----------------------------------------------------------------------------


def _layout(
    table: TableKey,
    row_enum: type[KeyedEnum],
    column_enum: type[KeyedEnum],
    spec: Sequence[tuple[KeyedEnum, Sequence[KeyedEnum]]],
    blank_rows: tuple[KeyedEnum, ...] = (),
) -> TableLayout:
    return TableLayout(
        table=table,
        rows=tuple(r for r, _ in spec),
        row_columns=tuple(tuple(cols) for _, cols in spec),
        row_enum=row_enum,
        column_enum=column_enum,
        blank_rows=blank_rows,
    )


_A21 = ActiveColumn2021
_A19 = ActiveColumn2019
_DOCS_21 = (_A21.ISSUED, _A21.REPEALED, _A21.IN_FORCE)
_DOCS_19 = (_A19.NEWLY_MADE, _A19.NEWLY_DISCLOSED, _A19.TOTAL_DISCLOSED)
_ITEMS_19 = (_A19.PREVIOUS_YEAR_ITEMS, _A19.CHANGE, _A19.DECISIONS)

ACTIVE_LAYOUT_2021 = _layout(
    TableKey.ACTIVE,
    ActiveRow2021,
    ActiveColumn2021,
    [
        (ActiveRow2021.REGULATIONS, _DOCS_21),
        (ActiveRow2021.NORMATIVE_DOCUMENTS, _DOCS_21),
        (ActiveRow2021.ADMINISTRATIVE_LICENSING, (_A21.DECISIONS,)),
        (ActiveRow2021.ADMINISTRATIVE_PENALTY, (_A21.DECISIONS,)),
        (ActiveRow2021.ADMINISTRATIVE_COERCION, (_A21.DECISIONS,)),
        (ActiveRow2021.ADMINISTRATIVE_FEES, (_A21.AMOUNT,)),
    ],
)

ACTIVE_LAYOUT_2019 = _layout(
    TableKey.ACTIVE,
    ActiveRow2019,
    ActiveColumn2019,
    [
        (ActiveRow2019.REGULATIONS, _DOCS_19),
        (ActiveRow2019.NORMATIVE_DOCUMENTS, _DOCS_19),
        (ActiveRow2019.ADMINISTRATIVE_LICENSING, _ITEMS_19),
        (ActiveRow2019.OTHER_EXTERNAL_SERVICES, _ITEMS_19),
        (ActiveRow2019.ADMINISTRATIVE_PENALTY, _ITEMS_19),
        (ActiveRow2019.ADMINISTRATIVE_COERCION, _ITEMS_19),
        (ActiveRow2019.ADMINISTRATIVE_FEES, (_A19.PREVIOUS_YEAR_ITEMS, _A19.CHANGE)),
        (ActiveRow2019.CENTRALIZED_PROCUREMENT, (_A19.PROCUREMENT_ITEMS, _A19.PROCUREMENT_AMOUNT)),
    ],
)

_AC = ApplicationsColumn
APPLICANT_COLUMNS = (
    _AC.NATURAL_PERSON,
    _AC.COMMERCIAL_ENTERPRISE,
    _AC.RESEARCH_INSTITUTION,
    _AC.SOCIAL_WELFARE_ORGANIZATION,
    _AC.LEGAL_SERVICE_AGENCY,
    _AC.OTHER_ORGANIZATION,
)
"""The six applicant columns whose sum is ``total``."""

LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:]
"""The five 法人或其他组织 columns whose sum is the optional ``legal_person_subtotal``."""

_ALL_ROWS = tuple(ApplicationsRow)
APPLICATIONS_ROWS: dict[ReportFormat, tuple[ApplicationsRow, ...]] = {
    ReportFormat.F2021: tuple(r for r in _ALL_ROWS if r is not ApplicationsRow.OTHER_PROCESSING),
    ReportFormat.F2019: tuple(
        r
        for r in _ALL_ROWS
        if r
        not in (
            ApplicationsRow.OTHER_OVERDUE_CORRECTION,
            ApplicationsRow.OTHER_OVERDUE_FEE,
            ApplicationsRow.OTHER_MISC,
        )
    ),
}
"""The rows of table 三 in each format, in order."""

OTHER_SUB_ROWS: tuple[KeyedEnum, ...] = (
    ApplicationsRow.OTHER_OVERDUE_CORRECTION,
    ApplicationsRow.OTHER_OVERDUE_FEE,
    ApplicationsRow.OTHER_MISC,
)
"""The three rows of （六）其他处理 in the 2021 format."""


@functools.cache
def applications_layout(
    fmt: ReportFormat, subtotal: bool = False, other_as_one_row: bool = False
) -> TableLayout:
    """The layout of table 三 in ``fmt``, with the optional 8th 小计 column.

    ``other_as_one_row`` (2021 format only) adds the row ``other_processing`` after the
    three rows of （六）其他处理, for reports whose template prints （六） as one row: its
    numbers stand there, and the three sub-rows stay blank.
    """
    if other_as_one_row and fmt is not ReportFormat.F2021:
        raise ValueError("other_as_one_row is a variant of the 2021 format only")
    cols = (
        (*APPLICANT_COLUMNS, _AC.LEGAL_PERSON_SUBTOTAL, _AC.TOTAL)
        if subtotal
        else (
            *APPLICANT_COLUMNS,
            _AC.TOTAL,
        )
    )
    rows = APPLICATIONS_ROWS[fmt]
    blank: tuple[KeyedEnum, ...] = ()
    if other_as_one_row:
        at = rows.index(ApplicationsRow.OTHER_MISC) + 1
        rows = (*rows[:at], ApplicationsRow.OTHER_PROCESSING, *rows[at:])
        blank = OTHER_SUB_ROWS
    return _layout(
        TableKey.APPLICATIONS,
        ApplicationsRow,
        ApplicationsColumn,
        [(r, cols) for r in rows],
        blank,
    )


APPEALS_LAYOUT = _layout(
    TableKey.APPEALS,
    AppealsRow,
    AppealsColumn,
    [(r, tuple(AppealsColumn)) for r in AppealsRow],
)


def active_layout(fmt: ReportFormat) -> TableLayout:
    """The layout of table 二 in ``fmt``."""
    return ACTIVE_LAYOUT_2021 if fmt is ReportFormat.F2021 else ACTIVE_LAYOUT_2019


def _to_values(values: Iterable[Value]) -> tuple[Value, ...]:
    return tuple(values)


def _format(value: object) -> ReportFormat:
    return value if isinstance(value, ReportFormat) else ReportFormat(str(value))


# --- the tables -------------------------------------------------------------------------


@attrs.frozen(repr=False)
class ActiveTable(Table):
    """Table 二, 主动公开政府信息情况 (第二十条 items); rows and columns depend on the format."""

    key: ClassVar[TableKey] = TableKey.ACTIVE

    format: ReportFormat = attrs.field(converter=_format)
    values: tuple[Value, ...] = attrs.field(converter=_to_values)
    sources: tuple[SourceRef | None, ...] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        self._validate()

    @property
    def layout(self) -> TableLayout:
        return active_layout(self.format)

    @classmethod
    def from_dict(cls, format: ReportFormat | str, data: Mapping[str, Any]) -> ActiveTable:
        """Build from ``{row key: {column key: value}}``; absent or ``None`` cells are missing."""
        fmt = _format(format)
        return cls(fmt, cls._values_from_mapping(active_layout(fmt), data))

    @classmethod
    def empty(cls, format: ReportFormat | str) -> ActiveTable:
        """A table of missing cells."""
        fmt = _format(format)
        return cls(fmt, (Missing(),) * len(active_layout(fmt)))

    def _repr_head(self) -> str:
        return f"ActiveTable {self.format.value}"


@attrs.frozen(repr=False)
class ApplicationsTable(Table):
    """Table 三, 收到和处理政府信息公开申请情况: rows of requests and outcomes by applicant.

    ``subtotal`` is true when the report adds the 8th column 法人或其他组织小计;
    ``other_as_one_row`` when its template prints （六）其他处理 as one row (2021 format:
    the row ``other_processing`` follows the three sub-rows, which are then blank).
    """

    key: ClassVar[TableKey] = TableKey.APPLICATIONS

    format: ReportFormat = attrs.field(converter=_format)
    values: tuple[Value, ...] = attrs.field(converter=_to_values)
    subtotal: bool = False
    sources: tuple[SourceRef | None, ...] | None = attrs.field(default=None, eq=False)
    other_as_one_row: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        self._validate()

    @property
    def layout(self) -> TableLayout:
        return applications_layout(self.format, self.subtotal, self.other_as_one_row)

    @classmethod
    def from_dict(
        cls,
        format: ReportFormat | str,
        data: Mapping[str, Any],
        *,
        subtotal: bool | None = None,
        other_as_one_row: bool | None = None,
    ) -> ApplicationsTable:
        """Build from ``{row key: [values in column order]}`` or ``{row key: {column: value}}``.

        ``subtotal`` defaults to whether the rows carry 8 values or a ``legal_person_subtotal``
        key; ``other_as_one_row`` to whether a 2021 table has an ``other_processing`` row.
        """
        fmt = _format(format)
        if subtotal is None:
            subtotal = any(
                (isinstance(v, Mapping) and _AC.LEGAL_PERSON_SUBTOTAL.key in v)
                or (isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 8)
                for v in data.values()
            )
        if other_as_one_row is None:
            other_as_one_row = (
                fmt is ReportFormat.F2021 and ApplicationsRow.OTHER_PROCESSING.key in data
            )
        layout = applications_layout(fmt, subtotal, other_as_one_row)
        return cls(
            fmt,
            cls._values_from_mapping(layout, data),
            subtotal,
            other_as_one_row=other_as_one_row,
        )

    @classmethod
    def empty(
        cls, format: ReportFormat | str, *, subtotal: bool = False, other_as_one_row: bool = False
    ) -> ApplicationsTable:
        fmt = _format(format)
        layout = applications_layout(fmt, subtotal, other_as_one_row)
        return cls(fmt, (Missing(),) * len(layout), subtotal, other_as_one_row=other_as_one_row)

    def to_lists(self) -> dict[str, list[int | Decimal | None]]:
        """``{row key: [values in column order]}``, the compact form of the truth files."""
        return {k: list(v.values()) for k, v in self.to_dict().items()}

    def _repr_head(self) -> str:
        return (
            f"ApplicationsTable {self.format.value}{' +小计' if self.subtotal else ''}"
            f"{' +（六）一行' if self.other_as_one_row else ''}"
        )


@attrs.frozen(repr=False)
class AppealsTable(Table):
    """Table 四, 行政复议、行政诉讼: three groups of five columns, the same in both formats."""

    key: ClassVar[TableKey] = TableKey.APPEALS

    values: tuple[Value, ...] = attrs.field(converter=_to_values)
    sources: tuple[SourceRef | None, ...] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        self._validate()

    @property
    def layout(self) -> TableLayout:
        return APPEALS_LAYOUT

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AppealsTable:
        """Build from ``{row key: {column key: value}}`` or ``{row key: [5 values]}``."""
        return cls(cls._values_from_mapping(APPEALS_LAYOUT, data))

    @classmethod
    def empty(cls) -> AppealsTable:
        return cls((Missing(),) * len(APPEALS_LAYOUT))
