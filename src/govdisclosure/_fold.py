"""Folding text for matching: the tolerant view of labels, headings and numbers.

Prose is kept verbatim; these functions only build the *keys* that labels are matched on.
Sources and the parser both use them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import regex

__all__ = [
    "document_memo",
    "fold",
    "fold_with_map",
    "once_per_document",
    "per_document",
    "to_halfwidth",
]

# Brackets, dashes, quotes and separators that vary between half- and full-width and
# between converters; folded to one form so that matching does not care.
_TRANSLATE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "﹙": "(",
        "﹚": ")",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "＂": '"',
        "「": '"',
        "」": '"',
        "，": ",",
        "、": ",",
        "；": ";",
        "：": ":",
        "．": ".",
        "。": ".",
        "—": "-",
        "–": "-",
        "－": "-",
        "―": "-",
        "─": "-",
        "／": "/",
        "＋": "+",
        "\u3000": " ",
        "\u00a0": " ",
        # 其它 is typed for 其他 (三、其它, （六）其它处理): one word for matching.
        "它": "他",
    }
)

_INVISIBLE = regex.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACE = regex.compile(r"[\s\u3000\u00a0]+")
_MARKUP = regex.compile(r"\*\*|__|^#{1,6}\s*|\|")


def _sparse(table: dict[int, str]) -> Callable[[str], str]:
    """``str.translate`` by ``table`` (one character to one), made by finding the few
    characters it changes: a translation by a dict looks every character up, and took a
    third of the time of reading a report."""
    to = {chr(code): text for code, text in table.items()}
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(to)) + "]")

    def replace(m: re.Match[str]) -> str:
        return to[m.group()]

    def translate(text: str) -> str:
        return pattern.sub(replace, text)

    return translate


# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, one code point each.
_HALFWIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}
_to_halfwidth = _sparse(_HALFWIDTH)
_unify = _sparse({code: str(text) for code, text in _TRANSLATE.items()})


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ＋…) to half-width; everything else unchanged."""
    return _to_halfwidth(text)


_T = TypeVar("_T")

# What the functions of per_document answered, by (function, text), and each
# document_memo by its owner.
_DOCUMENT: ContextVar[dict[object, Any] | None] = ContextVar(
    "govdisclosure_document_texts", default=None
)


@contextmanager
def once_per_document() -> Iterator[None]:
    """Within the ``with`` body (one document's parse), work out each distinct text once.

    Every stage of the parser folds the lines it reads (cleaning, sections, format
    detection, table reading, prose), mostly the same lines, and asks of them again
    whether they are page footers; the functions made with :func:`per_document` keep their
    answers for the document's parse and no longer, in a :class:`~contextvars.ContextVar`
    like the parse's time budget. Nested, the outer document's answers are kept.
    """
    if _DOCUMENT.get() is not None:
        yield
        return
    token = _DOCUMENT.set({})
    try:
        yield
    finally:
        _DOCUMENT.reset(token)


def document_memo(owner: object) -> dict[Any, Any] | None:
    """What ``owner`` keeps for the document being parsed (None outside
    :func:`once_per_document`)."""
    document = _DOCUMENT.get()
    if document is None:
        return None
    memo = document.get(owner)
    if memo is None:
        memo = document[owner] = {}
    return memo


def per_document(function: Callable[[str], _T]) -> Callable[[str], _T]:
    """``function`` of a text (pure), computed once per distinct text within
    :func:`once_per_document` (and every time outside it)."""

    @functools.wraps(function)
    def once(text: str) -> _T:
        document = _DOCUMENT.get()
        if document is None:
            return function(text)
        key = (once, text)
        try:
            found: _T = document[key]
            return found
        except KeyError:
            answer = document[key] = function(text)
            return answer

    return once


@per_document
def fold(text: str) -> str:
    """The matching key of a text: half-width, unified brackets/punctuation, no spaces,
    no Markdown emphasis or pipes."""
    text = unicodedata.normalize("NFC", text)
    text = _unify(_INVISIBLE.sub("", to_halfwidth(text)))
    text = _MARKUP.sub("", text)
    return str(_SPACE.sub("", text))


# Every character the two tables change, to what both together make of it.
_fold_chars = _sparse(
    {code: _unify(to_halfwidth(chr(code))) for code in _HALFWIDTH.keys() | _TRANSLATE}
)
# What fold_with_map leaves out, by the character in the text: Markdown marks, invisible
# characters, and white space (``re``'s ``\s`` is ``str.isspace``; the two spaces that
# fold to a space, U+3000 and U+00A0, are white space already).
_DROPPED = re.compile(r"[*|#\s\u200b-\u200f\u2060\ufeff\u00ad]+")


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`fold` character by character, with the offset in ``text`` of each kept char.

    Lets a match found in the folded text be mapped back to the original (for prose kept
    verbatim around a table on the same line).
    """
    folded, offsets = _fold_with_map(text)
    return folded, list(offsets)


@per_document
def _fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    # A whole line at a time: the characters kept come in runs between those dropped.
    folded = _fold_chars(text)
    parts: list[str] = []
    offsets: list[int] = []
    at = 0
    for m in _DROPPED.finditer(text):
        parts.append(folded[at : m.start()])
        offsets.extend(range(at, m.start()))
        at = m.end()
    parts.append(folded[at:])
    offsets.extend(range(at, len(text)))
    return "".join(parts), tuple(offsets)
