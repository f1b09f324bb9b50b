"""Cell accuracy on reports converted by real tools: LibreOffice and poppler's pdftotext.

Run with ``python benchmarks/conversions.py [--reports N] [--keep DIR]``. Needs
LibreOffice (``soffice``) and poppler-utils (``pdftotext``) on the PATH; CI has neither,
so this is a measurement, not a test.

Generated reports of both formats (``govdisclosure.strategies.reports``, with long prose
so that the tables break across pages) are written in the official HTML layout, then
turned by the tools into the files users download or extract:

* ``docx``: HTML → DOCX (LibreOffice), read by python-docx;
* ``pdf``: HTML → PDF (LibreOffice Writer), read by pdfplumber;
* ``docx-pdf``: HTML → DOCX → PDF (LibreOffice), read by pdfplumber;
* ``pdftotext``, ``pdftotext-layout``, ``pdftotext-raw``: that PDF → text by pdftotext
  in its three modes, read by the text parser;
* ``docx-txt``: DOCX → text by LibreOffice.

With ``--source word`` the start is a Word file in the official layout (merged cells,
repeated header rows; written by python-docx): ``docx`` is that file, ``pdf`` and
``docx-pdf`` its PDF by LibreOffice.

For each conversion the table shows how many reports came back whole (every cell, the
body, the year and the format), and the share of cells right. ``--keep DIR`` leaves the
converted files there, with a ``.diff`` beside each report that did not come back whole.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from govdisclosure.errors import ParseError
from govdisclosure.model import Missing, Report
from govdisclosure.parse import parse_file
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
    import attrs

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


def convert_all(
    reports: list[Report], work: Path, *, ruled: bool, source: str
) -> dict[str, list[Path]]:
    """Write every report in every conversion; returns the files of each."""
    for name in ("docx", "pdf", "docx-pdf", "docx-txt"):
        (work / name).mkdir()
    if source == "word":
        # A Word file written by python-docx: "docx" is it, "pdf" and "docx-pdf" its PDF.
        write = _word_writer()
        for i, report in enumerate(reports):
            (work / "docx" / f"r{i:03d}.docx").write_bytes(write(report))
        docx = sorted(f"docx/{p.name}" for p in (work / "docx").glob("*.docx"))
        soffice(["--convert-to", "pdf", "--outdir", "pdf", *docx], work)
    else:
        for i, report in enumerate(reports):
            page = report_to_html(report)
            if ruled:
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
        (work / mode).mkdir()
        for pdf in sorted((work / "pdf").glob("*.pdf")):
            out = work / mode / f"{pdf.stem}.txt"
            subprocess.run(["pdftotext", *flags, "-enc", "UTF-8", str(pdf), str(out)], check=True)
    files: dict[str, list[Path]] = {}
    for name in CONVERSIONS:
        files[name] = sorted((work / name).iterdir())
    return files


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=20, help="how many reports (default 20)")
    parser.add_argument("--keep", type=Path, help="leave the converted files in this folder")
    parser.add_argument(
        "--source",
        choices=("html", "word"),
        default="html",
        help="html: the official-layout web page, converted by LibreOffice (default); "
        "word: a Word file in the official layout written by python-docx",
    )
    parser.add_argument("--ruled", action="store_true", help="draw the tables' borders (border=1)")
    parser.add_argument("--missing", action="store_true", help="let tables have blank or '/' cells")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)} on the PATH", file=sys.stderr)
        return 2
    reports = [padded(r) for r in generated_reports(args.reports, allow_missing=args.missing)]
    work = Path(tempfile.mkdtemp()) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    files = convert_all(reports, work, ruled=args.ruled, source=args.source)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name, paths in files.items():
        for path in paths:
            i = int(path.stem[1:])
            report = reports[i]
            total = cell_count(report)
            row = totals[name]
            row[1] += 1
            row[3] += total
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
            row[2] += total - wrong
            if not diff:
                row[0] += 1
            elif args.keep is not None:
                path.with_suffix(path.suffix + ".diff").write_text("\n".join(diff) + "\n")
    print(f"{'conversion':<18} {'whole reports':>14} {'cells right':>16}")
    for name in CONVERSIONS:
        whole, count, right, cells = totals[name]
        share = right / cells if cells else 0.0
        print(f"{name:<18} {whole:>6}/{count:<7} {share:>15.2%}")
    if args.keep is None:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
