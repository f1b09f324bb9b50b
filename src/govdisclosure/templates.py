"""Template variants: how real reports depart from the official format, as data.

The official format is one thing; the templates agencies fill in are many. Provincial and
WPS templates print （六）其他处理 as one row; headings are worded otherwise (与 for 、,
…及整改措施), a heading is left out, the tables follow the narrative sections under
captions of their own (表一/表二/表三); typists drop a character of a label, write 其它
for 其他 and 1、 for 1., labels and header cells wrap over lines; the reporting body is
named after a form's field name, behind a site's navigation, or only in the signature;
a template is published blank or half filled.

A :class:`Template` says which of these a document shows. It is what
:func:`govdisclosure.layouts.render` writes a report with (``template=``), on top of any
layout, and :meth:`Template.apply` gives the report as such a document states it (its
title, its sections, its blank cells), so that the central property reads
``parse_text(render(report, layout, template=t)).report == t.apply(report)``.
:func:`govdisclosure.strategies.templates` draws them.
"""

from __future__ import annotations

import enum
import random
import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .model.keys import SectionKey, TableKey
from .model.report import Report, Section
from .model.tables import Table

__all__ = [
    "OFFICIAL",
    "AgencyStyle",
    "Blank",
    "HeadingStyle",
    "LabelNoise",
    "TablePlacement",
    "Template",
]


class HeadingStyle(enum.Enum):
    """How the section headings are worded."""

    OFFICIAL = "official"
    """As in the format."""
    CONJUNCTION = "conjunction"
    """和 or 与 where the format has 、 (四、政府信息公开行政复议和行政诉讼情况)."""
    WORDED = "worded"
    """Other wordings real templates use (五、存在的主要问题及整改措施, 四、因政府信息公开
    工作被申请行政复议和提起行政诉讼情况…)."""
    TYPO = "typo"
    """A heading typed with a character dropped or doubled (二、主动公开政府息情况)."""


class TablePlacement(enum.Enum):
    """Where the three statistics tables stand."""

    IN_SECTIONS = "in_sections"
    """Each in its section (二, 三, 四), as in the format."""
    CAPTIONED = "captioned"
    """After the six narrative sections, each under a caption 表一/表二/表三 (or 表1…)."""
    RENUMBERED = "renumbered"
    """After the six narrative sections, each under its section's heading numbered again
    一、二、三."""


class AgencyStyle(enum.Enum):
    """Where the reporting body is named."""

    TITLE = "title"
    """In the title (某县人民政府办公室2024年政府信息公开工作年度报告)."""
    FORM_PREFIX = "form_prefix"
    """On a line of its own after a form's field name (单位名称：某县人民政府办公室), the
    title below it."""
    NAVIGATION = "navigation"
    """In the title, behind a saved page's site navigation (当前位置：首页 > 政务公开 > …)."""
    SIGNATURE = "signature"
    """Only in the signature at the end (the title names none)."""


class LabelNoise(enum.Enum):
    """What a typist or a converter did to the tables' labels."""

    TYPO = "typo"
    """A character of a long row label dropped or doubled (4.保护第三方合法权)."""
    OTHER_TA = "other_ta"
    """其它 for 其他."""
    SPACES = "spaces"
    """A space inside a label (（二）部分公开（区分处理 的…）)."""
    WRAPPED = "wrapped"
    """A long label wrapped over two or three lines, its numbers on the last one."""
    NUMBERS_BELOW = "numbers_below"
    """A long label on lines of its own, its numbers on the line below."""
    ENUMERATION_COMMA = "enumeration_comma"
    """1、 for 1. (and （一） kept)."""
    SHORT_NORMATIVE = "short_normative"
    """规范性文件 for 行政规范性文件 (2021 format)."""
    HEADERS_WRAPPED = "headers_wrapped"
    """Column header cells wrapped a character or two per line (商业 / 企业)."""
    GROUP_IN_MIDDLE = "group_in_middle"
    """A group label spanning rows (（三）不予公开) printed in the middle of its rows, its
    characters spaced (不 予 公 开)."""


