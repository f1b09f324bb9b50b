"""How fast each stage reads a report, against the floor it cannot beat, in one run.

Run with ``python benchmarks/speed.py [--repeats 7] [--files DIR ...]``. Each stage is
timed in CPU seconds, interleaved with its floor on the same input and repeated (the
median counts), so that a machine busy with other work slows both alike. Repeating a
parse measures a cold one: what the parser keeps of a document's lines (each distinct
line folded once) lasts for that document's parse only, and what it keeps across parses
depends on the official labels and layouts alone.

* text: one ``regex`` ``\\S+`` pass over the text, against ``parse_text``;
* HTML: a bare ``lxml.html.fromstring`` of the page, against the HTML source
  (``read_html``) and the whole ``parse_file``;
* PDF: bare character extraction (characters with their boxes and fonts, and the
  pages' paths) with PDFium (pypdfium2) and with pdfplumber, against the PDF source
  (``read_pdf``) and ``parse_file``;
* DOCX: opening the file with python-docx, against the Word source (``read_docx``) and
  ``parse_file``.

The inputs are the project's own: sample reports rendered in several text layouts and
as a web page and a Word file, the PDFs of ``tests/fixtures``, the seed reports of
``../shared/corpus`` when present, and every ``.html``, ``.pdf`` and ``.docx`` under the
``--files`` folders (the converted reports that ``benchmarks/conversions.py --keep``
writes, for instance). The table gives, per stage, the median time per input, its ratio
to the floor, and reports per second per core; then how ``parse_text`` grows from a 1 MB
to a 10 MB text (linear growth: about 10x).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import regex

from govdisclosure.layouts import render
from govdisclosure.parse import parse_file, parse_text
from govdisclosure.serialize.render import report_to_html
from govdisclosure.sources import read_docx, read_html, read_pdf

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
_WORD = regex.compile(r"\S+")
_LAYOUTS = ("clean_tsv", "split_cells", "flattened", "markdown", "page_breaks")


def _fixtures() -> ModuleType:
    path = _ROOT / "tests" / "fixtures" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    with contextlib.suppress(Exception):  # a stage that refuses an input took its time too
        fn()
    return time.process_time() - start


# --- floors --------------------------------------------------------------------------------


def _lxml_floor(data: bytes) -> Callable[[], object]:
    import lxml.html

    return lambda: lxml.html.fromstring(data)


def _pdfium_floor(data: bytes) -> Callable[[], object]:
    """Every character with its box, size and font, and every path's points."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    def run() -> None:
        document = pypdfium2.PdfDocument(data)
        box = raw.FS_RECTF()
        x, y = ctypes.c_float(), ctypes.c_float()
        for page in document:
            textpage = page.get_textpage()
            for i in range(raw.FPDFText_CountChars(textpage.raw)):
                raw.FPDFText_GetUnicode(textpage.raw, i)
                raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(box))
                raw.FPDFText_GetFontSize(textpage.raw, i)
                raw.FPDFText_GetTextObject(textpage.raw, i)
            for k in range(raw.FPDFPage_CountObjects(page.raw)):
                obj = raw.FPDFPage_GetObject(page.raw, k)
                if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_PATH:
                    for s in range(raw.FPDFPath_CountSegments(obj)):
                        segment = raw.FPDFPath_GetPathSegment(obj, s)
                        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            textpage.close()
            page.close()
        document.close()

    return run


def _pdfplumber_floor(data: bytes) -> Callable[[], object] | None:
    try:
        import pdfplumber
    except ImportError:
        return None

    def run() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.chars  # noqa: B018
                page.edges  # noqa: B018
                page.close()

    return run


def _docx_floor(data: bytes) -> Callable[[], object]:
    import docx

    return lambda: docx.Document(io.BytesIO(data))


# --- inputs --------------------------------------------------------------------------------


def _inputs(folders: list[Path], tmp: Path) -> dict[str, list[tuple[str, Path]]]:
    fixtures = _fixtures()
    reports = [fixtures.sample_report(fmt) for fmt in ("2021", "2019")]
    inputs: dict[str, list[tuple[str, Path]]] = {"text": [], "html": [], "pdf": [], "docx": []}
    for i, report in enumerate(reports):
        for layout in _LAYOUTS:
            path = tmp / f"report{i}-{layout}.txt"
            path.write_text(render(report, layout), encoding="utf-8")
            inputs["text"].append((f"{report.format.value} {layout}", path))
        page = tmp / f"report{i}.html"
        page.write_text(report_to_html(report), encoding="utf-8")
        inputs["html"].append((f"{report.format.value} rendered", page))
        word = tmp / f"report{i}.docx"
        word.write_bytes(fixtures.report_to_docx(report))
        inputs["docx"].append((f"{report.format.value} python-docx", word))
    for pdf in sorted((_ROOT / "tests" / "fixtures").glob("*.pdf")):
        inputs["pdf"].append((pdf.name, pdf))
    seeds = _ROOT.parent / "shared" / "corpus" / "seeds"
    for seed in sorted(seeds.glob("*.txt")):
        inputs["text"].append((f"seed {seed.stem[:3]}", seed))
    for folder in folders:
        for kind in ("html", "pdf", "docx"):
            for path in sorted(folder.rglob(f"*.{kind}")):
                inputs[kind].append((str(path.relative_to(folder)), path))
    return inputs


