"""The parser's core: a :class:`Document` to a :class:`Report` and the findings of the parse.

Stages, one module each: dropping converter residue (``_clean``), segmenting into sections
(``_sections``), metadata (``_meta``), the three tables (``_tables``) and the prose around
them (``_prose``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from govdisclosure import _deadline
from govdisclosure.errors import ParseError, ParseTimeoutError
from govdisclosure.findings import Finding, Findings
from govdisclosure.model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    ReportFormat,
    Section,
    SectionKey,
    TableKey,
)
from govdisclosure.model.report import Report
from govdisclosure.parse._aligned import align_columns
from govdisclosure.parse._clean import clean_lines
from govdisclosure.parse._codes import (
    FORMAT_INFERRED,
    METADATA_MISSING,
    TABLE_MISSING,
    UNRECOGNIZED_TEXT,
    YEAR_FROM_PERIOD,
    finding,
)
from govdisclosure.parse._document import Document, Line
from govdisclosure.parse._meta import (
    CRAWLER_TITLE,
    clean_title,
    find_title,
    format_from_text,
    is_crawler_header_end,
    parse_title,
    statistics_period,
    strip_markup,
)
from govdisclosure.parse._prose import Piece, assemble
from govdisclosure.parse._sections import SectionBody, segment

if TYPE_CHECKING:
    from govdisclosure.parse._tables import TableRead

__all__ = ["ParseResult", "parse_document"]


@attrs.frozen
class ParseResult:
    """What :func:`parse_text` returns: the report and what the parser found.

    Unpacks as a pair: ``report, findings = parse_text(text)``.
    """

    report: Report
    findings: Findings

    def __iter__(self) -> Iterator[Any]:
        yield self.report
        yield self.findings


def parse_document(doc: Document) -> ParseResult:
    """Parse a document that a source has turned into lines."""
    progress = _Progress()
    try:
        return _parse(doc, progress)
    except ParseTimeoutError:
        raise _deadline.timed_out(progress.stage, progress.line) from None
    except ParseError:
        raise
    except Exception as exc:  # any bug must surface as a ParseError, with where it happened
        raise ParseError(
            f"internal error while reading the report ({progress.stage}): "
            f"{type(exc).__name__}: {exc}",
            line=progress.line,
            source=doc.source,
        ) from exc


# --- the parser --------------------------------------------------------------------------


@attrs.define
class _Progress:
    """Where the parser is, for the message of an unexpected internal error."""

    stage: str = "start"
    line: int | None = None

    def enter(self, stage: str) -> None:
        """Start a stage of the parse, if the time budget allows."""
        self.stage = stage
        _deadline.check()


_FORMAT_NOTE = "only the 2019 trial and 2021 formats are supported"


def _crawler_header(lines: Sequence[Line]) -> tuple[list[Line], list[Line], str | None]:
    """Split a crawler's header (``标题: …`` … ``=== 正文 ===``) from the report."""
    for i, line in enumerate(lines[:40]):
        if is_crawler_header_end(line.text):
            title = None
            for h in lines[:i]:
                m = CRAWLER_TITLE.match(h.text)
                if m is not None:
                    title = m.group("title")
                    break
            return list(lines[: i + 1]), list(lines[i + 1 :]), title
    first = next((ln for ln in lines if ln.text.strip()), None)
    if first is not None:
        m = CRAWLER_TITLE.match(first.text)
        if m is not None:
            return [first], [ln for ln in lines if ln is not first], m.group("title")
    return [], list(lines), None


def _unrecognized(lines: Sequence[Line], why: str, why_zh: str) -> list[Finding]:
    text = "\n".join(ln.text for ln in lines if ln.text.strip())
    if not text:
        return []
    first = next(ln for ln in lines if ln.text.strip())
    return [
        finding(
            UNRECOGNIZED_TEXT,
            f"{why}: {text[:60]!r}{'…' if len(text) > 60 else ''} (kept in this finding)",
            message_zh=why_zh,
            line=first.number,
            page=first.page,
            context=text,
        )
    ]


def _pieces(lines: Sequence[Line]) -> list[Piece]:
    return [Piece(ln.text, ln.number) for ln in lines]


_TABLE_EDGE_OPEN = " \t\u3000|（(［[【"
_TABLE_EDGE_CLOSE = " \t\u3000|）)］]】"


