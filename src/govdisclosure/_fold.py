"""Folding text for matching: the tolerant view of labels, headings and numbers.

Prose is kept verbatim; these functions only build the *keys* that labels are matched on.
Sources and the parser both use them.
"""

from __future__ import annotations

import unicodedata

import regex

__all__ = [
    "fold",
    "fold_with_map",
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


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ＋…) to half-width; everything else unchanged."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def fold(text: str) -> str:
    """The matching key of a text: half-width, unified brackets/punctuation, no spaces,
    no Markdown emphasis or pipes."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", to_halfwidth(text)).translate(_TRANSLATE)
    text = _MARKUP.sub("", text)
    return str(_SPACE.sub("", text))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`fold` character by character, with the offset in ``text`` of each kept char.

    Lets a match found in the folded text be mapped back to the original (for prose kept
    verbatim around a table on the same line).
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in "*|#" or _INVISIBLE.match(ch) or ch.isspace() or ch in "\u3000\u00a0":
            continue
        folded = to_halfwidth(ch).translate(_TRANSLATE)
        if folded.isspace():
            continue
        out.append(folded)
        offsets.append(i)
    return "".join(out), offsets
