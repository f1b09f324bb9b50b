"""Hostile and broken input files, one generator per family, at any scale.

``FAMILIES`` maps a family's name to a function ``(directory, scale) -> path`` that writes
the family's input at ``scale`` (1, 10, …: the hostile dimension grows with it) into
``directory`` and returns its path (a device family returns the device's path). The
families are those that once took the process down or hung it (issue 11), and a few that
were always refused; ``tests/test_hostile.py`` runs each through ``parse_file`` in a
subprocess, and ``benchmarks/hostile.py`` measures them at 1x and 10x.

Only the standard library is used, so that the files can be written anywhere.
"""

from __future__ import annotations

import io
import os
import random
import socket
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

__all__ = ["EXPECTED", "FAMILIES", "Family"]

Family = Callable[[Path, int], Path]

# --- containers ----------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _docx(document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 is the catalog), with a correct cross-reference."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _one_page_pdf(content: bytes, *, size: tuple[int, int] = (595, 842), flate: bool) -> bytes:
    data = zlib.compress(content, 9) if flate else content
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>" % size,
            b"<< /Length %d %s>>\nstream\n"
            % (len(data), b"/Filter /FlateDecode " if flate else b"")
            + data
            + b"\nendstream",
        ]
    )


def _write(directory: Path, name: str, data: bytes | str) -> Path:
    path = directory / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- the families of issue 11 --------------------------------------------------------------


def dev_zero(directory: Path, scale: int) -> Path:
    """A character device whose ``stat`` size is 0 and which never ends."""
    return Path("/dev/zero")


def dev_urandom(directory: Path, scale: int) -> Path:
    return Path("/dev/urandom")


def fifo(directory: Path, scale: int) -> Path:
    """A named pipe nobody writes to: opening it for reading blocks."""
    path = directory / "report.fifo"
    os.mkfifo(path)
    return path


def html_huge_spans(directory: Path, scale: int) -> Path:
    """Cells spanning millions of rows and columns, in many rows."""
    rows = "".join(
        f'<tr><td rowspan="99999999" colspan="99999999">{i}</td><td>x</td></tr>'
        for i in range(200 * scale)
    )
    return _write(directory, "spans.html", f"<html><body><table>{rows}</table></body></html>")


