"""Run fuzzing cases in worker processes, classify failures, shrink reproducers.

Each case runs in a worker process (a pool of them, recycled every few hundred cases and
whenever one grows), under three rules:

* **time**: a case may take 1 s of CPU per 100 kB of input (1 s at least; a hostile file
  5 s); a case still running after ``kill_seconds`` of wall-clock time is killed and
  reported as a hang;
* **memory**: the peak resident memory of a case (measured from a reset high-water mark)
  stays under ``rss_mb``; a worker growing past twice that is killed on the spot;
* **outcome**: the library either parses the input (and then the report survives a JSON
  round trip and validation) or refuses it with a
  :class:`~govdisclosure.errors.GovDisclosureError` that is not a disguised crash
  (``internal error while reading the report``).

Anything else is a failure, classified by kind and place (``crash:KeyError@_tables.py:
_read_block``, ``roundtrip:…``, ``slow``, ``hang``, ``memory``). The first input of
each class is shrunk (deleting lines, then characters, while the class stays the same)
and saved with up to ``keep`` others under ``OUT/failures/<class>/``.

Worker processes start with ``spawn``, so they hold nothing of the parent's memory.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import os
import re
import resource
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "Case",
    "Failure",
    "Limits",
    "Outcome",
    "Run",
    "check_case",
    "run_case",
    "run_cases",
    "shrink",
]

INTERNAL = "internal error while reading the report"
"""What the parser says when it turned a bug of its own into a ParseError."""


@attrs.frozen
class Case:
    """One input of the harness.

    ``kind`` is ``"text"`` (``payload`` is the text, given to ``parse_text``), ``"bytes"``
    (``payload`` is ``(text, encoding)``: the text encoded and read with ``parse_file``)
    or ``"file"`` (``payload`` is ``(families, family, scale)``: a hostile file made by
    ``families[family](directory, scale)`` in the worker, ``families`` naming a mapping
    as ``module:attribute``) or ``"path"`` (``payload`` is a file to read with
    ``parse_file``, a saved input replayed). ``recipe`` says how the case was made.
    """

    id: str
    kind: str
    recipe: str
    payload: Any

    @property
    def text(self) -> str | None:
        """The text of a text case (``None`` for a hostile file)."""
        if self.kind == "text":
            return str(self.payload)
        if self.kind == "bytes":
            return str(self.payload[0])
        return None

    def with_text(self, text: str) -> Case:
        """The same case with another text (shrinking keeps the way it is read)."""
        if self.kind == "bytes":
            return attrs.evolve(self, payload=(text, self.payload[1]))
        return attrs.evolve(self, payload=text)


@attrs.frozen
class Limits:
    """The rules a case must keep."""

    seconds_per_100kb: float = 1.0
    """CPU seconds a case may take per 100 kB of input (and at least this much)."""
    file_seconds: float = 5.0
    """CPU seconds a hostile file may take, whatever its size."""
    kill_seconds: float = 20.0
    """Wall-clock seconds after which a running case is killed as a hang."""
    rss_mb: int = 300
    """Peak resident memory a case may reach, in MB."""

    def allowed(self, case: Case, size: int) -> float:
        if case.kind == "file":
            return self.file_seconds
        return self.seconds_per_100kb * max(1.0, size / 100_000)


class Failure(Exception):  # noqa: N818 - it is what the harness reports, not an error of it
    """A case broke a rule: ``kind`` names the class of failure, ``detail`` says more."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


@attrs.frozen
class Outcome:
    """What became of one case."""

    case: Case
    status: str
    """``parsed``, ``refused`` or ``failed``."""
    failure: str | None = None
    """The class of the failure (``crash:KeyError@_tables.py:_read_block``)."""
    detail: str = ""
    size: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    peak_rss_mb: float | None = None


# --- in the worker -----------------------------------------------------------------------


