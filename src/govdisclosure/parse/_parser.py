"""The parser's core: a :class:`Document` to a :class:`Report` and the findings of the parse.

Stages, one module each: dropping converter residue (``_clean``), segmenting into sections
(``_sections``), metadata (``_meta``), the three tables (``_tables``) and the prose around
them (``_prose``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from .. import _deadline
from .._display import render_html
from .._fold import once_per_document
from ..codes import (
    AGENCY_FROM_SIGNATURE,
    FORMAT_INFERRED,
    METADATA_MISSING,
    SECTION_DUPLICATED,
    SECTION_OUT_OF_ORDER,
    TABLE_CAPTION_REMOVED,
    TABLE_MISSING,
    UNRECOGNIZED_TEXT,
    YEAR_FROM_PERIOD,
)
from ..document import Document, Line
from ..errors import ParseError, ParseTimeoutError
from ..findings import Finding, Findings
from ..model import (
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    ReportFormat,
    Section,
    SectionKey,
    StatisticsPeriod,
    TableKey,
)
from ..model.report import Report
from . import _tables
from ._aligned import align_columns
from ._clean import clean_lines
from ._meta import (
    CRAWLER_TITLE,
    clean_title,
    find_title,
    format_from_text,
    is_crawler_header_end,
    parse_title,
    signature_agency,
    statistics_period,
    strip_markup,
)
from ._placement import (
    TABLE_SECTIONS,
    Placed,
    Reader,
    outside,
    place_tables,
    strip_captions,
)
from ._prose import Piece, assemble
from ._sections import SectionBody, Segmentation, segment

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

    def _repr_html_(self) -> str | None:
        # The report with its tables, the cells that findings name highlighted: the
        # renderer is registered by govdisclosure.serialize.
        return render_html("parse_result", self)


def parse_document(doc: Document) -> ParseResult:
    """Parse a document that a source has turned into lines."""
    progress = _Progress()
    try:
        with once_per_document():
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
            reason_zh="读取报告时程序内部出错（请向开发者报告此文件）",
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
_FORMAT_NOTE_ZH = "只支持 2019 年（试行）和 2021 年两种报告格式"


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
        UNRECOGNIZED_TEXT.finding(
            f"{why}: {text[:60]!r}{'…' if len(text) > 60 else ''} (kept in this finding)",
            message_zh=why_zh,
            line=first.number,
            page=first.page,
            context=text,
        )
    ]


def _pieces(lines: Sequence[Line]) -> list[Piece]:
    return [Piece(ln.text, ln.number) for ln in lines]


def _run_together(pieces: Sequence[Piece]) -> str:
    return "".join(p.text.strip() for p in pieces)


def _parse(doc: Document, progress: _Progress) -> ParseResult:
    if not any(line.text.strip() for line in doc.lines):
        raise ParseError("the document is empty", source=doc.source, reason_zh="文档为空")
    findings: list[Finding] = list(doc.findings)
    seg = _segment(doc, progress, findings)
    bodies: dict[SectionKey, SectionBody] = {s.key: s for s in seg.sections}

    progress.enter("reading the title")
    front = _read_front(seg.before, bodies.get(SectionKey.OVERVIEW), findings)

    progress.enter("reading the tables")
    fmt, placed = _read_tables(doc, bodies, front.year, progress, findings)
    active, applications, appeals = _tables_in(placed, fmt)

    progress.enter("reassembling prose")
    preamble = assemble(front.preamble)
    findings.extend(preamble.findings)
    sections = _sections(seg, placed, progress, findings)
    agency, signed = _signed_by(front, sections)
    findings.extend(signed)

    progress.enter("building the report")
    report = Report(
        agency=agency,
        year=front.year,
        format=fmt,
        active=active,
        applications=applications,
        appeals=appeals,
        title=front.title,
        period=front.period,
        preamble=preamble.text,
        sections=tuple(sections),
        source=doc.source,
    )
    return ParseResult(report, Findings(findings))


def _segment(doc: Document, progress: _Progress, findings: list[Finding]) -> Segmentation:
    """The document's lines cleaned, their space-aligned columns read, cut into sections."""
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
            reason_zh="未找到章节标题（一、总体情况……六、其他需要报告的事项）："
            "不像政府信息公开工作年度报告",
        )
    findings.extend(seg.findings)
    return seg


