"""The report: metadata, six sections of prose, three tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from .._display import render_html
from .keys import ReportFormat, SectionKey, TableKey
from .tables import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Cell,
    Table,
    _format,
)

__all__ = ["Report", "Section", "StatisticsPeriod"]


@attrs.frozen
class StatisticsPeriod:
    """The statistics period the report states (本报告所列数据统计期限为…)."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _section_key(key: SectionKey | str) -> SectionKey:
    member: SectionKey = SectionKey.coerce(key)
    return member


def _to_sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(sections)


@attrs.frozen
class Section:
    """One of the six sections: its key, the heading as printed, and its prose.

    For 一/五/六 ``text`` is the section's prose verbatim (paragraphs separated by
    ``\\n``); for 二/三/四 it is the prose around the table.
    """

    key: SectionKey = attrs.field(converter=_section_key)
    text: str = ""
    heading: str = attrs.field(default="", eq=False)
    """The heading as it stood in the document (may differ from the official one)."""
    line: int | None = attrs.field(default=None, eq=False)
    """1-based line of the heading in the source, for parsed reports."""

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 24 else self.text[:23] + "…"
        return f"Section({self.key.key}, {text!r})"


def _check_sections(instance: Report, attribute: object, value: tuple[Section, ...]) -> None:
    keys = [s.key for s in value]
    if len(set(keys)) != len(keys):
        raise ValueError(f"sections repeat a key: {[k.key for k in keys]}")
    order = list(SectionKey)
    if keys != sorted(keys, key=order.index):
        raise ValueError(f"sections are out of order: {[k.key for k in keys]}")


@attrs.frozen(repr=False)
class Report:
    """A 政府信息公开工作年度报告.

    Build one from plain data with :meth:`create`, read one with
    :func:`govdisclosure.parse_text`, or load one with :func:`govdisclosure.from_json`.
    """

    agency: str
    """The reporting body as named in the title (``红寺堡区人民政府办公室``)."""
    year: int | None
    """The report year (the year whose work it reports), ``None`` if not stated."""
    format: ReportFormat = attrs.field(converter=_format)
    active: ActiveTable
    applications: ApplicationsTable
    appeals: AppealsTable
    title: str = ""
    period: StatisticsPeriod | None = None
    preamble: str = ""
    """Text before section 一 (the foreword), verbatim."""
    sections: tuple[Section, ...] = attrs.field(
        default=(), converter=_to_sections, validator=_check_sections
    )
    source: str | None = attrs.field(default=None, eq=False)
    """Where the report was read from (a path or a name), for parsed reports."""

    def __attrs_post_init__(self) -> None:
        if self.active.format is not self.format or self.applications.format is not self.format:
            raise ValueError(
                f"tables are in format {self.active.format.value}/"
                f"{self.applications.format.value} but the report is {self.format.value}"
            )

    @classmethod
    def create(
        cls,
        *,
        agency: str,
        year: int | None,
        format: ReportFormat | str,
        active: ActiveTable | Mapping[str, Any],
        applications: ApplicationsTable | Mapping[str, Any],
        appeals: AppealsTable | Mapping[str, Any],
        **kwargs: Any,
    ) -> Report:
        """Build a report from tables or plain mappings in the shape of ``to_dict()``.

        ``applications`` rows may be lists in column order (as in the truth files).
        """
        fmt = _format(format)
        if not isinstance(active, ActiveTable):
            active = ActiveTable.from_dict(fmt, active)
        if not isinstance(applications, ApplicationsTable):
            applications = ApplicationsTable.from_dict(fmt, applications)
        if not isinstance(appeals, AppealsTable):
            appeals = AppealsTable.from_dict(appeals)
        return cls(
            agency=agency,
            year=year,
            format=fmt,
            active=active,
            applications=applications,
            appeals=appeals,
            **kwargs,
        )

    # -- access ---------------------------------------------------------------------------

    @property
    def tables(self) -> tuple[ActiveTable, ApplicationsTable, AppealsTable]:
        return (self.active, self.applications, self.appeals)

    def table(self, key: TableKey | str) -> Table:
        """A table by its key (``"active"``, ``"applications"``, ``"appeals"``)."""
        k = TableKey.coerce(key)
        table: Table = {
            TableKey.ACTIVE: self.active,
            TableKey.APPLICATIONS: self.applications,
            TableKey.APPEALS: self.appeals,
        }[k]
        return table

    def cells(self) -> Iterator[Cell]:
        """Every cell of the three tables, in the official order."""
        for table in self.tables:
            yield from table

    def section(self, key: SectionKey | str) -> Section | None:
        """A section by key, or ``None`` if the document has no such section."""
        k = SectionKey.coerce(key)
        for s in self.sections:
            if s.key is k:
                return s
        return None

    def text_of(self, key: SectionKey | str) -> str:
        """The prose of a section, ``""`` if the section is absent."""
        s = self.section(key)
        return s.text if s is not None else ""

    def without_sources(self) -> Report:
        """A copy with no provenance (equal to this one: provenance is not compared)."""
        return attrs.evolve(
            self,
            active=self.active.without_sources(),
            applications=self.applications.without_sources(),
            appeals=self.appeals.without_sources(),
            sections=tuple(attrs.evolve(s, line=None) for s in self.sections),
            source=None,
        )

    # -- reprs ----------------------------------------------------------------------------

    def __repr__(self) -> str:
        missing = sum(len(t.missing) for t in self.tables)
        return (
            f"<Report {self.agency} {self.year} (format {self.format.value}): "
            f"{sum(len(t) for t in self.tables)} cells"
            f"{f', {missing} missing' if missing else ''}, "
            f"{len(self.sections)} sections>"
        )

    def _repr_html_(self) -> str | None:
        # The renderer is registered by govdisclosure.serialize: no import from here upwards.
        return render_html("report", self)