def _where(exc: BaseException) -> str:
    """The innermost frame of the library in ``exc``'s traceback (else the innermost)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}govdisclosure{os.sep}" in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).name}:{frame.name}"


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message_class(message: str) -> str:
    """A problem message without the values that vary from case to case."""
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r"\d+", "N", message)
    return _short(message, 120)


def _first_difference(report: Any, back: Any) -> str:
    for field in attrs.fields(type(report)):
        if field.eq and getattr(report, field.name) != getattr(back, field.name):
            if field.name in ("active", "applications", "appeals"):
                table = getattr(report, field.name)
                for cell, other in zip(table, getattr(back, field.name), strict=False):
                    if cell.value != other.value:
                        return f"{field.name}.{cell.row.key}.{cell.column.key}"
            return field.name
    return "?"


def check_case(case: Case, workdir: Path) -> tuple[str, int]:
    """Run the library on ``case``: ``("parsed" | "refused", input size in bytes)``.

    Raises :class:`Failure` for a round trip that fails or a disguised crash, and lets any
    other exception out (the caller classifies it).
    """
    from govdisclosure.errors import GovDisclosureError
    from govdisclosure.parse import parse_file, parse_text
    from govdisclosure.serialize import from_json, to_json
    from govdisclosure.validate import validate

    try:
        if case.kind == "text":
            text = case.text or ""
            size = len(text.encode("utf-8", "surrogatepass"))
            result = parse_text(text, timeout=None)
        else:
            path, size = _materialize(case, workdir)
            result = parse_file(path, timeout=None)
    except GovDisclosureError as exc:
        if INTERNAL in str(exc):
            cause = exc.__cause__ or exc
            raise Failure(
                f"internal:{type(cause).__name__}@{_where(cause)}", _short(str(exc))
            ) from exc
        return "refused", size
    report = result.report
    try:
        text = to_json(report)
        back = from_json(text)
    except GovDisclosureError as exc:
        problems = getattr(exc, "errors", None) or [str(exc)]
        raise Failure(f"roundtrip:{_message_class(problems[0])}", _short(str(exc))) from exc
    if back != report:
        where = _first_difference(report, back)
        raise Failure(f"roundtrip:changed {where}", f"from_json(to_json(r)) != r at {where}")
    validate(report)
    return "parsed", size


def _materialize(case: Case, workdir: Path) -> tuple[Path, int]:
    if case.kind == "bytes":
        text, encoding = case.payload
        path = workdir / "case.txt"
        path.write_bytes(text.encode(encoding, "surrogatepass"))
        return path, path.stat().st_size
    if case.kind == "path":
        path = Path(case.payload)
        return path, path.stat().st_size
    reference, family, scale = case.payload
    module, _, attribute = str(reference).partition(":")
    families = getattr(importlib.import_module(module), attribute)
    folder = workdir / f"{family}-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(families[family](folder, scale))
    try:
        size = path.lstat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    return path, size


_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def _reset_peak() -> bool:
    """Reset the high-water mark of resident memory (Linux), so that it is this case's."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _status_kb(field: str, status: Path = _STATUS) -> int | None:
    try:
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def run_case(
    case: Case,
    limits: Limits,
    workdir: Path,
    check: Callable[[Case, Path], tuple[str, int]] = check_case,
) -> Outcome:
    """Run one case in this process and judge it against ``limits``."""
    from govdisclosure.errors import GovDisclosureError

    peak_known = _reset_peak()
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    status, size, failure, detail = "failed", 0, None, ""
    try:
        status, size = check(case, workdir)
    except Failure as exc:
        failure, detail = exc.kind, exc.detail
    except MemoryError:
        failure, detail = "memory", "MemoryError (the worker's address-space limit)"
    except GovDisclosureError:  # a check of the library's own raising it
        status = "refused"
    except Exception as exc:
        failure = f"crash:{type(exc).__name__}@{_where(exc)}"
        detail = _short("".join(traceback.format_exception(exc)[-6:]), 2000)
    cpu = time.process_time() - start_cpu
    wall = time.perf_counter() - start_wall
    size = size or len((case.text or "").encode("utf-8", "surrogatepass"))
    peak_kb = _status_kb("VmHWM") if peak_known else None
    peak = peak_kb / 1024 if peak_kb is not None else None
    if failure is None and cpu > limits.allowed(case, size):
        failure, detail = "slow", f"{cpu:.2f} s CPU for {size} bytes"
    if failure is None and peak is not None and peak > limits.rss_mb:
        failure, detail = "memory", f"peak RSS {peak:.0f} MB"
    return Outcome(
        case,
        "failed" if failure else status,
        failure,
        detail,
        size,
        cpu,
        wall,
        peak,
    )


