"""Reports that show their problems: HTML for notebooks and for a page sent round.

:func:`report_html` draws a report as an HTML *fragment*: its tables with bordered cells,
the cells that error and warning findings name highlighted (the finding's message on
hover, its number linking to the list of findings below), the prose folded in
``<details>``. :func:`findings_html` and :func:`finding_html` draw findings alone.
These are what ``_repr_html_`` of a :class:`~govdisclosure.model.Report`, a
:class:`~govdisclosure.parse.ParseResult`, :class:`~govdisclosure.findings.Findings` and a
:class:`~govdisclosure.findings.Finding` show in a notebook.

:class:`BatchPage` writes one self-contained HTML page for many reports: a summary table
of reporting bodies by year with their counts of errors and warnings, linking to each
report below it. No script, no stylesheet or font from elsewhere: the page reads the same
offline, attached to an e-mail.

A finding names a cell by table, row and column: that cell is highlighted. A finding
naming a column but no row (a column that does not balance) highlights the column's
header; one naming a row but no column, the row's label. The label of a row holding a
highlighted cell is tinted too, so that a row such as （七）总计 stands out at a glance.
"""

from __future__ import annotations

import html
import itertools
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Final

import attrs

from .._display import register_html
from .._text import Lang, default_lang, say, separators
from ..codes import CODES
from ..findings import Finding, Findings, Severity
from ..model.keys import SectionKey, TableKey
from ..model.report import Report
from ..model.tables import Table
from .grid import CellRole, GridCell, default_title, table_grid

__all__ = [
    "STYLE",
    "BatchPage",
    "finding_html",
    "findings_html",
    "register",
    "report_html",
    "table_html",
]

_COLOURS: Final = {
    Severity.ERROR: ("#fdd8d8", "#c00000"),
    Severity.WARNING: ("#fff0c2", "#c98a00"),
}

STYLE: Final = """\
.gd-report{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;line-height:1.45}
.gd-report table.gd-table{border-collapse:collapse;margin:.4em 0 .8em;font-size:13px}
.gd-report table.gd-table th,.gd-report table.gd-table td{border:1px solid #8a8a8a;padding:2px 6px;vertical-align:middle}
.gd-report table.gd-table th{background:#f3f3f3;font-weight:normal;text-align:left}
.gd-report table.gd-table td{text-align:right;font-variant-numeric:tabular-nums;min-width:2.2em}
.gd-report .gd-error{background:#fdd8d8;outline:2px solid #c00000;outline-offset:-2px}
.gd-report .gd-warning{background:#fff0c2;outline:2px solid #c98a00;outline-offset:-2px}
.gd-report th.gd-row-error{background:#fbe4e4;color:#900}
.gd-report th.gd-row-warning{background:#fff5d9}
.gd-report table.gd-table-error{outline:2px solid #c00000}
.gd-report table.gd-table-warning{outline:2px solid #c98a00}
.gd-report sup.gd-ref{font-size:10px;margin-left:2px}
.gd-report .gd-meta{color:#555;margin:.2em 0}
.gd-report ol.gd-findings{padding-left:2.2em}
.gd-report ol.gd-findings li{margin:.25em 0}
.gd-report .gd-sev{display:inline-block;min-width:4.5em;font-weight:bold}
.gd-report .gd-sev-error{color:#c00000}
.gd-report .gd-sev-warning{color:#a06e00}
.gd-report .gd-sev-info{color:#555}
.gd-report .gd-where{color:#444}
.gd-report .gd-context{color:#666}
.gd-report .gd-detail{color:#444}
.gd-report details{margin:.2em 0}
.gd-report details p{margin:.3em 0 .3em 1em}
.gd-report summary{cursor:pointer}
"""
"""The stylesheet of the fragments and the page (every rule scoped under ``.gd-report``)."""

_ids = itertools.count(1)


def _comma(lang: Lang) -> str:
    return "，" if lang == "zh" else ", "


