"""Number tokens in table text: counts, signed changes, amounts, missing-cell markers.

A table cell holds ``12``, ``+24``/``-3`` (本年增/减), ``12884.2万`` or ``12884.2万元``
(amounts, the unit is not part of the number), full-width ``１２``, thousands separators
``1,234``, or a marker that the cell is empty (``/``, ``—``, ``-``, ``无``, ``空``). What
stood between separators (tabs, pipes, spaces, line ends, text) is one *group*: a group
may hold several cells run together (``713000074``); :mod:`._digits` cuts it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs
import regex

from .._fold import to_halfwidth
from ..model.keys import ValueKind
from ._digits import MISSING_GROUP, cell_number

__all__ = [
    "NumberToken",
    "Unit",
    "find_numbers",
    "token_value",
]

# Half-width text is scanned: a sign glued to the digits belongs to them (``2648-18538``
# is 2648 then -18538: a 2019 report glues negative changes to their neighbour).
_NUMBER = regex.compile(
    r"""
    (?P<sign>[+\-])?
    (?P<int>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)
    (?:\.(?P<frac>\d+))?
    (?P<unit>万元|万|元)?
    """,
    regex.VERBOSE,
)
_CJK = regex.compile(r"\p{Han}")
_WIDE = regex.compile(r"[\uff01-\uff5e\u3000]")


class Unit:
    """Units an amount may carry."""

    WAN = "万"
    YUAN = "元"


@attrs.frozen
class NumberToken:
    """A number (or a missing marker) as it stands in the text."""

    text: str
    """The token as printed (after half-width folding), unit included."""
    group: str
    """What the cell decoder sees: ``[sign]digits[.digits]`` with no separators or unit,
    or :data:`._digits.MISSING_GROUP` for a missing marker."""
    start: int
    end: int
    unit: str = ""
    """``万`` or ``元`` when the amount carried one."""

    @property
    def is_missing(self) -> bool:
        return self.group == MISSING_GROUP


def find_numbers(text: str) -> Iterator[NumberToken]:
    """The number tokens of ``text`` in order; offsets index ``text``.

    A sign is kept wherever it stands, glued to a label or to a preceding number
    (``2648-18538``); in a row with no signed column the reader takes it for a missing
    marker (``—``) instead.
    """
    half = to_halfwidth(text) if _WIDE.search(text) else text
    half = half.replace("−", "-")
    for m in _NUMBER.finditer(half):
        sign = m.group("sign") or ""
        start = m.start()
        integer = m.group("int").replace(",", "")
        frac = m.group("frac")
        group = f"{sign}{integer}" + (f".{frac}" if frac is not None else "")
        unit = m.group("unit") or ""
        yield NumberToken(
            text=half[start : m.end()],
            group=group,
            start=start,
            end=m.end(),
            unit="万" if unit.startswith("万") else unit,
        )


def token_value(group: str, kind: ValueKind, unit: str = "") -> int | Decimal | None:
    """The value of one cell's text in a column of ``kind``: None if it cannot be one.

    An amount printed in 元 is converted to the table's 万元 (the caller reports it).
    """
    value = cell_number(group, kind)
    if value is None and kind is ValueKind.COUNT and group.startswith("+"):
        value = cell_number(group[1:], kind)
    if value is not None and kind is ValueKind.AMOUNT and unit == Unit.YUAN:
        value = Decimal(value) / Decimal(10000)
    return value
