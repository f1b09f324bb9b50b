"""Bytes to text: the encoding is detected, never assumed.

Reports reach us as UTF-8 (with or without a BOM), as GB18030/GBK from older Windows
tools, or as UTF-16 from Word's "save as text". A byte-order mark settles it; without one,
NUL bytes betray UTF-16 (every CJK or ASCII character of UTF-16 text has a zero byte in a
fixed position), strict UTF-8 is tried next, and GB18030 last. What decodes to control
characters is not text.
"""

from __future__ import annotations

import codecs
import os

from ..errors import SourceError
from ..sources import SourceLimits, read_file

__all__ = ["decode_bytes", "read_text_file"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 BOMs start with the UTF-16 ones: test them first.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters other than tab, newline, carriage return and form feed: text files
# have (almost) none of them, binary files have many.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f"}
_CONTROL_SHARE = 0.01


_NOT_TEXT = "不是文本文件：是二进制文件，或是本程序不能打开的格式"
_UNKNOWN_ENCODING = "无法识别文件的字符编码（已尝试 UTF-8、GB18030 和 UTF-16）"


def _check_text(text: str, encoding: str, source: str | None) -> str:
    if not text:
        return text
    controls = sum(1 for ch in text if ch in _CONTROL)
    if "\x00" in text or controls / len(text) > _CONTROL_SHARE:
        raise SourceError(
            f"the file is not text (decoded as {encoding} it holds {controls} control "
            "characters): a binary file, or a format this reader does not open",
            source=source,
            reason_zh=_NOT_TEXT,
        )
    return text


def decode_bytes(data: bytes, *, source: str | None = None) -> str:
    """Decode a text file whose encoding is unknown.

    Tries, in order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without BOM
    when the bytes hold NULs; strict UTF-8; then strict GB18030 (a superset of GBK and
    GB2312) or UTF-16 without ASCII, whichever reads most like Chinese text. Raises :class:`~govdisclosure.errors.SourceError` saying why when none fits
    or when the result is not text. A leading BOM is not part of the returned text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start + len(bom)}: {exc.reason})",
                    source=source,
                    reason_zh=_UNKNOWN_ENCODING,
                ) from None
            return _check_text(text, encoding, source)
    if b"\x00" in data:
        # Every ASCII character of UTF-16 text has a zero byte; binary files have zeros too.
        reading = _most_plausible(data, ("utf-16-le", "utf-16-be"), [])
        if reading is None:
            raise SourceError(
                "the file is not text (it holds NUL bytes and does not read as UTF-16): "
                "a binary file, or a format this reader does not open",
                source=source,
                reason_zh=_NOT_TEXT,
            )
        return _check_text(reading[1], reading[0], source)
    try:
        return _check_text(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError as exc:
        errors = [f"not utf-8 (byte {exc.start}: {exc.reason})"]
    # GB18030 decodes almost any bytes, UTF-16 without BOM and without ASCII too: keep
    # the reading that looks most like Chinese prose.
    reading = _most_plausible(data, ("gb18030", "utf-16-le", "utf-16-be"), errors)
    if reading is not None:
        return _check_text(reading[1], reading[0], source)
    raise SourceError(
        "cannot tell the file's encoding: " + "; ".join(errors) + " (tried a byte-order "
        "mark, UTF-8, GB18030 and UTF-16)",
        source=source,
        reason_zh=_UNKNOWN_ENCODING,
    )


def _most_plausible(
    data: bytes, encodings: tuple[str, ...], errors: list[str]
) -> tuple[str, str] | None:
    """(encoding, text) of the strict decoding that reads most like a report, if plausible."""
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append(f"not {encoding} (byte {exc.start}: {exc.reason})")
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is None:
        return None
    if best[0] < _PLAUSIBLE:
        errors.append(f"as {best[1]} it reads as gibberish")
        return None
    return best[1], best[2]


_PLAUSIBLE = 0.6


def _plausibility(text: str) -> float:
    """Share of characters that Chinese report text is made of: common hanzi (GB2312),
    CJK and full-width punctuation, digits, spaces, half for Latin letters (URLs, e-mail
    addresses). Mis-decoded bytes give rare hanzi, letters and symbols instead."""
    if not text:
        return 1.0
    good = 0.0
    for ch in text[:20000]:
        code = ord(ch)
        if ch.isascii() and ch.isalpha():
            good += 0.5
        elif (
            (ch.isascii() and (ch.isprintable() or ch in "\t\r\n"))
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or code in (0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7)
        ):
            good += 1
        elif 0x4E00 <= code <= 0x9FFF:
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                continue
            good += 1
    return good / min(len(text), 20000)


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of a file, its encoding detected by :func:`decode_bytes`; read as
    :func:`~govdisclosure.parse.parse_file` reads, within the default
    :class:`~govdisclosure.sources.SourceLimits`."""
    return decode_bytes(read_file(path, SourceLimits()), source=str(path))
