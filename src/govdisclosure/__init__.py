"""govdisclosure: Chinese government information disclosure annual reports as typed data."""

from govdisclosure._version import __version__
from govdisclosure.errors import (
    GovDisclosureError,
    MissingExtraError,
    ParseError,
    ParseTimeoutError,
    SerializationError,
    SourceError,
)
from govdisclosure.findings import CODES, Finding, Findings, FindingsError, Severity
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

__all__ = [
    "CODES",
    "ActiveTable",
    "AppealsTable",
    "ApplicationsTable",
    "Cell",
    "Finding",
    "Findings",
    "FindingsError",
    "GovDisclosureError",
    "Missing",
    "MissingExtraError",
    "ParseError",
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
]