def _severity_word(severity: Severity, lang: Lang) -> str:
    return say(f"severity-{severity.value}", lang)


def _finding_item(finding: Finding, lang: Lang, anchor: str | None) -> str:
    where = finding.where(lang)
    sev = finding.severity.value
    parts = [
        f'<span class="gd-sev gd-sev-{sev}">{html.escape(_severity_word(finding.severity, lang))}</span>',
    ]
    info = CODES.get(finding.code)
    if info is not None:
        title = info.title if lang == "en" else info.title_zh
        parts.append(f'<span class="gd-title">{html.escape(title)}</span>')
    parts.append(f"<code>[{html.escape(finding.code)}]</code>")
    if where:
        parts.append(f'<span class="gd-where">{html.escape(where)}</span>')
    body = " ".join(parts) + f"<br>{html.escape(finding.text(lang))}"
    for detail in finding.details(lang):
        body += f'<br><span class="gd-detail">{html.escape(detail)}</span>'
    if finding.context and finding.section:
        body += f'<br><span class="gd-context">「{html.escape(finding.context)}」</span>'
    ident = f' id="{anchor}"' if anchor else ""
    return f"<li{ident}>{body}</li>"


def _shown(findings: Findings) -> tuple[list[Finding], list[Finding]]:
    """(errors and warnings, in order; infos): what is highlighted and what is folded."""
    ordered = findings.sorted()
    notable = [f for f in ordered if f.severity >= Severity.WARNING]
    infos = [f for f in ordered if f.severity is Severity.INFO]
    return notable, infos


def _findings_block(findings: Findings, lang: Lang, prefix: str) -> str:
    notable, infos = _shown(findings)
    out: list[str] = []
    if notable:
        out.append(f"<h4>{html.escape(say('findings', lang))}</h4>")
        out.append('<ol class="gd-findings">')
        out.extend(_finding_item(f, lang, f"{prefix}-f{n}") for n, f in enumerate(notable, start=1))
        out.append("</ol>")
    if infos:
        out.append(
            f"<details><summary>{html.escape(say('infos-folded', lang, n=len(infos)))}</summary>"
        )
        out.append('<ol class="gd-findings">')
        out.extend(_finding_item(f, lang, None) for f in infos)
        out.append("</ol></details>")
    return "\n".join(out)


def _counts(findings: Findings, lang: Lang) -> str:
    errors, warnings = len(findings.errors), len(findings.warnings)
    if not errors and not warnings:
        return say("no-findings", lang)
    return f"{say('errors', lang, n=errors)}{_comma(lang)}{say('warnings', lang, n=warnings)}"


# --- tables ------------------------------------------------------------------------------


@attrs.define
class _Mark:
    """What the findings say of one place of a table: the worst severity, their numbers
    in the list below, and their messages for the hover text."""

    severity: Severity
    numbers: list[int] = attrs.Factory(list)
    messages: list[str] = attrs.Factory(list)

    def add(self, severity: Severity, number: int, message: str) -> None:
        self.severity = max(self.severity, severity)
        self.numbers.append(number)
        self.messages.append(message)


@attrs.define
class _Marks:
    cells: dict[tuple[str, str], _Mark] = attrs.Factory(dict)
    columns: dict[str, _Mark] = attrs.Factory(dict)
    rows: dict[str, _Mark] = attrs.Factory(dict)
    table: _Mark | None = None

    @classmethod
    def of(cls, table: TableKey, notable: Sequence[Finding], lang: Lang) -> _Marks:
        marks = cls()
        for number, f in enumerate(notable, start=1):
            if f.table != table.key:
                continue
            colon, _ = separators(lang)
            message = f"{_severity_word(f.severity, lang)} [{f.code}]{colon}{f.text(lang)}"
            if f.row and f.column:
                place = marks.cells.setdefault((f.row, f.column), _Mark(f.severity))
            elif f.column:
                place = marks.columns.setdefault(f.column, _Mark(f.severity))
            elif f.row:
                place = marks.rows.setdefault(f.row, _Mark(f.severity))
            else:
                marks.table = marks.table or _Mark(f.severity)
                place = marks.table
            place.add(f.severity, number, message)
        return marks

    def row_severity(self, row: str) -> Severity | None:
        """The worst severity of the findings on a row's cells (for tinting its label)."""
        found = [m.severity for (r, _), m in self.cells.items() if r == row]
        own = self.rows.get(row)
        if own is not None:
            found.append(own.severity)
        return max(found) if found else None