class Blank(enum.Enum):
    """How much of the tables the template leaves blank."""

    NONE = "none"
    HALF = "half"
    """Every other row of tables 三 and 四 blank, table 二 filled."""
    ALL = "all"
    """Every cell blank: the template as published."""


@attrs.frozen
class Template:
    """The departures from the official format one document shows (none by default)."""

    headings: HeadingStyle = HeadingStyle.OFFICIAL
    omitted: SectionKey | None = None
    """A section whose heading the document leaves out (its prose then belongs to the
    section before it; its table stands where it stood)."""
    tables: TablePlacement = TablePlacement.IN_SECTIONS
    agency: AgencyStyle = AgencyStyle.TITLE
    labels: frozenset[LabelNoise] = frozenset()
    blank: Blank = Blank.NONE

    def __attrs_post_init__(self) -> None:
        if self.omitted is SectionKey.OVERVIEW:
            raise ValueError("section 一 opens the report: its heading cannot be left out")

    # -- the report as the document states it ---------------------------------------------

    def apply(self, report: Report) -> Report:
        """``report`` as a document of this template states it: the prose of a section
        whose heading is left out joins the section before it, a title without the body
        when only the signature names it (the signature closes section 六), blank cells."""
        sections = list(report.sections)
        if self.omitted is not None:
            sections = _merge_into_previous(sections, self.omitted)
        title = report.title
        if self.agency is AgencyStyle.SIGNATURE and report.year is not None:
            title = f"{report.year}{_YEAR}{_TITLE_WORDS}"
            sections = _signed(sections, report.agency, report.year)
        changes: dict[str, object] = {"sections": tuple(sections), "title": title}
        if self.blank is not Blank.NONE:
            changes.update(
                active=_blanked(report.active, self.blank is Blank.ALL, half=False),
                applications=_blanked(report.applications, self.blank is Blank.ALL),
                appeals=_blanked(report.appeals, self.blank is Blank.ALL),
            )
        return attrs.evolve(report, **changes)  # type: ignore[arg-type]

    # -- what the document prints ---------------------------------------------------------

    def heading(self, key: SectionKey, rng: random.Random) -> str:
        """The heading of section ``key`` as the document prints it."""
        label = key.label
        if self.headings is HeadingStyle.CONJUNCTION and key is SectionKey.APPEALS:
            return label.replace("行政复议、行政诉讼", f"行政复议{rng.choice('和与')}行政诉讼")
        if self.headings is HeadingStyle.WORDED and key in _WORDINGS:
            return rng.choice(_WORDINGS[key])
        if self.headings is HeadingStyle.TYPO and len(label) > 8:
            return _typo(label, rng, keep=2)
        return label

    def title_lines(self, report: Report, title: str) -> list[str]:
        """The lines that name the report before its preamble (``title`` as the layout
        writes it)."""
        agency = report.agency
        if self.agency is AgencyStyle.FORM_PREFIX and agency and title.startswith(agency):
            return [f"单位名称：{agency}", title[len(agency) :].strip()]
        if self.agency is AgencyStyle.NAVIGATION:
            return [_NAVIGATION, title]
        return [title]

    def caption(self, key: TableKey, rng: random.Random) -> str | None:
        """The caption above a table placed after the narrative sections, or None."""
        index = list(TableKey).index(key)
        if self.tables is TablePlacement.CAPTIONED:
            number = rng.choice(("一二三"[index], str(index + 1)))
            return f"表{number}{rng.choice(('', ' ', '：'))}{key.label}"
        if self.tables is TablePlacement.RENUMBERED:
            return f"{'一二三'[index]}、{_SECTION_OF[key].label[2:]}"
        return None

    def label(self, text: str, rng: random.Random) -> str:
        """A row label (its own or a group's) as the typist printed it."""
        noise = self.labels
        if LabelNoise.OTHER_TA in noise:
            text = text.replace("其他", "其它")
        if LabelNoise.SHORT_NORMATIVE in noise and text == "行政规范性文件":
            text = "规范性文件"
        if LabelNoise.ENUMERATION_COMMA in noise:
            text = _DIGIT_ENUMERATION.sub(r"\1、", text)
        long = len(text) >= 12
        if LabelNoise.TYPO in noise and long and rng.random() < 0.5:
            text = _typo(text, rng, keep=4)
        if LabelNoise.SPACES in noise and len(text) >= 6 and rng.random() < 0.5:
            at = rng.randrange(3, len(text) - 1)
            text = f"{text[:at]} {text[at:]}"
        if LabelNoise.NUMBERS_BELOW in noise and long and rng.random() < 0.4:
            return text + "\n"
        if LabelNoise.WRAPPED in noise and long and rng.random() < 0.5:
            width = rng.randint(max(5, len(text) // 3), max(6, len(text) // 2))
            return "\n".join(text[i : i + width] for i in range(0, len(text), width))
        return text

    def header(self, text: str, rng: random.Random) -> str:
        """A column header cell as the template prints it."""
        if LabelNoise.OTHER_TA in self.labels:
            text = text.replace("其他", "其它")
        if LabelNoise.HEADERS_WRAPPED in self.labels and 3 <= len(text) <= 8:
            width = rng.choice((1, 2))
            return "\n".join(text[i : i + width] for i in range(0, len(text), width))
        return text

    def spaced_group(self, text: str) -> str:
        """A group label printed down the middle of its rows, its characters spaced."""
        return " ".join(text)


OFFICIAL = Template()
"""The official format, as the format prints it."""

_YEAR = "年"
_TITLE_WORDS = "政府信息公开工作年度报告"
_NAVIGATION = "当前位置：首页 > 政务公开 > 政府信息公开年报"
_DIGIT_ENUMERATION = re.compile(r"^(\d+)\.")

_WORDINGS: Mapping[SectionKey, tuple[str, ...]] = MappingProxyType(
    {
        SectionKey.APPEALS: (
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "四、政府信息公开行政复议、行政诉讼情况统计",
        ),
        SectionKey.PROBLEMS: (
            "五、存在的主要问题及整改措施",
            "五、存在的主要问题及改进措施",
            "五、存在的主要问题及明年工作计划",
            "五、政府信息公开工作存在的主要问题及改进情况",
        ),
    }
)

_SECTION_OF: Mapping[TableKey, SectionKey] = MappingProxyType(
    {
        TableKey.ACTIVE: SectionKey.ACTIVE,
        TableKey.APPLICATIONS: SectionKey.APPLICATIONS,
        TableKey.APPEALS: SectionKey.APPEALS,
    }
)


def _typo(text: str, rng: random.Random, *, keep: int) -> str:
    """``text`` with one character dropped or doubled, away from its first ``keep`` and
    last two characters."""
    at = rng.randrange(keep, len(text) - 2)
    if rng.random() < 0.5:
        return text[:at] + text[at + 1 :]
    return text[:at] + text[at] + text[at:]


def _merge_into_previous(sections: list[Section], key: SectionKey) -> list[Section]:
    at = next((i for i, s in enumerate(sections) if s.key is key), None)
    if at is None or at == 0:
        return sections
    gone, before = sections[at], sections[at - 1]
    text = "\n".join(t for t in (before.text, gone.text) if t)
    return [*sections[: at - 1], attrs.evolve(before, text=text), *sections[at + 1 :]]


def _signed(sections: list[Section], agency: str, year: int) -> list[Section]:
    """The sections with the report's signature closing the last: the body, the date."""
    signature = f"{agency}\n{year + 1}年1月20日"
    if not sections:
        return [Section(SectionKey.OTHER, signature, heading=SectionKey.OTHER.label)]
    last = sections[-1]
    text = f"{last.text}\n{signature}" if last.text else signature
    return [*sections[:-1], attrs.evolve(last, text=text)]


def _blanked(table: Table, everything: bool, *, half: bool = True) -> Table:
    """``table`` with every cell blank, or every other row (when ``half``), or as it is."""
    if everything:
        cells = list(table.layout.cells)
    elif half:
        rows = table.layout.rows[1::2]
        cells = [(r, c) for r, c in table.layout.cells if r in rows]
    else:
        return table
    changes: dict[tuple[object, object], object] = dict.fromkeys(cells)
    blanked: Table = table.with_values(changes)
    return blanked
