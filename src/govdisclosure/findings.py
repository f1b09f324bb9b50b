"""Findings: what the parser repaired and what validation found, with where and why.

A :class:`Finding` has a stable kebab-case ``code`` of the one catalogue of codes
(:data:`govdisclosure.codes.CODES`, whose entries are :class:`CodeInfo` and build the
findings of their code), a :class:`Severity`, a location (table, row and column keys, the
source line where known), ``expected`` and ``actual`` values where a rule or the format
says what should stand and the report holds something else, the ``reading`` the parser
took with its ``alternatives`` and the ``unplaced`` numbers where it had to choose or
could not place, and a message in English and Chinese. :class:`Findings` is the sequence
a parse or a validation returns.

:meth:`Finding.where` and :meth:`Finding.details` put a finding into words in either
language (``"en"`` or ``"zh"``); a Chinese text names tables, rows and columns by their
official labels, never by their keys.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, overload

import attrs

from ._display import render_html
from ._text import Lang, say, separators
from .errors import GovDisclosureError, MissingExtraError
from .model import keys
from .model.keys import KeyedEnum

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FINDING_COLUMNS",
    "Area",
    "CodeInfo",
    "Finding",
    "Findings",
    "FindingsError",
    "Severity",
]


class Severity(enum.Enum):
    """How much a finding matters. Ordered: ``ERROR > WARNING > INFO``."""

    ERROR = "error"
    """A rule of the format is broken: the figures cannot all be right."""
    WARNING = "warning"
    """Something is probably wrong (the prose disagrees with a table, a year does not follow),
    or the parser could only guess how to read something."""
    INFO = "info"
    """Something the parser repaired or chose; nothing is wrong with the report itself."""

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

Area: TypeAlias = Literal["parse", "validate"]
"""Who emits a code: ``parse`` for repairs and reading problems, ``validate`` for rules."""

_Key: TypeAlias = KeyedEnum | str | None


def _key(value: _Key) -> str | None:
    return value.key if isinstance(value, KeyedEnum) else value


def _texts(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen
class CodeInfo:
    """An entry of the catalogue of finding codes (:data:`govdisclosure.codes.CODES`).

    It builds the findings of its code with :meth:`finding`.
    """

    code: str
    severity: Severity
    """The code's default severity."""
    area: Area
    title: str
    """What the code means, in English (unique in the catalogue)."""
    title_zh: str
    """What the code means, in Chinese (unique in the catalogue)."""
    description: str
    rule_zh: str = ""
    """For a code of a broken rule, the rule itself in Chinese (``上年结转等于上一年度结转下年度继续
    办理``), where the title names the problem; a finding that the rule cannot be checked
    quotes it. Empty for the other codes."""

    def finding(
        self,
        message: str,
        message_zh: str = "",
        *,
        severity: Severity | None = None,
        table: _Key = None,
        row: _Key = None,
        column: _Key = None,
        line: int | None = None,
        page: int | None = None,
        section: _Key = None,
        expected: Any = None,
        actual: Any = None,
        reading: str | None = None,
        alternatives: Iterable[object] = (),
        unplaced: Iterable[object] = (),
        context: str | None = None,
    ) -> Finding:
        """A finding of this code; ``severity`` overrides the default (a rule broken on
        a reading the parser was not sure of is a warning, not an error). Keys may be
        given as enum members or as their keys."""
        return Finding(
            code=self.code,
            severity=self.severity if severity is None else severity,
            message=message,
            message_zh=message_zh,
            table=_key(table),
            row=_key(row),
            column=_key(column),
            line=line,
            page=page,
            section=_key(section),
            expected=expected,
            actual=actual,
            reading=reading,
            alternatives=_texts(alternatives),
            unplaced=_texts(unplaced),
            context=context,
        )


FINDING_COLUMNS: Final = (
    "code",
    "severity",
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "line",
    "page",
    "section",
    "expected",
    "actual",
    "reading",
    "alternatives",
    "unplaced",
    "message",
    "message_zh",
    "context",
)
"""The keys of :meth:`Finding.to_record` and the columns of :meth:`Findings.to_pandas`."""

_LIST_SEPARATORS: Final = {"alternatives": "; ", "unplaced": " "}
"""How a flat record joins a finding's lists: readings (which hold ``/`` and `` | ``)
by ``;``, numbers by a space as they were printed."""


def _severity(value: Severity | str) -> Severity:
    return value if isinstance(value, Severity) else Severity(value)


