"""Anchoring on official row labels (``govdisclosure.parse._labels``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure._fold import (
    _DOCUMENT,
    _TRANSLATE,
    document_memo,
    fold,
    fold_with_map,
    once_per_document,
    to_halfwidth,
)
from govdisclosure.document import Line
from govdisclosure.layouts import render
from govdisclosure.model.keys import ActiveRow2021, ApplicationsRow
from govdisclosure.model.tables import APPLICATIONS_ROWS, ReportFormat
from govdisclosure.parse import parse_text
from govdisclosure.parse._labels import (
    Stream,
    choose_chain,
    find_occurrences,
    fold_line,
    label_spec,
)

ROWS21 = APPLICATIONS_ROWS[ReportFormat.F2021]
ACTIVE21 = tuple(ActiveRow2021)


def specs(rows: tuple[object, ...] = ROWS21):  # type: ignore[no-untyped-def]
    return [label_spec(r, rows) for r in rows]  # type: ignore[arg-type]


def test_spec_splits_numbering_and_core() -> None:
    s = label_spec(ApplicationsRow.TOTAL_PROCESSED, ROWS21)
    assert (s.numeral, s.core, s.needs_numbering) == ("七", "总计", True)
    p = label_spec(ApplicationsRow.PARTIALLY_GRANTED, ROWS21)
    assert p.core == "部分公开"  # the parenthetical is not needed to find it
    d = label_spec(ApplicationsRow.DENIED_PROHIBITED_BY_LAW, ROWS21)
    assert (d.numeral, d.core) == ("2", "其他法律行政法规禁止公开")


def test_prefixes_identify_one_row() -> None:
    all_specs = specs()
    for s in all_specs:
        if s.prefix is None:
            continue
        owners = [t.row for t in all_specs if s.prefix in fold(t.row.label)]
        assert owners == [s.row]


def test_split_label_and_glued_numbering() -> None:
    # real 008: digits of one row run into the numbering of the next
    text = fold("1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000")
    occ = find_occurrences(text, specs())
    first = ApplicationsRow.DENIED_STATE_SECRET
    second = ApplicationsRow.DENIED_PROHIBITED_BY_LAW
    o1 = occ[ROWS21.index(first)][0]
    o2 = occ[ROWS21.index(second)][0]
    assert text[o1.start : o1.end] == "1.属于国家秘密"
    assert text[o1.end : o2.start] == "0000000"
    assert o2.quality == 0


def test_short_label_needs_its_numbering() -> None:
    text = fold("自然人 总计 商业企业 (七)总计 5 0 0 0 0 0 5")
    occ = find_occurrences(text, specs())[ROWS21.index(ApplicationsRow.TOTAL_PROCESSED)]
    assert [o.matched for o in occ] == ["(七)总计"]


def test_typo_found_within_edit_distance() -> None:
    text = fold("1.本机关不掌据相关政府信息 3 0 0 0 0 0 3")
    occ = find_occurrences(text, specs())[ROWS21.index(ApplicationsRow.UNAVAILABLE_NOT_HELD)]
    assert len(occ) == 1
    assert occ[0].quality == 3


def test_chain_keeps_table_order_and_prefers_the_compact_table() -> None:
    # A label repeated in prose after the table is not taken for the row.
    text = fold(
        "规章 0 0 0 行政规范性文件 1 2 3 行政许可 4 行政处罚 5 行政强制 6 行政事业性收费 7 全年行政许可 8 件"
    )
    chain = choose_chain(find_occurrences(text, specs(ACTIVE21)))
    assert all(o is not None for o in chain)
    licensing = chain[ACTIVE21.index(ActiveRow2021.ADMINISTRATIVE_LICENSING)]
    assert licensing is not None
    assert text[licensing.end :].startswith("4")
    # An out-of-order label (real 004.md) is skipped, the others kept.
    text = fold("行政许可 0 行政处罚 0 行政强制 0 行政事业性收费 0 规章 22 235")
    chain = choose_chain(find_occurrences(text, specs(ACTIVE21)))
    assert chain[0] is None
    assert chain[2] is not None


def test_stream_maps_back_to_lines() -> None:
    lines = [Line("三、本", 10), Line("- 3 -", 11), Line("年度办 理结果", 12)]
    stream = Stream.of(lines)
    assert stream.text == "三,本年度办理结果"  # the page footer is not part of it
    assert stream.position(2) == (0, 2)
    assert stream.position(3) == (2, 0)
    assert stream.position(len(stream.text)) == (2, len(lines[2].text))


def _fold_char_by_char(text: str) -> tuple[str, list[int]]:
    """fold_with_map's definition, one character at a time (what the fast one must equal)."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in "*|#" or regex.match(r"[\u200b-\u200f\u2060\ufeff\u00ad]", ch) or ch.isspace():
            continue
        folded = to_halfwidth(ch).translate(_TRANSLATE)
        if folded.isspace():
            continue
        out.append(folded)
        offsets.append(i)
    return "".join(out), offsets


