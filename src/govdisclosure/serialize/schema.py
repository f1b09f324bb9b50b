"""The JSON Schema (draft 2020-12) of the report wire format, generated from the model.

Rows, columns and labels come from the layouts and enums of :mod:`govdisclosure.model`, so
the schema cannot drift from the tables. The generated schema is also shipped with the
package as ``report.schema.json`` (:func:`load_schema`); regenerate it with::

    python -m govdisclosure.serialize.schema > src/govdisclosure/serialize/report.schema.json

The schema is exact for each format (``if``/``then`` on ``format``): every row and cell of
the format's tables is required and nothing else is allowed. Two rules of the library are
beyond it: sections may not repeat a key and must follow the official order.
"""

from __future__ import annotations

import importlib.resources
import json
import sys
from importlib.resources.abc import Traversable
from typing import Any

from ..model.keys import (
    KeyedEnum,
    ReportFormat,
    SectionKey,
    TableKey,
    ValueKind,
)
from ..model.tables import (
    APPEALS_LAYOUT,
    TableLayout,
    active_layout,
    applications_layout,
)
from ._converter import NUMERIC_TEXT_PATTERN, SCHEMA_VERSION

__all__ = ["SCHEMA_FILE", "SCHEMA_ID", "dumps_schema", "json_schema", "load_schema", "schema_path"]

SCHEMA_FILE = "report.schema.json"
"""Name of the shipped schema file inside :mod:`govdisclosure.serialize`."""

SCHEMA_ID = f"urn:govdisclosure:report-schema:v{SCHEMA_VERSION}"
"""The ``$id`` of the schema (one per ``schema_version``)."""

_CELL_DEFS = {
    ValueKind.COUNT: "count_cell",
    ValueKind.SIGNED: "signed_cell",
    ValueKind.AMOUNT: "amount_cell",
}


def _kind(column: KeyedEnum) -> ValueKind:
    kind = getattr(column, "kind", ValueKind.COUNT)
    assert isinstance(kind, ValueKind)
    return kind


def _labelled(member: KeyedEnum) -> dict[str, str]:
    out = {"title": member.label}
    if member.groups:
        out["description"] = member.full_label
    return out


def _row_schema(columns: tuple[KeyedEnum, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            c.key: {"$ref": f"#/$defs/{_CELL_DEFS[_kind(c)]}", **_labelled(c)} for c in columns
        },
        "required": [c.key for c in columns],
        "additionalProperties": False,
    }


def _table_schema(
    layout: TableLayout, title: str, name: str, defs: dict[str, Any]
) -> dict[str, Any]:
    """The schema of a table; rows of a uniform table share one row schema in ``defs``."""
    rows: dict[str, Any] = {}
    shared = len(set(layout.row_columns)) == 1
    if shared:
        defs[f"{name}_row"] = _row_schema(layout.row_columns[0])
    for row, columns in zip(layout.rows, layout.row_columns, strict=True):
        if shared:
            rows[row.key] = {"$ref": f"#/$defs/{name}_row", **_labelled(row)}
        else:
            rows[row.key] = {**_labelled(row), **_row_schema(columns)}
    return {
        "title": title,
        "type": "object",
        "properties": rows,
        "required": [r.key for r in layout.rows],
        "additionalProperties": False,
    }


def _applications_variants(fmt: ReportFormat) -> list[tuple[str, TableLayout]]:
    """The layouts table 三 may take in ``fmt``: with or without the 小计 column, and in
    the 2021 format with （六）其他处理 as one row or as three."""
    one_row = (False, True) if fmt is ReportFormat.F2021 else (False,)
    return [
        (
            f"applications_{fmt.value}{'_one_row' if other else ''}{'_subtotal' if sub else ''}",
            applications_layout(fmt, sub, other),
        )
        for other in one_row
        for sub in (False, True)
    ]