def _stages(kind: str, path: Path) -> dict[str, Callable[[], object]]:
    data = path.read_bytes()
    if kind == "text":
        text = data.decode("utf-8")
        return {
            "floor: regex \\S+": lambda: _WORD.findall(text),
            "parse_text": lambda: parse_text(text),
        }
    stages: dict[str, Callable[[], object]] = {}
    if kind == "html":
        stages["floor: lxml.html"] = _lxml_floor(data)
        stages["source: read_html"] = lambda: read_html(data)
    elif kind == "pdf":
        stages["floor: pdfium chars"] = _pdfium_floor(data)
        plumber = _pdfplumber_floor(data)
        if plumber is not None:
            stages["floor: pdfplumber chars"] = plumber
        stages["source: read_pdf"] = lambda: read_pdf(data)
    else:
        stages["floor: python-docx"] = _docx_floor(data)
        stages["source: read_docx"] = lambda: read_docx(data)
    stages["parse_file"] = lambda: parse_file(path)
    return stages


# --- the run ---------------------------------------------------------------------------------


def _measure(kind: str, inputs: list[tuple[str, Path]], repeats: int) -> dict[str, list[float]]:
    """Per stage, the median CPU time of each input (interleaved, repeated)."""
    stages = [_stages(kind, path) for _, path in inputs]
    for named in stages:  # warm up: imports, caches
        for fn in named.values():
            _cpu(fn)
    times: list[dict[str, list[float]]] = [{name: [] for name in s} for s in stages]
    for rep in range(repeats):
        for named, out in zip(stages, times, strict=True):
            order = list(named)
            order = order[rep % len(order) :] + order[: rep % len(order)]
            for name in order:
                out[name].append(_cpu(named[name]))
    medians: dict[str, list[float]] = {}
    for out in times:
        for name, values in out.items():
            medians.setdefault(name, []).append(statistics.median(values))
    return medians


def _report(kind: str, count: int, medians: dict[str, list[float]]) -> None:
    floors = {name: sum(v) for name, v in medians.items() if name.startswith("floor")}
    floor_name = next(iter(floors))
    print(f"\n{kind} ({count} inputs)")
    print(f"  {'stage':26} {'ms/input':>9} {'x ' + floor_name[7:]:>22} {'reports/s/core':>15}")
    for name, values in medians.items():
        total = sum(values)
        ratio = total / floors[floor_name] if floors[floor_name] else float("nan")
        per_second = count / total if total else float("inf")
        print(f"  {name:26} {1000 * total / count:9.2f} {ratio:22.2f} {per_second:15.1f}")
    if kind == "pdf" and len(floors) > 1:
        source = sum(medians["source: read_pdf"])
        for name, total in floors.items():
            print(f"  read_pdf / {name[7:]}: {source / total:.2f}")


def _growth() -> None:
    spec = importlib.util.spec_from_file_location("parse_scaling", _HERE / "parse_scaling.py")
    assert spec is not None
    assert spec.loader is not None
    scaling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaling)
    seconds: list[float] = []
    sizes: list[int] = []
    for megabytes in (1, 10):
        paragraphs = 20
        text = render(scaling.padded_report(paragraphs), "clean_tsv")
        # about 1 MB (10 MB) of UTF-8: grow the padding in proportion
        paragraphs = max(1, int(paragraphs * megabytes * 2**20 / len(text.encode())))
        text = render(scaling.padded_report(paragraphs), "clean_tsv")
        sizes.append(len(text.encode()))
        seconds.append(_cpu(lambda text=text: parse_text(text)))
    print(
        f"\ntext growth: {sizes[0] / 2**20:.1f} MB in {seconds[0]:.2f} s, "
        f"{sizes[1] / 2**20:.1f} MB in {seconds[1]:.2f} s: "
        f"{seconds[1] / seconds[0]:.1f}x for {sizes[1] / sizes[0]:.1f}x the text"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--files", type=Path, nargs="*", default=[], help="folders of reports")
    parser.add_argument("--kinds", nargs="*", default=["text", "html", "pdf", "docx"])
    parser.add_argument("--no-growth", action="store_true", help="skip the 1 MB / 10 MB run")
    args = parser.parse_args()
    random.seed(0)
    import govdisclosure

    print(
        f"govdisclosure from {Path(govdisclosure.__file__).parent}; CPU ms, medians of {args.repeats}"
    )
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        inputs = _inputs(args.files, Path(tmp))
        for kind in args.kinds:
            if inputs[kind]:
                _report(kind, len(inputs[kind]), _measure(kind, inputs[kind], args.repeats))
    if not args.no_growth:
        _growth()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
