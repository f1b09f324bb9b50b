"""Broken reports: generated reports rendered in every layout, then damaged.

Every case is reproducible from the run's seed and its number. The damage imitates what
reaches a crawler (a download cut short, a converter that duplicated a page, digits read
wrongly, full-width or Chinese numerals, NULs and stray control characters, Windows and
old-Mac line ends, a whole page on one line, two reports in one file) and what does not
occur in real life but must still end in a clean refusal (lines of 100,000 characters).
"""

from __future__ import annotations

import importlib
import random
import string
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from fuzz.runner import Case
from govdisclosure.layouts import LAYOUTS, render
from govdisclosure.model import Report
from govdisclosure.strategies import inconsistent_reports, reports

__all__ = [
    "MUTATORS",
    "Base",
    "base_texts",
    "file_cases",
    "interleave",
    "mutate",
    "text_cases",
    "truncations",
]


@attrs.frozen
class Base:
    """A text the mutators start from: a rendered report, or a file of a corpus."""

    name: str
    text: str


# --- the texts mutations start from ------------------------------------------------------


def base_texts(count: int = 12, *, seed: int = 0, corpus: Sequence[Path] = ()) -> list[Base]:
    """``count`` generated reports (a quarter of them inconsistent) in every layout, and
    the ``.txt`` files of ``corpus`` folders."""
    drawn: list[tuple[Report, int]] = []
    strategy = st.one_of(
        reports(allow_missing=True, subtotal=None),
        reports(allow_missing=True, large_numbers=True, subtotal=None),
        inconsistent_reports().map(lambda pair: pair[0]),
    )

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy, st.integers(0, 2**16))
    def collect(report: Report, layout_seed: int) -> None:
        drawn.append((report, layout_seed))

    collect()
    bases = [
        Base(f"r{i}-{layout.value}", render(report, layout, seed=layout_seed))
        for i, (report, layout_seed) in enumerate(drawn[:count])
        for layout in LAYOUTS
    ]
    for folder in corpus:
        for path in sorted(Path(folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            bases.append(Base(path.name, text))
    return bases


# --- mutators ----------------------------------------------------------------------------

Mutator = Callable[[str, random.Random, Sequence[Base]], str]

_FULL_WIDTH = str.maketrans(
    {c: chr(ord(c) + 0xFEE0) for c in string.digits + string.ascii_letters + "+-.,/()%:|"}
)
_CHINESE_DIGITS = "〇一二三四五六七八九"
_CONTROLS = ("\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\u200b", "\ufeff", "\u2028")
_LINE_ENDS = ("\r\n", "\r", "\n", "\n\n", "\x0c", "\u2028", "\x85")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _span(rng: random.Random, size: int, longest: int = 5) -> tuple[int, int]:
    """A random run ``[start, end)`` of at most ``longest`` items of ``size`` (size > 0)."""
    start = rng.randrange(size)
    return start, min(size, start + rng.randint(1, longest))


def truncate_line(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    lines = _lines(text)
    return "\n".join(lines[: rng.randrange(len(lines) + 1)])


def truncate_char(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    return text[: rng.randrange(len(text) + 1)]


def delete_lines(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines))
    return "\n".join(lines[:start] + lines[end:])


def duplicate_lines(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines), 40)
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + lines[start:end] * rng.randint(1, 3) + lines[at:])


def swap_lines(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def change_digits(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    chars = list(text)
    digits = [i for i, c in enumerate(chars) if c.isdigit()]
    if not digits:
        return text
    for i in rng.sample(digits, min(len(digits), rng.randint(1, 6))):
        edit = rng.random()
        if edit < 0.5:
            chars[i] = rng.choice(string.digits)
        elif edit < 0.65:
            chars[i] = ""
        elif edit < 0.8:
            chars[i] += rng.choice(string.digits) * rng.randint(1, 3)
        elif edit < 0.9:
            chars[i] = rng.choice("-+.,") + chars[i]
        else:
            chars[i] = rng.choice(("/", "—", "无", " ", "\t", "0" * 30))
    return "".join(chars)


def full_width(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    if rng.random() < 0.3:
        return text.translate(_FULL_WIDTH)
    start, end = _span(rng, len(text) or 1, 2000)
    return text[:start] + text[start:end].translate(_FULL_WIDTH) + text[end:]


def _chinese(number: str, rng: random.Random) -> str:
    if rng.random() < 0.5 or len(number) > 4:
        return "".join(_CHINESE_DIGITS[int(d)] for d in number)
    value = int(number)
    if value == 0:
        return rng.choice("〇零")
    out = []
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, value = divmod(value, unit)
        if digit:
            out.append(_CHINESE_DIGITS[digit] + name)
        elif out and value:
            out.append("零")
    return "".join(out).replace("零零", "零")


def chinese_numerals(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    out: list[str] = []
    share = rng.random()
    i = 0
    while i < len(text):
        if text[i].isascii() and text[i].isdigit():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                j += 1
            number = text[i:j]
            out.append(_chinese(number, rng) if rng.random() < share else number)
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def control_characters(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(chars) + 1)
        chars.insert(at, rng.choice(_CONTROLS) * rng.randint(1, 3))
    return "".join(chars)


def line_ends(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    if rng.random() < 0.3:
        return text.replace("\n", rng.choice(_LINE_ENDS))
    parts = text.split("\n")
    return "".join(
        part + (rng.choice(_LINE_ENDS) if k < len(parts) - 1 else "")
        for k, part in enumerate(parts)
    )


def long_line(text: str, rng: random.Random, _: Sequence[Base]) -> str:
    lines = _lines(text)
    edit = rng.random()
    if edit < 0.4:  # a region (or all) of the report on one line
        start, end = _span(rng, len(lines), len(lines))
        joiner = rng.choice(("", " ", "\t"))
        return "\n".join([*lines[:start], joiner.join(lines[start:end]), *lines[end:]])
    # A line of 1,000 to 100,000 characters (as many of each order of magnitude): a
    # repeated piece of the report, digits, tabs.
    line = rng.choice(lines) or "0"
    piece = rng.choice((line, line[: rng.randint(1, 20)], "1234567890", "\t", "0", "规章 "))
    size = int(10 ** rng.uniform(3, 5))
    long = (piece * (size // len(piece) + 1))[:size]
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], long, *lines[at:]])


def concatenate(text: str, rng: random.Random, bases: Sequence[Base]) -> str:
    other = rng.choice(bases).text if bases else text
    edit = rng.random()
    if edit < 0.5:  # two reports in one file
        return text + rng.choice(("\n", "\n\n", "", "\x0c")) + other
    if edit < 0.8:  # the start of one, the end of another
        return text[: rng.randrange(len(text) + 1)] + other[rng.randrange(len(other) + 1) :]
    at = rng.randrange(len(text) + 1)  # one report inside the other
    return text[:at] + other + text[at:]


MUTATORS: dict[str, Mutator] = {
    "truncate_line": truncate_line,
    "truncate_char": truncate_char,
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    "change_digits": change_digits,
    "full_width": full_width,
    "chinese_numerals": chinese_numerals,
    "control_characters": control_characters,
    "line_ends": line_ends,
    "long_line": long_line,
    "concatenate": concatenate,
}
"""Every mutator by name: ``(text, rng, bases) -> text``."""


def mutate(
    text: str, rng: random.Random, bases: Sequence[Base], *, steps: int | None = None
) -> tuple[str, list[str]]:
    """``text`` damaged by one to three mutators (``steps``), and their names."""
    names = [rng.choice(list(MUTATORS)) for _ in range(steps or rng.choice((1, 1, 1, 2, 3)))]
    for name in names:
        if text:
            text = MUTATORS[name](text, rng, bases)
    return text, names


# --- the cases of a run ------------------------------------------------------------------


def truncations(bases: Sequence[Base]) -> Iterator[tuple[str, str]]:
    """Every truncation of every base: at each line end, then at each character.

    Bases take turns, so that a run cut short has truncated every layout; the characters
    of a base are visited in a scattered order (a stride prime to its length) that
    reaches every one.
    """
    for k in range(1, max((len(_lines(b.text)) for b in bases), default=0)):
        for b in bases:
            lines = _lines(b.text)
            if k < len(lines):
                yield f"{b.name}|line<{k}", "\n".join(lines[:k])
    longest = max((len(b.text) for b in bases), default=0)
    for k in range(1, longest):
        for b in bases:
            size = len(b.text)
            if k < size:
                stride = next(s for s in range(7919, 7919 + size + 2) if _coprime(s, size))
                cut = k * stride % size
                yield f"{b.name}|char<{cut}", b.text[:cut]


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1


_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")


def text_cases(
    bases: Sequence[Base], *, seed: int = 0, truncation_share: float = 0.25
) -> Iterator[Case]:
    """The endless stream of text cases of a run: systematic truncations (a share of
    ``truncation_share``) between random mutations; one case in five is read from a file
    in some encoding rather than given as text."""
    rng = random.Random(seed)
    sweep = truncations(bases)
    n = 0
    while True:
        recipe: str
        text: str
        swept = next(sweep, None) if rng.random() < truncation_share else None
        if swept is not None:
            recipe, text = swept
        else:
            base = rng.choice(bases)
            case_rng = random.Random(f"{seed}:{n}")
            text, names = mutate(base.text, case_rng, bases)
            recipe = f"{base.name}|{'+'.join(names)}"
        if rng.random() < 0.2:
            encoding = rng.choice(_ENCODINGS)
            yield Case(f"{seed}-{n}", "bytes", f"{recipe}|{encoding}", (text, encoding))
        else:
            yield Case(f"{seed}-{n}", "text", recipe, text)
        n += 1


def file_cases(families: str, *, scales: Sequence[int] = (1,)) -> Iterator[Case]:
    """Hostile files, every family at every scale in turn, again and again: ``families``
    names a mapping ``{name: make(directory, scale) -> path}`` as ``module:attribute``
    (``fuzz.hostile:FAMILIES``); the worker makes the file and parses it."""
    module, _, attribute = families.partition(":")
    names = sorted(getattr(importlib.import_module(module), attribute))
    n = 0
    while names:
        for name in names:
            for scale in scales:
                yield Case(f"file-{n}", "file", f"{name}@{scale}", (families, name, scale))
                n += 1


def interleave(
    main: Iterator[Case], other: Iterator[Case], share: float, *, seed: int = 0
) -> Iterator[Case]:
    """Cases of ``main`` with a ``share`` of cases of ``other`` among them."""
    rng = random.Random(f"interleave:{seed}")
    while True:
        source = other if rng.random() < share else main
        case = next(source, None)
        if case is None:
            case = next(main, None)
            if case is None:
                return
        yield case
