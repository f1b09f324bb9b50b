"""The fuzzing harness of ``tests/fuzz``: its mutators, its judge of outcomes, its
shrinker, and a short slice of the fuzzing run itself.

The slice runs a few hundred damaged reports in two worker processes; the long run
(``python tests/fuzz/harness.py``) is described in ``CONTRIBUTING.md`` (Fuzzing).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from fuzz.mutators import (
    MUTATORS,
    Base,
    base_texts,
    file_cases,
    interleave,
    text_cases,
    truncations,
)
from fuzz.runner import Case, Limits, run_case, run_cases, shrink

_SEED = int(os.environ.get("GOVDISCLOSURE_FUZZ_SEED", "0"))


@pytest.fixture(scope="module")
def bases() -> list[Base]:
    return base_texts(2, seed=_SEED)


def test_bases_render_every_layout(bases: list[Base]) -> None:
    from govdisclosure.layouts import LAYOUTS

    assert len(bases) == 2 * len(LAYOUTS)
    assert {b.name.split("-", 1)[1] for b in bases} == {layout.value for layout in LAYOUTS}


@pytest.mark.parametrize("name", sorted(MUTATORS))
def test_every_mutator_damages_reproducibly(name: str, bases: list[Base]) -> None:
    mutator = MUTATORS[name]
    texts = [mutator(b.text, random.Random(f"{name}:{k}"), bases) for k, b in enumerate(bases)]
    again = [mutator(b.text, random.Random(f"{name}:{k}"), bases) for k, b in enumerate(bases)]
    assert texts == again
    assert any(t != b.text for t, b in zip(texts, bases, strict=True))


def test_truncations_reach_every_line_and_character() -> None:
    base = Base("tiny", "ab\ncd\ne")
    cuts = [text for _, text in truncations([base])]
    assert cuts[:2] == ["ab", "ab\ncd"]
    assert sorted(cuts[2:]) == sorted(base.text[:k] for k in range(1, len(base.text)))


def test_text_cases_are_reproducible_and_varied(bases: list[Base]) -> None:
    first = [c.recipe for _, c in zip(range(200), text_cases(bases, seed=3), strict=False)]
    again = [c.recipe for _, c in zip(range(200), text_cases(bases, seed=3), strict=False)]
    assert first == again
    used = {step for recipe in first for step in recipe.split("|")[1].split("+")}
    assert set(MUTATORS) <= used
    assert any("|line<" in r for r in first)
    assert any(r.endswith(("|gb18030", "|utf-16")) for r in first)


def test_shrinking_keeps_the_failure_and_drops_the_rest() -> None:
    case = Case("c", "text", "", "第一行\n第二行 BOOM 之后\n第三行\n" * 3)
    small = shrink(case, lambda c: "BOOM" in (c.text or ""))
    assert small.text == "BOOM"
    encoded = shrink(Case("e", "bytes", "", ("x\nBOOM\ny", "gb18030")), lambda c: True)
    assert encoded.payload == ("", "gb18030")


def test_a_case_is_judged_in_process(tmp_path: Path, bases: list[Base]) -> None:
    limits = Limits()
    parsed = run_case(Case("ok", "text", "", bases[0].text), limits, tmp_path)
    assert (parsed.status, parsed.failure) == ("parsed", None)
    refused = run_case(Case("no", "bytes", "", ("\x00" * 50, "utf-8")), limits, tmp_path)
    assert (refused.status, refused.failure) == ("refused", None)
    assert refused.size == 50


def test_the_runner_finds_and_classifies_planted_failures() -> None:
    texts = ["正常", "BOOM", "REFUSE", "HANG", "HOG", "SLOW", "正常 BOOM 之后\n尾巴"]
    cases = [Case(f"p{k}", "text", f"planted {t}", t) for k, t in enumerate(texts)]
    families = file_cases("fuzz.planted:FAMILIES", scales=(1, 3))
    cases += [next(families) for _ in range(4)]
    run = run_cases(
        cases,
        workers=2,
        limits=Limits(seconds_per_100kb=0.1, kill_seconds=8.0, rss_mb=150),
        check="fuzz.planted:check_case",
        shrink_seconds=3.0,
    )
    assert run.cases == len(cases)
    assert dict(run.failures) == {
        "crash:KeyError@planted.py:check_case": 2,
        "hang": 1,
        "memory": 1,
        "slow": 1,
    }
    assert run.statuses["refused"] == 1
    assert run.reproducers["crash:KeyError@planted.py:check_case"].text == "BOOM"
    assert run.statuses["parsed"] == 1 + 4  # the harmless text and every file


def test_file_and_text_cases_interleave(bases: list[Base]) -> None:
    mixed = interleave(text_cases(bases), file_cases("fuzz.planted:FAMILIES"), 0.5)
    kinds = [c.kind for _, c in zip(range(100), mixed, strict=False)]
    assert "file" in kinds
    assert {"text", "bytes"} & set(kinds)


def test_a_slice_of_the_fuzzing_run_finds_nothing(tmp_path: Path) -> None:
    """A few hundred damaged reports of every layout: any failure is a bug to fix, with
    its shrunk reproducer under the folder printed."""
    bases = base_texts(4, seed=_SEED)
    run = run_cases(text_cases(bases, seed=_SEED), max_cases=300, workers=2, shrink_seconds=30)
    out = tmp_path / "fuzz"
    run.write(out)
    assert run.cases == 300
    assert run.ok, f"{run.summary()}\n(inputs and reproducers in {out})"