@attrs.frozen
class _Front:
    """What the text before the tables says: the title, the year, the statistics period."""

    title: str
    agency: str
    year: int | None
    period: StatisticsPeriod | None
    preamble: list[Piece]
    """The text between the title and section 一."""


def _read_front(
    before: Sequence[Line], overview: SectionBody | None, findings: list[Finding]
) -> _Front:
    """The title and metadata from the text before section 一 (and section 一 itself)."""
    header, before, header_title = _crawler_header(before)
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

    intro = _run_together(preamble_pieces) + (
        _run_together(_pieces(overview.lines)) if overview else ""
    )
    period = statistics_period(intro)
    if year is None and period is not None:
        year = period.start.year
        findings.append(
            YEAR_FROM_PERIOD.finding(
                f"the title states no year; {year} taken from the statistics period {period}",
                message_zh=f"标题未写明年度，按统计期限取 {year} 年",
            )
        )
    findings.extend(_missing_metadata(title, year))
    return _Front(title, agency, year, period, preamble_pieces)


def _signed_by(front: _Front, sections: Sequence[Section]) -> tuple[str, list[Finding]]:
    """The reporting body: the title's, else the one signing the last section's prose."""
    if front.agency or not front.title:
        return front.agency, []
    agency = signature_agency(sections[-1].text.split("\n")) if sections else ""
    if agency:
        return agency, [
            AGENCY_FROM_SIGNATURE.finding(
                f"the title names no reporting body; {agency!r} signs the report",
                f"标题未写明报告机关，按落款取“{agency}”",
                context=agency,
            )
        ]
    return "", [
        METADATA_MISSING.finding(
            f"the title {front.title!r} names no reporting body",
            message_zh=f"标题“{front.title}”未写明报告机关",
            context=front.title,
        )
    ]


def _missing_metadata(title: str, year: int | None) -> list[Finding]:
    findings: list[Finding] = []
    if not title:
        findings.append(
            METADATA_MISSING.finding(
                "no title (…政府信息公开工作年度报告) found before section 一",
                message_zh="未找到报告标题",
            )
        )
    if year is None:
        findings.append(
            METADATA_MISSING.finding(
                "the report year is stated neither in the title nor in a statistics period",
                message_zh="未找到报告年度",
            )
        )
    return findings


def _pre_2019(
    year: int, source: str | None, evidence: str = "", evidence_zh: str = ""
) -> ParseError:
    """The error for a report in the format before 2019, with what shows it."""
    shown = f" ({evidence})" if evidence else ""
    shown_zh = f"（{evidence_zh}）" if evidence_zh else ""
    return ParseError(
        f"the document is a {year} report in the pre-2019 format{shown}; {_FORMAT_NOTE}",
        source=source,
        reason_zh=f"这是 {year} 年度按 2019 年以前格式编写的报告{shown_zh}；{_FORMAT_NOTE_ZH}",
    )


def _read_tables(
    doc: Document,
    bodies: dict[SectionKey, SectionBody],
    year: int | None,
    progress: _Progress,
    findings: list[Finding],
) -> tuple[ReportFormat, dict[TableKey, Placed]]:
    """The report's format and its three tables, read in sections 二, 三 and 四 (or where
    they stand)."""

    def lines_of(key: SectionKey) -> tuple[Line, ...]:
        body = bodies.get(key)
        return body.lines if body is not None else ()

    active_lines = lines_of(SectionKey.ACTIVE)
    applications_lines = lines_of(SectionKey.APPLICATIONS)
    detected = _tables.detect_format(active_lines, applications_lines)
    if detected is None and year is not None and year < 2019:
        raise _pre_2019(
            year,
            doc.source,
            "its statistics are not the tables of the 2019 or 2021 format",
            "统计表不是 2019 年或 2021 年格式的表格",
        )
    fmt = detected if detected is not None else _inferred_format(doc, year, findings)

    readers: dict[TableKey, Reader] = {
        TableKey.ACTIVE: lambda lines: _tables.read_active(lines, fmt),
        TableKey.APPLICATIONS: lambda lines: _tables.read_applications(lines, fmt),
        TableKey.APPEALS: _tables.read_appeals,
    }
    progress.line = None
    placed, where = place_tables(bodies, readers)
    reads = {key: p.read for key, p in placed.items()}
    if year is not None and year < 2019 and not reads[TableKey.APPLICATIONS].found:
        # Table 三 is the one table every format since 2019 has and no older one has.
        raise _pre_2019(
            year,
            doc.source,
            "it has no table 收到和处理政府信息公开申请情况",
            "没有“收到和处理政府信息公开申请情况”表",
        )
    if not any(r.found for r in reads.values()):
        if year is not None and year < 2019:
            raise _pre_2019(year, doc.source)
        raise ParseError(
            f"no statistics table found (format {fmt.value}); {_FORMAT_NOTE}",
            source=doc.source,
            reason_zh=f"第二、三、四部分均未找到统计表；{_FORMAT_NOTE_ZH}",
        )
    for key, read in reads.items():
        findings.extend(read.findings)
        if not read.found:
            findings.append(_table_missing(key, bodies.get(TABLE_SECTIONS[key])))
    findings.extend(where)
    return fmt, placed


