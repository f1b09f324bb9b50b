"""Findings for people and for programs: a readable listing and a JSON-ready dict.

The listing is in one language, English (``lang="en"``) or Chinese (``lang="zh"``): the
headings, the locations, the messages and what a finding holds beside them. In Chinese,
tables, rows and columns are named by their official labels; the finding's code, the one
identifier shown, stands apart in square brackets (``[applications-balance]``) so that it
can be looked up in the catalogue of codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._text import Lang, say, separators
from ..codes import CODES
from ..findings import Finding, Findings, Severity
from ..model import Report

__all__ = ["findings_to_json", "format_finding", "format_findings"]

_INDENT = " " * 10


def _title(finding: Finding, lang: Lang) -> str:
    info = CODES.get(finding.code)
    if info is None:
        return ""
    return info.title if lang == "en" else info.title_zh


def _head(finding: Finding, lang: Lang) -> str:
    """The first line of a finding: severity, code (and in Chinese, the code's title)."""
    where = finding.where(lang)
    if lang == "en":
        return (
            f"{finding.severity.value.upper():<7} {finding.code}{f'  at {where}' if where else ''}"
        )
    severity = say(f"severity-{finding.severity.value}", lang)
    title = _title(finding, lang)
    return f"{severity}  {title}  [{finding.code}]" + (
        f"\n{_INDENT}{say('where', lang, where=where)}" if where else ""
    )


def format_finding(finding: Finding, *, lang: Lang = "en") -> str:
    """One finding on one line, as ``govdisclosure parse`` prints its warnings:
    ``warning: digits-ambiguous at active.regulations (line 1): …`` in English,
    ``警告 数字拆分方式不唯一 [digits-ambiguous]（位置：…）：…`` in Chinese."""
    if lang == "en":
        return str(finding)
    severity = say(f"severity-{finding.severity.value}", lang)
    where = finding.where(lang)
    place = f"（{say('where', lang, where=where)}）" if where else ""
    return f"{severity} {_title(finding, lang)} [{finding.code}]{place}：{finding.text(lang)}"


def _report_head(report: Report, lang: Lang) -> str:
    year = (
        say("year", lang, year=report.year)
        if report.year is not None
        else say("year-unknown", lang)
    )
    return say("report-head", lang, agency=report.agency, year=year, format=report.format.value)


def format_findings(
    findings: Iterable[Finding],
    *,
    source: str | None = None,
    report: Report | None = None,
    lang: Lang = "en",
) -> str:
    """A readable listing: a summary line, then errors, warnings and infos, each in line order.

    Each finding shows its severity, code, location (keys with their official labels in
    English, the labels alone in Chinese, and the source line), its message, and what it
    holds beside it: expected and found values where a rule says what should stand, the
    reading the parser took and the other readings, the numbers it could not place.
    ``source`` (a path) and ``report`` (its agency, year and format) head the listing.
    ``lang`` is ``"en"`` or ``"zh"``. The text has no trailing newline.
    """
    colon, _ = separators(lang)
    found = findings if isinstance(findings, Findings) else Findings(findings)
    head = f"{source}{colon}" if source else ""
    if report is not None:
        head += f"{_report_head(report, lang)}{colon}"
    if not found:
        return f"{head}{say('no-findings', lang)}"
    out = [f"{head}{found.summary(lang)}"]
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = found.filter(severity=severity).sorted()
        if not group:
            continue
        out.append("")
        out.append(say(f"heading-{severity.value}s", lang, n=len(group)))
        for f in group:
            out.append(f"  {_head(f, lang)}")
            out.append(f"{_INDENT}{f.text(lang)}")
            out.extend(f"{_INDENT}{line}" for line in f.details(lang))
            if f.context and f.section:
                out.append(f"{_INDENT}「{f.context}」")
    return "\n".join(out)


def findings_to_json(findings: Iterable[Finding], *, source: str | None = None) -> dict[str, Any]:
    """A JSON-ready dict: ``source``, ``ok``, counts by severity, and one record per finding.

    Records are :meth:`Finding.to_record` plus the ``title`` and ``title_zh`` of the code,
    in both languages as the messages are, with ``alternatives`` and ``unplaced`` as
    lists; values are plain JSON types (amounts as strings).
    """
    found = findings if isinstance(findings, Findings) else Findings(findings)
    records = []
    for f in found:
        record = f.to_record()
        record["alternatives"] = list(f.alternatives)
        record["unplaced"] = list(f.unplaced)
        info = CODES.get(f.code)
        record["title"] = info.title if info is not None else None
        record["title_zh"] = info.title_zh if info is not None else None
        records.append(record)
    return {
        "source": source,
        "ok": found.ok,
        "counts": {s.value: len(found.filter(severity=s)) for s in Severity},
        "findings": records,
    }
