"""Write the example reports of this folder, in the messy layouts real documents come in.

    python examples/make_examples.py

The reports are invented (the bodies are fictitious) and written by the library's own
renderers (:mod:`govdisclosure.layouts`, :func:`govdisclosure.serialize.render.report_to_html`),
so that ``govdisclosure validate examples/*.txt examples/*.html`` has something to find:

======================================  =====================================================
file                                     what validation says
======================================  =====================================================
``2024_city_office_clean.txt``           nothing: a consistent 2021-format report
``2024_county_page_breaks.txt``          nothing, though its tables break across pages
``2023_township_prose.txt``              a warning: the prose says 无…行政复议、行政诉讼 beside
                                         a table with two lawsuits
``2020_district_pdf_text.txt``           errors: （七）总计 printed as 0 under 10 handled requests
                                         (2019 trial format, text extracted from a PDF)
``2022_bureau_flattened.txt``            nothing: a crawled page flattened to one line, its
                                         glued digits decoded by the tables' own sums
``2024_bureau_gbk.html``                 an error: the row total of 予以公开 does not add up
                                         (a web page in GBK)
======================================  =====================================================

The files are committed; run this script again after changing a renderer.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from govdisclosure.layouts import Layout, render
from govdisclosure.model import ApplicationsTable, Report, Section, SectionKey
from govdisclosure.serialize.render import report_to_html

HERE = Path(__file__).resolve().parent

_WORK = (
    "坚持以公开为常态、不公开为例外，围绕中心工作，持续深化重点领域信息公开，"
    "严格落实信息发布保密审查制度，不断提升政务公开的质量和实效。"
)
_PROBLEMS = (
    "一是公开内容的深度和广度有待拓展；二是政策解读形式比较单一。下一步将加强培训，丰富解读形式。"
)


def _applications(fmt: str, **rows: list[int]) -> dict[str, list[int]]:
    """Table 三 with the given rows, every other row zeros."""
    table = {row.key: [0] * 7 for row in ApplicationsTable.empty(fmt).rows}
    table.update(rows)
    return table


def _applications_2021(
    new: list[int], granted: list[int], partial: list[int]
) -> dict[str, list[int]]:
    """Table 三 of a body that grants or partly grants every request it handles."""
    processed = [g + p for g, p in zip(granted, partial, strict=True)]
    return _applications(
        "2021",
        new_requests=new,
        granted=granted,
        partially_granted=partial,
        total_processed=processed,
        carried_forward=[n - d for n, d in zip(new, processed, strict=True)],
    )


def _sections(overview: str, other: str) -> list[Section]:
    return [
        Section(SectionKey.OVERVIEW, overview),
        Section(SectionKey.ACTIVE, ""),
        Section(SectionKey.APPLICATIONS, ""),
        Section(SectionKey.APPEALS, ""),
        Section(SectionKey.PROBLEMS, _PROBLEMS),
        Section(SectionKey.OTHER, other),
    ]


def _preamble(year: int) -> str:
    return (
        "本报告根据《中华人民共和国政府信息公开条例》编制。"
        f"本报告所列数据统计期限为{year}年1月1日至12月31日。"
    )


def city_office_2024() -> Report:
    return Report.create(
        agency="示例市人民政府办公室",
        year=2024,
        format="2021",
        active={
            "regulations": {"issued": 2, "repealed": 1, "in_force": 36},
            "normative_documents": {"issued": 14, "repealed": 6, "in_force": 152},
            "administrative_licensing": {"decisions": 1268},
            "administrative_penalty": {"decisions": 37},
            "administrative_coercion": {"decisions": 0},
            "administrative_fees": {"amount": Decimal("0")},
        },
        applications=_applications_2021(
            new=[41, 6, 0, 1, 2, 0, 50],
            granted=[25, 4, 0, 1, 1, 0, 31],
            partial=[12, 2, 0, 0, 1, 0, 15],
        ),
        appeals={
            "administrative_review": [1, 0, 0, 0, 1],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
        preamble=_preamble(2024),
        sections=_sections(
            f"2024年，示例市人民政府办公室{_WORK}全年共收到政府信息公开申请50件，"
            "其中予以公开31件，部分公开15件，结转下年度继续办理4件。",
            "2024年未收取信息处理费。",
        ),
    )


def _as(report: Report, agency: str, *, year: int | None = None, **replace: str) -> Report:
    """The report as another body's (and year's), its prose edited to match."""
    year = report.year if year is None else year
    edits = {report.agency: agency, str(report.year): str(year), **replace}

    def edited(text: str) -> str:
        for old, new in edits.items():
            text = text.replace(old, new)
        return text

    return attrs.evolve(
        report,
        agency=agency,
        year=year,
        preamble=edited(report.preamble),
        sections=tuple(attrs.evolve(s, text=edited(s.text)) for s in report.sections),
    )


def county_2024() -> Report:
    return _as(city_office_2024(), "示例县人民政府")


def township_2023() -> Report:
    return Report.create(
        agency="示例县示例镇人民政府",
        year=2023,
        format="2021",
        active={
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 1, "repealed": 0, "in_force": 4},
            "administrative_licensing": {"decisions": 12},
            "administrative_penalty": {"decisions": 3},
            "administrative_coercion": {"decisions": 0},
            "administrative_fees": {"amount": Decimal("0")},
        },
        applications=_applications_2021(
            new=[2, 0, 0, 0, 0, 0, 2],
            granted=[2, 0, 0, 0, 0, 0, 2],
            partial=[0, 0, 0, 0, 0, 0, 0],
        ),
        appeals={
            "administrative_review": [0, 0, 0, 0, 0],
            "litigation_direct": [1, 0, 0, 1, 2],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
        preamble=_preamble(2023),
        sections=_sections(
            "2023年我镇收到2件政府信息公开申请，均在规定时间内办结，"
            "无因政府信息公开申请引起的行政复议、行政诉讼案件。",
            "本年度无其他需要报告的事项。",
        ),
    )


def district_2020() -> Report:
    applications = _applications(
        "2019",
        new_requests=[13, 0, 0, 0, 0, 0, 13],
        granted=[8, 0, 0, 0, 0, 0, 8],
        unavailable_not_held=[2, 0, 0, 0, 0, 0, 2],
        # The error: （七）总计 printed as zeros under 10 handled requests.
        total_processed=[0, 0, 0, 0, 0, 0, 0],
        carried_forward=[3, 0, 0, 0, 0, 0, 3],
    )
    row = {"previous_year_items": 0, "change": 0, "decisions": 0}
    return Report.create(
        agency="示例区",
        year=2020,
        format="2019",
        active={
            "regulations": {"newly_made": 0, "newly_disclosed": 0, "total_disclosed": 0},
            "normative_documents": {"newly_made": 3, "newly_disclosed": 3, "total_disclosed": 27},
            "administrative_licensing": {
                "previous_year_items": 124,
                "change": -6,
                "decisions": 3051,
            },
            "other_external_services": row,
            "administrative_penalty": {"previous_year_items": 52, "change": 4, "decisions": 86},
            "administrative_coercion": row,
            "administrative_fees": {"previous_year_items": 0, "change": 0},
            "centralized_procurement": {
                "procurement_items": 9,
                "procurement_amount": Decimal("412.6"),
            },
        },
        applications=applications,
        appeals={
            "administrative_review": [0, 0, 0, 0, 0],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
        preamble=_preamble(2020),
        sections=_sections(
            f"2020年，示例区{_WORK}",
            "2020年未收取信息处理费。",
        ),
    )


def bureau_2022() -> Report:
    return _as(city_office_2024(), "示例市交通运输局", year=2022)


def bureau_2024_row_total_error() -> Report:
    report = _as(
        city_office_2024(),
        "示例市生态环境局",
        **{
            "全年共收到政府信息公开申请50件，其中予以公开31件，部分公开15件，结转下年度继续办理4件。": ""
        },
    )
    # The error: 予以公开 of 自然人 printed as 26 while its row total stays 31.
    return attrs.evolve(
        report, applications=report.applications.with_values({("granted", "natural_person"): 26})
    )


def write_examples(folder: Path = HERE) -> list[Path]:
    """Write every example into ``folder``; returns the files written."""
    texts = {
        "2024_city_office_clean.txt": render(city_office_2024(), Layout.CLEAN_TSV),
        "2024_county_page_breaks.txt": render(county_2024(), Layout.PAGE_BREAKS, seed=3),
        "2023_township_prose.txt": render(township_2023(), Layout.SPLIT_CELLS, seed=1),
        "2020_district_pdf_text.txt": render(district_2020(), Layout.ONE_CELL_PER_LINE, seed=2),
        "2022_bureau_flattened.txt": render(bureau_2022(), Layout.FLATTENED, seed=5),
    }
    written = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    page = report_to_html(bureau_2024_row_total_error()).replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
    )
    (folder / "2024_bureau_gbk.html").write_bytes(page.encode("gbk"))
    written.append(folder / "2024_bureau_gbk.html")
    return written


if __name__ == "__main__":
    for path in write_examples():
        print(path.relative_to(HERE.parent))
