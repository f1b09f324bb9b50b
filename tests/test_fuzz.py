"""Whatever the input, the parser raises nothing but ParseError.

Random text made of the report's own vocabulary (headings, row labels, digits, tabs), and
valid renderings with lines deleted, duplicated, swapped or garbled.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.errors import ParseError
from govdisclosure.layouts import LAYOUTS, render
from govdisclosure.model import (
    ActiveColumn2019,
    ActiveColumn2021,
    ActiveRow2019,
    ActiveRow2021,
    AppealsColumn,
    AppealsRow,
    ApplicationsColumn,
    ApplicationsRow,
    SectionKey,
)
from govdisclosure.parse import ParseResult, parse_text
from govdisclosure.strategies import reports

_LABELS = sorted(
    {
        text
        for enum_ in (
            SectionKey,
            ActiveRow2019,
            ActiveRow2021,
            ActiveColumn2019,
            ActiveColumn2021,
            ApplicationsRow,
            ApplicationsColumn,
            AppealsRow,
            AppealsColumn,
        )
        for member in enum_
        for text in (member.label, *member.groups)
    }
)
_NOISE = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２３ \t\n\r-—/+.万元年月日（）()、，。：|#*")
        + list("政府信息公开工作年度报告本年新收结转予以不处理总计其他")
    ),
    max_size=40,
)
_TOKENS = st.one_of(
    st.sampled_from(_LABELS),
    _NOISE,
    st.integers(-100, 10**9).map(str),
    st.text(max_size=10),
    st.sampled_from(["2024年政府信息公开工作年度报告", "统计期限为2019年1月1日至12月31日", "\n\n"]),
)


def _parse_or_refuse(text: str) -> None:
    try:
        result = parse_text(text)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


@given(st.lists(_TOKENS, max_size=60), st.sampled_from(["", "\n", "\t", " ", "\n\n"]))
def test_random_text_raises_only_parse_error(tokens: list[str], sep: str) -> None:
    _parse_or_refuse(sep.join(tokens))


@given(st.text(max_size=300))
def test_arbitrary_unicode_raises_only_parse_error(text: str) -> None:
    _parse_or_refuse(text)


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "garble", "truncate"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        _NOISE,
    ),
    min_size=1,
    max_size=6,
)


def _edit(lines: list[str], edits: list[tuple[str, int, int, str]]) -> list[str]:
    for op, a, b, noise in edits:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "garble":
            cut = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + noise + lines[i][cut:]
        else:
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
    return lines


@given(
    report=reports(allow_missing=True, subtotal=None),
    layout=st.sampled_from(LAYOUTS),
    seed=st.integers(0, 100),
    edits=_EDITS,
)
def test_damaged_renderings_raise_only_parse_error(report, layout, seed, edits) -> None:  # type: ignore[no-untyped-def]
    lines = render(report, layout, seed=seed).split("\n")
    _parse_or_refuse("\n".join(_edit(lines, edits)))
