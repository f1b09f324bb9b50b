"""The one bounded way in: files, and the members of a ZIP container.

A file is read only when it is a regular file (a device such as ``/dev/zero``, a FIFO or
a socket is refused before it is opened for reading, so nothing blocks), and its bytes
are counted as they arrive: ``stat`` says 0 for ``/dev/urandom`` and can be wrong for
files that grow. A ZIP member is inflated a chunk at a time with a running count, so a
directory that lies about sizes cannot make one call inflate gigabytes.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator

from ..errors import SourceError
from ._limits import SourceLimits, check_file_size, over_limit

__all__ = ["ZipBudget", "check_zip_directory", "read_file"]

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "a directory", "文件夹"),
    (stat.S_ISCHR, "a character device", "字符设备"),
    (stat.S_ISBLK, "a block device", "块设备"),
    (stat.S_ISFIFO, "a FIFO (named pipe)", "命名管道"),
    (stat.S_ISSOCK, "a socket", "套接字"),
)
# Open without blocking on a FIFO swapped in after the check, without acquiring a
# terminal, and without leaking the descriptor into child processes.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


_UNREADABLE = "无法读取该文件（无权限或读取出错）"
_DAMAGED_ZIP = "Word 文件（.docx）已损坏或加密，无法读取"


def _refuse_special(mode: int, source: str) -> None:
    if stat.S_ISREG(mode):
        return
    what, what_zh = next(
        ((name, name_zh) for test, name, name_zh in _KINDS if test(mode)),
        ("not a regular file", "非普通文件"),
    )
    raise SourceError(
        f"{what}, not a file: only regular files are read",
        source=source,
        reason_zh=f"这是{what_zh}，不是文件：只读取普通文件",
    )


def read_file(path: str | os.PathLike[str], limits: SourceLimits) -> bytes:
    """The bytes of a regular file, at most ``limits.max_file_bytes`` of them."""
    source = os.fspath(path)
    try:
        _refuse_special(os.stat(path).st_mode, source)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SourceError(
            f"cannot read the file: {exc.strerror or exc}", source=source, reason_zh=_UNREADABLE
        ) from None
    try:
        info = os.fstat(fd)
        _refuse_special(info.st_mode, source)  # replaced between stat and open
        check_file_size(info.st_size, limits, what="the file")
        chunks: list[bytes] = []
        total = 0
        # One read of what stat announces (a regular file gives it whole), then on in
        # chunks: the file may have grown, or stat may say 0.
        first = min(info.st_size + 1, limits.max_file_bytes + 1) if info.st_size else _CHUNK
        while True:
            want = first if not chunks else _CHUNK
            chunk = os.read(fd, min(want, limits.max_file_bytes + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limits.max_file_bytes:
                raise over_limit(
                    f"the file is over the limit of {limits.max_file_bytes / 2**20:.1f} MB",
                    "max_file_bytes",
                )
            chunks.append(chunk)
    except SourceError as exc:
        raise SourceError(exc.reason, source=source, reason_zh=exc.reason_zh) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read the file: {exc.strerror or exc}", source=source, reason_zh=_UNREADABLE
        ) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def check_zip_directory(data: bytes, limits: SourceLimits) -> None:
    """Refuse a ZIP whose central directory is too large to list, before listing it
    (:mod:`zipfile` parses every entry in Python): its entry count and size, from the
    end-of-central-directory record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return  # not a ZIP that zipfile will list either
    entries, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if locator >= 0 and data.startswith(b"PK\x06\x07", locator):
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 56 <= len(data) and data.startswith(b"PK\x06\x06", record):
            entries, size = struct.unpack_from("<QQ", data, record + 32)
    # An entry takes at least 46 bytes and a name; a report's members have short names.
    if entries > limits.max_zip_entries or size > limits.max_zip_entries * 1024:
        raise over_limit(
            f"ZIP container lists {entries} members, over the limit of {limits.max_zip_entries}",
            "max_zip_entries",
        )


class ZipBudget:
    """What the members of one ZIP container may inflate to, counted as they inflate.

    Nothing the container declares about a member's sizes is trusted: a member is
    inflated from its local header until its deflate stream ends, a chunk at a time, its
    output counted against ``max_unpacked_bytes`` and its ratio to the compressed bytes
    actually consumed against ``max_compression_ratio``; then its CRC is checked. Only
    stored and deflated members are read (Word writes nothing else).
    """

    def __init__(self, data: bytes, archive: zipfile.ZipFile, limits: SourceLimits) -> None:
        self.data = memoryview(data)
        self.archive = archive
        self.limits = limits
        self.unpacked = 0

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, a chunk at a time; ``KeyError`` when it is absent."""
        info = self.archive.getinfo(name)
        if info.flag_bits & 0x1:
            raise SourceError(f"ZIP member {name!r} is encrypted", reason_zh=_DAMAGED_ZIP)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SourceError(
                f"ZIP member {name!r} uses compression method {info.compress_type}, "
                "which Word never writes",
                reason_zh=_DAMAGED_ZIP,
            )
        data = self.data
        at = info.header_offset
        if bytes(data[at : at + 4]) != b"PK\x03\x04" or at + 30 > len(data):
            raise SourceError(
                f"a damaged ZIP member {name!r}: no local header", reason_zh=_DAMAGED_ZIP
            )
        name_size, extra_size = struct.unpack_from("<HH", data, at + 26)
        start = at + 30 + name_size + extra_size
        crc = 0
        size = 0
        if info.compress_type == zipfile.ZIP_STORED:
            end = min(start + info.compress_size, len(data))
            for at in range(start, end, _CHUNK):
                chunk = bytes(data[at : min(at + _CHUNK, end)])
                size += len(chunk)
                self._count(name, len(chunk), size, size)
                crc = zlib.crc32(chunk, crc)
                yield chunk
        else:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            at = start
            pending = b""
            try:
                while not inflater.eof:
                    if not pending:
                        if at >= len(data):
                            raise SourceError(
                                f"a damaged ZIP member {name!r}: it is cut short",
                                reason_zh=_DAMAGED_ZIP,
                            )
                        pending = bytes(data[at : at + _CHUNK // 16])
                        at += len(pending)
                    chunk = inflater.decompress(pending, _CHUNK // 4)
                    pending = inflater.unconsumed_tail
                    size += len(chunk)
                    self._count(name, len(chunk), size, at - start - len(pending))
                    crc = zlib.crc32(chunk, crc)
                    if chunk:
                        yield chunk
            except zlib.error as exc:
                raise SourceError(
                    f"a damaged ZIP member {name!r}: {exc}", reason_zh=_DAMAGED_ZIP
                ) from None
        if crc != info.CRC:
            raise SourceError(f"a damaged ZIP member {name!r}: bad CRC-32", reason_zh=_DAMAGED_ZIP)

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def _count(self, name: str, size: int, member: int, packed: int) -> None:
        self.unpacked += size
        limits = self.limits
        if self.unpacked > limits.max_unpacked_bytes:
            raise over_limit(
                f"the ZIP container inflates to more than {limits.max_unpacked_bytes} bytes: "
                "a zip bomb or not a report",
                "max_unpacked_bytes",
            )
        if member > 2**20 and member > limits.max_compression_ratio * max(packed, 1):
            raise over_limit(
                f"ZIP member {name!r} inflates more than {limits.max_compression_ratio:.0f}:1: "
                "a zip bomb or not a report",
                "max_compression_ratio",
            )
