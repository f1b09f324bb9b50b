"""Findings as a table: ``Findings.to_pandas`` and the records it is made of."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govdisclosure.findings import FINDING_COLUMNS, Finding, Findings

pd = pytest.importorskip("pandas")

FINDINGS = Findings(
    [
        Finding(
            "applications-outcome-total",
            "error",
            "column total: the outcome rows add up to 10, but total_processed says 0",
            "「总计」列：各办理结果之和为 10，而「（七）总计」为 0",
            table="applications",
            row="total_processed",
            column="total",
            line=371,
            expected=10,
            actual=0,
        ),
        Finding(
            "digits-ambiguous",
            "warning",
            "'2136' can be read in several ways; took 2/1/36",
            table="active",
            row="regulations",
            expected="2/1/36",
            actual=["2/13/6", "21/3/6"],
        ),
        Finding("prose-unwrapped", "info", "a line was joined", page=2, expected=Decimal("1.50")),
    ]
)


def test_to_pandas_has_one_row_per_finding_with_the_record_columns() -> None:
    frame = FINDINGS.to_pandas()
    assert list(frame.columns) == list(FINDING_COLUMNS)
    assert list(FINDING_COLUMNS) == list(FINDINGS[0].to_record())
    assert frame["code"].tolist() == [f.code for f in FINDINGS]
    assert frame["severity"].tolist() == ["error", "warning", "info"]
    assert frame.loc[0, "row_label"] == "三、本年度办理结果 / （七）总计"


def test_to_pandas_dtypes_nullable_lines_and_text_values() -> None:
    frame = FINDINGS.to_pandas()
    assert str(frame["line"].dtype) == "Int64"
    assert str(frame["page"].dtype) == "Int64"
    assert frame["line"].tolist()[0] == 371
    assert frame["line"].isna().tolist() == [False, True, True]
    # One column holds the values of every code: text, never a mix of types.
    assert frame["expected"].tolist() == ["10", "2/1/36", "1.50"]
    assert frame["actual"].tolist()[:2] == ["0", "['2/13/6', '21/3/6']"]
    assert pd.isna(frame["actual"].tolist()[2])


def test_empty_findings_give_an_empty_frame_with_the_columns() -> None:
    frame = Findings().to_pandas()
    assert len(frame) == 0
    assert list(frame.columns) == list(FINDING_COLUMNS)


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from govdisclosure.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"govdisclosure\[pandas\]"):
        FINDINGS.to_pandas()