def _cell_html(cell: GridCell, mark: _Mark | None, row_tint: Severity | None, prefix: str) -> str:
    tag = "td" if cell.role is CellRole.VALUE else "th"
    attributes: list[str] = []
    if cell.rowspan > 1:
        attributes.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attributes.append(f'colspan="{cell.colspan}"')
    if tag == "th" and cell.role is CellRole.LABEL:
        attributes.append('scope="row"')
    if cell.role is CellRole.VALUE and cell.row is not None and cell.column is not None:
        attributes.append(f'data-row="{cell.row.key}" data-column="{cell.column.key}"')
    elif cell.row is not None:
        attributes.append(f'data-row="{cell.row.key}"')
    elif cell.column is not None:
        attributes.append(f'data-column="{cell.column.key}"')
    text = html.escape(cell.text)
    if mark is not None:
        background, border = _COLOURS[mark.severity]
        attributes.append(f'class="gd-{mark.severity.value}"')
        # Inline too: a notebook viewer that drops <style> still shows the highlight.
        attributes.append(
            f'style="background:{background};outline:2px solid {border};outline-offset:-2px"'
        )
        attributes.append(f'title="{html.escape(chr(10).join(mark.messages))}"')
        refs = ",".join(f'<a href="#{prefix}-f{n}">{n}</a>' for n in mark.numbers)
        text += f'<sup class="gd-ref">{refs}</sup>'
    elif row_tint is not None:
        attributes.append(f'class="gd-row-{row_tint.value}"')
    head = " ".join([tag, *attributes])
    return f"<{head}>{text}</{tag}>"


