"""Cell accuracy on reports converted by real tools: LibreOffice and poppler's pdftotext.

Run with ``python benchmarks/conversions.py [--reports N] [--keep DIR] [--reuse DIR]``.
Needs LibreOffice (``soffice``) and poppler-utils (``pdftotext``) on the PATH; CI has
neither, so this is a measurement, not a test.

Generated reports of both formats (``govdisclosure.strategies.reports``, with long prose
so that the tables break across pages) are written in one of several source
configurations, then turned by the tools into the files users download or extract. The
source configurations (``--config``, repeatable; default: all):

* ``html``: the official-layout web page (``report_to_html``), converted by LibreOffice;
* ``htmlmissing``: the same, with blank or ``/`` cells in the tables;
* ``htmlruledmissing``: the same with the tables' borders drawn (``border=1``);
* ``word``: a Word file in the official layout (merged cells, repeated header rows;
  written by python-docx);
* ``wordmissing``: the same, with blank or ``/`` cells.

The conversions of each:

* ``docx``: HTML → DOCX (LibreOffice; from Word: the Word file itself), read by python-docx;
* ``pdf``: HTML → PDF (LibreOffice Writer; from Word: its PDF by LibreOffice), read by
  pdfplumber;
* ``docx-pdf``: the DOCX → PDF (LibreOffice), read by pdfplumber;
* ``pdftotext``, ``pdftotext-layout``, ``pdftotext-raw``: the ``pdf`` → text by pdftotext
  in its three modes, read by the text parser;
* ``docx-txt``: the DOCX → text by LibreOffice.

One command prints the whole matrix: for each conversion and configuration, how many
reports came back whole (every cell, the body, the year and the format), and the share of
cells right. ``--keep DIR`` leaves the converted files in ``DIR/<config>/<conversion>/``
with each report's truth (``rNNN.json``) and a ``.diff`` beside each report that did not
come back whole (``--diffs DIR`` writes them elsewhere). ``--reuse DIR`` reads the files
kept there instead of converting again
(a configuration missing from ``DIR`` is converted, and kept there); a folder kept
without the truth files is scored against its source files (the web page, the Word file),
which every version of the parser reads whole.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from govdisclosure.errors import ParseError
from govdisclosure.model import Missing, Report
from govdisclosure.parse import parse_file
from govdisclosure.serialize import from_json, to_json
from govdisclosure.serialize.render import report_to_html

CONVERSIONS = (
    "docx",
    "pdf",
    "docx-pdf",
    "pdftotext",
    "pdftotext-layout",
    "pdftotext-raw",
    "docx-txt",
)


@attrs.frozen
class Config:
    """A source configuration: how the reports are generated and first written."""

    name: str
    source: str
    """``html`` (the web page) or ``word`` (a Word file by python-docx)."""
    missing: bool = False
    """Blank or ``/`` cells in the tables."""
    ruled: bool = False
    """The web page's tables with their borders drawn."""


CONFIGS = (
    Config("html", "html"),
    Config("htmlmissing", "html", missing=True),
    Config("htmlruledmissing", "html", missing=True, ruled=True),
    Config("word", "word"),
    Config("wordmissing", "word", missing=True),
)


def generated_reports(count: int, *, allow_missing: bool) -> list[Report]:
    """``count`` reports of both formats, the same on every run."""
    from hypothesis import HealthCheck, given, settings

    from govdisclosure import strategies as gds

    found: list[Report] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(gds.reports(allow_missing=allow_missing))
    def collect(report: Report) -> None:
        found.append(report)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return found[:count]


def padded(report: Report) -> Report:
    """The report with section 一 long enough that the tables start late on a page."""
    from govdisclosure.model import Section, SectionKey

    filler = (
        "围绕中心工作，持续深化重点领域信息公开，不断提升政务公开的质量和实效。"
        "严格落实信息发布保密审查制度，坚持先审查、后公开，做到应公开尽公开。"
    )
    sections = [
        attrs.evolve(s, text=(s.text + "\n" if s.text else "") + "\n".join([filler] * 9))
        if s.key is SectionKey.OVERVIEW
        else s
        for s in report.sections
    ] or [Section(SectionKey.OVERVIEW, "\n".join([filler] * 9))]
    return attrs.evolve(report, sections=tuple(sections))


