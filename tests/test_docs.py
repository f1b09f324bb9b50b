"""The generated reference pages show every key and label of the model, and every finding code."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from govdisclosure.codes import CODES
from govdisclosure.model import (
    ApplicationsRow,
    ReportFormat,
    TableLayout,
    active_layout,
    applications_layout,
)
from govdisclosure.model.keys import KeyedEnum
from govdisclosure.model.tables import APPEALS_LAYOUT

EXTENSION = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "govdisclosure_reference.py"


@pytest.fixture(scope="module")
def reference() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("govdisclosure_reference", EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(reference: types.ModuleType) -> dict[str, str]:
    result: dict[str, str] = reference.pages()
    return result


def _rows_of(page: str) -> dict[str, list[str]]:
    """The cells of each row of the Markdown tables of a page, by the key in its first cell."""
    rows = {}
    for line in page.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_keyed_enum_is_found(reference: types.ModuleType) -> None:
    names = {e.__name__ for e in reference.keyed_enums()}
    assert {
        "ActiveColumn2019",
        "ActiveColumn2021",
        "ActiveRow2019",
        "ActiveRow2021",
        "AppealsColumn",
        "AppealsRow",
        "ApplicationsColumn",
        "ApplicationsRow",
        "SectionKey",
        "TableKey",
    } <= names


def test_every_member_of_every_enum_is_shown_with_its_label(
    reference: types.ModuleType, pages: dict[str, str]
) -> None:
    everything = "\n".join(pages.values())
    for enum_ in reference.keyed_enums():
        member: KeyedEnum
        for member in enum_:
            assert f"`{member.key}`" in everything, member
            assert member.label in everything, member


@pytest.mark.parametrize(
    ("page", "layout"),
    [
        ("active-2021.md", active_layout(ReportFormat.F2021)),
        ("active-2019.md", active_layout(ReportFormat.F2019)),
        ("appeals.md", APPEALS_LAYOUT),
    ],
)
def test_layout_pages_list_each_row_with_label_and_columns(
    pages: dict[str, str], page: str, layout: TableLayout
) -> None:
    rows = _rows_of(pages[page])
    for row in layout.rows:
        _, label, columns = rows[row.key][:3]
        assert label == row.full_label
        assert columns == ", ".join(f"`{c.key}`" for c in layout.columns_of(row))
    for column in layout.columns:
        assert rows[column.key][1] == column.full_label


def test_applications_page_marks_the_rows_of_each_format(pages: dict[str, str]) -> None:
    rows = _rows_of(pages["applications.md"])
    for row in ApplicationsRow:
        in_2021, in_2019 = rows[row.key][2:4]
        assert (in_2021 == "✓") is (row in applications_layout(ReportFormat.F2021).rows)
        assert (in_2019 == "✓") is (row in applications_layout(ReportFormat.F2019).rows)
    # The single 2019 row （六）其他处理 is a 2021 row only in the one-row variant.
    assert rows["other_processing"][2:4] == ["one-row variant", "✓"]
    assert "subtotal=True" in rows["legal_person_subtotal"][-1]


def test_finding_codes_page_lists_every_registered_code(pages: dict[str, str]) -> None:
    rows = _rows_of(pages["finding-codes.md"])
    assert set(rows) == set(CODES)
    for code, info in CODES.items():
        assert rows[code][1] == info.severity.value
        assert rows[code][2] == info.title.replace("|", "\\|")


def test_table_cells_escape_pipes(reference: types.ModuleType) -> None:
    text = reference._table(("a", "b"), [("`x`", "本年增|减")])
    assert text.splitlines()[-1] == "| `x` | 本年增\\|减 |"


def test_generate_rewrites_only_what_changed(reference: types.ModuleType, tmp_path: Path) -> None:
    first = reference.generate(tmp_path)
    assert {p.name for p in first} == set(reference.pages())
    assert reference.generate(tmp_path) == []
    stale = tmp_path / "sections.md"
    stale.write_text("stale", encoding="utf-8")
    assert reference.generate(tmp_path) == [stale]
    assert "`overview`" in stale.read_text(encoding="utf-8")
