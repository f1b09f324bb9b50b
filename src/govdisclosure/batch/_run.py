"""One command over a batch: read, write each outcome as it comes, count, compare years.

:func:`run` is the whole of ``govdisclosure parse`` and ``govdisclosure validate`` but for
the argument parsing and the terminal (progress bar, lines on standard error), which the
caller supplies as callbacks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

import attrs

from .._deadline import DEFAULT_TIMEOUT
from ..findings import Findings
from ..model import Report
from . import Summary, iter_read, series_findings
from ._outputs import Command, Writer
from ._read import Failure, Parsed

__all__ = ["run", "shown_findings"]


def shown_findings(command: Command, parsed: Parsed, *, verbose: bool = False) -> Findings:
    """What a command shows of a report: ``parse``, the findings of the parse; ``validate``,
    the parse's warnings and errors (its infos too when ``verbose``) and validation's,
    errors first."""
    if command == "parse":
        return parsed.parse_findings
    own = parsed.parse_findings if verbose else parsed.parse_findings.filter(min_severity="warning")
    return (own + (parsed.validation or Findings())).sorted()


def run(
    command: Command,
    paths: Sequence[str | os.PathLike[str]],
    writer: Writer,
    *,
    jobs: int | None = None,
    glob: str | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    verbose: bool = False,
    series: bool = False,
    fail_fast: bool = False,
    on_outcome: Callable[[Parsed | Failure, Findings | None], None] | None = None,
    summary: Summary | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Summary:
    """Read ``paths`` and write every outcome with ``writer``; returns the counts.

    ``on_outcome(outcome, shown)`` is called after each file (``shown`` is ``None`` for a
    failure). With ``fail_fast`` the batch stops at the first file that cannot be read
    (:attr:`Summary.stopped` is then set and the writer is not closed). With ``series``
    the reports of each body are compared across years at the end (their tables are kept
    until then).
    """
    summary = Summary() if summary is None else summary
    kept: list[Report] = []

    def skipped(path: str) -> None:
        summary.skipped += 1

    outcomes = iter_read(
        paths,
        jobs=jobs,
        glob=glob,
        validate=command == "validate",
        exclude=exclude,
        on_skip=skipped,
        timeout=timeout,
    )
    try:
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                summary.add(outcome)
                if on_outcome is not None:
                    on_outcome(outcome, None)
                if fail_fast:
                    summary.stopped = outcome
                    summary.stop()
                    return summary
                writer.fail(outcome)
                continue
            shown = shown_findings(command, outcome, verbose=verbose)
            summary.add(outcome, shown)
            writer.add(outcome, shown)
            if series:
                # The tables are what years are compared on: the prose is let go.
                kept.append(attrs.evolve(outcome.report, preamble="", sections=()))
            if on_outcome is not None:
                on_outcome(outcome, shown)
    finally:
        outcomes.close()
    if series:
        found = [(agency, f) for agency, f in series_findings(kept) if f]
        summary.series_errors = sum(len(f.errors) for _, f in found)
        writer.series(found)
    summary.stop()
    writer.close(summary)
    return summary
