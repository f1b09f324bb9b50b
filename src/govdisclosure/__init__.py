"""govdisclosure: Chinese government information disclosure annual reports as typed data.

The verbs are here, as attrs keeps its own::

    import govdisclosure as gd

    report, findings = gd.parse_file("report.pdf")
    gd.validate(report).raise_for_errors()
"""

from typing import TYPE_CHECKING, Any

from govdisclosure._version import __version__
from govdisclosure.codes import CODES
from govdisclosure.errors import (
    GovDisclosureError,
    MissingExtraError,
    ParseError,
    SerializationError,
    SourceError,
)
from govdisclosure.findings import CodeInfo, Finding, Findings, FindingsError, Severity
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Cell,
    Missing,
    Report,
    ReportFormat,
    Section,
    SectionKey,
    SourceRef,
    StatisticsPeriod,
    TableKey,
)

if TYPE_CHECKING:
    from govdisclosure.parse import ParseResult, parse_file, parse_text
    from govdisclosure.serialize import from_json, to_json
    from govdisclosure.validate import validate, validate_series

__all__ = [
    "CODES",
    "ActiveTable",
    "AppealsTable",
    "ApplicationsTable",
    "Cell",
    "CodeInfo",
    "Finding",
    "Findings",
    "FindingsError",
    "GovDisclosureError",
    "Missing",
    "MissingExtraError",
    "ParseError",
    "ParseResult",
    "Report",
    "ReportFormat",
    "Section",
    "SectionKey",
    "SerializationError",
    "Severity",
    "SourceError",
    "SourceRef",
    "StatisticsPeriod",
    "TableKey",
    "__version__",
    "from_json",
    "parse_file",
    "parse_text",
    "to_json",
    "validate",
    "validate_series",
]

# The verbs are imported when first used, so that ``import govdisclosure`` stays light for
# programs that only build or load reports.
_VERBS = {
    "ParseResult": "govdisclosure.parse",
    "parse_file": "govdisclosure.parse",
    "parse_text": "govdisclosure.parse",
    "from_json": "govdisclosure.serialize",
    "to_json": "govdisclosure.serialize",
    "validate": "govdisclosure.validate",
    "validate_series": "govdisclosure.validate",
}


def __getattr__(name: str) -> Any:
    module = _VERBS.get(name)
    if module is None:
        raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_VERBS})