@given(
    st.text(
        alphabet=st.sampled_from(
            "ａ１２３ 　\u00a0\u200b\u00ad\x1c*|#（）【】，、。：—－／＋abc十一规章它\t"
        ),
        max_size=40,
    )
)
def test_fold_line_folds_as_char_by_char(text: str) -> None:
    assert fold_line(text) == fold_with_map(text) == _fold_char_by_char(text)


@given(st.text(max_size=40))
def test_to_halfwidth_any_text(text: str) -> None:
    expected = "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else " " if c == "\u3000" else c
        for c in text
    )
    assert to_halfwidth(text) == expected


@given(st.text(max_size=40))
def test_fold_with_map_any_text(text: str) -> None:
    assert fold_with_map(text) == _fold_char_by_char(text)


def _fold_by_translation(text: str) -> str:
    """fold's definition by ``str.translate`` (what the faster one must equal)."""
    text = unicodedata.normalize("NFC", text)
    text = regex.sub(r"[\u200b-\u200f\u2060\ufeff\u00ad]", "", to_halfwidth(text))
    text = regex.sub(r"\*\*|__|^#{1,6}\s*|\|", "", text.translate(_TRANSLATE))
    return regex.sub(r"[\s\u3000\u00a0]+", "", text)


@given(st.text(max_size=40))
def test_fold_any_text(text: str) -> None:
    assert fold(text) == _fold_by_translation(text)


def test_every_character_folds_as_defined() -> None:
    # Each character of the Basic Multilingual Plane (white space, the full-width forms,
    # the punctuation folded, the invisible ones all lie in it) alone and between others.
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{ch}b"
        assert fold_with_map(text) == _fold_char_by_char(text), repr(ch)
        assert fold(text) == _fold_by_translation(text), repr(ch)


def test_fold_line_folds_as_char_by_char_on_corpus(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "corpus").glob("*/*.*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert fold_line(line) == _fold_char_by_char(line)


@pytest.mark.parametrize("row", ROWS21)
def test_every_official_label_is_found_exactly(row: ApplicationsRow) -> None:
    text = fold(row.label) + "0000000"
    occ = find_occurrences(text, specs())[ROWS21.index(row)]
    assert occ
    assert occ[0].start == 0
    assert occ[0].quality == 0


def test_a_document_folds_each_line_once_and_keeps_nothing_after() -> None:
    text = "（一）予以公开"
    assert _DOCUMENT.get() is None  # outside a parse: nothing kept
    assert document_memo(Stream) is None
    with once_per_document():
        key = fold(text)
        document = _DOCUMENT.get()
        assert document is not None
        assert document[fold, text] == key == "(一)予以公开"
        assert fold(text) is key
        with once_per_document():  # nested: the outer document's answers
            assert _DOCUMENT.get() is document
        assert document_memo(Stream) == {}
    assert _DOCUMENT.get() is None
    from test_json import simple_report

    parse_text(render(simple_report(ReportFormat.F2021), "clean_tsv"))
    assert _DOCUMENT.get() is None
