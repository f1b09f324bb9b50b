"""Findings for people and for programs: a readable listing and a JSON-ready dict."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govdisclosure.codes import CODES
from govdisclosure.findings import Finding, Findings, Severity
from govdisclosure.model import Report

__all__ = ["findings_to_json", "format_findings"]

_HEADINGS = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.INFO: "infos",
}


def _location(finding: Finding) -> str:
    parts: list[str] = []
    if finding.table:
        parts.append(finding.table)
    if finding.row:
        label = finding.row_label
        parts.append(f"{finding.row} {label}" if label else finding.row)
    if finding.column:
        label = finding.column_label
        parts.append(f"{finding.column} {label}" if label else finding.column)
    if finding.section and not finding.table:
        parts.append(f"section {finding.section}")
    where = " › ".join(parts)
    if finding.page is not None:
        where = f"{where}, page {finding.page}" if where else f"page {finding.page}"
    if finding.line is not None:
        where = f"{where}, line {finding.line}" if where else f"line {finding.line}"
    return where


def format_findings(
    findings: Iterable[Finding], *, source: str | None = None, report: Report | None = None
) -> str:
    """A readable listing: a summary line, then errors, warnings and infos, each in line order.

    Each finding shows its severity, code, location (keys with their official labels and
    the source line), expected and actual values, and its message in Chinese and English.
    ``source`` (a path) and ``report`` (its agency, year and format) head the listing.
    The text has no trailing newline.
    """
    found = findings if isinstance(findings, Findings) else Findings(findings)
    head = f"{source}: " if source else ""
    if report is not None:
        year = report.year if report.year is not None else "year unknown"
        head += f"{report.agency} {year} (format {report.format.value}): "
    if not found:
        return f"{head}no findings"
    out = [f"{head}{found.summary()}"]
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = found.filter(severity=severity).sorted()
        if not group:
            continue
        out.append("")
        out.append(f"{_HEADINGS[severity]} ({len(group)}):")
        for f in group:
            where = _location(f)
            out.append(
                f"  {f.severity.value.upper():<7} {f.code}{f'  at {where}' if where else ''}"
            )
            if f.expected is not None or f.actual is not None:
                out.append(f"          expected {_show(f.expected)}, found {_show(f.actual)}")
            if f.message_zh:
                out.append(f"          {f.message_zh}")
            out.append(f"          {f.message}")
            if f.context and f.section:
                out.append(f"          「{f.context}」")
    return "\n".join(out)


def _show(value: Any) -> str:
    return "—" if value is None else str(value)


def findings_to_json(findings: Iterable[Finding], *, source: str | None = None) -> dict[str, Any]:
    """A JSON-ready dict: ``source``, ``ok``, counts by severity, and one record per finding.

    Records are :meth:`Finding.to_record` plus the ``title`` of the code; values are plain
    JSON types (amounts as strings).
    """
    found = findings if isinstance(findings, Findings) else Findings(findings)
    records = []
    for f in found:
        record = f.to_record()
        info = CODES.get(f.code)
        record["title"] = info.title if info is not None else None
        records.append(record)
    return {
        "source": source,
        "ok": found.ok,
        "counts": {s.value: len(found.filter(severity=s)) for s in Severity},
        "findings": records,
    }
