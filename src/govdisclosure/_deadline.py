"""A wall-clock budget for one parse, enforced cooperatively.

:func:`budget` sets a deadline for the code it wraps; :func:`check` raises
:class:`~govdisclosure.errors.ParseTimeoutError` once it has passed. The deadline lives in
a :class:`~contextvars.ContextVar`, so it works in any thread (no signals, no timer
thread) and a parse in one thread never sees another's budget. The places that may run
long call :func:`check`: the parser between its stages, the digit-decoding search every
few hundred nodes, the recovery searches, and the sources once per page, paragraph or
table row. A check is a context-variable read and a clock read, cheap enough for inner
loops; between two checks the work is bounded, so a parse overruns its budget by a
fraction of a second at most.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

from .errors import ParseTimeoutError

__all__ = ["DEFAULT_TIMEOUT", "budget", "check", "remaining", "timed_out"]

DEFAULT_TIMEOUT = 60.0
"""Seconds :func:`~govdisclosure.parse.parse_file` and ``parse_text`` allow by default:
far above any real report (well under a second for most), short enough for a batch to
move on from a pathological file."""

_clock = time.monotonic
"""The clock deadlines are measured on (tests replace it)."""


@attrs.frozen
class _Deadline:
    at: float
    seconds: float
    source: str | None


_CURRENT: ContextVar[_Deadline | None] = ContextVar("govdisclosure_deadline", default=None)


def _seconds(timeout: object) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be a number of seconds or None, not {timeout!r}")
    if math.isnan(timeout) or timeout < 0:
        raise ValueError(f"timeout must be a number of seconds >= 0 or None, not {timeout!r}")
    return float(timeout)


@contextmanager
def budget(timeout: float | None, *, source: str | None = None) -> Iterator[None]:
    """Run the ``with`` body under a budget of ``timeout`` seconds (``None``: no limit).

    Budgets nest: an inner one never extends an outer one. ``source`` names the input in
    the error. A bad ``timeout`` (negative, NaN, not a number) raises ``ValueError`` or
    ``TypeError``: it is the caller's mistake, not the document's.
    """
    outer = _CURRENT.get()
    if timeout is None:
        yield
        return
    seconds = _seconds(timeout)
    at = _clock() + seconds
    if outer is not None and outer.at <= at:
        yield
        return
    token = _CURRENT.set(_Deadline(at, seconds, source))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise :class:`~govdisclosure.errors.ParseTimeoutError` if the budget is spent."""
    deadline = _CURRENT.get()
    if deadline is not None and _clock() >= deadline.at:
        raise timed_out()


def timed_out(stage: str | None = None, line: int | None = None) -> ParseTimeoutError:
    """The error for the current budget, saying at which ``stage`` it ran out."""
    deadline = _CURRENT.get()
    seconds = f" of {deadline.seconds:g} s" if deadline is not None else ""
    during = f" while {stage}" if stage else ""
    return ParseTimeoutError(
        f"ran out of the time budget{seconds}{during} "
        "(pass a larger timeout=, or timeout=None for no limit)",
        line=line,
        source=deadline.source if deadline is not None else None,
    )


def remaining(default: float) -> float:
    """Seconds left of the budget, at most ``default`` (``default`` when there is none):
    for work that takes its own timeout, such as a converter run in a subprocess."""
    deadline = _CURRENT.get()
    if deadline is None:
        return default
    return max(0.0, min(default, deadline.at - _clock()))
