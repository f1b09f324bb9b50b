"""Reports that show their problems (``govdisclosure.serialize.html``): the notebook
fragments of reports, parse results and findings, and the page for a batch. Each error's
cell is highlighted and carries its message; nothing is fetched from elsewhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lxml import etree, html

import govdisclosure
from conftest import BAD_FILES, EXAMPLES
from govdisclosure import _display
from govdisclosure.cli import main
from govdisclosure.findings import Findings, Severity
from govdisclosure.parse import parse_file
from govdisclosure.serialize.html import BatchPage, finding_html, report_html
from govdisclosure.validate import validate

PACKAGE = Path(govdisclosure.__file__).parent


def _seed_001(shared_dir: Path) -> Path:
    (path,) = (shared_dir / "corpus" / "seeds").glob("001_*.txt")
    return path


def assert_self_contained(tree: etree._Element) -> None:
    """No script, no stylesheet, image, font or frame from elsewhere; links stay inside."""
    assert not tree.xpath("//script | //link | //iframe | //object | //embed | //img")
    assert not tree.xpath("//@src")
    for href in tree.xpath("//@href"):
        assert str(href).startswith("#"), href
    styles = " ".join(tree.xpath("//style/text() | //@style"))
    assert "url(" not in styles
    assert "@import" not in styles


def assert_each_finding_marked(
    scope: etree._Element, findings: Findings, *, severity: Severity = Severity.ERROR
) -> None:
    """Every finding of ``severity`` that names a cell, a column or a row has that place
    highlighted in its table, with the finding's message in the hover text."""
    checked = 0
    for f in findings.filter(severity=severity):
        if f.table is None or (f.row is None and f.column is None):
            continue
        (table,) = scope.xpath(f".//table[@data-table='{f.table}']")
        if f.row and f.column:
            places = table.xpath(f".//td[@data-row='{f.row}'][@data-column='{f.column}']")
        elif f.column:
            places = table.xpath(f".//th[@data-column='{f.column}']")
        else:
            places = table.xpath(f".//th[@data-row='{f.row}']")
        assert places, f
        for place in places:
            assert f"gd-{severity.value}" in place.get("class", ""), f
            assert f.message in place.get("title", ""), f
        checked += 1
    assert checked


def test_seed_001_fragment_highlights_its_errors_and_marks_the_total_row(
    shared_dir: Path,
) -> None:
    result = parse_file(_seed_001(shared_dir))
    fragment = result._repr_html_()
    assert fragment is not None
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert "<!DOCTYPE" not in fragment
    tree = html.fragment_fromstring(fragment, create_parent="div")
    assert_self_contained(tree)
    findings = result.findings + validate(result.report)
    assert len(findings.errors) == 4
    assert_each_finding_marked(tree, findings)
    # （七）总计, the row of zeros under 10 handled requests, stands out.
    (label,) = tree.xpath(".//th[normalize-space(text())='（七）总计']")
    assert "gd-row-error" in label.get("class", "")
    assert label.get("data-row") == "total_processed"
    zeros = tree.xpath(".//td[@data-row='total_processed'][contains(@class, 'gd-error')]")
    assert [td.get("data-column") for td in zeros] == ["natural_person", "total"]
    # The findings are listed below, each numbered cell linking to its item.
    items = tree.xpath(".//ol[@class='gd-findings']/li[@id]")
    assert len(items) == len(findings.filter(min_severity="warning"))
    for link in tree.xpath(".//sup[@class='gd-ref']/a/@href"):
        assert tree.xpath(f".//*[@id='{str(link)[1:]}']")
    # Borders drawn by the table itself, not only by the stylesheet.
    assert all(t.get("border") == "1" for t in tree.xpath(".//table"))
    # The prose is folded.
    summaries = tree.xpath(".//details/summary/text()")
    assert "一、总体情况" in summaries


def test_report_and_table_and_findings_display_in_a_notebook() -> None:
    result = parse_file(EXAMPLES / "2024_bureau_gbk.html")
    report = result.report
    for shown in (report._repr_html_(), result._repr_html_()):
        assert shown is not None
        tree = html.fragment_fromstring(shown, create_parent="div")
        assert_each_finding_marked(tree, validate(report))
    table = report.applications._repr_html_()
    assert table is not None
    assert 'data-table="applications"' in table
    assert 'class="gd-error' not in table  # a table alone knows no findings
    findings = validate(report)
    listed = findings._repr_html_()
    assert listed is not None
    tree = html.fragment_fromstring(listed, create_parent="div")
    assert len(tree.xpath(".//li")) == len(findings)
    one = findings[0]._repr_html_()
    assert one is not None
    assert findings[0].code in one
    assert "error" in one