def _resolve(reference: str) -> Any:
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def _serve(conn: Connection, limits: Limits, check: str) -> None:
    """The worker: run the cases the parent sends until it sends None."""
    target = _resolve(check)
    with tempfile.TemporaryDirectory(prefix="govdisclosure-fuzz-") as tmp:
        workdir = Path(tmp)
        # Parse one report first: the regexes compiled then are no case's time.
        run_case(Case("warm-up", "text", "", _WARM_UP), limits, workdir, target)
        # An address-space limit stops a runaway allocation even between the parent's
        # looks at the worker's memory.
        size_kb = _status_kb("VmSize") or 0
        cap = size_kb * 1024 + 8 * limits.rss_mb * 2**20
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        conn.send("ready")  # a case's time starts now, not while the worker starts
        while True:
            try:
                case = conn.recv()
            except (EOFError, OSError):
                return
            if case is None:
                return
            for stale in workdir.iterdir():
                _remove(stale)
            conn.send(run_case(case, limits, workdir, target))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            for child in path.iterdir():
                _remove(child)
            path.rmdir()
        else:
            path.unlink()


_WARM_UP = """2024年某县人民政府政府信息公开工作年度报告
一、总体情况
二、主动公开政府信息情况
规章\t0\t0\t0
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""


# --- in the parent -----------------------------------------------------------------------


@attrs.define
class _Worker:
    process: Any
    conn: Connection
    case: Case | None = None
    started: float = 0.0
    served: int = 0
    ready: bool = False

    def rss_kb(self) -> int | None:
        return _status_kb("VmRSS", Path(f"/proc/{self.process.pid}/status"))

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Pool:
    """Worker processes that each run one case at a time."""

    def __init__(self, size: int, limits: Limits, check: str, recycle: int) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.limits = limits
        self.check = check
        self.recycle = recycle
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(child, self.limits, self.check), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def idle(self) -> list[_Worker]:
        """The workers ready for a case (waiting a little for those still starting)."""
        starting = [w for w in self.workers if not w.ready]
        if starting:
            for conn in wait([w.conn for w in starting], 0.01):
                worker = next(w for w in starting if w.conn is conn)
                try:
                    worker.ready = worker.conn.recv() == "ready"
                except (EOFError, OSError):  # it died starting: start another
                    self._replace(worker, kill=True)
        return [w for w in self.workers if w.ready and w.case is None]

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.case is not None]

    def submit(self, worker: _Worker, case: Case) -> None:
        worker.conn.send(case)
        worker.case = case
        worker.started = time.monotonic()

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        worker.stop(kill=kill)
        self.workers[self.workers.index(worker)] = self._start()

    def poll(self, timeout: float = 0.02) -> list[Outcome]:
        """Outcomes of the cases finished, killed or lost since the last poll."""
        busy = self.busy()
        if not busy:
            return []
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(handles, timeout))
        done: list[Outcome] = []
        for worker in busy:
            case = worker.case
            assert case is not None
            elapsed = time.monotonic() - worker.started
            outcome: Outcome | None = None
            kill = False
            if worker.conn in ready or worker.process.sentinel in ready:
                try:
                    outcome = worker.conn.recv()
                except (EOFError, OSError):
                    code = worker.process.exitcode
                    outcome = Outcome(
                        case, "failed", f"died:{code}", f"the worker died (exit code {code})"
                    )
                    kill = True
            elif elapsed > self.limits.kill_seconds:
                outcome = Outcome(
                    case, "failed", "hang", f"killed after {elapsed:.0f} s", wall=elapsed
                )
                kill = True
            else:
                rss = worker.rss_kb()
                if rss is not None and rss > 2 * self.limits.rss_mb * 1024:
                    outcome = Outcome(
                        case,
                        "failed",
                        "memory",
                        f"killed at {rss // 1024} MB resident after {elapsed:.1f} s",
                        wall=elapsed,
                        peak_rss_mb=rss / 1024,
                    )
                    kill = True
            if outcome is None:
                continue
            done.append(outcome)
            worker.case = None
            worker.served += 1
            rss = None if kill else worker.rss_kb()
            grown = rss is not None and rss > self.limits.rss_mb * 1024 // 2
            if kill or grown or worker.served >= self.recycle:
                self._replace(worker, kill=kill)
        return done

    def run_one(self, case: Case) -> Outcome:
        idle = self.idle()
        while not idle:
            idle = self.idle()
        self.submit(idle[0], case)
        while True:
            done = self.poll(0.05)
            if done:
                return done[0]

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=worker.case is not None)


# --- runs --------------------------------------------------------------------------------


@attrs.define
class Run:
    """What a run found: counts, and up to ``keep`` outcomes of every failure class."""

    keep: int = 5
    cases: int = 0
    seconds: float = 0.0
    statuses: Counter[str] = attrs.Factory(Counter)
    failures: Counter[str] = attrs.Factory(Counter)
    examples: dict[str, list[Outcome]] = attrs.Factory(dict)
    unconfirmed_slow: int = 0
    interrupted: bool = False
    reproducers: dict[str, Case] = attrs.Factory(dict)
    slowest: list[Outcome] = attrs.Factory(list)

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.statuses[outcome.status] += 1
        if outcome.failure is not None:
            self.failures[outcome.failure] += 1
            kept = self.examples.setdefault(outcome.failure, [])
            if len(kept) < self.keep:
                kept.append(outcome)
        self.slowest.append(outcome)
        if len(self.slowest) > 40:
            self.slowest = sorted(self.slowest, key=lambda o: -o.cpu)[:10]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [
            ("interrupted: " if self.interrupted else "")
            + f"{self.cases} cases in {self.seconds:.0f} s "
            f"({self.cases / max(self.seconds, 1e-9):.1f}/s): "
            + ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        ]
        if self.unconfirmed_slow:
            lines.append(f"{self.unconfirmed_slow} slow case(s) were not slow when run again")
        for kind, count in self.failures.most_common():
            lines.append(f"  {count:6d}  {kind}")
            first = self.examples[kind][0]
            lines.append(f"          e.g. {first.case.recipe}: {_short(first.detail, 200)}")
        return "\n".join(lines)

    def write(self, out: Path) -> None:
        """``summary.json`` and, per failure class, the inputs kept and the reproducer."""
        out.mkdir(parents=True, exist_ok=True)
        for kind, outcomes in self.examples.items():
            folder = out / "failures" / _slug(kind)
            folder.mkdir(parents=True, exist_ok=True)
            for outcome in outcomes:
                _save(folder / _slug(outcome.case.id), outcome.case)
                (folder / f"{_slug(outcome.case.id)}.json").write_text(
                    json.dumps(_describe(outcome), ensure_ascii=False, indent=2),
                    encoding="utf-8",
                )
            if kind in self.reproducers:
                _save(folder / "minimal", self.reproducers[kind])
        summary = {
            "cases": self.cases,
            "seconds": round(self.seconds, 1),
            "statuses": dict(self.statuses),
            "failures": dict(self.failures.most_common()),
            "unconfirmed_slow": self.unconfirmed_slow,
            "interrupted": self.interrupted,
            "slowest": [_describe(o) for o in sorted(self.slowest, key=lambda o: -o.cpu)[:10]],
        }
        (out / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
        )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.@-]+", "_", text)[:80].strip("_") or "case"


def _save(stem: Path, case: Case) -> None:
    text = case.text
    if text is None:
        stem.with_suffix(".case.json").write_text(json.dumps(case.payload), "utf-8")
    elif case.kind == "bytes":
        stem.with_suffix(".txt").write_bytes(text.encode(case.payload[1], "surrogatepass"))
    else:
        stem.with_suffix(".txt").write_bytes(text.encode("utf-8", "surrogatepass"))


def _describe(outcome: Outcome) -> dict[str, Any]:
    return {
        "case": outcome.case.id,
        "kind": outcome.case.kind,
        "recipe": outcome.case.recipe,
        "encoding": outcome.case.payload[1] if outcome.case.kind == "bytes" else None,
        "status": outcome.status,
        "failure": outcome.failure,
        "detail": outcome.detail,
        "bytes": outcome.size,
        "cpu_seconds": round(outcome.cpu, 3),
        "wall_seconds": round(outcome.wall, 3),
        "peak_rss_mb": None if outcome.peak_rss_mb is None else round(outcome.peak_rss_mb),
    }


def run_cases(
    cases: Iterable[Case],
    *,
    max_cases: int | None = None,
    max_seconds: float | None = None,
    workers: int = 1,
    limits: Limits | None = None,
    check: str = "fuzz.runner:check_case",
    recycle: int = 300,
    shrink_seconds: float = 60.0,
    keep: int = 5,
    progress: Callable[[str], None] | None = None,
    progress_every: float = 30.0,
) -> Run:
    """Run ``cases`` until ``max_cases`` have run or ``max_seconds`` have passed (or the
    cases run out), ``workers`` at a time; then confirm slow cases and shrink the first
    input of every failure class for up to ``shrink_seconds`` each.

    A KeyboardInterrupt ends the run early: what it found so far is returned, unshrunk.
    """
    limits = limits or Limits()
    run = Run(keep=keep)
    source: Iterator[Case] = iter(cases)
    start = time.monotonic()
    last_report = start
    pool = _Pool(workers, limits, check, recycle)
    issued = 0
    exhausted = False
    try:
        while True:
            now = time.monotonic()
            if (max_cases is not None and issued >= max_cases) or (
                max_seconds is not None and now - start >= max_seconds
            ):
                exhausted = True
            for worker in pool.idle():
                # Counted per case issued: two workers idle at once must not run one more.
                if max_cases is not None and issued >= max_cases:
                    exhausted = True
                if exhausted:
                    break
                case = next(source, None)
                if case is None:
                    exhausted = True
                    break
                pool.submit(worker, case)
                issued += 1
            if exhausted and not pool.busy():
                break
            for outcome in pool.poll():
                run.add(outcome)
            if progress is not None and now - last_report >= progress_every:
                last_report = now
                run.seconds = now - start
                progress(run.summary())
        run.seconds = time.monotonic() - start
        _confirm_slow(run, pool)
    except KeyboardInterrupt:
        run.seconds = time.monotonic() - start
        run.interrupted = True
        return run
    finally:
        pool.close()
    shrinkable = [k for k, kept in run.examples.items() if kept[0].case.text is not None]
    if shrink_seconds > 0 and shrinkable:
        # A hang need not be waited out while shrinking: slow is the same bug.
        quick = attrs.evolve(limits, kill_seconds=min(limits.kill_seconds, 5.0))
        pool = _Pool(1, quick, check, recycle)
        try:
            for kind in shrinkable:
                same = {"hang", "slow"} if kind in ("hang", "slow") else {kind}
                run.reproducers[kind] = shrink(
                    run.examples[kind][0].case,
                    lambda c, same=same: pool.run_one(c).failure in same,  # type: ignore[misc]
                    seconds=shrink_seconds,
                )
        finally:
            pool.close()
    return run


def _confirm_slow(run: Run, pool: _Pool) -> None:
    """Run each slow case again: a case slow only once was slowed by the machine."""
    slow = run.examples.get("slow", [])
    confirmed = [o for o in slow if pool.run_one(o.case).failure == "slow"]
    gone = len(slow) - len(confirmed)
    if not gone:
        return
    run.unconfirmed_slow += gone
    run.failures["slow"] -= gone
    run.statuses["failed"] -= gone
    run.statuses["unconfirmed-slow"] += gone
    if confirmed:
        run.examples["slow"] = confirmed
    else:
        del run.examples["slow"]
        del run.failures["slow"]


# --- shrinking ---------------------------------------------------------------------------


def shrink(
    case: Case,
    fails: Callable[[Case], bool],
    *,
    seconds: float = 60.0,
    attempts: int = 2_000,
) -> Case:
    """The smallest variant of ``case`` found for which ``fails`` holds: whole lines are
    deleted first, in halving chunks, then single characters the same way."""
    text = case.text
    if text is None:
        return case
    deadline = time.monotonic() + seconds
    tries = 0

    def still(candidate: str) -> bool:
        nonlocal tries
        tries += 1
        return fails(case.with_text(candidate))

    def budget_left() -> bool:
        return time.monotonic() < deadline and tries < attempts

    def reduce(parts: list[str], joiner: str) -> list[str]:
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and budget_left():
            i = 0
            while i < len(parts) and budget_left():
                candidate = parts[:i] + parts[i + chunk :]
                if candidate != parts and still(joiner.join(candidate)):
                    parts = candidate
                else:
                    i += chunk
            chunk //= 2
        return parts

    lines = reduce(text.split("\n"), "\n")
    text = "\n".join(lines)
    if len(text) <= 20_000:
        text = "".join(reduce(list(text), ""))
    return case.with_text(text)
