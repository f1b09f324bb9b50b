"""Hostile and broken files: each family ends in a one-line error or a clean parse, in
bounded memory, never a crash or a hang (issue 11).

Each family of ``tests/fuzz/hostile.py`` is written at scale 1 and parsed by
``parse_file`` in a child process, which reports how it ended and its peak RSS. The only
time limit is a generous guard against a hang; how long each takes is measured by
``benchmarks/hostile.py``, not asserted here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import govdisclosure
from govdisclosure.errors import SourceError
from govdisclosure.parse import parse_file
from govdisclosure.sources import SourceLimits, load_document

_HANG_GUARD = 120  # seconds
_MAX_RSS_MB = 300


def _hostile() -> ModuleType:
    path = Path(__file__).parent / "fuzz" / "hostile.py"
    spec = importlib.util.spec_from_file_location("hostile", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hostile = _hostile()

_CHILD = """
import json, resource, sys


def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss may carry the parent's peak over a
    # vfork + exec, which is how subprocess starts the child.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


from govdisclosure.errors import GovDisclosureError
from govdisclosure.parse import parse_file
try:
    result = parse_file(sys.argv[1])
    outcome, findings = "ok", sorted({f.code for f in result.findings})
except GovDisclosureError as exc:
    outcome, findings = f"{type(exc).__name__}: {exc}", []
print(json.dumps({
    "outcome": outcome,
    "findings": findings,
    "rss_mb": peak_mb(),
}))
"""


def _parse_in_child(path: Path) -> dict[str, object]:
    src = str(Path(govdisclosure.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=_HANG_GUARD,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("family", sorted(hostile.FAMILIES))
def test_hostile_family_is_refused_in_one_line_or_parsed_in_bounded_memory(
    family: str, tmp_path: Path
) -> None:
    path = hostile.FAMILIES[family](tmp_path, 1)
    result = _parse_in_child(path)
    outcome = str(result["outcome"])
    assert "\n" not in outcome
    assert outcome == "ok" or outcome.startswith(("SourceError: ", "ParseError: ")), outcome
    assert hostile.EXPECTED[family] in outcome, outcome
    assert float(str(result["rss_mb"])) < _MAX_RSS_MB


def test_an_internal_subset_never_reaches_the_text(tmp_path: Path) -> None:
    path = hostile.FAMILIES["html-internal-subset"](tmp_path, 1)
    doc = load_document(path)
    assert doc is not None
    # what the page declares is never expanded, and the declarations are not text
    assert [line.text for line in doc.lines] == [
        "测试市人民政府2023年政府信息公开工作年度报告",
        "&e0;一、总体情况",
    ]


def test_nul_and_control_characters_are_dropped_with_a_finding(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(
        "<html><body><p>测试市人民政府2023年\x01政府信息公开工作年度报告</p>"
        "<table><tr><td>a\x7f</td><td>1</td></tr></table></body></html>".encode()
    )
    doc = load_document(page)
    assert doc is not None
    assert doc.lines[0].text == "测试市人民政府2023年政府信息公开工作年度报告"
    assert doc.lines[1].cells == ("a", "1")
    assert [(f.code, f.line) for f in doc.findings] == [("control-characters-removed", 1)]
    assert doc.findings[0].message.startswith("2 control character(s)")


def test_the_byte_count_bounds_a_file_whatever_its_stat_says(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(SourceError, match="max_file_bytes"):
        parse_file(path, limits=SourceLimits(max_file_bytes=4096))


def test_a_lying_zip_directory_is_refused_by_what_inflates(tmp_path: Path) -> None:
    path = hostile.FAMILIES["docx-lying-zip"](tmp_path, 1)
    with pytest.raises(SourceError, match="max_compression_ratio"):
        load_document(path)
    with pytest.raises(SourceError, match="max_unpacked_bytes"):
        load_document(
            path, limits=SourceLimits(max_compression_ratio=10**6, max_unpacked_bytes=2**20)
        )
