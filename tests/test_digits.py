"""Decoding digit runs whose cell boundaries were lost (``govdisclosure.parse._digits``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.model.keys import ValueKind
from govdisclosure.parse._digits import (
    MISSING_GROUP,
    balanced_rank,
    cell_number,
    decode,
)

COUNT = ValueKind.COUNT
ROW7 = [((0, 1, 2, 3, 4, 5), 6)]
APPEALS = [((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)]


def cells(groups: list[str], n: int, relations=ROW7, **kw):  # type: ignore[no-untyped-def]
    return [d.cells for d in decode(groups, [COUNT] * n, relations, **kw).candidates]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("713000074", ("71", "3", "0", "0", "0", "0", "74")),  # real 008
        ("15130000154", ("151", "3", "0", "0", "0", "0", "154")),  # real 011
        ("370000037", ("37", "0", "0", "0", "0", "0", "37")),
        ("0200002", ("0", "2", "0", "0", "0", "0", "2")),
        ("0000000", ("0",) * 7),
    ],
)
def test_flattened_row_has_one_reading(run: str, expected: tuple[str, ...]) -> None:
    assert cells([run], 7) == [expected]


def test_spaces_are_boundaries_but_groups_may_hold_several_cells() -> None:
    # real 007: ``200 000121`` and ``20 0 00 0 121``
    assert cells(["200", "000121"], 7) == [("20", "0", "0", "0", "0", "1", "21")]
    assert cells(["20", "0", "00", "0", "121"], 7) == [("20", "0", "0", "0", "0", "1", "21")]


def test_appeals_run_decoded_by_group_totals() -> None:
    # real 011: 25/3/8/0/36, 3/3/0/0/6, 3/0/0/0/3
    got = cells(["25380363300630003"], 15, APPEALS)
    assert got == [("25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3")]


def test_no_relation_means_several_readings_ranked() -> None:
    res = decode(["8855698"], [COUNT] * 3, rank=balanced_rank)
    assert len(res.candidates) > 1
    assert res.candidates[0].cells == ("88", "55", "698")  # real 008, confirmed by its prose
    assert ("8", "855", "698") in [d.cells for d in res.candidates]


def test_leading_zeros_are_never_a_cell() -> None:
    res = decode(["007"], [COUNT] * 3)
    assert [d.cells for d in res.candidates] == [("0", "0", "7")]
    assert cell_number("07", COUNT) is None


def test_split_number_is_joined_when_sums_say_so() -> None:
    got = cells(["1", "2", "0", "0", "0", "0", "0", "12"], 7, allow_cuts=False, allow_joins=True)
    assert got == [("12", "0", "0", "0", "0", "0", "12")]
    assert decode(["1", "2", "0"], [COUNT] * 2, allow_joins=False).candidates == ()


def test_signed_and_amount_cells() -> None:
    kinds = [COUNT, ValueKind.SIGNED, COUNT]
    readings = decode(["2648", "-18538"], kinds).candidates
    assert all(d.cells[0] == "2648" and d.cells[1].startswith("-") for d in readings)
    assert {d.values for d in readings} >= {(2648, -18, 538), (2648, -185, 38)}
    amount = decode(["9116.36"], [ValueKind.AMOUNT]).candidates
    assert [d.values for d in amount] == [(Decimal("9116.36"),)]
    # the decimal part is never cut off
    assert all(
        "." not in d.cells[0] for d in decode(["395.90"], [COUNT, ValueKind.AMOUNT]).candidates
    )


def test_missing_marker_is_one_cell() -> None:
    got = decode(["5", MISSING_GROUP, "38"], [COUNT] * 4).candidates
    assert [d.cells for d in got] == [("5", MISSING_GROUP, "3", "8")]


def test_no_reading() -> None:
    assert cells(["1234567"], 7) == []  # no cut adds up
    assert cells(["1"], 3, relations=[]) == []
    with pytest.raises(ValueError, match="outside"):
        decode(["1"], [COUNT] * 3, ROW7)


def test_pathological_input_is_bounded() -> None:
    res = decode(["9" * 60], [COUNT] * 15, APPEALS, max_nodes=2000)
    assert res.nodes <= 2001
    assert not res.complete or res.candidates == ()


@given(
    st.lists(st.integers(0, 500), min_size=6, max_size=6),
)
def test_glued_consistent_row_decodes_to_a_reading_including_the_truth(parts: list[int]) -> None:
    row = [*parts, sum(parts)]
    run = "".join(str(v) for v in row)
    res = decode([run], [COUNT] * 7, ROW7, max_nodes=50_000)
    values = [d.values for d in res.candidates]
    assert tuple(row) in values or not res.complete
    for v in values:
        assert sum(v[:6]) == v[6]  # type: ignore[arg-type]
        assert "".join(str(x) for x in v) == run


def test_blank_part_makes_the_sum_a_bound_and_the_closest_reading_wins() -> None:
    # ``/00001111``: 1/111 and 11/11 both keep the known parts under the total; the
    # reading whose parts come closest to it (the blank is likely 0) comes first.
    res = decode([MISSING_GROUP, "00001111"], [COUNT] * 7, ROW7)
    assert [d.cells for d in res.candidates][:2] == [
        (MISSING_GROUP, "0", "0", "0", "0", "11", "11"),
        (MISSING_GROUP, "0", "0", "0", "0", "1", "111"),
    ]


def test_a_cell_holds_at_most_eighteen_digits() -> None:
    assert cell_number("9" * 18, COUNT) == 10**18 - 1
    assert cell_number("1" + "0" * 18, COUNT) is None
    # Past 4300 digits Python refuses to convert text to an int: this was an internal error.
    assert cell_number("7" * 5000, COUNT) is None
    assert cell_number("1." + "5" * 19, ValueKind.AMOUNT) is None


def test_a_long_run_of_digits_costs_the_search_no_more_than_a_short_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each node looked at every longer piece of the run, to its start: a line of 60,000
    # digits took minutes. No piece longer than a cell is looked at now.
    from govdisclosure.parse import _digits as _flat

    pieces: list[int] = []
    real = _flat.cell_number

    def counting(text: str, kind: ValueKind) -> int | Decimal | None:
        pieces.append(len(text))
        return real(text, kind)

    monkeypatch.setattr(_flat, "cell_number", counting)
    decode(["12" * 30_000], [COUNT] * 7, ROW7)
    assert pieces
    assert max(pieces) <= 2 * _flat.MAX_CELL_DIGITS + 2
    assert len(pieces) < 50_000
