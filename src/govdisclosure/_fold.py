"""Folding text for matching: the tolerant view of labels, headings and numbers.

Prose is kept verbatim; these functions only build the *keys* that labels are matched on.
Sources and the parser both use them.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import regex

__all__ = [
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


# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, one code point each; most
# lines have none, and a search is faster than a translation that changes nothing.
_WIDE = regex.compile(r"[\uff01-\uff5e\u3000]")
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ＋…) to half-width; everything else unchanged."""
    return text.translate(_HALFWIDTH) if _WIDE.search(text) else text


_T = TypeVar("_T")

_DOCUMENT: ContextVar[dict[object, dict[str, Any]] | None] = ContextVar(
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


def per_document(function: Callable[[str], _T]) -> Callable[[str], _T]:
    """``function`` of a text (pure), computed once per distinct text within
    :func:`once_per_document` (and every time outside it)."""

    @functools.wraps(function)
    def once(text: str) -> _T:
        document = _DOCUMENT.get()
        if document is None:
            return function(text)
        known: dict[str, _T] | None = document.get(once)
        if known is None:
            known = document[once] = {}
        try:
            return known[text]
        except KeyError:
            answer = known[text] = function(text)
            return answer

    return once


@per_document
def fold(text: str) -> str:
    """The matching key of a text: half-width, unified brackets/punctuation, no spaces,
    no Markdown emphasis or pipes."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", to_halfwidth(text)).translate(_TRANSLATE)
    text = _MARKUP.sub("", text)
    return str(_SPACE.sub("", text))


# Every character the two tables change, to what both together make of it.
_FOLD_CHAR = {
    code: to_halfwidth(chr(code)).translate(_TRANSLATE) for code in _HALFWIDTH.keys() | _TRANSLATE
}


@functools.lru_cache(maxsize=1 << 12)
def _dropped(ch: str) -> bool:
    """Whether :func:`fold_with_map` leaves ``ch`` out of the folded text."""
    return (
        ch in "*|#"
        or _INVISIBLE.match(ch) is not None
        or ch.isspace()
        or ch in "\u3000\u00a0"
        or to_halfwidth(ch).translate(_TRANSLATE).isspace()
    )


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`fold` character by character, with the offset in ``text`` of each kept char.

    Lets a match found in the folded text be mapped back to the original (for prose kept
    verbatim around a table on the same line).
    """
    folded, offsets = _fold_with_map(text)
    return folded, list(offsets)


@per_document
def _fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    # A whole line at a time: the characters it drops are decided once per distinct
    # character, the rest is two passes in C.
    dropped = {ch for ch in set(text) if _dropped(ch)}
    if not dropped:
        return text.translate(_FOLD_CHAR), tuple(range(len(text)))
    table: dict[int, str | None] = {**_FOLD_CHAR, **dict.fromkeys(map(ord, dropped))}
    offsets = tuple(i for i, ch in enumerate(text) if ch not in dropped)
    return text.translate(table), offsets
