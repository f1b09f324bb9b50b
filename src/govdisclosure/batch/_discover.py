"""Which files of the paths given are reports to read.

A file named on its own is always read (and fails with its reason if it is not a report).
A folder is walked recursively, in sorted order, and keeps the files that are documents
*by their content*, as :func:`~govdisclosure.parse.parse_file` tells them: a PDF, a Word
file, an Office or ZIP container (read to say what it is instead), a web page, or text in
an encoding the parser detects. Images, executables and other binary files are skipped
(and counted), as are hidden files and folders (``.git``, ``.DS_Store``).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import SourceError

__all__ = ["discover", "looks_like_document"]

_HEAD_BYTES = 8192
_CONTAINERS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def looks_like_document(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a document the parser reads.

    An empty file counts (reading it says it is empty); a ZIP or Office container counts
    (reading it says whether it is a Word file or, say, an Excel workbook).
    """
    # Imported here: `import govdisclosure` (which offers read_reports) stays light.
    from ..parse import decode_bytes
    from ..sources import sniff

    if not head or head.startswith(_CONTAINERS) or b"%PDF-" in head[:1024]:
        return True
    try:
        if sniff(head) is not None:
            return True
    except SourceError:
        return True
    # The head may end inside a character: drop up to three bytes before judging.
    for cut in range(4):
        try:
            decode_bytes(head[: len(head) - cut] if cut else head)
        except SourceError:
            continue
        return True
    return False


def _matches(relative: str, pattern: str) -> bool:
    # Case-insensitive: downloads are named *.PDF as often as *.pdf.
    subject = relative if "/" in pattern else relative.rpartition("/")[2]
    return fnmatch.fnmatchcase(subject.lower(), pattern.lower())


def _is_document(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return looks_like_document(f.read(_HEAD_BYTES))
    except OSError:
        return True  # reading it will say why it cannot be read


def _walk(top: str) -> Iterator[tuple[str, str]]:
    """(path, path relative to ``top``) of every regular file under ``top``, sorted, hidden
    entries left out, symbolic links to folders not followed (no loops)."""
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                yield path, Path(os.path.relpath(path, top)).as_posix()


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    glob: str | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """The files to read, in order: each named file, then each folder's documents.

    ``glob`` narrows the files found in folders (``*.pdf``; a pattern with ``/`` is
    matched against the path below the folder, ``2024/*.html``), case-insensitively; files
    named on their own are always kept. ``exclude`` names files never to read (the output
    being written). A file reached twice is read once. ``on_skip`` is called with each
    file of a folder left out because it is not a document.
    """
    seen = {os.path.realpath(p) for p in exclude}
    for given in paths:
        name = os.fspath(given)
        if not os.path.isdir(name):
            real = os.path.realpath(name)
            if real not in seen:
                seen.add(real)
                yield name
            continue
        for path, relative in _walk(name):
            if glob is not None and not _matches(relative, glob):
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            if _is_document(path):
                yield path
            elif on_skip is not None:
                on_skip(path)