def _outside(lines: Sequence[Line], span: tuple[int, int, int, int] | None) -> list[Piece]:
    """The prose of a table's section: the text before and after the table's span."""
    if span is None or not lines:
        return _pieces(lines)
    first, first_char, last, end_char = span
    first = min(max(first, 0), len(lines) - 1)
    last = min(max(last, first), len(lines) - 1)
    out = _pieces(lines[:first])
    # Cell borders and the opening bracket of the header (|, （本列数据…）) at the edges of
    # the span belong to the table, not to the prose around it.
    head = lines[first].text[:first_char].rstrip(_TABLE_EDGE_OPEN)
    tail = lines[last].text[end_char:].lstrip(_TABLE_EDGE_CLOSE)
    out.append(Piece(head, lines[first].number))
    out.append(Piece(tail, lines[last].number))
    out.extend(_pieces(lines[last + 1 :]))
    return out


def _run_together(pieces: Sequence[Piece]) -> str:
    return "".join(p.text.strip() for p in pieces)


def _parse(doc: Document, progress: _Progress) -> ParseResult:
    if not any(line.text.strip() for line in doc.lines):
        raise ParseError("the document is empty", source=doc.source)
    findings: list[Finding] = []

    progress.enter("cleaning lines")
    cleaned = clean_lines(doc.lines)
    findings.extend(cleaned.findings)
    progress.enter("reading space-aligned table columns")
    aligned = align_columns(cleaned.lines)
    findings.extend(aligned.findings)

    progress.enter("finding section headings")
    seg = segment(aligned.lines)
    if not seg.sections:
        raise ParseError(
            "no section heading found (一、总体情况 … 六、其他需要报告的事项): "
            "the text does not look like a 政府信息公开工作年度报告",
            source=doc.source,
        )
    findings.extend(seg.findings)
    bodies: dict[SectionKey, SectionBody] = {s.key: s for s in seg.sections}

    progress.enter("reading the title")
    header, before, header_title = _crawler_header(seg.before)
    findings.extend(
        _unrecognized(header, "header of a crawled page before the report", "报告前的网页抓取信息")
    )
    match = find_title(before)
    title = header_title or ""
    preamble_pieces: list[Piece]
    if match is not None:
        title = match.text
        findings.extend(
            _unrecognized(before[: match.first], "text before the title", "标题前的文字")
        )
        last = before[match.last]
        preamble_pieces = [Piece(last.text[match.end :], last.number)]
        preamble_pieces.extend(_pieces(before[match.last + 1 :]))
    else:
        preamble_pieces = _pieces(before)
    title = clean_title(title)
    parts = parse_title(title) if title else None
    agency = parts.agency if parts else ""
    year = parts.year if parts else None

    overview = bodies.get(SectionKey.OVERVIEW)
    intro = _run_together(preamble_pieces) + (
        _run_together(_pieces(overview.lines)) if overview else ""
    )
    period = statistics_period(intro)
    if year is None and period is not None:
        year = period.start.year
        findings.append(
            finding(
                YEAR_FROM_PERIOD,
                f"the title states no year; {year} taken from the statistics period {period}",
                message_zh=f"标题未写明年度，按统计期限取 {year} 年",
                expected=year,
            )
        )
    if not title:
        findings.append(
            finding(
                METADATA_MISSING,
                "no title (…政府信息公开工作年度报告) found before section 一",
                message_zh="未找到报告标题",
            )
        )
    elif not agency:
        findings.append(
            finding(
                METADATA_MISSING,
                f"the title {title!r} names no reporting body",
                message_zh=f"标题“{title}”未写明报告机关",
                context=title,
            )
        )
    if year is None:
        findings.append(
            finding(
                METADATA_MISSING,
                "the report year is stated neither in the title nor in a statistics period",
                message_zh="未找到报告年度",
            )
        )

    progress.enter("reading the tables")
    from govdisclosure.parse import _tables

    def lines_of(key: SectionKey) -> tuple[Line, ...]:
        body = bodies.get(key)
        return body.lines if body is not None else ()

    active_lines = lines_of(SectionKey.ACTIVE)
    applications_lines = lines_of(SectionKey.APPLICATIONS)
    appeals_lines = lines_of(SectionKey.APPEALS)
    detected = _tables.detect_format(active_lines, applications_lines)
    if detected is None and year is not None and year < 2019:
        raise ParseError(
            f"the document is a {year} report in the pre-2019 format (its statistics are not "
            f"the tables of the 2019 or 2021 format); {_FORMAT_NOTE}",
            source=doc.source,
        )
    fmt = detected
    if fmt is None:
        cited = format_from_text(doc.text())
        if cited is not None:
            fmt, why = cited, "the format the text cites"
        elif year is not None:
            fmt, why = ReportFormat.for_year(year), f"the format in force for {year}"
        else:
            fmt, why = ReportFormat.F2021, "the current format (no year, no citation)"
        findings.append(
            finding(
                FORMAT_INFERRED,
                f"the tables do not show their format; format {fmt.value} taken from {why}",
                message_zh=f"表格未体现格式，按{fmt.value}格式读取",
                expected=fmt.value,
            )
        )

    reads: dict[SectionKey, TableRead[Any]] = {}
    progress.line = (
        bodies[SectionKey.ACTIVE].heading.number if SectionKey.ACTIVE in bodies else None
    )
    reads[SectionKey.ACTIVE] = _tables.read_active(active_lines, fmt)
    _deadline.check()
    progress.line = (
        bodies[SectionKey.APPLICATIONS].heading.number
        if SectionKey.APPLICATIONS in bodies
        else None
    )
    reads[SectionKey.APPLICATIONS] = _tables.read_applications(applications_lines, fmt)
    _deadline.check()
    progress.line = (
        bodies[SectionKey.APPEALS].heading.number if SectionKey.APPEALS in bodies else None
    )
    reads[SectionKey.APPEALS] = _tables.read_appeals(appeals_lines)
    progress.line = None
    if year is not None and year < 2019 and not reads[SectionKey.APPLICATIONS].found:
        # Table 三 is the one table every format since 2019 has and no older one has.
        raise ParseError(
            f"the document is a {year} report in the pre-2019 format (it has no table "
            f"收到和处理政府信息公开申请情况); {_FORMAT_NOTE}",
            source=doc.source,
        )
    if not any(r.found for r in reads.values()):
        if year is not None and year < 2019:
            reason = f"the document is a {year} report in the pre-2019 format; {_FORMAT_NOTE}"
        else:
            reason = (
                "no statistics table found in sections 二, 三 and 四 "
                f"(format {fmt.value}); {_FORMAT_NOTE}"
            )
        raise ParseError(reason, source=doc.source)
    table_keys = {
        SectionKey.ACTIVE: TableKey.ACTIVE,
        SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
        SectionKey.APPEALS: TableKey.APPEALS,
    }
    for key, read in reads.items():
        findings.extend(read.findings)
        if not read.found:
            body = bodies.get(key)
            findings.append(
                finding(
                    TABLE_MISSING,
                    f"table {table_keys[key].label} not found"
                    + ("" if body else f" (section {key.label} is missing)")
                    + ": all its cells are missing",
                    message_zh=f"未找到表格“{table_keys[key].label}”",
                    table=table_keys[key].key,
                    section=key.key,
                    line=body.heading.number if body else None,
                )
            )
    active = reads[SectionKey.ACTIVE].table
    applications = reads[SectionKey.APPLICATIONS].table
    appeals = reads[SectionKey.APPEALS].table
    if not isinstance(active, ActiveTable) or active.format is not fmt:
        active = ActiveTable.empty(fmt)
    if not isinstance(applications, ApplicationsTable) or applications.format is not fmt:
        applications = ApplicationsTable.empty(fmt)
    if not isinstance(appeals, AppealsTable):
        appeals = AppealsTable.empty()

    progress.enter("reassembling prose")
    preamble = assemble(preamble_pieces)
    findings.extend(preamble.findings)
    sections: list[Section] = []
    for body in seg.sections:
        progress.line = body.heading.number
        _deadline.check()
        table_read = reads.get(body.key)
        pieces = (
            _outside(body.lines, table_read.span) if table_read is not None else _pieces(body.lines)
        )
        prose = assemble(pieces, section=body.key.key)
        findings.extend(prose.findings)
        sections.append(
            Section(
                body.key,
                prose.text,
                heading=strip_markup(body.heading.text),
                line=body.heading.number,
            )
        )
    progress.line = None

    progress.enter("building the report")
    report = Report(
        agency=agency,
        year=year,
        format=fmt,
        active=active,
        applications=applications,
        appeals=appeals,
        title=title,
        period=period,
        preamble=preamble.text,
        sections=tuple(sections),
        source=doc.source,
    )
    return ParseResult(report, Findings(findings))