def soffice(args: list[str], cwd: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--norestore", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=600,
    )


def _word_writer() -> Callable[[Report], bytes]:
    """The Word writer of the test fixtures (python-docx, official layout, merged cells)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Callable[[Report], bytes] = module.report_to_docx
    return writer


def convert_all(reports: Sequence[Report], work: Path, config: Config) -> None:
    """Write every report in every conversion under ``work``, with its truth."""
    for name in ("docx", "pdf", "docx-pdf", "docx-txt"):
        (work / name).mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(reports):
        (work / f"r{i:03d}.json").write_text(to_json(report), encoding="utf-8")
    if config.source == "word":
        # A Word file written by python-docx: "docx" is it, "pdf" and "docx-pdf" its PDF.
        write = _word_writer()
        for i, report in enumerate(reports):
            (work / "docx" / f"r{i:03d}.docx").write_bytes(write(report))
        docx = sorted(f"docx/{p.name}" for p in (work / "docx").glob("*.docx"))
        soffice(["--convert-to", "pdf", "--outdir", "pdf", *docx], work)
    else:
        for i, report in enumerate(reports):
            page = report_to_html(report)
            if config.ruled:
                page = page.replace("<table ", '<table border="1" cellspacing="0" ')
            (work / f"r{i:03d}.html").write_text(page, encoding="utf-8")
        html = sorted(str(p.name) for p in work.glob("r*.html"))
        filt = "--infilter=HTML (StarWriter)"
        soffice([filt, "--convert-to", "docx", "--outdir", "docx", *html], work)
        soffice([filt, "--convert-to", "pdf", "--outdir", "pdf", *html], work)
        docx = sorted(f"docx/{p.name}" for p in (work / "docx").glob("*.docx"))
    soffice(["--convert-to", "pdf", "--outdir", "docx-pdf", *docx], work)
    soffice(["--convert-to", "txt:Text (encoded):UTF8", "--outdir", "docx-txt", *docx], work)
    for mode, flags in (
        ("pdftotext", []),
        ("pdftotext-layout", ["-layout"]),
        ("pdftotext-raw", ["-raw"]),
    ):
        (work / mode).mkdir(exist_ok=True)
        for pdf in sorted((work / "pdf").glob("*.pdf")):
            out = work / mode / f"{pdf.stem}.txt"
            subprocess.run(["pdftotext", *flags, "-enc", "UTF-8", str(pdf), str(out)], check=True)


def kept(work: Path) -> bool:
    """``work`` holds every conversion of a configuration."""
    return all(any(p.suffix != ".diff" for p in (work / n).glob("r*")) for n in CONVERSIONS)


def truths(work: Path, config: Config) -> dict[int, Report]:
    """Each report's truth: its ``rNNN.json``, or else what its source file reads as."""
    found: dict[int, Report] = {}
    for path in sorted(work.glob("r*.json")):
        found[int(path.stem[1:])] = from_json(path.read_bytes())
    if found:
        return found
    sources = work.glob("r*.html") if config.source == "html" else (work / "docx").glob("*.docx")
    for path in sorted(sources):
        found[int(path.stem[1:])] = parse_file(path).report
    return found


def differences(parsed: Report, report: Report) -> list[str]:
    out = [
        f"{field}: got {getattr(parsed, field)!r}, expected {getattr(report, field)!r}"
        for field in ("agency", "year", "format")
        if getattr(parsed, field) != getattr(report, field)
    ]
    if parsed.format != report.format:
        return out
    for got_table, want_table in zip(parsed.tables, report.tables, strict=True):
        for got, want in zip(got_table, want_table, strict=True):
            same = got.value == want.value or (
                isinstance(got.value, Missing) and isinstance(want.value, Missing)
            )
            if not same:
                out.append(
                    f"{want_table.key.key}.{want.row_key}.{want.column_key}: "
                    f"got {got.value!r}, expected {want.value!r} (line {got.line})"
                )
    return out


