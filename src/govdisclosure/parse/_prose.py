"""Reassembling a section's prose: paragraphs verbatim, hard-wrapped lines joined.

A PDF converter breaks every paragraph into lines of the page's width (seed 001: about 28
characters, a blank line after each). Such a document is recognised by its many full-width
lines that end mid-sentence. There, a paragraph goes on until a line ends a sentence
(。；！？ or a colon) and either falls short of the page width or is followed by a line
that starts a paragraph (（一）, 一是, 1., indentation, Markdown). Elsewhere lines are
paragraphs, except a long line broken mid-sentence by a page break (seed 000), which is
joined to the next. Lines are joined without adding spaces: Chinese has none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import attrs
import regex

from ..codes import PROSE_UNWRAPPED
from ..findings import Finding
from ..model.keys import SectionKey

__all__ = ["Piece", "Prose", "assemble"]

_SENTENCE_END = regex.compile(r"[。！？；：:;!?…]['\"”’）)」』】\]*]*$")
_OPEN_END = regex.compile(r"[\p{Han}\p{N}，、,A-Za-z%]$")
_PARAGRAPH_START = regex.compile(
    r"""^(?:
        [（(]\s*[一二三四五六七八九十\d]+\s*[）)]
      | [一二三四五六七八九十]+\s*[、.．,，]
      | \d{1,2}\s*[、．](?!\d)
      | \d{1,2}\.(?!\d)
      | [一二三四五六七八九十]是
      | 第[一二三四五六七八九十]+[，、,是]
      | \*\* | \# | 注\s*[:：]
      | [-•·●]\s
    )""",
    regex.VERBOSE,
)
_INDENT = regex.compile(r"^(?:\u3000|\s{2,})")
# A line of a hard-wrapped page is this close to the page width.
_FULL_WIDTH = 0.85
# A long line broken by a page break, outside hard-wrapped text: at least this wide.
_LONG_LINE = 60


@attrs.frozen
class Piece:
    """A line (or fragment) of prose as it stood, with its line number."""

    text: str
    line: int


@attrs.frozen
class Prose:
    text: str
    findings: tuple[Finding, ...]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_width(widths: Sequence[int]) -> int:
    ordered = sorted(widths)
    return ordered[int(0.9 * (len(ordered) - 1))] if ordered else 0


def _starts_paragraph(raw: str) -> bool:
    return bool(_INDENT.match(raw)) or bool(_PARAGRAPH_START.match(raw.strip()))


def _is_hard_wrapped(texts: Sequence[str], widths: Sequence[int], page: int) -> bool:
    if len(texts) < 4 or page < 20:
        return False
    wrapped = sum(
        1
        for t, w in zip(texts, widths, strict=True)
        if w >= _FULL_WIDTH * page and not _SENTENCE_END.search(t)
    )
    return wrapped >= 0.3 * len(texts)


def assemble(pieces: Sequence[Piece], *, section: str | None = None) -> Prose:
    """The paragraphs of ``pieces`` joined by ``\\n``, each stripped."""
    items = [(p.text, p.text.strip(), p.line) for p in pieces if p.text.strip()]
    if not items:
        return Prose("", ())
    texts = [t for _, t, _ in items]
    widths = [_width(t) for t in texts]
    page = _page_width(widths)
    wrapped = _is_hard_wrapped(texts, widths, page)
    paragraphs: list[list[str]] = [[texts[0]]]
    joined = 0
    first_line: int | None = None
    for i in range(1, len(items)):
        prev, prev_width = texts[i - 1], widths[i - 1]
        raw = items[i][0]
        if wrapped:
            ends = bool(_SENTENCE_END.search(prev))
            short = prev_width < _FULL_WIDTH * page
            join = not short and not (ends and _starts_paragraph(raw))
        else:
            join = (
                prev_width >= _LONG_LINE
                and not _SENTENCE_END.search(prev)
                and bool(_OPEN_END.search(prev))
                and not _starts_paragraph(raw)
            )
        if join:
            paragraphs[-1].append(texts[i])
            joined += 1
            if first_line is None:
                first_line = items[i - 1][2]
        else:
            paragraphs.append([texts[i]])
    findings: tuple[Finding, ...] = ()
    if joined:
        where = f"section {section}" if section else "the preamble"
        where_zh = f"“{SectionKey.coerce(section).label}”" if section else "前言"
        findings = (
            PROSE_UNWRAPPED.finding(
                f"{joined} line break(s) inside paragraphs of {where} removed "
                f"({len(items)} lines → {len(paragraphs)} paragraphs)",
                message_zh=f"合并了{where_zh}中 {joined} 处段内断行",
                line=first_line,
                section=section,
            ),
        )
    return Prose("\n".join("".join(p) for p in paragraphs), findings)
