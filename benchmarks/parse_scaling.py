"""How parsing time grows with the size of the input: it should grow linearly.

Run with ``python benchmarks/parse_scaling.py``. Two inputs of growing size:

* a report whose sections 一 and 五 are padded with more and more paragraphs (a long
  report: the usual case), in the clean and the flattened layout;
* random text made of the report's vocabulary (the parser must refuse it quickly).

For each size the table shows the seconds taken (best of three) and the time per 1,000
characters, which stays about flat when growth is linear.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable

import attrs

from govdisclosure.errors import ParseError
from govdisclosure.layouts import render
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Report,
    Section,
    SectionKey,
)
from govdisclosure.parse import parse_text

SIZES = (1, 2, 4, 8, 16, 32, 64)
_SENTENCES = (
    "围绕中心工作，持续深化重点领域信息公开，不断提升政务公开的质量和实效。",
    "严格落实信息发布保密审查制度，坚持先审查、后公开，做到应公开尽公开。",
    "加强政策解读工作，通过图文解读、问答等形式，帮助群众更好理解政策内容。",
)


def _base() -> Report:
    active = ActiveTable.empty("2021")
    applications = ApplicationsTable.empty("2021")
    appeals = AppealsTable.empty()
    return Report(
        agency="某县人民政府办公室",
        year=2023,
        format="2021",
        active=active.with_values(dict.fromkeys(active.layout.cells, 1)),
        applications=applications.with_values(dict.fromkeys(applications.layout.cells, 0)),
        appeals=appeals.with_values(dict.fromkeys(appeals.layout.cells, 0)),
        title="某县人民政府办公室2023年政府信息公开工作年度报告",
        sections=[Section(key) for key in SectionKey],
    )


def padded_report(paragraphs: int) -> Report:
    rng = random.Random(paragraphs)
    text = "\n".join("".join(rng.choice(_SENTENCES) for _ in range(4)) for _ in range(paragraphs))
    sections = [
        Section(s.key, text if s.key in (SectionKey.OVERVIEW, SectionKey.PROBLEMS) else "")
        for s in _base().sections
    ]
    return attrs.evolve(_base(), sections=sections)


def random_text(chars: int) -> str:
    rng = random.Random(chars)
    vocabulary = [k.label for k in SectionKey] + list("0123456789\t\n 政府信息公开年度报告总计")
    out: list[str] = []
    size = 0
    while size < chars:
        token = rng.choice(vocabulary)
        out.append(token)
        size += len(token)
    return "".join(out)


def _time(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _parse_or_refuse(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_text(text, timeout=None)  # measured, not cut short


def main() -> None:
    print(f"{'input':<22}{'chars':>10}{'seconds':>12}{'ms / 1k chars':>16}")
    for name, make in (
        ("report, clean_tsv", lambda n: render(padded_report(n * 20), "clean_tsv")),
        ("report, flattened", lambda n: render(padded_report(n * 20), "flattened")),
        ("random vocabulary", lambda n: random_text(n * 20_000)),
    ):
        for n in SIZES:
            text = make(n)
            seconds = _time(lambda text=text: _parse_or_refuse(text))
            print(
                f"{name:<22}{len(text):>10}{seconds:>12.4f}{1000 * seconds / len(text) * 1000:>16.3f}"
            )
        print()


if __name__ == "__main__":
    main()
