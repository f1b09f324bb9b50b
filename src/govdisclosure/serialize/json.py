"""Reports as JSON, exact and strict.

The wire format (``schema_version`` 1; the JSON Schema is
:func:`govdisclosure.serialize.json_schema`, shipped as ``report.schema.json``)::

    {
      "schema_version": 1,
      "agency": "红寺堡区人民政府办公室",     // str, the reporting body as named in the title
      "year": 2024,                          // int or null
      "format": "2021",                      // "2021" or "2019"
      "title": "…",                          // str ("" if none)
      "period": {"start": "2024-01-01", "end": "2024-12-31"},   // or null
      "preamble": "…",                       // str, text before section 一
      "sections": [{"key": "overview", "heading": "…", "text": "…"}, …],
      "active":       {row key: {column key: cell}},   // table 二, rows and columns of the format
      "applications": {row key: {column key: cell}},   // table 三
      "appeals":      {row key: {column key: cell}},   // table 四
      "source": "report.txt"                 // optional: where the report was read from
    }

Keys are the canonical keys of ``spec/schema.md`` (:mod:`govdisclosure.model.keys`).

* A **cell** is a JSON number, ``null`` for a blank missing cell, or a string holding the raw
  text of a missing cell (``"/"``, ``"—"``, ``"无"``). A string that reads as a number
  (``"12"``) is refused: it is a number written as a string. The model holds no such
  missing cell either, so whatever :func:`to_json` writes, :func:`from_json` reads back
  as the same report.
* Counts are integers (of any size, negative ones included); amounts (万元, the ``amount`` and ``procurement_amount`` columns) are
  written with their exact decimal digits (``12884.20`` stays ``12884.20``) and read back as
  :class:`~decimal.Decimal`.
* Every table carries every cell of its layout and nothing else; cells are written in
  layout order (on reading, JSON key order is not significant).
* The 8th column of table 三 (``legal_person_subtotal``) is told by its
  presence: there is no separate flag. If one row has it, every row must.
* Sections appear in the official order, each at most once; any may be absent.
* Provenance (source lines of cells and headings) is not written; ``source`` is optional.

Reading is strict: a wrong type (``true`` or ``"1"`` for a count), an unknown key, a missing
table or cell all raise one :class:`~govdisclosure.errors.SerializationError` listing every
problem with its path (``expected an integer count … @ $.applications.granted.total``).
``schema_version`` may be omitted on input; if given it must be 1.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..errors import SerializationError
from ..model.report import Report
from ._converter import SCHEMA_VERSION, make_converter, structure_or_raise

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"]

_CONVERTER = make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data in the shape of the wire format.

    Amounts stay :class:`~decimal.Decimal` (``json.dumps`` cannot write them exactly; use
    :func:`to_json`).
    """
    data: dict[str, Any] = _CONVERTER.unstructure(report)
    return data


def from_dict(data: Any) -> Report:
    """A report from plain data in the shape of the wire format.

    Amounts may be ``int``, ``Decimal`` or ``float`` (read through its shortest ``repr``).
    Raises :class:`~govdisclosure.errors.SerializationError` listing every problem.
    """
    report: Report = structure_or_raise(_CONVERTER, data, Report)
    return report


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as JSON text (UTF-8 friendly: Chinese is not escaped).

    ``indent=None`` writes one compact line.
    """
    return _encode(to_dict(report), indent, 0)


def from_json(text: str | bytes) -> Report:
    """A report from JSON text written by :func:`to_json` (or by hand, to the same format).

    Numbers with a fraction or exponent are read as :class:`~decimal.Decimal`, so amounts
    keep their exact digits. Raises :class:`~govdisclosure.errors.SerializationError`.
    """
    try:
        data = json.loads(
            text, parse_float=Decimal, parse_int=_parse_int, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        raise SerializationError([f"invalid JSON: {exc} @ $"]) from None
    except UnicodeDecodeError as exc:
        raise SerializationError(
            [f"invalid JSON: not UTF-8/16/32 text ({exc.reason}) @ $"]
        ) from None
    except _NonFiniteNumberError as exc:
        raise SerializationError([f"invalid JSON: {exc} is not a finite number @ $"]) from None
    except RecursionError:
        raise SerializationError(
            ["invalid JSON: arrays or objects nested too deeply @ $"]
        ) from None
    return from_dict(data)


class _NonFiniteNumberError(ValueError):
    pass


# Python converts between int and decimal text of more than 4300 digits only when told to
# (sys.set_int_max_str_digits, for the whole process); below 640 digits it never checks.
# Through Decimal the conversion has no limit, so any count the model holds is written.
_LONG_INT_DIGITS = 640


def _parse_int(text: str) -> int:
    return int(text) if len(text) <= _LONG_INT_DIGITS else int(Decimal(text))


def _refuse_constant(name: str) -> Any:
    raise _NonFiniteNumberError(name)


def _encode(value: Any, indent: int | None, level: int) -> str:
    """JSON text of plain data, writing Decimals as numbers with their exact digits.

    ``json.dumps`` has no way to emit a Decimal as a number without going through float,
    which would lose digits (12884.20 → 12884.2, or worse for large amounts).
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite amount {value} as JSON")
        if value.is_zero() and value.is_signed() and value.as_tuple().exponent == 0:
            # "-0" would read back as the int 0 and lose its sign; "-0E0" reads as Decimal -0.
            return "-0E0"
        return str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, indent, level + 1)}"
            if indent is not None
            else f"{json.dumps(str(k), ensure_ascii=False)}:{_encode(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return _wrap("{", items, "}", indent, level)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return _wrap("[", [_encode(v, indent, level + 1) for v in value], "]", indent, level)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 2000:
        return str(Decimal(value))  # over 600 digits: see _LONG_INT_DIGITS
    return json.dumps(value, ensure_ascii=False)


def _wrap(open_: str, items: list[str], close: str, indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ",".join(items) + close
    inner = "\n" + " " * (indent * (level + 1))
    return open_ + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + close
