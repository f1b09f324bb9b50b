"""Planted failures, to show that the harness finds each kind (used by its own tests).

:func:`check_case` stands in for :func:`fuzz.runner.check_case`: a text holding ``BOOM``
raises a KeyError, ``REFUSE`` a ParseError, ``HANG`` never returns, ``HOG`` holds memory
until killed, ``SLOW`` spins its CPU for 0.3 s; any other text passes.
"""

from __future__ import annotations

import time
from pathlib import Path

from fuzz.runner import Case
from govdisclosure.errors import ParseError


def check_case(case: Case, workdir: Path) -> tuple[str, int]:
    text = case.text or ""
    size = len(text.encode("utf-8"))
    if "BOOM" in text:
        raise KeyError("planted")
    if "REFUSE" in text:
        raise ParseError("planted refusal")
    if "HANG" in text:
        while True:
            time.sleep(0.05)
    if "HOG" in text:
        hoard = []
        while True:
            hoard.append(b"\x01" * (16 * 2**20))
            time.sleep(0.005)
    if "SLOW" in text:
        end = time.process_time() + 0.3
        while time.process_time() < end:
            pass
    return "parsed", size


def _empty(folder: Path, scale: int) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def _words(folder: Path, scale: int) -> Path:
    path = folder / "words.html"
    path.write_text("<html><body>" + "<p>年度报告</p>" * scale + "</body></html>", "utf-8")
    return path


FAMILIES = {"empty": _empty, "words": _words}
"""Harmless stand-ins for hostile files, shaped like ``fuzz.hostile.FAMILIES``."""