def cell_count(report: Report) -> int:
    return sum(1 for table in report.tables for _ in table)


@attrs.define
class Score:
    whole: int = 0
    count: int = 0
    right: int = 0
    cells: int = 0

    def __str__(self) -> str:
        share = self.right / self.cells if self.cells else 0.0
        return f"{self.whole:>2}/{self.count:<2} {share:>7.2%}"


def score(work: Path, truth: dict[int, Report], conversion: str, diffs: Path | None) -> Score:
    """How ``conversion``'s files in ``work`` read; each report's differences go to
    ``diffs`` (a ``.diff`` beside the converted file's name) when it is given."""
    out = Score()
    for path in sorted((work / conversion).glob("r*")):
        if path.suffix == ".diff" or int(path.stem[1:]) not in truth:
            continue
        report = truth[int(path.stem[1:])]
        total = cell_count(report)
        out.count += 1
        out.cells += total
        try:
            parsed = parse_file(path, timeout=None).report
        except ParseError as exc:
            diff = [f"ParseError: {exc}"]
            wrong = total
        else:
            diff = differences(parsed, report)
            wrong = (
                total
                if parsed.format != report.format
                else sum(1 for d in diff if not d.startswith(("agency", "year", "format")))
            )
        out.right += total - wrong
        out.whole += not diff
        if diffs is not None:
            diffs.mkdir(parents=True, exist_ok=True)
            note = diffs / (path.name + ".diff")
            if diff:
                note.write_text("\n".join(diff) + "\n", encoding="utf-8")
            elif note.exists():
                note.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=30, help="how many reports (default 30)")
    parser.add_argument(
        "--config",
        action="append",
        choices=[c.name for c in CONFIGS],
        help="a source configuration (repeatable; default: all)",
    )
    parser.add_argument(
        "--conversion",
        action="append",
        choices=CONVERSIONS,
        help="score only this conversion (repeatable; default: all)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, help="leave the converted files in this folder")
    where.add_argument(
        "--reuse", type=Path, help="read the files kept in this folder (convert what is not)"
    )
    parser.add_argument(
        "--diffs",
        type=Path,
        help="write each report's differences here (default with --keep: beside the files)",
    )
    args = parser.parse_args(argv)
    configs = [c for c in CONFIGS if args.config is None or c.name in args.config]
    conversions = [c for c in CONVERSIONS if args.conversion is None or c in args.conversion]
    folder = args.keep or args.reuse
    work = Path(tempfile.mkdtemp()) if folder is None else folder
    generated: dict[bool, list[Report]] = {}
    scores: dict[tuple[str, str], Score] = {}
    try:
        for config in configs:
            here = work / config.name
            if args.reuse is None or not kept(here):
                tools = [t for t in ("soffice", "pdftotext") if shutil.which(t) is None]
                if tools:
                    print(f"needs {' and '.join(tools)} on the PATH", file=sys.stderr)
                    return 2
                if config.missing not in generated:
                    generated[config.missing] = [
                        padded(r)
                        for r in generated_reports(args.reports, allow_missing=config.missing)
                    ]
                if here.exists():
                    shutil.rmtree(here)
                here.mkdir(parents=True)
                convert_all(generated[config.missing], here, config)
            truth = truths(here, config)
            for conversion in conversions:
                diffs = args.diffs / config.name / conversion if args.diffs else None
                if diffs is None and args.keep is not None:
                    diffs = here / conversion
                scores[conversion, config.name] = score(here, truth, conversion, diffs)
    finally:
        if folder is None:
            shutil.rmtree(work)
    width = 16
    print(f"{'conversion':<18}" + "".join(f"{c.name:>{width}}" for c in configs))
    for conversion in conversions:
        cells = "".join(f"{scores[conversion, c.name]!s:>{width}}" for c in configs)
        print(f"{conversion:<18}{cells}")
    print("(each cell: reports read whole / reports, share of cells right)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
