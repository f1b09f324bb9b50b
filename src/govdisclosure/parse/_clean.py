"""Line-level repairs made before the document is segmented.

Each repair removes a whole line that a converter added to the report (a page footer, a
link target, a Markdown table separator, a table header repeated after a page break) and
says so in an ``info`` finding that names the line. Prose lines are never changed here:
what a line says is kept verbatim for the later stages.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from .._fold import fold
from ..codes import (
    LINK_RESIDUE_REMOVED,
    MARKDOWN_RESIDUE_REMOVED,
    PAGE_FOOTER_REMOVED,
    REPEATED_HEADER_REMOVED,
)
from ..document import Line, is_page_footer
from ..findings import CodeInfo, Finding
from ..model import APPLICANT_COLUMNS
from ._converted import regroup_converter_tables

__all__ = ["Cleaned", "clean_lines"]

# A PDF link annotation extracted as text: the target alone on a line, sometimes with the
# closing punctuation of the sentence it was attached to.
_LINK_RESIDUE = regex.compile(
    r"^\s*(?:mailto:\S+|(?:https?://|www\.)[^\s\u4e00-\u9fff]*)[\s)）。.,，;；]*$",
    regex.IGNORECASE,
)
# | --- | :---: | ---|. Whitespace runs stand only between pipes (``\s*\|?\s*`` would try
# every split of a long run of spaces: quadratic, minutes on a line of 100,000).
_PIPE_SEPARATOR = regex.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
# A table caption (表三：收到和处理政府信息公开申请情况), possibly as a Markdown heading.
_CAPTION = regex.compile(r"^表[一二三四1-4][:.]")

_APPLICANT_LABELS = tuple(fold(c.label) for c in APPLICANT_COLUMNS)


@attrs.frozen
class Cleaned:
    lines: tuple[Line, ...]
    findings: tuple[Finding, ...]


def _is_applications_header(key: str) -> bool:
    """A header row of table 三: it names several applicant columns and holds no number."""
    if any(ch.isdigit() for ch in key):
        return False
    return sum(1 for label in _APPLICANT_LABELS if label in key) >= 3


_BARE_NUMBER = regex.compile(r"^\s*\d{1,3}\s*$")


def _before_page_break(lines: Sequence[Line], i: int) -> bool:
    """The next line with text starts a new page (pdftotext's form feed)."""
    for line in lines[i + 1 :]:
        if line.text.strip():
            return line.text.startswith("\f")
    return False


def _page_number(lines: Sequence[Line], i: int, page: int) -> bool:
    """A number alone on the last line of page ``page`` that says that page's number: a
    footer. (A table's last cell can stand there too, but seldom with that value.)"""
    return (
        _BARE_NUMBER.match(lines[i].text) is not None
        and int(lines[i].text) == page
        and _before_page_break(lines, i)
    )


def _running_lines(lines: Sequence[Line]) -> set[int]:
    """Lines that open or close a page (pdftotext's form feeds) with the same text as on
    other pages: a running header or footer (the report's title, the body's name)."""
    edges: dict[str, list[int]] = {}
    last_text: int | None = None
    for i, line in enumerate(lines):
        if "\f" in line.text:
            if last_text is not None:
                edges.setdefault(fold(lines[last_text].text), []).append(last_text)
            after = line.text.rsplit("\f", 1)[1]
            first = (
                i
                if after.strip()
                else next(
                    (k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].text.strip()), None
                )
            )
            if first is not None:
                edges.setdefault(fold(lines[first].text.replace("\f", "")), []).append(first)
        if line.text.strip():
            last_text = i
    return {
        i
        for key, at in edges.items()
        if len(at) >= 2 and 0 < len(key) <= 60 and not key.isdigit()
        for i in at
    }


def clean_lines(lines: Sequence[Line]) -> Cleaned:
    """Drop the lines a converter added; report each drop. Tables a PDF-to-Markdown
    converter rebuilt are first turned back into rows (:mod:`._converted`)."""
    regrouped = regroup_converter_tables(lines)
    lines = regrouped.lines
    kept: list[Line] = []
    findings: list[Finding] = list(regrouped.findings)
    seen_headers: set[str] = set()
    running = _running_lines(lines) if any("\f" in line.text for line in lines) else set()

    def removed(line: Line, code: CodeInfo, message: str, message_zh: str) -> None:
        findings.append(
            code.finding(
                message,
                message_zh,
                line=line.number,
                page=line.page,
                context=line.text,
            )
        )

    page = 1
    for i, line in enumerate(lines):
        text = line.text
        page += text.count("\f")
        shown = text.strip()
        if not shown:
            kept.append(line)
        elif i in running:
            removed(
                line,
                PAGE_FOOTER_REMOVED,
                f"running header or footer {shown[:40]!r} removed (it opens or closes "
                "several pages)",
                f"删除页眉页脚“{shown[:40]}”",
            )
            # The page break stays: it counts the pages.
            kept.append(attrs.evolve(line, text="\f" * text.count("\f")))
        elif is_page_footer(text) or _page_number(lines, i, page):
            removed(
                line, PAGE_FOOTER_REMOVED, f"page footer {shown!r} removed", f"删除页码行“{shown}”"
            )
        elif _LINK_RESIDUE.match(text):
            removed(
                line,
                LINK_RESIDUE_REMOVED,
                f"stray link target {shown!r} removed",
                f"删除链接残留“{shown}”",
            )
        elif _PIPE_SEPARATOR.match(text) and "|" in text:
            removed(
                line,
                MARKDOWN_RESIDUE_REMOVED,
                "Markdown table separator row removed",
                "删除 Markdown 表格分隔行",
            )
        else:
            key = fold(text)
            header = bool(_CAPTION.match(key)) or _is_applications_header(key)
            if header and key in seen_headers:
                removed(
                    line,
                    REPEATED_HEADER_REMOVED,
                    f"table caption or header repeated after a page break removed: {shown[:40]!r}",
                    "删除分页后重复的表头",
                )
                continue
            if header:
                seen_headers.add(key)
            kept.append(line)
    return Cleaned(tuple(kept), tuple(findings))
