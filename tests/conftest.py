"""Shared test configuration: Hypothesis profiles, the ``shared_dir`` fixture, and an
English locale for every test (the command line speaks the locale's language; a test
that wants Chinese says ``--lang zh`` or sets ``LANG`` itself).

Choose a Hypothesis profile with ``HYPOTHESIS_PROFILE``: ``fast`` (the default, also
``ci``) keeps the suite quick; ``thorough`` runs many more examples.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from govdisclosure.document import Document

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the [strategies] extra is absent: only non-property tests can run
    pass
else:
    # Reports are large composite values: their generation is slower than Hypothesis
    # assumes for a health check, not a sign of a badly written strategy.
    _SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile(
        "fast",
        max_examples=40,
        deadline=None,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.register_profile("ci", settings.get_profile("fast"))
    settings.register_profile(
        "thorough",
        max_examples=500,
        deadline=None,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
"""The spec and the corpus of real reports, kept beside the repository, never inside it."""


REQUIRE_SHARED = os.environ.get("GOVDISCLOSURE_REQUIRE_SHARED", "") not in ("", "0")
"""Set by ``.ci/run``: a test that needs ``../shared`` fails when it is absent, instead of
skipping, so that CI cannot pass without having run them."""

SHARED_ABSENT = (
    f"../shared is not present ({SHARED_DIR}): it holds the spec and the corpus of real "
    "reports, which are not part of the repository"
)


def need_shared(path: Path = SHARED_DIR) -> Path:
    """``path`` (in ``../shared``) if it exists; else skip the test saying why, or fail it
    when ``GOVDISCLOSURE_REQUIRE_SHARED`` is set."""
    if not path.exists():
        reason = SHARED_ABSENT if path == SHARED_DIR else f"{path} is not present"
        if REQUIRE_SHARED:
            pytest.fail(f"{reason}, and GOVDISCLOSURE_REQUIRE_SHARED is set", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output in English whatever the locale of the machine running the tests."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder; tests that need it are skipped when it is absent (failed,
    with ``GOVDISCLOSURE_REQUIRE_SHARED`` set)."""
    return need_shared()


# --- helpers shared by the tests of the sources -------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture_makers() -> ModuleType:
    """``tests/fixtures/make_fixtures.py``, which writes the hand-made PDF and Word files."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(doc: Document) -> list[tuple[str, ...]]:
    """The table rows of a document, as their cells."""
    return [line.cells for line in doc.lines if line.cells is not None]


def prose(doc: Document) -> list[str]:
    """The paragraphs of a document."""
    return [line.text for line in doc.lines if line.cells is None]


EXAMPLES = REPO_ROOT / "examples"
GOOD_EXAMPLES = (
    "2020_district_pdf_text.txt",
    "2022_bureau_flattened.txt",
    "2023_township_prose.txt",
    "2024_bureau_gbk.html",
    "2024_city_office_clean.txt",
)
"""Examples that read as reports (``examples/``, made by ``examples/make_examples.py``)."""

REPORT_2018 = """示例县2018年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限为2018年1月1日至12月31日。
一、总体情况
2018年，示例县坚持以公开为常态、不公开为例外。
二、主动公开政府信息情况
全年主动公开政府信息1234条，其中政策文件56件。
三、收到和处理政府信息公开申请情况
全年共受理政府信息公开申请12件，均已按时答复。
四、政府信息公开行政复议、行政诉讼情况
全年未发生行政复议、行政诉讼案件。
五、存在的主要问题及改进情况
公开内容的深度有待加强。
六、其他需要报告的事项
无。
"""
"""A report of 2018: its statistics are prose, not the tables of the 2019 or 2021 format."""


def scanned_pdf() -> bytes:
    """A one-page PDF holding an image and no text, as a scanner makes them."""
    image = b"q 495 0 0 742 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x80\xff\xff\x80 EI Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(image), image),
    ]
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


def xlsx() -> bytes:
    """The bones of an Excel workbook: a ZIP holding ``xl/workbook.xml``."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


# file name -> words its failure reason must contain
BAD_FILES = {
    "2018_old_format.txt": "pre-2019",
    "scan.pdf": "no text layer",
    "empty.txt": "empty",
    "statistics.xlsx": "Excel workbook",
}


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """A folder as a supervising office gets it: good reports (in a subfolder too), a 2018
    report, a scanned PDF, an empty file, an Excel workbook, and an image and a hidden
    file that are not documents at all."""
    import shutil

    folder = tmp_path / "reports"
    (folder / "townships").mkdir(parents=True)
    for name in GOOD_EXAMPLES:
        target = folder / ("townships" if "township" in name else "") / name
        shutil.copyfile(EXAMPLES / name, target)
    (folder / "2018_old_format.txt").write_text(REPORT_2018, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(scanned_pdf())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "statistics.xlsx").write_bytes(xlsx())
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(64))
    return folder
