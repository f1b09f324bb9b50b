"""govdisclosure: Chinese government information disclosure annual reports as typed data."""

from govdisclosure._version import __version__
from govdisclosure.batch import Batch, read_reports
from govdisclosure.errors import (
    GovDisclosureError,
    MissingExtraError,
    ParseError,
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

# Registers the renderers that the model, the findings and parse results display with in a
# notebook (the model looks them up; it never imports serialize).
import govdisclosure.serialize  # noqa: F401  isort: skip

__all__ = [
    "CODES",
    "ActiveTable",
    "AppealsTable",
    "ApplicationsTable",
    "Batch",
    "Cell",
    "Finding",
    "Findings",
    "FindingsError",
    "GovDisclosureError",
    "Missing",
    "MissingExtraError",
    "ParseError",
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
    "read_reports",
]
