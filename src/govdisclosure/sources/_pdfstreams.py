"""A PDF's streams measured before PDFium decodes any of them.

PDFium inflates a page's content stream whole, into memory, when the page is loaded,
and lays out every character of it when its text is read; it offers no hook to stop
either midway. So every stream of the file is found and decoded here first, a chunk at
a time with a running count, and the file is refused when

- what its streams inflate to exceeds ``max_unpacked_bytes`` (a FlateDecode bomb),
- one stream that may be drawing instructions (a page's content, a form) inflates past
  ``max_content_bytes`` (PDFium turns each of its bytes into tens of bytes of objects),
- or one such stream shows more text than ``2 × max_page_chars`` bytes of strings (a
  page tiled with millions of glyphs: PDFium lays out each in about 180 bytes).

Images are skipped (text extraction never decodes them); so are streams whose filter
cannot expand much (image codecs) or is unknown. Streams of an encrypted file cannot be
read before PDFium decrypts them: they are measured only as far as they inflate.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterator

import regex

from ._limits import SourceLimits, over_limit

__all__ = ["check_streams"]

_CHUNK = 1 << 18
# "stream" as a keyword (not the end of "endstream"), then its end of line.
_STREAM = regex.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FILTER = regex.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = regex.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = regex.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_IMAGE = regex.compile(rb"/Subtype\s*/Image\b")
# Streams that are certainly not drawing instructions: font programs, cross-reference
# and object streams, metadata, embedded files, colour profiles, functions, CMaps.
_NOT_CONTENT = regex.compile(
    rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b"
    rb"|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile|CMap)\b|/FunctionType\b|/N\s+\d"
)
# Strings of a content stream: literal (with escapes) and hexadecimal.
_LITERAL = regex.compile(rb"\((?:[^()\\]|\\.)*\)", regex.DOTALL)
_HEX = regex.compile(rb"<([0-9A-Fa-f\s]*)>")
_ENDSTREAM = b"endstream"


def _chunks(data: memoryview, start: int, end: int) -> Iterator[bytes]:
    for at in range(start, end, _CHUNK):
        yield bytes(data[at : min(at + _CHUNK, end)])


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while pending:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                return  # damaged or encrypted: PDFium reads what it can, as far as here
            pending = inflater.unconsumed_tail
            if out:
                yield out
            if inflater.eof:
                return


def _lzw(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """LZWDecode (early change), a chunk of output at a time."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    bits = 9
    buffer = value = 0
    previous = b""
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            value = (value << 8) | byte
            buffer += 8
            while buffer >= bits:
                buffer -= bits
                code = (value >> buffer) & ((1 << bits) - 1)
                if code == 256:
                    del table[258:]
                    bits, previous = 9, b""
                    continue
                if code == 257:
                    yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif previous:
                    entry = previous + previous[:1]
                else:
                    return
                out += entry
                if previous:
                    table.append(previous + entry[:1])
                previous = entry
                if len(table) + 1 >= 1 << bits and bits < 12:
                    bits += 1
            if len(out) >= _CHUNK:
                yield bytes(out)
                out.clear()
    yield bytes(out)


def _run_length(chunks: Iterator[bytes]) -> Iterator[bytes]:
    data = b"".join(chunks)  # the input is bounded by the file; the output is not
    at = 0
    out = bytearray()
    while at < len(data):
        length = data[at]
        if length == 128:
            break
        if length < 128:
            out += data[at + 1 : at + 2 + length]
            at += 2 + length
        else:
            out += data[at + 1 : at + 2] * (257 - length)
            at += 2
        if len(out) >= _CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


def _ascii_hex(chunks: Iterator[bytes]) -> Iterator[bytes]:
    text = b"".join(chunks).split(b">", 1)[0]
    digits = bytes(c for c in text if c not in b" \t\r\n\f\x00")
    try:
        yield binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    except binascii.Error:
        return


def _ascii85(chunks: Iterator[bytes]) -> Iterator[bytes]:
    text = b"".join(chunks).split(b"~>", 1)[0].removeprefix(b"<~")
    try:
        yield base64.a85decode(text, ignorechars=b" \t\r\n\f\x00")
    except ValueError:
        return


_DECODERS = {
    b"FlateDecode": _inflate,
    b"Fl": _inflate,
    b"LZWDecode": _lzw,
    b"LZW": _lzw,
    b"RunLengthDecode": _run_length,
    b"RL": _run_length,
    b"ASCIIHexDecode": _ascii_hex,
    b"AHx": _ascii_hex,
    b"ASCII85Decode": _ascii85,
    b"A85": _ascii85,
}


def _stream_end(data: bytes, start: int, head: bytes) -> int:
    length = _LENGTH.search(head)
    if length is not None:
        end = start + int(length.group(1))
        if data.startswith(_ENDSTREAM, end) or data[end : end + 12].lstrip().startswith(_ENDSTREAM):
            return end
    end = data.find(_ENDSTREAM, start)
    return len(data) if end < 0 else end


def check_streams(data: bytes, limits: SourceLimits) -> None:
    """Refuse a PDF whose streams decode to more than the limits allow."""
    view = memoryview(data)
    unpacked = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        # The stream's dictionary: from its "N 0 obj" (within the last 64 KB) on.
        window = max(0, match.start() - 65536)
        at = data.rfind(b"obj", window, match.start())
        head = data[at + 3 if at >= 0 else window : match.start()]
        if _IMAGE.search(head):
            continue
        filters = _FILTER.search(head)
        names = _NAME.findall(filters.group(1)) if filters else []
        decoders = [_DECODERS.get(bytes(n)) for n in names]
        if not names or any(d is None for d in decoders):
            continue  # stored as is (bounded by the file), or an image codec
        content = not _NOT_CONTENT.search(head)
        stream: Iterator[bytes] = _chunks(view, start, _stream_end(data, start, head))
        for decode in decoders:
            assert decode is not None
            stream = decode(stream)
        size = strings = 0
        text = False
        for chunk in stream:
            size += len(chunk)
            unpacked += len(chunk)
            if unpacked > limits.max_unpacked_bytes:
                raise over_limit(
                    f"the PDF's streams inflate to more than {limits.max_unpacked_bytes} "
                    "bytes: a compression bomb or not a report",
                    "max_unpacked_bytes",
                )
            if not content:
                continue
            if size > limits.max_content_bytes:
                raise over_limit(
                    f"a content stream of the PDF inflates to more than "
                    f"{limits.max_content_bytes} bytes: a compression bomb or not a report",
                    "max_content_bytes",
                )
            text = text or b"BT" in chunk
            if text:
                strings += sum(len(s) - 2 for s in _LITERAL.findall(chunk))
                strings += sum(len(s) // 2 for s in _HEX.findall(chunk))
                if strings > 2 * limits.max_page_chars:
                    raise over_limit(
                        f"a content stream of the PDF draws more than "
                        f"{limits.max_page_chars} characters",
                        "max_page_chars",
                    )