def _table(table: Table, notable: Sequence[Finding], lang: Lang, prefix: str) -> str:
    grid = table_grid(table)
    marks = _Marks.of(grid.table, notable, lang)
    classes = "gd-table"
    extra = ""
    if marks.table is not None:
        classes += f" gd-table-{marks.table.severity.value}"
        extra = f' title="{html.escape(chr(10).join(marks.table.messages))}"'
    lines = [
        f'<table class="{classes}" border="1" style="border-collapse:collapse" '
        f'data-table="{grid.table.key}"{extra}>'
    ]
    for row in grid.rows:
        cells = []
        for cell in row:
            mark: _Mark | None = None
            tint: Severity | None = None
            if cell.role is CellRole.VALUE and cell.row is not None and cell.column is not None:
                mark = marks.cells.get((cell.row.key, cell.column.key))
            elif cell.role is CellRole.HEADER and cell.column is not None:
                mark = marks.columns.get(cell.column.key)
            elif cell.role is CellRole.LABEL and cell.row is not None:
                mark = marks.rows.get(cell.row.key)
                tint = marks.row_severity(cell.row.key)
            cells.append(_cell_html(cell, mark, tint, prefix))
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _folded(summary: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return f"<details><summary>{html.escape(summary)}</summary>{paragraphs}</details>"


_SECTION_TABLES: Final = {
    SectionKey.ACTIVE: TableKey.ACTIVE,
    SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
    SectionKey.APPEALS: TableKey.APPEALS,
}


def _new_prefix() -> str:
    return f"gd{next(_ids)}"


def _report_body(
    report: Report,
    findings: Findings,
    *,
    source: str | None,
    lang: Lang,
    prefix: str,
    heading: str = "h3",
) -> str:
    notable, _ = _shown(findings)
    meta = [say("format", lang, format=report.format.value), _counts(findings, lang)]
    if source:
        meta.insert(0, source)
    out = [
        f'<div class="gd-report" id="{prefix}">',
        f"<{heading}>{html.escape(default_title(report))}</{heading}>",
        f'<p class="gd-meta">{html.escape(" · ".join(meta))}</p>',
    ]
    if report.preamble.strip():
        out.append(_folded(say("preamble", lang), report.preamble))
    for key in SectionKey:
        section = report.section(key)
        table_key = _SECTION_TABLES.get(key)
        if table_key is None:
            if section is not None:
                out.append(_folded(key.label, section.text))
            continue
        out.append(f"<h4>{html.escape(key.label)}</h4>")
        out.append(_table(report.table(table_key), notable, lang, prefix))
        if section is not None and section.text.strip():
            out.append(_folded(say("prose", lang, number=key.label[0]), section.text))
    out.append(_findings_block(findings, lang, prefix))
    out.append("</div>")
    return "\n".join(x for x in out if x)


def report_html(
    report: Report,
    findings: Iterable[Finding] = (),
    *,
    source: str | None = None,
    lang: Lang = "en",
    style: bool = True,
) -> str:
    """A report as an HTML fragment, its tables highlighted where ``findings`` point.

    Error and warning findings are highlighted and listed below the tables; info findings
    are listed folded. ``source`` (a path) is shown under the title; ``style=False`` leaves
    out the ``<style>`` element (the page carries one for all reports).
    """
    found = findings if isinstance(findings, Findings) else Findings(findings)
    body = _report_body(
        report, found, source=source or report.source, lang=lang, prefix=_new_prefix()
    )
    return f"<style>{STYLE}</style>\n{body}" if style else body


def table_html(table: Table, findings: Iterable[Finding] = (), *, lang: Lang = "en") -> str:
    """One table as a bordered HTML fragment, its cells highlighted where ``findings`` point."""
    notable, _ = _shown(findings if isinstance(findings, Findings) else Findings(findings))
    prefix = _new_prefix()
    return (
        f'<style>{STYLE}</style>\n<div class="gd-report" id="{prefix}">\n'
        f"{_table(table, notable, lang, prefix)}\n</div>"
    )


def findings_html(findings: Iterable[Finding], *, lang: Lang = "en") -> str:
    """Findings as an HTML fragment: counts, then errors and warnings, infos folded."""
    found = findings if isinstance(findings, Findings) else Findings(findings)
    prefix = _new_prefix()
    return (
        f'<style>{STYLE}</style>\n<div class="gd-report" id="{prefix}">\n'
        f'<p class="gd-meta">{html.escape(_counts(found, lang))}{_comma(lang)}'
        f"{html.escape(say('infos', lang, n=len(found.infos)))}</p>\n"
        f"{_findings_block(found, lang, prefix)}\n</div>"
    )


def finding_html(finding: Finding, *, lang: Lang = "en") -> str:
    """One finding as an HTML fragment."""
    return (
        f'<style>{STYLE}</style>\n<div class="gd-report">'
        f'<ul class="gd-findings" style="list-style:none;padding:0">'
        f"{_finding_item(finding, lang, None)}</ul></div>"
    )


# --- a page for a batch ------------------------------------------------------------------


@attrs.frozen
class _Entry:
    agency: str
    year: int | None
    source: str
    anchor: str
    errors: int
    warnings: int


class BatchPage:
    """One self-contained HTML page for many reports, written as they come.

    Add reports with :meth:`add` (their sections go to a temporary file, so memory stays
    flat however many there are) and files that could not be read with
    :meth:`add_failure`; :meth:`write` then writes the page: the summary of reporting
    bodies by year, the files not read, the findings across years, then every report.
    """

    def __init__(self, *, lang: Lang = "en", title: str | None = None, bodies: bool = True) -> None:
        self.lang: Lang = lang
        self.bodies = bodies
        """Whether the reports themselves are written after the summary (else only the
        summary, as :meth:`fragment` shows it)."""
        self.title = title if title is not None else say("page-title", lang)
        self._entries: list[_Entry] = []
        self._failures: list[tuple[str, str]] = []
        self._series: list[tuple[str, Findings]] = []
        # Closed by close() or the with block, not here.
        self._bodies: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def __enter__(self) -> BatchPage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._bodies.close()

    def add(self, report: Report, findings: Iterable[Finding], *, source: str) -> None:
        """Add a report with its findings (parse and validation), read from ``source``."""
        found = findings if isinstance(findings, Findings) else Findings(findings)
        anchor = f"r{len(self._entries) + 1}"
        self._entries.append(
            _Entry(
                report.agency,
                report.year,
                source,
                anchor,
                len(found.errors),
                len(found.warnings),
            )
        )
        if self.bodies:
            self._bodies.write(
                _report_body(
                    report, found, source=source, lang=self.lang, prefix=anchor, heading="h2"
                )
            )
            self._bodies.write("\n")

    def add_failure(self, source: str, reason: str) -> None:
        """Add a file that could not be read, with the reason."""
        self._failures.append((source, reason))

    def add_series(self, agency: str, findings: Iterable[Finding]) -> None:
        """Add the findings of one body's reports compared year against year."""
        found = findings if isinstance(findings, Findings) else Findings(findings)
        if found:
            self._series.append((agency, found))

    def write(self, file: IO[str]) -> None:
        """Write the whole page (UTF-8 text) to ``file``."""
        lang = self.lang
        file.write(
            "<!DOCTYPE html>\n"
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(self.title)}</title>\n<style>\nbody{{margin:1.5em}}\n"
            f"{STYLE}{_PAGE_STYLE}</style>\n</head>\n<body>\n"
            f'<div class="gd-report">\n<h1>{html.escape(self.title)}</h1>\n'
        )
        file.write(self._overview())
        if self._failures:
            file.write(self._failures_table())
        for agency, found in self._series:
            file.write(
                f"<h3>{html.escape(say('series', lang))}{separators(lang)[0]}"
                f"{html.escape(agency)}</h3>\n"
                f'<ol class="gd-findings">'
                + "".join(_finding_item(f, lang, None) for f in found.sorted())
                + "</ol>\n"
            )
        file.write("</div>\n")
        self._bodies.seek(0)
        while chunk := self._bodies.read(1 << 16):
            file.write(chunk)
        file.write("</body>\n</html>\n")

    def fragment(self) -> str:
        """The summary alone as an HTML fragment (a notebook's display of a batch): the
        table of bodies by year, and the files not read."""
        out = f'<style>{STYLE}{_PAGE_STYLE}</style>\n<div class="gd-report">\n{self._overview()}'
        if self._failures:
            out += self._failures_table()
        return out + "</div>"

    def _overview(self) -> str:
        lang = self.lang
        years = sorted({e.year for e in self._entries if e.year is not None})
        unknown = any(e.year is None for e in self._entries)
        columns: list[int | None] = [*years, *([None] if unknown else [])]
        bodies: dict[str, dict[int | None, list[_Entry]]] = {}
        names: dict[str, str] = {}
        for entry in self._entries:
            key = "".join(entry.agency.split()) or entry.source
            names.setdefault(key, entry.agency or entry.source)
            bodies.setdefault(key, {}).setdefault(entry.year, []).append(entry)
        head = "".join(
            f"<th>{year if year is not None else html.escape(say('year-unknown', lang))}</th>"
            for year in columns
        )
        lines = [
            f"<h2>{html.escape(say('overview', lang))}</h2>",
            f'<p class="gd-meta">{html.escape(self._totals())}</p>',
            '<table class="gd-table gd-overview" border="1" style="border-collapse:collapse">',
            f"<tr><th>{html.escape(say('reporting-body', lang))}</th>{head}</tr>",
        ]
        for key in sorted(bodies):
            cells = []
            for year in columns:
                entries = bodies[key].get(year, [])
                cells.append("<td>" + "<br>".join(self._link(e) for e in entries) + "</td>")
            lines.append(f'<tr><th scope="row">{html.escape(names[key])}</th>{"".join(cells)}</tr>')
        lines.append("</table>")
        return "\n".join(lines) + "\n"

    def _totals(self) -> str:
        lang = self.lang
        errors = sum(1 for e in self._entries if e.errors)
        warnings = sum(1 for e in self._entries if e.warnings)
        files = len(self._entries) + len(self._failures)
        return (
            say("summary", lang, files=files, read=len(self._entries), failed=len(self._failures))
            + separators(lang)[1]
            + say("summary-findings", lang, errors=errors, warnings=warnings)
        )

    def _link(self, entry: _Entry) -> str:
        lang = self.lang
        if entry.errors:
            kind, text = "error", say("errors", lang, n=entry.errors)
            if entry.warnings:
                text += f"{_comma(lang)}{say('warnings', lang, n=entry.warnings)}"
        elif entry.warnings:
            kind, text = "warning", say("warnings", lang, n=entry.warnings)
        else:
            kind, text = "ok", say("no-findings", lang)
        tag, target = ("a", f' href="#{entry.anchor}"') if self.bodies else ("span", "")
        return (
            f'<{tag} class="gd-link gd-link-{kind}"{target} '
            f'title="{html.escape(entry.source)}">{html.escape(text)}</{tag}>'
        )

    def _failures_table(self) -> str:
        lang = self.lang
        rows = "".join(
            f'<tr><td class="gd-text">{html.escape(source)}</td>'
            f'<td class="gd-text">{html.escape(reason)}</td></tr>'
            for source, reason in self._failures
        )
        return (
            f"<h2>{html.escape(say('not-read', lang))}</h2>\n"
            '<table class="gd-table gd-failures" border="1" style="border-collapse:collapse">'
            f"<tr><th>{html.escape(say('file', lang))}</th>"
            f"<th>{html.escape(say('reason', lang))}</th></tr>{rows}</table>\n"
        )


