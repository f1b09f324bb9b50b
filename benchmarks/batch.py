"""The batch command line: reports per second with one and two processes, and memory that
stays flat however many files there are.

Run with ``python benchmarks/batch.py [--files 200] [--pdfs 20] [--memory 1000,10000]``.

* **Speed**: ``govdisclosure parse DIR -o cells.csv -j N`` over folders of text reports,
  web pages and PDFs (the PDFs printed from the web pages by LibreOffice when ``soffice`` is
  on the PATH, or taken from ``--pdf-dir``), at ``-j 1`` and ``-j 2``: reports per second
  (wall time, including the start of the pool) and the speed-up. On two idle cores the
  goal is 1.7× or more.
* **Memory**: the peak resident memory of the command's own process, and of the largest
  of its worker processes, reading 1,000 and 10,000 text reports: the stream holds a few
  reports at a time, so the peak should not grow with the number of files.

The reports are made here (an invented county's departments, each a little different)
with the library's renderers; nothing is read from outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

from govdisclosure.layouts import Layout, render
from govdisclosure.model import Report
from govdisclosure.serialize.render import report_to_html

_HERE = Path(__file__).resolve().parent
_BODIES = ("人民政府办公室", "发展和改革局", "教育局", "公安局", "民政局", "财政局", "交通运输局")
_LAYOUTS = (Layout.CLEAN_TSV, Layout.SPLIT_CELLS, Layout.PAGE_BREAKS, Layout.FLATTENED)


def _base() -> Report:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_examples", _HERE.parent / "examples" / "make_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: Report = module.city_office_2024()
    return report


def reports(count: int) -> list[Report]:
    """``count`` distinct reports: other bodies, other numbers in a few cells."""
    base = _base()
    out = []
    for i in range(count):
        agency = f"示例县{_BODIES[i % len(_BODIES)]}{i // len(_BODIES) or ''}"
        active = base.active.with_values({("administrative_licensing", "decisions"): 1000 + i})
        out.append(attrs.evolve(base, agency=agency, active=active, title=""))
    return out


def write_texts(folder: Path, count: int, *, distinct: int = 50) -> None:
    """``count`` text reports in ``folder``: ``distinct`` renderings, then copies of them
    under other names (rendering ten thousand would take longer than reading them)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [
        render(report, _LAYOUTS[i % len(_LAYOUTS)], seed=i)
        for i, report in enumerate(reports(min(count, distinct)))
    ]
    for i in range(count):
        (folder / f"r{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")


def write_pages(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(reports(count)):
        (folder / f"r{i:05d}.html").write_text(report_to_html(report), encoding="utf-8")


def write_pdfs(folder: Path, count: int, pdf_dir: Path | None) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if pdf_dir is not None:
        for i, path in enumerate(sorted(pdf_dir.glob("*.pdf"))[:count]):
            shutil.copyfile(path, folder / f"r{i:05d}.pdf")
        return any(folder.iterdir())
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    pages = folder / "pages"
    write_pages(pages, count)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sorted(str(p) for p in pages.glob("*.html")),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.rmtree(pages)
    return any(folder.glob("*.pdf"))


_PROBE = """
import resource, sys, time
from govdisclosure.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{code} {seconds} {own} {children}")
"""


def run_cli(folder: Path, jobs: int, out: Path) -> tuple[float, int, int]:
    """(seconds, peak KB of the command's process, peak KB of its largest child)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "parse", str(folder), "-o", str(out), "-j", str(jobs), "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    code, seconds, own, children = done.stdout.split()
    if code not in ("0", "2"):
        raise RuntimeError(done.stderr)
    return float(seconds), int(own), int(children)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="text and HTML reports timed")
    parser.add_argument("--pdfs", type=int, default=20, help="PDF reports timed")
    parser.add_argument("--pdf-dir", type=Path, help="PDFs to time instead of printing some")
    parser.add_argument("--memory", default="1000,10000", help="numbers of text reports")
    parser.add_argument("--only", choices=("speed", "memory"), help="run one half only")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    results: dict[str, object] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="gd-batch-") as tmp:
        root = Path(tmp)
        if args.only != "memory":
            results.update(speed(root, args))
        if args.only != "speed":
            results.update(memory(root, args))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def speed(root: Path, args: argparse.Namespace) -> dict[str, object]:
    """Reports per second of each kind of input at -j 1 and -j 2."""
    results: dict[str, object] = {}
    inputs = {"text": root / "text", "html": root / "html", "pdf": root / "pdf"}
    write_texts(inputs["text"], args.files)
    write_pages(inputs["html"], args.files)
    if not write_pdfs(inputs["pdf"], args.pdfs, args.pdf_dir):
        print("no PDF: soffice is not on the PATH and no --pdf-dir was given")
        del inputs["pdf"]
    print(f"{'input':<6} {'files':>6} {'-j 1 rep/s':>11} {'-j 2 rep/s':>11} {'speed-up':>9}")
    for kind, folder in inputs.items():
        files = len(list(folder.iterdir()))
        rates = []
        for jobs in (1, 2):
            seconds, _, _ = run_cli(folder, jobs, root / f"{kind}-{jobs}.csv")
            rates.append(files / seconds)
        results[kind] = {"files": files, "j1": rates[0], "j2": rates[1]}
        print(
            f"{kind:<6} {files:>6} {rates[0]:>11.1f} {rates[1]:>11.1f} {rates[1] / rates[0]:>8.2f}×"
        )
    return results


def memory(root: Path, args: argparse.Namespace) -> dict[str, object]:
    """Peak memory of the command (and of its largest worker) for growing numbers of files."""
    results: dict[str, object] = {}
    print(f"{'text files':>10} {'seconds':>8} {'rep/s':>7} {'peak MB':>8} {'worker MB':>10}")
    for count in (int(n) for n in args.memory.split(",")):
        folder = root / f"many-{count}"
        write_texts(folder, count)
        seconds, own, children = run_cli(folder, 2, root / f"many-{count}.csv")
        results[f"memory-{count}"] = {"seconds": seconds, "peak_kb": own, "child_kb": children}
        print(
            f"{count:>10} {seconds:>8.1f} {count / seconds:>7.1f} {own / 1024:>8.1f} "
            f"{children / 1024:>10.1f}"
        )
        shutil.rmtree(folder)
    return results


if __name__ == "__main__":
    sys.exit(main())
