"""Batches (``govdisclosure.batch``): finding the files, reading them in a pool of processes
in input order, and the reports, cells, findings and failures of :func:`read_reports`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import BAD_FILES, EXAMPLES, GOOD_EXAMPLES, REPORT_2018
from govdisclosure import Batch, ParseError, read_reports
from govdisclosure.batch import (
    FINDINGS_COLUMNS,
    Failure,
    Parsed,
    discover,
    iter_read,
    looks_like_document,
    read_file,
)
from govdisclosure.batch._pool import ordered_map
from govdisclosure.findings import FINDING_COLUMNS

pd = pytest.importorskip("pandas")


# --- finding the files ------------------------------------------------------------------


def test_discover_walks_folders_in_order_and_leaves_out_what_is_no_document(
    mixed_dir: Path,
) -> None:
    skipped: list[str] = []
    found = [
        Path(p).relative_to(mixed_dir).as_posix()
        for p in discover([mixed_dir], on_skip=skipped.append)
    ]
    assert found == [
        "2018_old_format.txt",
        "2020_district_pdf_text.txt",
        "2022_bureau_flattened.txt",
        "2024_bureau_gbk.html",
        "2024_city_office_clean.txt",
        "empty.txt",
        "scan.pdf",
        "statistics.xlsx",
        "townships/2023_township_prose.txt",
    ]
    assert [Path(p).name for p in skipped] == ["logo.png"]


def test_discover_keeps_named_files_once_and_leaves_out_the_output(mixed_dir: Path) -> None:
    named = mixed_dir / "logo.png"  # named: read, and fails with its reason
    output = mixed_dir / "2018_old_format.txt"
    found = list(discover([named, mixed_dir, named], glob="*.txt", exclude=[output]))
    assert found[0] == str(named)
    assert str(named) not in found[1:]
    assert str(output) not in found
    assert all(p.endswith(".txt") for p in found[1:])
    nested = list(discover([mixed_dir], glob="townships/*"))
    assert [Path(p).name for p in nested] == ["2023_township_prose.txt"]


@pytest.mark.parametrize(
    ("head", "document"),
    [
        (b"", True),
        (b"%PDF-1.7\n", True),
        (b"PK\x03\x04rest", True),
        (b"<!DOCTYPE html><html>", True),
        ("一、总体情况\n".encode("gb18030"), True),
        ("一、总体情况".encode("utf-16"), True),
        ("一、总体情况".encode()[:-1], True),  # cut inside a character
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200)), False),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(100), False),
    ],
)
def test_looks_like_document(head: bytes, document: bool) -> None:
    assert looks_like_document(head) is document


# --- reading one file -------------------------------------------------------------------


def test_read_file_returns_the_report_or_the_reason(tmp_path: Path) -> None:
    good = read_file(EXAMPLES / "2024_bureau_gbk.html")
    assert isinstance(good, Parsed)
    assert good.report.agency == "示例市生态环境局"
    assert good.validation is not None
    assert {f.code for f in good.validation.errors} == {
        "applications-row-total",
        "applications-outcome-total",
    }
    assert good.findings == good.parse_findings + good.validation
    unchecked = read_file(EXAMPLES / "2024_bureau_gbk.html", validate=False)
    assert isinstance(unchecked, Parsed)
    assert unchecked.validation is None
    old = tmp_path / "2018.txt"
    old.write_text(REPORT_2018, encoding="utf-8")
    failure = read_file(old)
    assert isinstance(failure, Failure)
    assert failure.error == "ParseError"
    assert "pre-2019" in failure.reason
    assert str(failure).startswith(f"{old}: ")
    absent = read_file(tmp_path / "absent.txt")
    assert isinstance(absent, Failure)
    assert absent.reason == "no such file"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in str(read_file(fifo))  # not a hang


# --- the pool ---------------------------------------------------------------------------


def _square_or_die(n: int) -> int:
    if n == 13:
        os._exit(3)  # a worker killed mid-file, as by the kernel's OOM killer
    return n * n


def test_ordered_map_keeps_input_order_and_survives_a_dying_worker() -> None:
    results = list(ordered_map(_square_or_die, range(30), jobs=2, on_crash=lambda n: -n, window=3))
    assert results == [-13 if n == 13 else n * n for n in range(30)]


def test_ordered_map_in_this_process_with_one_job() -> None:
    assert list(ordered_map(abs, [-1, 2, -3], jobs=1, on_crash=lambda n: 0)) == [1, 2, 3]


def test_iter_read_stops_its_pool_when_abandoned(mixed_dir: Path) -> None:
    outcomes = iter_read(mixed_dir, jobs=2)
    first = next(outcomes)
    assert isinstance(first, Failure)  # the 2018 report comes first
    outcomes.close()  # shuts the pool down; nothing left running


# --- read_reports -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    from conftest import scanned_pdf, xlsx

    folder = tmp_path_factory.mktemp("county")
    for name in GOOD_EXAMPLES:
        shutil.copyfile(EXAMPLES / name, folder / name)
    (folder / "2018_old_format.txt").write_text(REPORT_2018, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(scanned_pdf())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "statistics.xlsx").write_bytes(xlsx())
    return read_reports(folder, jobs=1)


def test_read_reports_collects_the_good_and_the_bad(batch: Batch) -> None:
    assert sorted(Path(p.source).name for p in batch.parsed) == sorted(GOOD_EXAMPLES)
    assert len(batch) == len(batch.reports) == 5
    reasons = {Path(f.source).name: f.reason for f in batch.failed}
    assert set(reasons) == set(BAD_FILES)
    for name, words in BAD_FILES.items():
        assert words in reasons[name]
    assert batch.summary.to_dict() == {
        "files": 9,
        "read": 5,
        "failed": 4,
        "skipped": 0,
        "with_errors": 2,
        "with_warnings": 2,
    }
    assert repr(batch).startswith("<Batch 5 of 9 files read, 4 failed")


def test_cells_have_a_source_integer_counts_and_exact_amounts(batch: Batch) -> None:
    cells = batch.cells
    assert list(cells.columns[:4]) == ["source", "agency", "year", "format"]
    assert set(cells["source"]) == {p.source for p in batch.parsed}
    assert str(cells["value"].dtype) == "Int64"
    assert str(cells["year"].dtype) == "Int64"
    district = cells[cells["source"].str.endswith("2020_district_pdf_text.txt")]
    licensing = district[
        (district["row"] == "administrative_licensing") & (district["column"] == "decisions")
    ]
    assert licensing["value"].tolist() == [3051]
    amount = district[district["column"] == "procurement_amount"]["amount"].tolist()
    assert amount == [Decimal("412.6")]
    assert isinstance(amount[0], Decimal)
    assert len(cells) == sum(len(list(r.cells())) for r in batch.reports)


def test_findings_and_failures_frames(batch: Batch) -> None:
    findings = batch.findings
    assert list(findings.columns) == list(FINDINGS_COLUMNS)
    assert list(findings.columns[5:]) == list(FINDING_COLUMNS)
    assert str(findings["line"].dtype) == "Int64"
    gbk = findings[findings["source"].str.endswith("2024_bureau_gbk.html")]
    assert set(gbk[gbk["severity"] == "error"]["code"]) == {
        "applications-row-total",
        "applications-outcome-total",
    }
    assert set(gbk["area"]) <= {"parse", "validate"}
    assert "validate" in set(gbk["area"])
    failures = batch.failures
    assert list(failures.columns) == ["source", "error", "reason", "reason_zh", "line"]
    assert len(failures) == 4
    assert str(failures["line"].dtype) == "Int64"
    assert failures["reason_zh"].str.len().gt(0).all()  # every reason in Chinese too


def test_errors_raise_raises_the_first_bad_file(tmp_path: Path) -> None:
    shutil.copyfile(EXAMPLES / "2024_city_office_clean.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(REPORT_2018, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    with pytest.raises(ParseError, match="pre-2019") as info:
        read_reports(tmp_path, jobs=2, errors="raise")
    assert info.value.source == str(tmp_path / "b.txt")
    assert info.value.reason_zh.startswith("这是 2018 年度按 2019 年以前格式编写的报告")
    with pytest.raises(ValueError, match="collect"):
        read_reports(tmp_path, errors="ignore")  # type: ignore[arg-type]


def test_two_jobs_read_the_same_as_one(batch: Batch) -> None:
    folder = Path(batch.parsed[0].source).parent
    again = read_reports(folder, jobs=2)
    assert again.parsed == batch.parsed
    assert again.failed == batch.failed
    pd.testing.assert_frame_equal(again.cells, batch.cells)


def test_parquet_round_trip(batch: Batch, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "cells.parquet"
    batch.to_parquet(path)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, batch.cells)
    amounts = back["amount"].dropna().tolist()
    assert all(isinstance(a, Decimal) for a in amounts)
    assert Decimal("412.6") in amounts


def test_a_batch_displays_as_its_overview_in_a_notebook(batch: Batch) -> None:
    from lxml import html

    shown = batch._repr_html_()
    tree = html.fragment_fromstring(shown, create_parent="div")
    (overview,) = tree.xpath(".//table[contains(@class, 'gd-overview')]")
    assert len(overview.xpath("./tr")) == 1 + 5  # a row per reporting body
    assert not tree.xpath(".//a")  # no report below to link to
    assert len(overview.xpath(".//span[contains(@class, 'gd-link-error')]")) == 2
    (failures,) = tree.xpath(".//table[contains(@class, 'gd-failures')]")
    assert len(failures.xpath("./tr")) == 1 + 4


def test_ordered_map_draws_only_a_window_of_items_ahead() -> None:
    # Memory stays flat: the input is drawn as results are taken, never all at once.
    drawn: list[int] = []

    def items() -> Iterator[int]:
        for n in range(1000):
            drawn.append(n)
            yield n

    results = ordered_map(abs, items(), jobs=2, on_crash=lambda n: 0, window=4)
    assert next(results) == 0
    assert len(drawn) <= 5
    assert [next(results) for _ in range(10)] == list(range(1, 11))
    assert len(drawn) <= 15
    results.close()


def test_a_failure_says_why_in_either_language(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    failure = read_file(tmp_path / "empty.txt")
    assert isinstance(failure, Failure)
    assert (failure.reason, failure.reason_zh) == ("the document is empty", "文档为空")
    assert failure.text("zh") == f"{tmp_path / 'empty.txt'}：文档为空"
    assert str(failure) == failure.text("en") == f"{tmp_path / 'empty.txt'}: the document is empty"
    absent = read_file(tmp_path / "absent.txt")
    assert isinstance(absent, Failure)
    assert absent.why("zh") == "文件不存在"
    # Where no one wrote a Chinese reason, the English one stands.
    other = Failure("x.pdf", "something rare", line=3)
    assert other.why("zh") == "第 3 行：something rare"


def test_a_file_past_its_time_budget_is_a_failure_and_the_batch_goes_on(tmp_path: Path) -> None:
    for name in GOOD_EXAMPLES[:2]:
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    late = read_reports(tmp_path, jobs=1, timeout=1e-9)
    assert late.reports == ()
    assert [f.error for f in late.failed] == ["ParseTimeoutError"] * 2
    assert all("time budget" in f.reason for f in late.failed)
    assert len(read_reports(tmp_path, jobs=1, timeout=None).reports) == 2
