"""The ``govdisclosure`` command: thin argument parsing and printing over the library.

``govdisclosure parse FILE... --to json|csv|md`` and ``govdisclosure validate FILE... [--json]``.
Exit codes: 0 success; 1 ``validate`` found an error-level finding; 2 unreadable input or
bad usage (one line on stderr saying why).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from govdisclosure._version import __version__
from govdisclosure.errors import GovDisclosureError, ParseError

if TYPE_CHECKING:
    from govdisclosure.parse import ParseResult

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


class _UnreadableError(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def _parse(path: str) -> ParseResult:
    from govdisclosure.parse import parse_file

    p = Path(path)
    if not p.exists():
        raise _UnreadableError(path, "no such file")
    if p.is_dir():
        raise _UnreadableError(path, "is a directory")
    try:
        return parse_file(p)
    except ParseError as e:
        # The path is said once, before the reason (the error's own text names it too).
        where = f"line {e.line}: " if e.line is not None else ""
        raise _UnreadableError(path, f"{where}{e.reason}") from e
    except GovDisclosureError as e:
        raise _UnreadableError(path, str(e).strip()) from e
    except OSError as e:
        raise _UnreadableError(path, e.strerror or str(e)) from e


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    results = [_parse(path) for path in args.files]
    for path, result in zip(args.files, results, strict=True):
        notable = result.findings.filter(min_severity="warning")
        for finding in notable:
            print(f"{path}: {finding}", file=err)
    if args.to == "json":
        from govdisclosure.serialize import to_json

        docs = [to_json(r.report) for r in results]
        # One object for one file; a JSON array of them for several (amounts keep their digits).
        out.write((docs[0] if len(docs) == 1 else "[\n" + ",\n".join(docs) + "\n]") + "\n")
    elif args.to == "csv":
        from govdisclosure.serialize import to_csv

        out.write(to_csv([r.report for r in results]))
    else:
        from govdisclosure.serialize.render import report_to_markdown

        out.write("\n\n".join(report_to_markdown(r.report) for r in results) + "\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from govdisclosure.findings import Findings, Severity
    from govdisclosure.validate import format_findings, validate

    results = [(path, _parse(path)) for path in args.files]
    any_error = False
    json_docs = []
    for path, result in results:
        shown = result.findings if args.verbose else result.findings.filter(min_severity="warning")
        findings = (Findings(shown) + validate(result.report)).sorted()
        any_error = any_error or any(f.severity is Severity.ERROR for f in findings)
        if args.json:
            json_docs.append(
                {
                    "source": path,
                    "agency": result.report.agency,
                    "year": result.report.year,
                    "format": result.report.format.value,
                    "ok": findings.ok,
                    "findings": findings.to_records(),
                }
            )
        else:
            out.write(format_findings(findings, source=path, report=result.report) + "\n")
    if args.json:
        out.write(json.dumps(json_docs, ensure_ascii=False, indent=2, default=str) + "\n")
    return EXIT_FINDINGS if any_error else EXIT_OK


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read, check and convert 政府信息公开工作年度报告 (government information "
        "disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="read reports and write them as JSON, tidy CSV or Markdown")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--to",
        choices=("json", "csv", "md"),
        default="json",
        help="json: one object per report (a list for several files); csv: one row per table "
        "cell; md: the official layout as Markdown",
    )
    p.set_defaults(run=_cmd_parse)

    v = sub.add_parser("validate", help="check reports against every consistency rule")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--json", action="store_true", help="print the findings as JSON")
    v.add_argument(
        "-v", "--verbose", action="store_true", help="also show what the parser repaired (info)"
    )
    v.set_defaults(run=_cmd_validate)
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
    try:
        code: int = args.run(args, out, err)
    except _UnreadableError as e:
        print(f"govdisclosure: error: {e}", file=err)
        return EXIT_UNREADABLE
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