_PAGE_STYLE: Final = """\
.gd-report table.gd-overview td{text-align:left}
.gd-report td.gd-text{text-align:left}
.gd-report a.gd-link{text-decoration:none;padding:0 .3em;border-radius:3px}
.gd-report a.gd-link-error{background:#fdd8d8;color:#900}
.gd-report a.gd-link-warning{background:#fff0c2;color:#7a5400}
.gd-report a.gd-link-ok{color:#2a6e2a}
.gd-report+.gd-report{border-top:1px solid #ccc;margin-top:1.5em}
"""


# --- notebook display --------------------------------------------------------------------


def _checked(report: Report, findings: Findings) -> Findings:
    # Validation sits beside serialization, not under it: imported when a report is shown.
    from ..validate import validate

    return findings + validate(report)


def register() -> None:
    """Register these renderers as the notebook display of reports, parse results, tables
    and findings (done when :mod:`govdisclosure.serialize` is imported).

    A report or a parse result is shown with what validation finds in it, the parse
    result also with the findings of its parse. The language follows the locale of the
    kernel (:func:`~govdisclosure._text.default_lang`: Chinese when ``LANG`` or
    ``LC_ALL`` starts with ``zh``), as on the command line.
    """
    register_html(
        "report",
        lambda report: report_html(report, _checked(report, Findings()), lang=default_lang()),
    )
    register_html(
        "parse_result",
        lambda result: report_html(
            result.report, _checked(result.report, result.findings), lang=default_lang()
        ),
    )
    register_html("table", lambda table: table_html(table, lang=default_lang()))
    register_html("findings", lambda found: findings_html(found, lang=default_lang()))
    register_html("finding", lambda finding: finding_html(finding, lang=default_lang()))
