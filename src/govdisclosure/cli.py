"""The ``govdisclosure`` command: argument parsing and the terminal, over the library.

``govdisclosure parse PATH...`` writes reports as JSON, JSON Lines, tidy CSV, Parquet or
Markdown; ``govdisclosure validate PATH...`` writes what is wrong with them as text, JSON,
JSON Lines, CSV, Parquet, Markdown or one HTML page. Both read files and folders with a
pool of processes and keep going past files that cannot be read
(:mod:`govdisclosure.batch` does the work); the exit codes are in :data:`EXIT_CODES`.
``--lang zh|en`` chooses the language of what people read (the listing, the summary,
the lines on standard error, Markdown and the HTML page): Chinese when the locale is
Chinese, else English. JSON, CSV and Parquet hold both languages.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from ._deadline import DEFAULT_TIMEOUT
from ._text import LANGUAGES, Lang, default_lang, say, separators
from ._version import __version__

if TYPE_CHECKING:
    from .findings import Findings

__all__ = ["EXIT_CODES", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

EXIT_CODES = {
    EXIT_OK: "every file was read and (validate) no report has an error-level finding",
    EXIT_FINDINGS: "validate: a report has an error-level finding (with --series: or its "
    "years disagree)",
    EXIT_UNREADABLE: "a file could not be read (it is named on standard error and in the "
    "output, and the others were processed), no file was found, or the command line is wrong",
}
"""What each exit code means; the worst that happened wins."""

_EPILOG = "exit codes (the worst that happened):\n" + "\n".join(
    f"  {code}  {text}" for code, text in EXIT_CODES.items()
)


class _Terminal:
    """Standard error: lines about files, a progress bar when it is a terminal."""

    def __init__(self, err: TextIO, *, quiet: bool) -> None:
        self.err = err
        self.quiet = quiet
        self.bar: Any = None
        if not quiet and _isatty(err):
            try:
                from tqdm import tqdm
            except ImportError:  # the [cli] extra is absent: no bar, nothing else lost
                return
            # No monitor thread: with one thread the workers can be forked (fast starts).
            tqdm.monitor_interval = 0
            self.bar = tqdm(file=err, unit=" files", dynamic_ncols=True, leave=False)

    def line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.err)
        else:
            print(text, file=self.err)

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def _replacing(final: Path | None) -> Iterator[Path | None]:
    """A temporary path beside ``final`` that becomes ``final`` only if the block ends
    normally: a stopped batch leaves no half-written file."""
    if final is None:
        yield None
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if temp.exists():
        # mkstemp makes the file private; the output gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o666 & ~umask)
        os.replace(temp, final)


class _StoppedError(Exception):
    """A fail-fast batch met a file it could not read."""


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .batch import Failure, Outcome, Summary
    from .batch._outputs import (
        Command,
        beside,
        format_for,
        is_binary,
        open_writer,
    )
    from .batch._run import run
    from .validate import format_finding

    command: Command = args.command
    lang: Lang = args.lang if args.lang is not None else default_lang()
    colon, _ = separators(lang)
    prefix = f"govdisclosure{colon}"
    to = "json" if getattr(args, "json", False) else args.to
    if getattr(args, "json", False) and args.to not in (None, "json"):
        return _usage(err, command, "--json and --to say different formats")
    try:
        fmt = format_for(command, to, args.output)
    except ValueError as exc:
        return _usage(err, command, str(exc))
    if is_binary(fmt) and args.output is None:
        return _usage(err, command, f"{fmt} is written to a file: give -o/--output PATH")
    output = Path(args.output) if args.output is not None else None
    failures_final = beside(output, fmt) if output is not None else None
    bom = args.bom if args.bom is not None else (fmt == "csv" and output is not None)
    single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
    terminal = _Terminal(err, quiet=args.quiet)
    summary = Summary()

    def on_outcome(outcome: Outcome, shown: Findings | None) -> None:
        terminal.step()
        if isinstance(outcome, Failure):
            terminal.line(f"{prefix}{say('error', lang)}{colon}{outcome.text(lang)}")
        elif command == "parse" and shown is not None and not args.quiet:
            for finding in shown.filter(min_severity="warning"):
                terminal.line(f"{outcome.source}{colon}{format_finding(finding, lang=lang)}")

    try:
        with (
            _replacing(output) as temp,
            _replacing(failures_final) as failures_temp,
            _open(temp, fmt, out) as target,
        ):
            writer = open_writer(
                command,
                fmt,
                target,
                failures=failures_temp,
                bom=bom,
                single=single,
                lang=lang,
            )
            run(
                command,
                args.paths,
                writer,
                jobs=args.jobs,
                glob=args.glob,
                exclude=[p for p in (output, failures_final) if p is not None],
                verbose=getattr(args, "verbose", False),
                series=getattr(args, "series", False),
                fail_fast=args.fail_fast,
                on_outcome=on_outcome,
                summary=summary,
                timeout=args.timeout,
            )
            if summary.stopped is not None:
                raise _StoppedError
    except _StoppedError:
        pass
    finally:
        terminal.close()
    if summary.files == 0:
        found = say("nothing-found", lang, paths=" ".join(args.paths))
        print(f"{prefix}{say('error', lang)}{colon}{found}", file=err)
        return EXIT_UNREADABLE
    if not args.quiet and (not single or summary.files > 1 or summary.skipped):
        print(f"{prefix}{summary.text(lang)}", file=err)
    if summary.failed:
        return EXIT_UNREADABLE
    if command == "validate" and (summary.with_errors or summary.series_errors):
        return EXIT_FINDINGS
    return EXIT_OK


@contextlib.contextmanager
def _open(temp: Path | None, fmt: str, out: TextIO) -> Iterator[IO[str] | Path]:
    if temp is None:
        yield out
    elif fmt == "parquet":
        yield temp
    else:
        with open(temp, "w", encoding="utf-8", newline="") as f:
            yield f


def _usage(err: TextIO, command: str, message: str) -> int:
    print(f"usage: govdisclosure {command} PATH... (see --help)", file=err)
    print(f"govdisclosure {command}: error: {message}", file=err)
    return EXIT_UNREADABLE


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return value


def _timeout(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:  # NaN too
        raise argparse.ArgumentTypeError("a number of seconds, 0 or more")
    return None if value == 0 else value


def _batch_options(p: argparse.ArgumentParser, formats: Sequence[str], default: str) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files, and folders to read recursively (files recognised by content)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here instead of standard output; the format follows the suffix "
        f"({', '.join('.' + f if f != 'text' else '.txt' for f in formats)}) unless --to "
        "says it; failures go beside CSV, JSON Lines and Parquet (NAME.failures.csv)",
    )
    p.add_argument("--to", choices=formats, help=f"output format (default: {default})")
    p.add_argument(
        "--glob",
        metavar="PATTERN",
        help="only files of folders matching this (case-insensitive: '*.pdf', '2024/*')",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="processes reading files (default: one per core); output order is input order",
    )
    p.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start CSV with a UTF-8 byte-order mark, for Excel and WPS (default: on for "
        "-o FILE.csv, off on standard output)",
    )
    p.add_argument(
        "--timeout",
        type=_timeout,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time budget of each file (default: {DEFAULT_TIMEOUT:g}; 0 for none): a file "
        "that takes longer is a failure and the batch goes on",
    )
    p.add_argument(
        "--fail-fast",
        action="store_true",
        help="stop at the first file that cannot be read (exit 2, -o writes nothing)",
    )
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language people read: the listing, the summary, the lines on standard "
        "error, Markdown and HTML (default: zh when the locale, LC_ALL, LC_MESSAGES or "
        "LANG, is Chinese, else en); JSON, CSV and Parquet hold both",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar, no summary: only the files that cannot be read",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read, check and convert 政府信息公开工作年度报告 (government information "
        "disclosure annual reports).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse",
        help="read reports and write them as JSON, JSON Lines, tidy CSV, Parquet or Markdown",
        description="Read reports and write them out. json: one object for one file, else "
        '{"reports": [...], "failures": [...], "summary": {...}}; jsonl: one report per line; '
        "csv and parquet: one row per table cell, with a source column; md: the official "
        "layout as Markdown.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _batch_options(p, ("json", "jsonl", "csv", "parquet", "md"), "json")
    p.set_defaults(command="parse")

    v = sub.add_parser(
        "validate",
        help="check reports against every consistency rule",
        description="Check reports against every consistency rule. text: a listing per "
        'report; json: {"reports": [...], "failures": [...], "series": [...], '
        '"summary": {...}}; jsonl: one report per line; csv and parquet: one row per '
        "finding; md: Markdown; html: one self-contained page with a summary of bodies by "
        "year and every report's tables, the cells in question highlighted.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _batch_options(v, ("text", "json", "jsonl", "csv", "parquet", "md", "html"), "text")
    v.add_argument("--json", action="store_true", help="the same as --to json")
    v.add_argument(
        "-v", "--verbose", action="store_true", help="also show what the parser repaired (info)"
    )
    v.add_argument(
        "--series",
        action="store_true",
        help="also compare each reporting body's reports year against year (上年结转, 现行有效件数)",
    )
    v.set_defaults(command="validate")
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else EXIT_UNREADABLE
    return _run(args, out, err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
