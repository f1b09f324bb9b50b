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
            "“2136”有多种读法，取 2/1/36",
            table="active",
            row="regulations",
            line=1,
            reading="2/1/36",
            alternatives=["2/13/6", "21/3/6"],
        ),
        Finding(
            "unplaced-numbers",
            "warning",
            "2 number(s) after the row's cells could not be placed",
            page=2,
            expected=Decimal("1.50"),
            unplaced=("7", "12"),
        ),
    ]
)


def test_to_pandas_has_one_row_per_finding_with_the_record_columns() -> None:
    frame = FINDINGS.to_pandas()
    assert list(frame.columns) == list(FINDING_COLUMNS)
    assert list(FINDING_COLUMNS) == list(FINDINGS[0].to_record())
    assert frame["code"].tolist() == [f.code for f in FINDINGS]
    assert frame["severity"].tolist() == ["error", "warning", "warning"]
    assert frame.loc[0, "row_label"] == "三、本年度办理结果 / （七）总计"


def test_to_pandas_dtypes_nullable_lines_and_text_values() -> None:
    frame = FINDINGS.to_pandas()
    assert str(frame["line"].dtype) == "Int64"
    assert str(frame["page"].dtype) == "Int64"
    assert frame["line"].tolist()[0] == 371
    assert frame["line"].isna().tolist() == [False, False, True]
    # One column holds the values of every code: text, never a mix of types.
    assert frame["expected"].tolist()[0] == "10"
    assert pd.isna(frame["expected"].tolist()[1])
    assert frame["expected"].tolist()[2] == "1.50"
    assert frame["actual"].tolist()[0] == "0"
    assert frame["actual"].isna().tolist()[1:] == [True, True]
    # Readings and numbers have columns of their own, joined as text.
    assert frame["reading"].tolist()[1] == "2/1/36"
    assert frame["alternatives"].tolist()[1] == "2/13/6; 21/3/6"
    assert frame["unplaced"].tolist()[2] == "7 12"
    assert frame["alternatives"].isna().tolist() == [True, False, True]


def test_a_finding_with_lists_stays_frozen_and_hashable() -> None:
    found = FINDINGS[1]
    assert found.alternatives == ("2/13/6", "21/3/6")  # a list given becomes a tuple
    assert FINDINGS[2].unplaced == ("7", "12")
    assert len({*FINDINGS, *FINDINGS}) == 3
    with pytest.raises(AttributeError):
        found.alternatives = ()  # type: ignore[misc]


def test_a_finding_in_words_in_either_language() -> None:
    total, ambiguous, unplaced = FINDINGS
    assert (
        total.where()
        == "applications › total_processed 三、本年度办理结果 / （七）总计 › total 总计, line 371"
    )
    assert (
        total.where("zh")
        == "收到和处理政府信息公开申请情况 › 三、本年度办理结果 / （七）总计 › 总计，第 371 行"
    )
    assert total.details() == ("expected 10, found 0",)
    assert total.details("zh") == ("应为 10，实为 0",)
    # The reading is in the message already; the others are not.
    assert ambiguous.details() == ("other readings: 2/13/6; 21/3/6",)
    assert ambiguous.details("zh") == ("其他读法：2/13/6；21/3/6",)
    assert ambiguous.text("zh") == "“2136”有多种读法，取 2/1/36"
    assert unplaced.details("zh")[-1] == "未归入单元格的数字：7 12"
    # Without a Chinese message, the English one stands.
    assert unplaced.text("zh") == unplaced.message
    assert unplaced.where("zh") == "第 2 页"


def test_findings_summary_in_either_language() -> None:
    assert FINDINGS.summary() == "1 error, 2 warnings, 0 infos"
    assert FINDINGS.summary("zh") == "错误 1 项，警告 2 项，提示 0 项"


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
