"""govdisclosure: Chinese government information disclosure annual reports as typed data.

The verbs are here, as attrs keeps its own::

    import govdisclosure as gd

    report, findings = gd.parse_file("report.pdf")
    gd.validate(report).raise_for_errors()
"""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .batch import Batch, read_reports
from .codes import CODES
from .errors import (
    GovDisclosureError,
    MissingExtraError,
    ParseError,
    ParseTimeoutError,
    SerializationError,
    SourceError,
)
from .findings import CodeInfo, Finding, Findings, FindingsError, Severity
from .model import (
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

# Registers the renderers that the model, the findings and parse results display with in a
# notebook (the model looks them up; it never imports serialize).
from .serialize import from_json, to_json  # isort: skip

# ``validate`` is also the name of a subpackage: importing that subpackage anywhere would
# set this package's attribute to it, so the verb is bound here, after it, once and for all.
from .validate import validate, validate_series  # isort: skip

if TYPE_CHECKING:
    from .parse import ParseResult, parse_file, parse_text

__all__ = [
    "CODES",
    "ActiveTable",
    "AppealsTable",
    "ApplicationsTable",
    "Batch",
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
    "ParseTimeoutError",
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
    "read_reports",
    "to_json",
    "validate",
    "validate_series",
]

# The verbs are imported when first used, so that ``import govdisclosure`` stays light for
# programs that only build or load reports.
_VERBS = {
    "ParseResult": ".parse",
    "parse_file": ".parse",
    "parse_text": ".parse",
}


def __getattr__(name: str) -> Any:
    module = _VERBS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_VERBS})
