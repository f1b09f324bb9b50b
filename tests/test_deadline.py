"""The wall-clock budget of a parse (``timeout=``): ParseTimeoutError, from any thread.

Nothing here measures time: a zero budget is spent before the first check, and a
replaced clock or a replaced ``check`` shows where the budget is checked.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

import govdisclosure
from govdisclosure import _deadline
from govdisclosure.errors import GovDisclosureError, ParseError, ParseTimeoutError
from govdisclosure.layouts import render
from govdisclosure.model import ReportFormat, Section, SectionKey
from govdisclosure.model.keys import ValueKind
from govdisclosure.parse import parse_file, parse_text
from govdisclosure.parse._digits import decode

FIXTURES = Path(__file__).parent / "fixtures"


def _report_text(fmt: ReportFormat = ReportFormat.F2021, layout: str = "clean_tsv") -> str:
    """A complete report (every section) in ``layout``."""
    from test_json import simple_report

    sections = [Section(key, "说明。" if key.key != "active" else "") for key in SectionKey]
    return render(attrs.evolve(simple_report(fmt), sections=sections), layout, seed=1)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The functions that check the budget, in the order they do (the budget unspent)."""
    callers: list[str] = []
    real = _deadline.check

    def check() -> None:
        callers.append(sys._getframe(1).f_code.co_name)
        real()

    monkeypatch.setattr(_deadline, "check", check)
    return callers


def test_a_spent_budget_raises_a_one_line_timeout_error() -> None:
    with pytest.raises(ParseTimeoutError) as info:
        parse_text(_report_text(), timeout=0, source="report.txt")
    error = info.value
    assert isinstance(error, ParseError)
    assert isinstance(error, GovDisclosureError)
    assert isinstance(error, TimeoutError)
    assert govdisclosure.ParseTimeoutError is ParseTimeoutError
    message = str(error)
    assert "\n" not in message
    assert message.startswith("report.txt: ran out of the time budget of 0 s while ")
    assert "timeout=None" in message
    assert error.source == "report.txt"


def test_the_default_budget_and_none_let_a_report_parse() -> None:
    text = _report_text()
    assert parse_text(text) == parse_text(text, timeout=None)


def test_none_means_no_budget_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter(range(0, 10**9, 10**6))
    monkeypatch.setattr(_deadline, "_clock", lambda: next(ticks))
    report, _ = parse_text(_report_text(), timeout=None)
    assert report.format is ReportFormat.F2021


def test_the_budget_runs_out_where_the_clock_passes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # A clock that stands still until the tables are read, then jumps an hour.
    now = [0.0]
    monkeypatch.setattr(_deadline, "_clock", lambda: now[0])
    from govdisclosure.parse import _tables

    real = _tables.read_applications

    def read_applications(*args: Any) -> Any:
        now[0] += 3600
        return real(*args)

    monkeypatch.setattr(_tables, "read_applications", read_applications)
    with pytest.raises(ParseTimeoutError, match="of 60 s while reading the tables"):
        parse_text(_report_text(), timeout=60)
    now[0] = 0.0
    assert parse_text(_report_text(), timeout=7200).report.agency


def test_every_stage_and_search_checks_the_budget(checks: list[str]) -> None:
    # A flattened 2019 report: its rows are runs of digits that the decoder cuts.
    parse_text(_report_text(ReportFormat.F2019, "flattened"), timeout=60)
    assert {"enter", "_sections", "_read_blocks", "choose_chain", "search"} <= set(checks)
    assert checks.count("enter") == 7  # one per stage


def test_the_digit_search_stops_when_the_budget_is_spent() -> None:
    # 30 nines cut into 15 cells, the last the sum of the others: no cut adds up, and the
    # search visits some 5,000 nodes to find that out.
    groups, kinds = ["9" * 30], [ValueKind.COUNT] * 15
    total = [(tuple(range(14)), 14)]
    assert decode(groups, kinds, total, max_nodes=100_000).nodes > 1_000
    with _deadline.budget(0), pytest.raises(ParseTimeoutError):
        decode(groups, kinds, total, max_nodes=100_000)