def docx_huge_gridspan(directory: Path, scale: int) -> Path:
    """Cells of a Word table each spanning a billion grid columns, in many rows."""
    row = (
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p><w:r><w:t>x</w:t>'
        "</w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    )
    body = f"<w:tbl>{row * (200 * scale)}</w:tbl>"
    return _write(directory, "gridspan.docx", _docx(_document_xml(body)))


def _padded_docx(directory: Path, name: str, padding: int) -> tuple[Path, int, int]:
    """A DOCX whose ``document.xml`` holds ``padding`` blanks before its one paragraph,
    written a chunk at a time; with the CRC of the member's first 10,000 bytes and its
    size."""
    head, tail = _document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>").split(b"<w:body>")
    head += b"<w:body>"
    path = directory / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            prefix = head + b" " * (10_000 - len(head))
            chunk = b" " * 2**20
            for _ in range(padding // len(chunk)):
                member.write(chunk)
            member.write(tail)
    return path, zlib.crc32(prefix), len(head) + padding // len(chunk) * len(chunk) + len(tail)


def _patch_member(path: Path, **fields: int) -> None:
    """Overwrite ``crc``, ``compressed`` or ``size`` of ``word/document.xml`` in the
    central directory (and the local header)."""
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = data.index(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    for field, value in fields.items():
        offset = {"crc": 14, "compressed": 18, "size": 22}[field]
        struct.pack_into("<I", data, local + offset, value)
        struct.pack_into("<I", data, central + offset + 2, value)
    path.write_bytes(bytes(data))


def docx_lying_zip(directory: Path, scale: int) -> Path:
    """The ZIP directory declares 10 KB for ``document.xml`` (with the CRC of its first
    10 KB), which inflates to 200 MB per scale: the declared ratio is harmless."""
    path, crc, _ = _padded_docx(directory, "lying.docx", 200 * scale * 2**20)
    _patch_member(path, crc=crc, size=10_000)
    return path


def docx_lying_sizes(directory: Path, scale: int) -> Path:
    """The other lie: the true size of ``document.xml`` (150 MB per scale) but a
    compressed size declared a twentieth of it, so that the ratio looks harmless."""
    path, _, size = _padded_docx(directory, "lying-sizes.docx", 150 * scale * 2**20)
    _patch_member(path, compressed=min(size // 20, 2**32 - 1))
    return path


def pdf_flate_bomb(directory: Path, scale: int) -> Path:
    """A page whose content stream inflates to 256 MB per scale (of blanks)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * 2**20
    data = b"".join(compressor.compress(chunk) for _ in range(256 * scale))
    data += compressor.flush()
    pdf = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        ]
    )
    return _write(directory, "bomb.pdf", pdf)


def html_many_br(directory: Path, scale: int) -> Path:
    """A million line breaks per scale, in a table cell and in prose."""
    cell = "x<br>\n" * (100_000 * scale)
    prose = "y <br>\n" * (100_000 * scale)
    page = (
        f"<html><body><table><tr><td>a</td><td>{cell}</td></tr></table><p>{prose}</p></body></html>"
    )
    return _write(directory, "br.html", page)


def pdf_glyph_grid(directory: Path, scale: int) -> Path:
    """A 10,000-point page covered by a grid of 1-point glyphs: 40,000 per scale."""
    side = int(200 * scale**0.5)
    lines = [b"BT /F1 1 Tf"]
    for r in range(side):
        row = b"".join(b"%c" % (0x41 + (r + c) % 26) for c in range(side))
        lines.append(b"1 0 0 1 10 %.1f Tm 0.2 Tc (%s) Tj" % (10 + r * 1.5, row))
    lines.append(b"ET")
    return _write(
        directory,
        "grid.pdf",
        _one_page_pdf(b"\n".join(lines), size=(10_000, 10_000), flate=True),
    )


def pdf_many_pages(directory: Path, scale: int) -> Path:
    """A page tree of 200,000 pages per scale (one small file: the pages share nothing
    but their parent)."""
    count = 200_000 * scale
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 3 + count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _write(directory, "pages.pdf", _pdf(objects))


def docx_many_paragraphs(directory: Path, scale: int) -> Path:
    """200,000 short paragraphs per scale, of varied text so that the ZIP is not a bomb."""
    rng = random.Random(scale)
    body = "".join(
        f"<w:p><w:r><w:t>{rng.randrange(10**9)}</w:t></w:r></w:p>" for _ in range(200_000 * scale)
    )
    return _write(directory, "paragraphs.docx", _docx(_document_xml(body)))


def html_big_table(directory: Path, scale: int) -> Path:
    """A table of 999,000 cells per scale (1,000 rows of 999)."""
    row = "<tr>" + "<td>1</td>" * 999 + "</tr>"
    return _write(
        directory, "cells.html", f"<html><body><table>{row * (1000 * scale)}</table></body></html>"
    )


def html_internal_subset(directory: Path, scale: int) -> Path:
    """A report page whose DOCTYPE has an internal subset declaring entities."""
    entities = "".join(f'<!ENTITY e{i} "]>测试市">' for i in range(10 * scale))
    page = (
        f"<!DOCTYPE html [{entities}]><html><head><title>&e0;</title></head><body>"
        "<p>测试市人民政府2023年政府信息公开工作年度报告</p>"
        "<p>&e0;一、总体情况</p></body></html>"
    )
    return _write(directory, "subset.html", page)


# --- always refused, kept so that they stay refused --------------------------------------------


def symlink_loop(directory: Path, scale: int) -> Path:
    a, b = directory / "a.html", directory / "b.html"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def unix_socket(directory: Path, scale: int) -> Path:
    path = directory / "report.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def docx_entity_bomb(directory: Path, scale: int) -> Path:
    """Billion laughs in ``document.xml``: entities that would expand exponentially."""
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10 + scale)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    body = f"<w:p><w:r><w:t>&a{9 + scale};</w:t></w:r></w:p>"
    return _write(directory, "laughs.docx", _docx(_document_xml(body, prolog)))


def text_with_nuls(directory: Path, scale: int) -> Path:
    """A UTF-8 report text sprinkled with NUL and other control characters."""
    text = "测试市人民政府2023年政府信息公开工作年度报告\n\x00一、总体情况\x01\n" * (1000 * scale)
    return _write(directory, "nuls.txt", text)


def zip_many_members(directory: Path, scale: int) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", _document_xml(""))
        for i in range(20_000 * scale):
            archive.writestr(f"m/{i}", b"")
    return _write(directory, "members.docx", out.getvalue())


def big_text(directory: Path, scale: int) -> Path:
    """A text file larger than any report (sparse: it costs no disk)."""
    path = directory / "big.txt"
    with open(path, "wb") as f:
        f.truncate(200 * scale * 2**20)
    return path


FAMILIES: dict[str, Family] = {
    "dev-zero": dev_zero,
    "dev-urandom": dev_urandom,
    "fifo": fifo,
    "html-huge-spans": html_huge_spans,
    "docx-huge-gridspan": docx_huge_gridspan,
    "docx-lying-zip": docx_lying_zip,
    "docx-lying-sizes": docx_lying_sizes,
    "pdf-flate-bomb": pdf_flate_bomb,
    "html-many-br": html_many_br,
    "pdf-glyph-grid": pdf_glyph_grid,
    "pdf-many-pages": pdf_many_pages,
    "docx-many-paragraphs": docx_many_paragraphs,
    "html-big-table": html_big_table,
    "html-internal-subset": html_internal_subset,
    "symlink-loop": symlink_loop,
    "unix-socket": unix_socket,
    "docx-entity-bomb": docx_entity_bomb,
    "text-with-nuls": text_with_nuls,
    "zip-many-members": zip_many_members,
    "big-text": big_text,
}
"""Every family: name → ``(directory, scale) -> path``."""

EXPECTED: dict[str, str] = {
    "dev-zero": "character device",
    "dev-urandom": "character device",
    "fifo": "FIFO",
    "html-huge-spans": "",
    "docx-huge-gridspan": "",
    "docx-lying-zip": "max_compression_ratio",
    "docx-lying-sizes": "",
    "pdf-flate-bomb": "max_",
    "html-many-br": "",
    "pdf-glyph-grid": "",
    "pdf-many-pages": "max_pages",
    "docx-many-paragraphs": "max_paragraphs",
    "html-big-table": "max_tags",
    "html-internal-subset": "",
    "symlink-loop": "symbolic links",
    "unix-socket": "socket",
    "docx-entity-bomb": "",
    "text-with-nuls": "",
    "zip-many-members": "max_zip_entries",
    "big-text": "max_file_bytes",
}
"""What the one-line error of each family names at scale 1 (``""``: any one-line
:class:`~govdisclosure.errors.ParseError`, or a clean parse)."""
