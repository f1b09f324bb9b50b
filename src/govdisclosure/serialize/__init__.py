"""Reports to and from JSON (with its JSON Schema), tidy records, CSV and pandas.

The converter is built in the style of ``cattrs.preconf``: :func:`make_converter` and
:func:`configure_converter`; cattrs' global converter is never touched.
"""

from govdisclosure.serialize._converter import configure_converter, make_converter
from govdisclosure.serialize.json import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from govdisclosure.serialize.schema import json_schema, load_schema, schema_path
from govdisclosure.serialize.tidy import (
    RECORD_COLUMNS,
    to_csv,
    to_pandas,
    to_records,
    to_wide_record,
)

__all__ = [
    "RECORD_COLUMNS",
    "SCHEMA_VERSION",
    "configure_converter",
    "from_dict",
    "from_json",
    "json_schema",
    "load_schema",
    "make_converter",
    "schema_path",
    "to_csv",
    "to_dict",
    "to_json",
    "to_pandas",
    "to_records",
    "to_wide_record",
]
