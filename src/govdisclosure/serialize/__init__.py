"""Reports to and from JSON (with its JSON Schema), tidy records, CSV, pandas and Parquet,
and as HTML that shows where a report is wrong.

The converter is built in the style of ``cattrs.preconf``: :func:`make_converter` and
:func:`configure_converter`; cattrs' global converter is never touched.

Importing this package registers the HTML renderers of :mod:`govdisclosure.serialize.html`
as the notebook display of reports, parse results and findings (``import govdisclosure``
imports it), so that the model never imports its renderers.
"""

from . import html as _html
from ._converter import configure_converter, make_converter
from .json import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from .schema import json_schema, load_schema, schema_path
from .tidy import (
    FRAME_COLUMNS,
    RECORD_COLUMNS,
    arrow_schema,
    to_arrow,
    to_csv,
    to_pandas,
    to_parquet,
    to_records,
    to_wide_record,
)

_html.register()

__all__ = [
    "FRAME_COLUMNS",
    "RECORD_COLUMNS",
    "SCHEMA_VERSION",
    "arrow_schema",
    "configure_converter",
    "from_dict",
    "from_json",
    "json_schema",
    "load_schema",
    "make_converter",
    "schema_path",
    "to_arrow",
    "to_csv",
    "to_dict",
    "to_json",
    "to_pandas",
    "to_parquet",
    "to_records",
    "to_wide_record",
]