@attrs.frozen
class Finding:
    """One thing found in a report."""

    code: str
    severity: Severity = attrs.field(converter=_severity)
    message: str
    """What was found, in English."""
    message_zh: str = ""
    """What was found, in Chinese."""
    table: str | None = None
    """Table key (``applications``…), when the finding is about a table."""
    row: str | None = None
    column: str | None = None
    line: int | None = None
    """1-based line in the parsed text, when known."""
    page: int | None = None
    section: str | None = None
    """Section key, for findings about prose."""
    expected: Any = None
    """What a rule or the format says should stand (a sum, an official heading), where
    the report holds something else; ``None`` for findings that compare nothing."""
    actual: Any = None
    """What the report holds instead of :attr:`expected`."""
    reading: str | None = None
    """How the parser read a row or cells it had to infer (``2/1/36``: digits cut into
    cells; cells of one row by ``/``, rows by `` | ``, a blank cell as ``—``)."""
    alternatives: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """The other readings that fit as well as :attr:`reading` (the sums allow them too)."""
    unplaced: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Numbers found in a table that no cell could take, as printed."""
    context: str | None = None
    """The text the finding is about (a sentence, a raw cell, a repaired label)."""

    @property
    def row_label(self) -> str | None:
        return _label(self.table, "row", self.row)

    @property
    def column_label(self) -> str | None:
        return _label(self.table, "column", self.column)

    def where(self, lang: Lang = "en") -> str:
        """Where the finding points, in words: in English the keys with the official
        labels (``applications › natural_person 自然人, line 120``), in Chinese the labels
        alone (``收到和处理政府信息公开申请情况 › 自然人，第 120 行``); ``""`` for nowhere."""
        parts: list[str] = []
        if self.table:
            parts.append(self.table if lang == "en" else _enum_label(keys.TableKey, self.table))
        for key, label in ((self.row, self.row_label), (self.column, self.column_label)):
            if key:
                if lang == "en":
                    parts.append(f"{key} {label}" if label else key)
                else:
                    parts.append(label or key)
        if self.section and not self.table:
            if lang == "en":
                parts.append(f"section {self.section}")
            else:
                parts.append(_enum_label(keys.SectionKey, self.section))
        where = " › ".join(parts)
        comma = ", " if lang == "en" else "，"
        for name, value in (("page", self.page), ("line", self.line)):
            if value is not None:
                place = say(name, lang, **{name: value})
                where = f"{where}{comma}{place}" if where else place
        return where

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang`` (the English one where a finding has no Chinese one)."""
        if lang == "zh" and self.message_zh:
            return self.message_zh
        return self.message

    def details(self, lang: Lang = "en") -> tuple[str, ...]:
        """What the finding holds beside its message, a line each, in ``lang``: expected
        and found, the reading taken, the other readings, the numbers not placed."""
        out = []
        if self.expected is not None or self.actual is not None:
            out.append(
                say(
                    "expected-found",
                    lang,
                    expected=_shown(self.expected),
                    actual=_shown(self.actual),
                )
            )
        if self.reading is not None and self.reading not in self.text(lang):
            out.append(say("reading", lang, reading=self.reading))
        if self.alternatives:
            _, semicolon = separators(lang)
            out.append(say("alternatives", lang, alternatives=semicolon.join(self.alternatives)))
        if self.unplaced:
            out.append(say("unplaced", lang, numbers=" ".join(self.unplaced)))
        return tuple(out)

    @property
    def location(self) -> str:
        """``applications.total_processed.natural_person (line 120)``, or ``""``."""
        where = ".".join(x for x in (self.table, self.row, self.column) if x)
        if self.section and not where:
            where = f"section {self.section}"
        if self.line is not None:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        return where

    def to_record(self) -> dict[str, Any]:
        """A flat dict for CSV and DataFrames."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "row_label": self.row_label,
            "column_label": self.column_label,
            "line": self.line,
            "page": self.page,
            "section": self.section,
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "reading": self.reading,
            "alternatives": _joined(self.alternatives, "alternatives"),
            "unplaced": _joined(self.unplaced, "unplaced"),
            "message": self.message,
            "message_zh": self.message_zh,
            "context": self.context,
        }

    def _repr_html_(self) -> str | None:
        return render_html("finding", self)

    def __str__(self) -> str:
        where = self.location
        return (
            f"{self.severity.value}: {self.code}{f' at {where}' if where else ''}: {self.message}"
        )


def _joined(values: tuple[str, ...], name: str) -> str | None:
    return _LIST_SEPARATORS[name].join(values) if values else None


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


def _enum_label(enum_: type[keys.KeyedEnum], key: str) -> str:
    member = enum_._value2member_map_.get(key)
    return member.label if isinstance(member, keys.KeyedEnum) else key


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _label(table: str | None, kind: str, key: str | None) -> str | None:
    if table is None or key is None:
        return None
    enums: Mapping[str, tuple[type[keys.KeyedEnum], ...]] = {
        "active:row": (keys.ActiveRow2021, keys.ActiveRow2019),
        "active:column": (keys.ActiveColumn2021, keys.ActiveColumn2019),
        "applications:row": (keys.ApplicationsRow,),
        "applications:column": (keys.ApplicationsColumn,),
        "appeals:row": (keys.AppealsRow,),
        "appeals:column": (keys.AppealsColumn,),
    }
    for enum_ in enums.get(f"{table}:{kind}", ()):
        member = enum_._value2member_map_.get(key)
        if isinstance(member, keys.KeyedEnum):
            return member.full_label
    return None


class FindingsError(GovDisclosureError, ValueError):
    """Raised by :meth:`Findings.raise_for_errors` when error-level findings exist."""

    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        errors = findings.errors
        lines = "\n".join(f"  - {f}" for f in errors)
        super().__init__(f"{len(errors)} error finding(s):\n{lines}")


class Findings(Sequence[Finding]):
    """An immutable sequence of findings with filters and summaries."""

    __slots__ = ("_items",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._items: tuple[Finding, ...] = tuple(findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(self._items[index])
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings):
            return self._items == other._items
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items)

    def __add__(self, other: Iterable[Finding]) -> Findings:
        return Findings((*self._items, *other))

    @property
    def ok(self) -> bool:
        """True when there is no error-level finding."""
        return not any(f.severity is Severity.ERROR for f in self._items)

    @property
    def errors(self) -> Findings:
        return self.filter(severity=Severity.ERROR)

    @property
    def warnings(self) -> Findings:
        return self.filter(severity=Severity.WARNING)

    @property
    def infos(self) -> Findings:
        return self.filter(severity=Severity.INFO)

    def filter(
        self,
        *,
        code: str | Iterable[str] | None = None,
        severity: Severity | str | None = None,
        min_severity: Severity | str | None = None,
        table: str | None = None,
    ) -> Findings:
        """The findings that match every given criterion."""
        codes = {code} if isinstance(code, str) else set(code) if code is not None else None
        sev = _severity(severity) if severity is not None else None
        min_sev = _severity(min_severity) if min_severity is not None else None
        return Findings(
            f
            for f in self._items
            if (codes is None or f.code in codes)
            and (sev is None or f.severity is sev)
            and (min_sev is None or f.severity >= min_sev)
            and (table is None or f.table == table)
        )

    def by_code(self) -> dict[str, Findings]:
        out: dict[str, list[Finding]] = {}
        for f in self._items:
            out.setdefault(f.code, []).append(f)
        return {k: Findings(v) for k, v in out.items()}

    def sorted(self) -> Findings:
        """Errors first, then warnings, then infos; by line within a severity."""
        return Findings(
            sorted(
                self._items,
                key=lambda f: (-f.severity.rank, f.line if f.line is not None else 1 << 30),
            )
        )

    def to_records(self) -> list[dict[str, Any]]:
        """Flat rows for CSV and DataFrames."""
        return [f.to_record() for f in self._items]

    def to_pandas(self) -> pd.DataFrame:
        """The findings as a DataFrame, one row per finding (extra ``[pandas]``).

        The columns are :data:`FINDING_COLUMNS`; ``line`` and ``page`` are nullable integers
        (``Int64``), and ``expected`` and ``actual`` are text, since one column holds the
        values of every code (a count, an amount, a list of readings).
        """
        return _records_frame(self.to_records(), FINDING_COLUMNS)

    def raise_for_errors(self) -> None:
        """Raise :class:`FindingsError` if any finding is an error."""
        if not self.ok:
            raise FindingsError(self)

    def summary(self, lang: Lang = "en") -> str:
        """The counts by severity: ``2 errors, 1 warning, 0 infos`` (``错误 2 项，…``)."""
        counts = dict.fromkeys(Severity, 0)
        for f in self._items:
            counts[f.severity] += 1
        return ("，" if lang == "zh" else ", ").join(
            say(f"{s.value}s", lang, n=n) for s, n in counts.items()
        )

    def __repr__(self) -> str:
        return f"<Findings {self.summary()}>"

    def _repr_html_(self) -> str | None:
        return render_html("findings", self)

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self._items) or "no findings"


_INTEGER_COLUMNS = frozenset({"line", "page", "year"})
_TEXT_COLUMNS = frozenset({"expected", "actual"})


def _records_frame(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of finding records (:meth:`Finding.to_record`, maybe with more keys):
    ``line``, ``page`` and ``year`` as ``Int64``, ``expected`` and ``actual`` as text."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "Findings.to_pandas()") from None
    rows = list(records)
    data: dict[str, Any] = {}
    for name in columns:
        values = [r.get(name) for r in rows]
        if name in _INTEGER_COLUMNS:
            data[name] = pd.array(values, dtype="Int64")
        elif name in _TEXT_COLUMNS:
            data[name] = [None if v is None else str(v) for v in values]
        else:
            data[name] = values
    return pd.DataFrame(data, columns=list(columns))
