"""Cell accuracy and false errors on Markdown as PDF-to-Markdown converters write it.

Run with ``python benchmarks/markdown.py [--reports N] [--seeds K] [LAYOUT ...]``.

Generated reports of both formats (``govdisclosure.strategies.reports``, with and without
missing cells, each consistent: every sum holds) are written in the converter layouts of
:mod:`govdisclosure.layouts` (``converter_markdown``, ``llm_markdown``; ``markdown`` for
comparison), ``K`` seeds each, and parsed back. For each layout the table shows how many
reports came back whole (every cell, the body, the year and the format), the share of
cells right, and the ``error`` findings of the parse and of ``validate`` on these correct
reports: each is a false error. Then reports with one deliberate inconsistency
(``inconsistent_reports``): how often the broken cell was read with certainty, and how
often, when it was, the broken rule came out as an ``error`` at that cell.

``--save DIR`` writes each rendered text and its report (JSON) there; ``--load DIR``
parses texts saved so, with whatever ``govdisclosure`` is first on ``PYTHONPATH``: that is
how the numbers *before* a change are taken (render with the new tree, parse with the
old one).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from govdisclosure.errors import ParseError
from govdisclosure.findings import Severity
from govdisclosure.model import Missing, Report
from govdisclosure.parse import parse_text
from govdisclosure.serialize import from_json, to_json
from govdisclosure.validate import validate

DEFAULT_LAYOUTS = ("markdown", "converter_markdown", "llm_markdown")


def _examples(strategy: object, count: int) -> list[object]:
    """``count`` examples of a Hypothesis strategy, the same on every run."""
    from hypothesis import HealthCheck, given, settings

    found: list[object] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example: object) -> None:
        found.append(example)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return found[:count]


def _cases(count: int) -> list[tuple[str, Report, dict[str, object] | None]]:
    """(kind, report, breakage) for consistent reports and for broken ones."""
    from govdisclosure import strategies as gds

    consistent = _examples(gds.reports(allow_missing=True, subtotal=None), count)
    consistent += _examples(gds.reports(subtotal=None, large_numbers=True), count)
    broken = _examples(gds.inconsistent_reports(), count)
    cases: list[tuple[str, Report, dict[str, object] | None]] = []
    cases += [("consistent", r, None) for r in consistent if isinstance(r, Report)]
    for pair in broken:
        report, breakage = pair  # type: ignore[misc]
        where = {"table": breakage.table, "row": breakage.row, "column": breakage.column}
        cases.append(("broken", report, {**where, "rule": breakage.rule}))
    return cases


def _right(parsed: Report, report: Report) -> tuple[int, int]:
    """(cells right, cells) of the tables."""
    right = total = 0
    for got_table, want_table in zip(parsed.tables, report.tables, strict=True):
        same_layout = got_table.layout == want_table.layout
        for want in want_table:
            total += 1
            if not same_layout:
                continue
            got = got_table[want.row_key, want.column_key]
            right += got == want.value or (
                isinstance(got, Missing) and isinstance(want.value, Missing)
            )
    return right, total


class _Tally:
    def __init__(self) -> None:
        self.reports = 0
        self.whole = 0
        self.right = 0
        self.cells = 0
        self.failed = 0
        self.errors = 0
        self.with_errors = 0
        self.broken = 0
        self.certain = 0
        self.caught = 0


def _score(
    tally: _Tally, text: str, kind: str, report: Report, where: dict[str, object] | None
) -> None:
    try:
        parsed, parse_findings = parse_text(text)
    except ParseError:
        tally.failed += 1
        if kind == "consistent":
            tally.reports += 1
            tally.cells += sum(1 for t in report.tables for _ in t)
        return
    found = [*parse_findings, *validate(parsed)]
    errors = [f for f in found if f.severity is Severity.ERROR]
    if kind == "consistent":
        tally.reports += 1
        right, cells = _right(parsed, report)
        tally.right += right
        tally.cells += cells
        same_meta = (parsed.agency, parsed.year, parsed.format) == (
            report.agency,
            report.year,
            report.format,
        )
        tally.whole += right == cells and same_meta
        tally.errors += len(errors)
        tally.with_errors += bool(errors)
        return
    assert where is not None
    tally.broken += 1
    table = parsed.table(str(where["table"]))
    try:
        cell = next(
            c for c in table if c.row_key == where["row"] and c.column_key == where["column"]
        )
    except StopIteration:
        return
    want = report.table(str(where["table"]))[str(where["row"]), str(where["column"])]
    if cell.value != want or cell.source is None or cell.source.uncertain is not None:
        return
    tally.certain += 1
    tally.caught += any(
        f.table == where["table"] and (f.row == where["row"] or f.column == where["column"])
        for f in errors
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("layouts", nargs="*", default=list(DEFAULT_LAYOUTS))
    parser.add_argument("--reports", type=int, default=20, help="reports of each kind")
    parser.add_argument("--seeds", type=int, default=3, help="renderings of each report")
    parser.add_argument("--save", type=Path, help="write the texts and reports here")
    parser.add_argument("--load", type=Path, help="parse the texts saved here")
    args = parser.parse_args(argv)
    items: list[tuple[str, str, str, Report, dict[str, object] | None]] = []
    if args.load is not None:
        for path in sorted(args.load.glob("*.case.json")):
            saved = json.loads(path.read_text("utf-8"))
            stem = str(path).removesuffix(".case.json")
            report = from_json(Path(f"{stem}.report.json").read_text("utf-8"))
            text = Path(f"{stem}.md").read_text("utf-8")
            items.append((saved["layout"], text, saved["kind"], report, saved["where"]))
    else:
        from govdisclosure.layouts import render

        cases = _cases(args.reports)
        for layout in args.layouts:
            for n, (kind, report, where) in enumerate(cases):
                for seed in range(args.seeds):
                    text = render(report, layout, seed=seed)
                    items.append((layout, text, kind, report, where))
                    if args.save is not None:
                        args.save.mkdir(parents=True, exist_ok=True)
                        stem = f"{args.save}/{layout}-{n:03d}-{seed}"
                        Path(f"{stem}.md").write_text(text, "utf-8")
                        Path(f"{stem}.report.json").write_text(to_json(report), "utf-8")
                        record = {"layout": layout, "kind": kind, "where": where}
                        Path(f"{stem}.case.json").write_text(json.dumps(record), "utf-8")
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for layout, text, kind, report, where in items:
        _score(tallies[layout], text, kind, report, where)
    print(
        f"{'layout':<20} {'whole':>9} {'cells right':>12} {'failed':>7} "
        f"{'false errors':>13} {'in reports':>11} {'broken: certain':>16} {'caught':>8}"
    )
    for layout, t in tallies.items():
        share = t.right / t.cells if t.cells else 0.0
        caught = f"{t.caught}/{t.certain}"
        print(
            f"{layout:<20} {t.whole:>4}/{t.reports:<4} {share:>12.2%} {t.failed:>7} "
            f"{t.errors:>13} {t.with_errors:>6}/{t.reports:<4} {t.certain:>8}/{t.broken:<7} "
            f"{caught:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
