"""A map over a process pool that keeps the input order and bounds what is in flight.

``concurrent.futures``' own ``Executor.map`` submits the whole input at once and holds
every result until it is consumed: for ten thousand reports that is ten thousand reports
in memory. Here at most ``window`` items are submitted ahead of the one being waited for,
so memory stays flat whatever the number of files, and results come in input order, so
the output does not depend on the number of processes.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["default_jobs", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

# Where forking this process is unsafe (other threads running, as in a notebook's kernel,
# or not Linux), workers start from a server process that has imported the library once,
# with the table reader and the sources whose extras are installed. A module that cannot
# be imported is skipped.
# Relative to the package, whatever name it is imported by (vendored copies too).
_PACKAGE = __name__.rpartition(".")[0].rpartition(".")[0]
_PRELOAD = [
    f"{_PACKAGE}.{module}"
    for module in ("batch", "parse._tables", "sources._html", "sources._pdf", "sources._docx")
]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    # A fork copies the parent's imports for free, but is only safe with a single thread:
    # a lock held by another thread at the fork stays locked in the child for ever.
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _executor(jobs: int) -> ProcessPoolExecutor:
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    on_crash: Callable[[T], R],
    window: int | None = None,
) -> Generator[R, None, None]:
    """``fn`` of each item, in input order, computed by ``jobs`` processes (in this process
    when ``jobs`` is 1).

    At most ``window`` items (default four per process) are in flight. ``fn`` and the
    items must pickle. If a worker process dies (killed, out of memory, a crash in a C
    library), the items that were in flight are run again one at a time in a fresh pool,
    and the one that kills it again gets ``on_crash(item)`` as its result; the rest go on.
    Stopping the iteration early shuts the pool down.
    """
    if jobs <= 1:
        yield from map(fn, items)
        return
    window = jobs * 4 if window is None else max(1, window)
    source = iter(items)
    pool = _executor(jobs)
    pending: deque[tuple[T, Future[R]]] = deque()

    def fill() -> None:
        for item in itertools.islice(source, window - len(pending)):
            pending.append((item, pool.submit(fn, item)))

    try:
        fill()
        while pending:
            item, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                suspects = [item, *(i for i, _ in pending)]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _executor(jobs)
                for suspect in suspects:
                    try:
                        result = pool.submit(fn, suspect).result()
                    except BrokenProcessPool:
                        result = on_crash(suspect)
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = _executor(jobs)
                    yield result
                fill()
                continue
            yield result
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