def _inferred_format(doc: Document, year: int | None, findings: list[Finding]) -> ReportFormat:
    """The format of tables that do not show theirs: the one the text cites, or the one in
    force for the year."""
    cited = format_from_text(doc.text())
    if cited is not None:
        fmt, why = cited, "the format the text cites"
    elif year is not None:
        fmt, why = ReportFormat.for_year(year), f"the format in force for {year}"
    else:
        fmt, why = ReportFormat.F2021, "the current format (no year, no citation)"
    findings.append(
        FORMAT_INFERRED.finding(
            f"the tables do not show their format; format {fmt.value} taken from {why}",
            message_zh=f"表格未体现格式，按《{fmt.official_name}》读取",
        )
    )
    return fmt


def _table_missing(key: TableKey, body: SectionBody | None) -> Finding:
    section = TABLE_SECTIONS[key]
    return TABLE_MISSING.finding(
        f"table {key.label} not found"
        + ("" if body else f" (section {section.label} is missing)")
        + ": all its cells are missing",
        message_zh=f"未找到表格“{key.label}”",
        table=key,
        section=section,
        line=body.heading.number if body else None,
    )


def _tables_in(
    placed: dict[TableKey, Placed], fmt: ReportFormat
) -> tuple[ActiveTable, ApplicationsTable, AppealsTable]:
    """The three tables read, each empty in ``fmt`` where the reader returned another."""
    active = placed[TableKey.ACTIVE].read.table
    applications = placed[TableKey.APPLICATIONS].read.table
    appeals = placed[TableKey.APPEALS].read.table
    if not isinstance(active, ActiveTable) or active.format is not fmt:
        active = ActiveTable.empty(fmt)
    if not isinstance(applications, ApplicationsTable) or applications.format is not fmt:
        applications = ApplicationsTable.empty(fmt)
    if not isinstance(appeals, AppealsTable):
        appeals = AppealsTable.empty()
    return active, applications, appeals


def _sections(
    seg: Segmentation,
    placed: dict[TableKey, Placed],
    progress: _Progress,
    findings: list[Finding],
) -> list[Section]:
    """Each section with its prose: its text around the tables it holds, without their
    captions."""
    sections: list[Section] = []
    captions: set[int] = set()
    for body in seg.sections:
        progress.line = body.heading.number
        _deadline.check()
        spans = [(k, p.span) for k, p in placed.items() if p.section is body.key and p.span]
        lines, removed = strip_captions(body, spans)
        for number in sorted(removed):
            findings.append(
                TABLE_CAPTION_REMOVED.finding(
                    f"line {number} is a table's caption, not prose: removed",
                    f"第 {number} 行是表格标题，不是正文，已删除",
                    line=number,
                    section=body.key,
                )
            )
        captions |= removed
        prose = assemble(outside(lines, [span for _k, span in spans]), section=body.key.key)
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
    # A caption that repeats a section's heading (一、主动公开政府信息情况 after section 六)
    # was taken for a heading out of order: it was the table's caption.
    findings[:] = [
        f
        for f in findings
        if not (
            f.code in (SECTION_OUT_OF_ORDER.code, SECTION_DUPLICATED.code) and f.line in captions
        )
    ]
    return sections
