"""Many reports at once: folders walked, files read in parallel, failures kept apart.

:func:`read_reports` reads files and folders into a :class:`Batch` (the reports, and their
cells, findings and failures as DataFrames)::

    batch = read_reports("county/2024/", jobs=2)
    batch.cells       # one row per cell, with the source file, agency and year
    batch.findings    # one row per finding
    batch.failures    # one row per file that could not be read, with the reason

:func:`iter_read` is the same as a stream, in input order, holding only a few reports at
a time (what the command line uses). Both run :func:`read_file` on every file, the
function to hand to a distributed engine (see the how-to on dask).

A file that cannot be read is a :class:`Failure` (with its reason), never the end of the
batch: ``errors="raise"`` asks for the first one to be raised instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from .._deadline import DEFAULT_TIMEOUT
from .._text import Lang, default_lang, say, separators
from ..codes import CODES
from ..errors import GovDisclosureError, ParseError
from ..findings import FINDING_COLUMNS, Findings, _records_frame
from ..model import Report
from ._discover import discover, looks_like_document
from ._pool import default_jobs
from ._pool import ordered_map as _ordered_map
from ._read import FAILURE_COLUMNS, Failure, Parsed, read_file

if TYPE_CHECKING:
    import pandas as pd

    from ..sources import SourceLimits

__all__ = [
    "FAILURE_COLUMNS",
    "FINDINGS_COLUMNS",
    "Batch",
    "Failure",
    "Outcome",
    "Parsed",
    "Summary",
    "default_jobs",
    "discover",
    "finding_records",
    "iter_read",
    "looks_like_document",
    "read_file",
    "read_reports",
    "series_findings",
]

FINDINGS_COLUMNS: Final = ("source", "agency", "year", "format", "area", *FINDING_COLUMNS)
"""The columns of :attr:`Batch.findings`: the report's, the code's area (``parse`` or
``validate``), then those of :meth:`~govdisclosure.findings.Findings.to_pandas`."""

Outcome = Parsed | Failure
"""What reading one file gives."""


@attrs.define
class Summary:
    """Counts of a batch as it goes, and how long it took."""

    files: int = 0
    read: int = 0
    failed: int = 0
    skipped: int = 0
    """Files of folders left out because they are not documents."""
    with_errors: int = 0
    """Reports with at least one error-level finding."""
    with_warnings: int = 0
    """Reports with at least one warning (and no error)."""
    series_errors: int = 0
    """Error-level findings of the reports compared across years."""
    stopped: Failure | None = None
    """The failure a fail-fast batch stopped at."""
    started: float = attrs.field(factory=time.perf_counter, repr=False)
    seconds: float = 0.0

    def add(self, outcome: Outcome, findings: Findings | None = None) -> None:
        """Count one outcome; ``findings`` are those shown (by default all of the report's)."""
        self.files += 1
        if isinstance(outcome, Failure):
            self.failed += 1
        else:
            self.read += 1
            found = outcome.findings if findings is None else findings
            if found.errors:
                self.with_errors += 1
            elif found.warnings:
                self.with_warnings += 1
        self.seconds = time.perf_counter() - self.started

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Reports (and failures) per second."""
        return self.files / self.seconds if self.seconds > 0 else 0.0

    def text(self, lang: Lang = "en", *, timing: bool = True) -> str:
        """One line for people: files read and failed, reports with errors and warnings,
        files skipped, time and rate."""
        parts = [
            say("summary", lang, files=self.files, read=self.read, failed=self.failed),
            say("summary-findings", lang, errors=self.with_errors, warnings=self.with_warnings),
        ]
        if self.skipped:
            parts.append(say("summary-skipped", lang, skipped=self.skipped))
        if timing:
            parts.append(say("summary-time", lang, seconds=self.seconds, rate=self.rate))
        _, semicolon = separators(lang)
        return semicolon.join(parts)

    def to_dict(self) -> dict[str, int]:
        """The counts (not the time, so that the same files give the same output)."""
        return {
            "files": self.files,
            "read": self.read,
            "failed": self.failed,
            "skipped": self.skipped,
            "with_errors": self.with_errors,
            "with_warnings": self.with_warnings,
        }


def _crashed(source: str) -> Failure:
    return Failure(
        source,
        "the process reading it stopped abruptly (killed, out of memory, or a crash)",
        "WorkerCrash",
    )


@attrs.frozen
class _Reader:
    """:func:`read_file` with its options, as a picklable callable for the pool."""

    validate: bool
    limits: SourceLimits | None
    timeout: float | None = DEFAULT_TIMEOUT

    def __call__(self, path: str) -> Outcome:
        return read_file(path, validate=self.validate, limits=self.limits, timeout=self.timeout)


def _paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Any]:
    if isinstance(paths, str | os.PathLike):
        return [paths]
    return list(paths)


def iter_read(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    glob: str | None = None,
    validate: bool = True,
    limits: SourceLimits | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    on_skip: Callable[[str], None] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Generator[Outcome, None, None]:
    """Read files and folders (see :func:`discover`) with ``jobs`` processes (default: one
    per core), yielding a :class:`Parsed` or a :class:`Failure` per file, in input order.

    Only a few reports are held at a time, however many files there are. ``validate=False``
    skips validation; ``limits`` bound what a source may read; ``timeout`` is each file's
    time budget in seconds (``None``: no limit), past which the file is a failure.
    """
    files = discover(_paths(paths), glob=glob, exclude=exclude, on_skip=on_skip)
    reader = _Reader(validate, limits, timeout)
    yield from _ordered_map(
        reader,
        files,
        jobs=default_jobs() if jobs is None else jobs,
        on_crash=_crashed,
    )


@attrs.frozen
class Batch:
    """The reports of many files, as :func:`read_reports` returns them."""

    parsed: tuple[Parsed, ...]
    """Every file read, in input order."""
    failed: tuple[Failure, ...]
    """Every file that could not be read, in input order."""
    summary: Summary = attrs.field(eq=False)

    @property
    def reports(self) -> tuple[Report, ...]:
        return tuple(p.report for p in self.parsed)

    def __len__(self) -> int:
        return len(self.parsed)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    @property
    def cells(self) -> pd.DataFrame:
        """One row per cell of every report (extra ``[pandas]``): ``source``, ``agency``,
        ``year``, ``format``, the table, row and column keys and labels, ``value`` (counts,
        ``Int64``), ``amount`` (exact :class:`~decimal.Decimal`), ``raw``, ``line``; see
        :func:`govdisclosure.serialize.to_pandas`."""
        from ..serialize import to_pandas

        return to_pandas(self.reports)

    @property
    def findings(self) -> pd.DataFrame:
        """One row per finding of every report, parse and validation (extra ``[pandas]``),
        with the columns of :data:`FINDINGS_COLUMNS`."""
        return _records_frame(
            (record for p in self.parsed for record in finding_records(p)), FINDINGS_COLUMNS
        )

    @property
    def failures(self) -> pd.DataFrame:
        """One row per file that could not be read: ``source``, ``error``, ``reason``,
        ``line`` (extra ``[pandas]``)."""
        return _records_frame((f.to_record() for f in self.failed), FAILURE_COLUMNS)

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write :attr:`cells` to a Parquet file (extra ``[pandas]``)."""
        from ..serialize import to_parquet

        to_parquet(self.cells, path)

    def __repr__(self) -> str:
        return f"<Batch {self.summary.text(timing=False)}>"

    def _repr_html_(self) -> str:
        """In a notebook: the reporting bodies by year with their counts of errors and
        warnings (hover for the file), and the files not read; in the language of the
        locale, as on the command line."""
        from ..serialize.html import BatchPage

        lang = default_lang()
        with BatchPage(bodies=False, lang=lang) as page:
            for parsed in self.parsed:
                page.add(parsed.report, parsed.findings, source=parsed.source)
            for failure in self.failed:
                page.add_failure(failure.source, failure.why(lang))
            return page.fragment()


def finding_records(parsed: Parsed, findings: Findings | None = None) -> Iterator[dict[str, Any]]:
    """The records of a report's findings (all, or ``findings``) with its source, agency,
    year and format and each code's area: the rows of :attr:`Batch.findings`."""
    report = parsed.report
    head = {
        "source": parsed.source,
        "agency": report.agency,
        "year": report.year,
        "format": report.format.value,
    }
    for finding in parsed.findings if findings is None else findings:
        info = CODES.get(finding.code)
        yield {**head, "area": info.area if info is not None else None, **finding.to_record()}


def read_reports(
    paths_or_dirs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    errors: Literal["collect", "raise"] = "collect",
    glob: str | None = None,
    validate: bool = True,
    limits: SourceLimits | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Batch:
    """Read report files and folders (walked recursively) into one :class:`Batch`.

    Files are recognised by their content (see :func:`discover`; ``glob`` narrows what is
    taken from folders) and read by ``jobs`` processes (default: one per core; ``1`` reads
    in this process). With ``errors="collect"`` (the default) a file that cannot be read is
    kept in :attr:`Batch.failed` with its reason and the rest is read; with
    ``errors="raise"`` the first such file (in input order) raises its error. Every report
    is validated unless ``validate=False``. ``timeout`` is each file's time budget in
    seconds (60 by default, ``None`` for no limit): a file that takes longer is a failure.
    """
    if errors not in ("collect", "raise"):
        raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")
    summary = Summary()
    parsed: list[Parsed] = []
    failed: list[Failure] = []

    def skipped(path: str) -> None:
        summary.skipped += 1

    outcomes = iter_read(
        paths_or_dirs,
        jobs=jobs,
        glob=glob,
        validate=validate,
        limits=limits,
        on_skip=skipped,
        timeout=timeout,
    )
    try:
        for outcome in outcomes:
            summary.add(outcome)
            if isinstance(outcome, Failure):
                if errors == "raise":
                    _raise(outcome, validate=validate, limits=limits, timeout=timeout)
                failed.append(outcome)
            else:
                parsed.append(outcome)
    finally:
        outcomes.close()  # stops the pool when the first failure is raised
    summary.stop()
    return Batch(tuple(parsed), tuple(failed), summary)


def _raise(
    failure: Failure, *, validate: bool, limits: SourceLimits | None, timeout: float | None
) -> None:
    """Raise the error of a failed file as it was raised, with its traceback: read it again
    here, where it was perhaps read in another process."""
    from ..parse import parse_file

    if failure.error not in ("WorkerCrash", "FileNotFoundError", "IsADirectoryError"):
        try:
            parse_file(failure.source, limits=limits, timeout=timeout)
        except GovDisclosureError:
            raise
        except OSError as exc:
            raise ParseError(
                failure.reason, source=failure.source, reason_zh=failure.reason_zh
            ) from exc
    raise ParseError(
        failure.reason, line=failure.line, source=failure.source, reason_zh=failure.reason_zh
    )


def _agency_key(agency: str) -> str:
    return "".join(agency.split())


def series_findings(reports: Iterable[Report]) -> list[tuple[str, Findings]]:
    """Each reporting body's reports compared year against year
    (:func:`~govdisclosure.validate.validate_series`): ``(agency, findings)`` for each body,
    in order of first appearance, without the per-report checks that
    :func:`~govdisclosure.validate.validate` makes anyway."""
    from ..validate import format_fits_year, validate_series

    groups: dict[str, list[Report]] = {}
    for report in reports:
        groups.setdefault(_agency_key(report.agency), []).append(report)
    out: list[tuple[str, Findings]] = []
    for group in groups.values():
        own = {f for report in group for f in format_fits_year(report)}
        found = Findings(f for f in validate_series(group) if f not in own)
        out.append((group[0].agency, found))
    return out
