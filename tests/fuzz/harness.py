"""Fuzz govdisclosure: ``python tests/fuzz/harness.py --cases N --seconds T --out DIR``.

Renders generated reports in every layout, damages them (:mod:`fuzz.mutators`) and parses
each in a worker process with a time and memory limit (:mod:`fuzz.runner`). Stops after
``--cases`` cases or ``--seconds`` seconds, whichever comes first; prints a summary and
writes it with every failure class's inputs and shrunk reproducer under ``--out``. Exits
with status 1 if anything failed.

Run from the repository root with the library importable (``PYTHONPATH=src`` in a
checkout, or an installed ``govdisclosure``). See ``CONTRIBUTING.md`` (Fuzzing).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``fuzz`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.mutators import base_texts, file_cases, interleave, text_cases
from fuzz.runner import Case, Limits, run_cases

_DEFAULTS = Limits()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a run stopped with kill ends like one stopped with Ctrl-C


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="harness.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--cases", type=int, default=None, help="stop after N cases")
    parser.add_argument("--seconds", type=float, default=None, help="stop after T seconds")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"), help="where to write")
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    parser.add_argument(
        "--seed", type=int, default=0, help="the run's seed (same seed, same cases)"
    )
    parser.add_argument("--reports", type=int, default=12, help="generated reports to render")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[], help="a folder of .txt reports to add"
    )
    parser.add_argument(
        "--families",
        default=None,
        help="hostile files: a mapping {name: make(dir, scale) -> path} as module:attribute",
    )
    parser.add_argument("--family-share", type=float, default=0.02)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--truncation-share", type=float, default=0.25)
    parser.add_argument("--kill-seconds", type=float, default=_DEFAULTS.kill_seconds)
    parser.add_argument("--rss-mb", type=int, default=_DEFAULTS.rss_mb)
    parser.add_argument("--file-seconds", type=float, default=_DEFAULTS.file_seconds)
    parser.add_argument("--shrink-seconds", type=float, default=120.0)
    parser.add_argument("--recycle", type=int, default=300, help="cases per worker process")
    parser.add_argument(
        "--replay", type=Path, nargs="+", default=None, help="run saved inputs (files) instead"
    )
    args = parser.parse_args(argv)
    limits = Limits(
        kill_seconds=args.kill_seconds, rss_mb=args.rss_mb, file_seconds=args.file_seconds
    )
    if args.replay:
        replayed = [Case(str(p), "path", str(p), str(p)) for p in args.replay]
        run = run_cases(replayed, workers=args.workers, limits=limits, shrink_seconds=0)
        for outcomes in run.examples.values():
            for outcome in outcomes:
                print(f"{outcome.case.id}: {outcome.failure}: {outcome.detail}")
        print(run.summary())
        return 0 if run.ok else 1
    if args.cases is None and args.seconds is None:
        parser.error("give --cases, --seconds or both (or --replay)")

    bases = base_texts(args.reports, seed=args.seed, corpus=args.corpus)
    cases = text_cases(bases, seed=args.seed, truncation_share=args.truncation_share)
    if args.families:
        hostile = file_cases(args.families, scales=args.scales)
        cases = interleave(cases, hostile, args.family_share, seed=args.seed)
    print(
        f"{len(bases)} base texts; {args.workers} worker(s); "
        f"cases={args.cases} seconds={args.seconds} seed={args.seed}",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    run = run_cases(
        cases,
        max_cases=args.cases,
        max_seconds=args.seconds,
        workers=args.workers,
        limits=limits,
        recycle=args.recycle,
        shrink_seconds=args.shrink_seconds,
        progress=lambda text: print(text, flush=True),
    )
    run.write(args.out)
    print(run.summary())
    print(f"written to {args.out}")
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