def test_chinese_messages_and_headings_when_asked() -> None:
    report = parse_file(EXAMPLES / "2024_bureau_gbk.html").report
    findings = validate(report)
    shown = report_html(report, findings, lang="zh")
    assert "检查发现" in shown
    assert findings.errors[0].message_zh in shown
    assert findings.errors[0].message not in shown
    assert "错误" in finding_html(findings.errors[0], lang="zh")
    # Each finding: its title, its code apart, where in labels, what was expected.
    item = finding_html(findings.errors[0], lang="zh")
    assert "行总计不等于各类申请人之和" in item
    assert "[applications-row-total]" in item
    assert "收到和处理政府信息公开申请情况 › 三、本年度办理结果 / （一）予以公开 › 总计" in item
    assert "应为 32，实为 31" in item
    english = finding_html(findings.errors[0], lang="en")
    assert "expected 32, found 31" in english
    assert "应为" not in english


def test_notebook_display_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    report = parse_file(EXAMPLES / "2024_bureau_gbk.html").report
    findings = validate(report)
    shown = findings._repr_html_()
    assert shown is not None
    assert findings.errors[0].message in shown
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    shown = findings._repr_html_()
    assert shown is not None
    assert findings.errors[0].message_zh in shown
    assert findings.errors[0].message not in shown


def test_without_a_registered_renderer_the_text_repr_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_display, "_HTML", {})
    report = parse_file(EXAMPLES / "2024_city_office_clean.txt").report
    assert report._repr_html_() is None
    assert validate(report)._repr_html_() is None


@pytest.mark.parametrize(
    "path",
    [
        *sorted((PACKAGE / "model").glob("*.py")),
        PACKAGE / "findings.py",
        PACKAGE / "parse" / "_parser.py",
        PACKAGE / "_display.py",
    ],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_lower_layers_do_not_import_the_renderers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [m for m in imported if m and m.startswith("govdisclosure.serialize")]


# --- the page for a batch ---------------------------------------------------------------


def test_validate_to_html_is_one_page_for_the_batch(mixed_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    code, _ = _run("validate", str(mixed_dir), "-o", str(output), "-j", "1", "-q")
    assert code == 2
    text = output.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    tree = html.document_fromstring(text)
    assert_self_contained(tree)
    # The overview: a row per reporting body, a column per year, links to each report.
    (overview,) = tree.xpath("//table[contains(@class, 'gd-overview')]")
    header = [th.text_content() for th in overview.xpath("./tr[1]/th")]
    assert header == ["Reporting body", "2020", "2022", "2023", "2024"]
    bodies = [th.text_content() for th in overview.xpath("./tr/th[@scope='row']")]
    assert len(bodies) == 5
    links = overview.xpath(".//a/@href")
    assert len(links) == 5
    for href in links:
        (section,) = tree.xpath(f"//div[@id='{str(href)[1:]}']")
        assert section.xpath("./h2")
    (gbk_link,) = overview.xpath(".//a[contains(@title, '2024_bureau_gbk.html')]")
    assert gbk_link.text_content() == "2 errors"
    assert "gd-link-error" in gbk_link.get("class")
    # The files not read, with their reasons.
    (failures,) = tree.xpath("//table[contains(@class, 'gd-failures')]")
    rows = {Path(r[0].text_content()).name: r[1].text_content() for r in failures.xpath("./tr")[1:]}
    assert set(rows) == set(BAD_FILES)
    for name, words in BAD_FILES.items():
        assert words in rows[name]
    # Each report's errors highlighted in its own section.
    section = tree.xpath(f"//div[@id='{str(gbk_link.get('href'))[1:]}']")[0]
    report = parse_file(EXAMPLES / "2024_bureau_gbk.html").report
    assert_each_finding_marked(section, validate(report))


def test_batch_page_lists_findings_across_years_and_unknown_years(tmp_path: Path) -> None:
    import attrs

    report = parse_file(EXAMPLES / "2024_city_office_clean.txt").report
    findings = validate(report)
    with BatchPage(lang="zh") as page:
        page.add(report, findings, source="a.txt")
        page.add(attrs.evolve(report, year=None), findings, source="b.txt")
        page.add_series("示例市人民政府办公室", Findings())
        out = tmp_path / "page.html"
        with out.open("w", encoding="utf-8") as f:
            page.write(f)
    tree = html.document_fromstring(out.read_text(encoding="utf-8"))
    header = [
        th.text_content() for th in tree.xpath("//table[contains(@class,'gd-overview')]/tr[1]/th")
    ]
    assert header == ["报告机关", "2024", "年度不明"]
    assert tree.xpath("//html/@lang") == ["zh-CN"]
    assert not tree.xpath("//h3[contains(text(), '跨年度核对')]")  # nothing to say


def _run(*argv: str) -> tuple[int, str]:
    import io

    err = io.StringIO()
    return main(list(argv), out=io.StringIO(), err=err), err.getvalue()