def _tables_for(fmt: ReportFormat) -> dict[str, Any]:
    """The ``then`` branch for reports in ``fmt``: its tables 二 and 三."""
    return {
        "properties": {
            "active": {"$ref": f"#/$defs/active_{fmt.value}"},
            # The layouts exclude each other (additionalProperties, required rows), so
            # anyOf means oneOf here and stops at the first that fits.
            "applications": {
                "anyOf": [{"$ref": f"#/$defs/{name}"} for name, _ in _applications_variants(fmt)]
            },
        }
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`govdisclosure.serialize.to_json` output, from the model."""
    # Cells are checked with "type" and one "not" rather than a oneOf of three branches:
    # the same meaning, and validating a report's 200 cells gets several times faster.
    numeric_text = {
        "description": (
            "Text that reads as a number: refused as the raw text of a missing cell, "
            "since it is a number written as a string."
        ),
        "type": "string",
        "pattern": NUMERIC_TEXT_PATTERN,
    }
    defs: dict[str, Any] = {
        "count_cell": {
            "description": (
                "A count (integer), null for a blank cell, or the raw text of a missing cell "
                "(/, —, 无…)."
            ),
            "type": ["integer", "null", "string"],
            "not": numeric_text,
        },
        "signed_cell": {
            "description": (
                "A signed change (integer), null for a blank cell, or the raw text of a "
                "missing cell."
            ),
            "type": ["integer", "null", "string"],
            "not": numeric_text,
        },
        "amount_cell": {
            "description": (
                "An amount in 万元 written with its exact digits, null for a blank cell, or the "
                "raw text of a missing cell."
            ),
            "type": ["number", "null", "string"],
            "not": numeric_text,
        },
        "period": {
            "description": "The statistics period the report states.",
            "type": "object",
            "properties": {
                "start": {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
                "end": {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
            },
            "required": ["start", "end"],
            "additionalProperties": False,
        },
        "section": {
            "type": "object",
            "properties": {
                "key": {"oneOf": [{"const": k.key, "title": k.label} for k in SectionKey]},
                "heading": {"type": "string", "description": "The heading as printed."},
                "text": {"type": "string"},
            },
            "required": ["key"],
            "additionalProperties": False,
        },
    }
    for fmt in ReportFormat:
        f = fmt.value
        defs[f"active_{f}"] = _table_schema(
            active_layout(fmt), TableKey.ACTIVE.label, f"active_{f}", defs
        )
        for name, layout in _applications_variants(fmt):
            defs[name] = _table_schema(layout, TableKey.APPLICATIONS.label, name, defs)
    defs["appeals"] = _table_schema(APPEALS_LAYOUT, TableKey.APPEALS.label, "appeals", defs)

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "govdisclosure report",
        "description": (
            "A Chinese government information disclosure annual report as written by "
            "govdisclosure.serialize.to_json. Keys are the canonical keys of the report schema."
        ),
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "agency": {
                "type": "string",
                "description": "The reporting body as named in the title.",
            },
            "year": {"type": ["integer", "null"], "description": "The report year."},
            "format": {
                "oneOf": [{"const": f.value, "title": f.official_name} for f in ReportFormat]
            },
            "title": {"type": "string"},
            "period": {"oneOf": [{"$ref": "#/$defs/period"}, {"type": "null"}]},
            "preamble": {"type": "string", "description": "Text before section 一."},
            "sections": {
                "description": (
                    "The sections present, in the official order, each key at most once."
                ),
                "type": "array",
                "items": {"$ref": "#/$defs/section"},
                "maxItems": len(SectionKey),
            },
            "active": {"type": "object", "title": TableKey.ACTIVE.label},
            "applications": {"type": "object", "title": TableKey.APPLICATIONS.label},
            "appeals": {"$ref": "#/$defs/appeals"},
            "source": {
                "type": ["string", "null"],
                "description": "Where the report was read from.",
            },
        },
        "required": ["agency", "year", "format", "active", "applications", "appeals"],
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"format": {"const": fmt.value}}, "required": ["format"]},
                "then": _tables_for(fmt),
            }
            for fmt in ReportFormat
        ],
        "$defs": defs,
    }


_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def schema_path() -> Traversable:
    """The shipped ``report.schema.json`` (a resource of the installed package)."""
    return importlib.resources.files(__package__ or __name__).joinpath(SCHEMA_FILE)


def load_schema() -> dict[str, Any]:
    """The shipped JSON Schema, as data."""
    schema: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


def dumps_schema() -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(dumps_schema())


if __name__ == "__main__":
    _main()