def test_budgets_nest_and_an_inner_one_never_extends_the_outer() -> None:
    with _deadline.budget(0):
        with _deadline.budget(3600), pytest.raises(ParseTimeoutError):
            _deadline.check()
        assert _deadline.remaining(5.0) == 0.0
    with _deadline.budget(3600):
        assert 0 < _deadline.remaining(5.0) <= 5.0
        with _deadline.budget(0), pytest.raises(ParseTimeoutError):
            _deadline.check()
        _deadline.check()
    assert _deadline.remaining(5.0) == 5.0


def test_a_budget_belongs_to_its_thread() -> None:
    errors: list[BaseException] = []

    def parse_with_no_time() -> None:
        try:
            parse_text(_report_text(), timeout=0)
        except BaseException as exc:
            errors.append(exc)

    with _deadline.budget(3600):
        thread = threading.Thread(target=parse_with_no_time)
        thread.start()
        thread.join()
        _deadline.check()  # the other thread's spent budget is not this one's
    assert [type(e) for e in errors] == [ParseTimeoutError]
    with _deadline.budget(0):
        # A thread started under a spent budget does not inherit it.
        thread = threading.Thread(target=parse_with_no_time)
        thread.start()
        thread.join()
        assert _deadline.remaining(5.0) == 0.0
    assert [type(e) for e in errors] == [ParseTimeoutError] * 2  # each by its own timeout=0
    errors.clear()

    def check_alone() -> None:
        try:
            _deadline.check()
        except BaseException as exc:
            errors.append(exc)

    with _deadline.budget(0):
        thread = threading.Thread(target=check_alone)
        thread.start()
        thread.join()
    assert errors == []


@pytest.mark.parametrize(
    ("timeout", "error"),
    [(-1, ValueError), (float("nan"), ValueError), ("60", TypeError), (True, TypeError)],
)
def test_a_bad_timeout_is_the_callers_mistake(timeout: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="timeout"):
        parse_text(_report_text(), timeout=timeout)


def test_the_timeout_error_survives_pickling() -> None:
    # A batch run in a process pool sends the error back to its parent.
    with pytest.raises(ParseTimeoutError) as info:
        parse_text(_report_text(), timeout=0)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is ParseTimeoutError
    assert str(copy) == str(info.value)


def test_parse_file_covers_reading_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(_report_text(), encoding="gb18030")
    with pytest.raises(ParseTimeoutError, match=r"report\.txt: ran out .* while cleaning lines"):
        parse_file(path, timeout=0)
    assert parse_file(path).report.format is ReportFormat.F2021


def test_sources_check_the_budget_per_element_page_and_paragraph(
    tmp_path: Path, checks: list[str]
) -> None:
    pytest.importorskip("lxml")
    pytest.importorskip("pdfplumber")
    docx = pytest.importorskip("docx")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>年度报告</p><table><tr><td>规章</td><td>1</td></tr></table></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("年度报告")
    document.add_table(rows=2, cols=2)
    buffer = io.BytesIO()
    document.save(buffer)
    word = tmp_path / "report.docx"
    word.write_bytes(buffer.getvalue())
    for path in (page, word, FIXTURES / "report_2021.pdf"):
        with pytest.raises(ParseTimeoutError, match="while reading the file"):
            parse_file(path, timeout=0)
        checks.clear()
        with contextlib.suppress(ParseError):  # no report: only the checks on the way matter
            parse_file(path, timeout=60)
        where = set(checks)
        if path.suffix == ".html":
            assert {"walk", "table"} <= where
        elif path.suffix == ".docx":
            assert {"paragraph", "table"} <= where
        else:
            assert "read_pdf" in where
