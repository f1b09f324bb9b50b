"""Hypothesis strategies for annual reports (the ``[strategies]`` extra).

Every strategy here builds values that satisfy the consistency rules of the report
format (``../shared/spec/schema.md``): the parts are drawn and the totals derived from
them, so the tables add up whatever Hypothesis draws::

    from hypothesis import given
    from govdisclosure import strategies as gds
    from govdisclosure.validate import validate

    @given(gds.reports())
    def test_consistent_reports_pass_validation(report):
        assert validate(report).ok

:func:`inconsistent_reports` draws a report broken in one cell, with a :class:`Breakage`
saying where, for testing validation.

Options are keyword-only and checked when the strategy is built: a bad argument raises
:class:`hypothesis.errors.InvalidArgument`.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import attrs

from .errors import MissingExtraError

try:
    from hypothesis import reject
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised by a test that hides hypothesis
    raise MissingExtraError("strategies", "hypothesis", "govdisclosure.strategies") from exc

from ._tableplan import PlanError, StepKind, plan
from .model import rules as table_rules
from .model.keys import (
    ActiveColumn2019,
    ReportFormat,
    SectionKey,
    ValueKind,
)
from .model.report import Report, Section, StatisticsPeriod
from .model.rules import CellKey, SumRule
from .model.tables import (
    APPEALS_LAYOUT,
    ActiveTable,
    AppealsTable,
    ApplicationsTable,
    Missing,
    Table,
    TableLayout,
    Value,
    active_layout,
    applications_layout,
)
from .templates import (
    AgencyStyle,
    Blank,
    HeadingStyle,
    LabelNoise,
    TablePlacement,
    Template,
)

__all__ = [
    "BREAKAGE_RULES",
    "DEFAULT_MAX_VALUE",
    "LARGE_MAX_VALUE",
    "Breakage",
    "active_tables",
    "appeals_tables",
    "applications_tables",
    "cell_values",
    "inconsistent_reports",
    "report_formats",
    "reports",
    "templates",
]

_TableT = TypeVar("_TableT", bound=Table)

DEFAULT_MAX_VALUE = 10_000
"""The default bound of a drawn cell: real tables of a single body rarely go beyond it."""
LARGE_MAX_VALUE = 10_000_000
"""The bound with ``large_numbers=True``: provincial totals and fee amounts reach millions."""

_SMALL = 20
"""Most cells of real tables are 0 or a handful: draw from ``0.._SMALL`` most of the time."""

_YEARS = {ReportFormat.F2021: st.integers(2021, 2025), ReportFormat.F2019: st.integers(2019, 2020)}
"""The years each format is drawn for (the format in force, up to a recent year)."""

# What stands in a cell that holds no number, as real reports print it.
_MISSING_RAW = ("", "/", "—", "-", "无")

_MAX_MISSING_PER_TABLE = 3


# --- argument checks ---------------------------------------------------------------------


def _check_format(value: object, *, optional: bool = True) -> ReportFormat | None:
    if value is None and optional:
        return None
    if isinstance(value, ReportFormat):
        return value
    if isinstance(value, str):
        for fmt in ReportFormat:
            if fmt.value == value:
                return fmt
    choices = ", ".join(repr(f.value) for f in ReportFormat)
    raise InvalidArgument(
        f"format={value!r} must be a ReportFormat, one of {choices}"
        + (", or None for either" if optional else "")
    )


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def _check_optional_bool(name: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True, False or None (either)")
    return value


def _check_max_value(value: object, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgument(f"max_value={value!r} must be an int or None")
    if value < 0:
        raise InvalidArgument(f"max_value={value!r} must be at least 0")
    return value


def _check_kind(value: object) -> ValueKind:
    if isinstance(value, ValueKind):
        return value
    if isinstance(value, str):
        for kind in ValueKind:
            if kind.value == value:
                return kind
    choices = ", ".join(repr(k.value) for k in ValueKind)
    raise InvalidArgument(f"kind={value!r} must be a ValueKind or one of {choices}")


# --- cells -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _counts(max_value: int) -> st.SearchStrategy[int]:
    # Zero first so that failing examples shrink to empty tables; large values now and
    # then, as in the tables of big bodies.
    return st.one_of(
        st.just(0),
        st.integers(0, min(max_value, 5)),
        st.integers(0, min(max_value, _SMALL)),
        st.integers(0, max_value),
    )


@functools.lru_cache(maxsize=256)
def _signed(max_value: int) -> st.SearchStrategy[int]:
    small = min(max_value, _SMALL)
    return st.one_of(
        st.just(0),
        st.integers(-small, small),
        st.integers(-max_value, max_value),
    )


def _scaled(places: int) -> Callable[[int], Decimal]:
    return lambda units: Decimal(units).scaleb(-places)


@functools.lru_cache(maxsize=256)
def _amounts(max_value: int) -> st.SearchStrategy[Decimal]:
    # 万元 amounts are printed with up to two decimals (12884.2, 0.35, 3).
    return st.one_of(*(_counts(max_value * 10**places).map(_scaled(places)) for places in range(3)))


@functools.lru_cache(maxsize=256)
def _up_to(bound: int) -> st.SearchStrategy[int]:
    return st.integers(0, bound)


@functools.lru_cache(maxsize=64)
def _magnitudes(max_value: int) -> st.SearchStrategy[int]:
    # One magnitude per table: a small body's cells are all small, a big one's all larger.
    # Drawing it once per table, rather than a distribution per cell, halves the draws.
    bounds = [min(b, max_value) for b in (_SMALL, _SMALL, 100, 1000)] + [max_value]
    return st.sampled_from(bounds)


_MISSING = st.builds(Missing, st.sampled_from(_MISSING_RAW))
_BOOLEANS = st.booleans()


def _numbers(kind: ValueKind, max_value: int) -> st.SearchStrategy[Value]:
    if kind is ValueKind.AMOUNT:
        return _amounts(max_value)
    if kind is ValueKind.SIGNED:
        return _signed(max_value)
    return _counts(max_value)


def cell_values(
    *,
    kind: ValueKind | str = ValueKind.COUNT,
    allow_missing: bool = False,
    max_value: int | None = None,
) -> st.SearchStrategy[Value]:
    """Values of one cell of ``kind``: ``int`` counts from 0, signed ``int`` changes, or
    ``Decimal`` amounts with up to two decimals; with ``allow_missing`` also :class:`Missing`
    cells (blank, ``/``, ``—``, ``-``, ``无``).

    ``max_value`` bounds the magnitude (default 10 000); most values are small, as in real
    tables.
    """
    k = _check_kind(kind)
    allow = _check_bool("allow_missing", allow_missing)
    bound = _check_max_value(max_value, DEFAULT_MAX_VALUE)
    numbers = _numbers(k, bound)
    return st.one_of(numbers, _MISSING) if allow else numbers


def report_formats() -> st.SearchStrategy[ReportFormat]:
    """The two official report formats."""
    return st.sampled_from(ReportFormat)


_FORMATS = report_formats()

# The tables are drawn by plain functions taking ``draw`` rather than by nested
# strategies: a report has some two hundred cells, and building a strategy per cell
# would dominate the time to draw one.


@functools.lru_cache(maxsize=64)
def _missing_places(size: int) -> st.SearchStrategy[set[int]]:
    return st.sets(st.integers(0, size - 1), max_size=_MAX_MISSING_PER_TABLE)


def _draw_missing(draw: st.DrawFn, table: _TableT, allow_missing: bool) -> _TableT:
    """``table`` with a few cells made missing, when allowed.

    A missing cell leaves the rules that involve it not assessable; the others still hold.
    """
    if not allow_missing:
        return table
    where = draw(_missing_places(len(table)))
    if not where:
        return table
    layout = table.layout
    # The rows a template does not print stay blank: nothing could show another marker.
    changes: dict[tuple[object, object], object] = {
        layout.cells[i]: draw(_MISSING)
        for i in sorted(where)
        if layout.cells[i][0] not in layout.blank_rows
    }
    result: _TableT = table.with_values(changes)
    return result


# --- table 二 ------------------------------------------------------------------------------


def _draw_active(draw: st.DrawFn, fmt: ReportFormat, max_value: int) -> ActiveTable:
    counts = _up_to(draw(_magnitudes(max_value)))
    values: list[Value] = []
    previous_items = 0
    for _row, column in active_layout(fmt).cells:
        kind: ValueKind = getattr(column, "kind", ValueKind.COUNT)
        if kind is ValueKind.AMOUNT:
            values.append(draw(_amounts(max_value)))
        elif column is ActiveColumn2019.CHANGE:
            # A list of items cannot shrink below nothing: change >= -previous_year_items.
            values.append(max(draw(_signed(max_value)), -previous_items))
        else:
            value = draw(counts)
            if column is ActiveColumn2019.PREVIOUS_YEAR_ITEMS:
                previous_items = value
            values.append(value)
    return ActiveTable(fmt, values)


@st.composite
def _active_tables(
    draw: st.DrawFn, fmt: ReportFormat | None, allow_missing: bool, max_value: int
) -> ActiveTable:
    table = _draw_active(draw, draw(_FORMATS) if fmt is None else fmt, max_value)
    return _draw_missing(draw, table, allow_missing)


def active_tables(
    *,
    format: ReportFormat | str | None = None,
    allow_missing: bool = False,
    max_value: int | None = None,
) -> st.SearchStrategy[ActiveTable]:
    """Tables 二 (主动公开) in ``format`` (either format if ``None``).

    ``max_value`` bounds every cell (default 10 000); with ``allow_missing`` up to three
    cells hold :class:`Missing`.
    """
    fmt = _check_format(format)
    allow = _check_bool("allow_missing", allow_missing)
    bound = _check_max_value(max_value, DEFAULT_MAX_VALUE)
    return _active_tables(fmt, allow, bound)


# --- tables built from the rules ----------------------------------------------------------

# Real tables are mostly zeros: many bodies receive nothing from most kinds of applicant,
# use a few outcomes only, and see no review or lawsuit in a year. A whole row or column
# is quiet (its drawn cells 0) now and then; the rules then hold as for any other values.
_QUIET = st.integers(0, 9)
_QUIET_ROW = 6
"""Out of ten: how often a row's drawn cells are all 0 (outcome rows mostly are)."""
_QUIET_COLUMN = 5


def _rules() -> tuple[SumRule, ...]:
    # Read when drawing, not at import: the rules are the model's declaration.
    return tuple(table_rules.SUM_RULES)


def _draw_by_rules(draw: st.DrawFn, layout: TableLayout, max_value: int) -> list[Value]:
    """Values of a table of ``layout`` that satisfy every declared sum rule: the cells the
    rules leave free are drawn, the others derived (see :mod:`govdisclosure._tableplan`)."""
    try:
        built = plan(layout, _rules())
    except PlanError as exc:
        raise InvalidArgument(f"cannot build {layout.table.key} tables: {exc}") from None
    counts = _up_to(draw(_magnitudes(max_value)))
    quiet_rows = {r for r in layout.rows if draw(_QUIET) < _QUIET_ROW}
    quiet_columns = {c for c in layout.columns if draw(_QUIET) < _QUIET_COLUMN}
    values: list[int | None] = [None] * len(layout)
    for step in built.steps:
        row, column = layout.cells[step.cell]
        quiet = row in quiet_rows or column in quiet_columns
        if step.kind is StepKind.DERIVE:
            value = built.derive(step.equations[0], step.cell, values)
        elif step.kind is StepKind.DRAW_WITHIN:
            room = min(built.budget(k, step.cell, values) for k in step.equations)
            value = 0 if quiet else min(draw(counts), room)
        else:
            value = 0 if quiet else draw(counts)
        if value < 0:
            reject()  # only a rule added to the declaration can lead here
        values[step.cell] = value
    return [v if v is not None else 0 for v in values]


# --- table 三 ------------------------------------------------------------------------------


def _draw_applications(
    draw: st.DrawFn, fmt: ReportFormat, subtotal: bool, one_row: bool, max_value: int
) -> ApplicationsTable:
    layout = applications_layout(fmt, subtotal, one_row)
    values = _draw_by_rules(draw, layout, max_value)
    # Rows the template does not print (the sub-rows of （六） printed as one) are blank.
    for i, (row, _column) in enumerate(layout.cells):
        if row in layout.blank_rows:
            values[i] = Missing()
    return ApplicationsTable(fmt, values, subtotal, other_as_one_row=one_row)


def _draw_one_row(draw: st.DrawFn, fmt: ReportFormat, one_row: bool | None) -> bool:
    if fmt is not ReportFormat.F2021:
        return False
    return draw(_BOOLEANS) if one_row is None else one_row


@st.composite
def _applications_tables(
    draw: st.DrawFn,
    fmt: ReportFormat | None,
    allow_missing: bool,
    subtotal: bool | None,
    one_row: bool | None,
    max_value: int,
) -> ApplicationsTable:
    f = draw(_FORMATS) if fmt is None else fmt
    table = _draw_applications(
        draw,
        f,
        draw(_BOOLEANS) if subtotal is None else subtotal,
        _draw_one_row(draw, f, one_row),
        max_value,
    )
    return _draw_missing(draw, table, allow_missing)


def applications_tables(
    *,
    format: ReportFormat | str | None = None,
    allow_missing: bool = False,
    subtotal: bool | None = False,
    other_as_one_row: bool | None = False,
    max_value: int | None = None,
) -> st.SearchStrategy[ApplicationsTable]:
    """Tables 三 (依申请公开) in ``format`` (either format if ``None``) that satisfy every rule.

    The tables are built from the rules the model declares
    (:data:`govdisclosure.model.rules.SUM_RULES`): the outcome rows, 上年结转 and 结转下年度
    of each applicant column are drawn, （七）总计 is the outcomes' sum and 本年新收 balances
    them; ``total`` is the sum of the six applicant columns and the 8th 小计 column
    (``subtotal=True``; ``None`` draws tables with and without it) the sum of the five
    法人或其他组织 columns. ``other_as_one_row`` (2021 format; ``None``: either) draws the
    template variant that prints （六）其他处理 as one row: its three sub-rows are blank
    (:class:`Missing`) even without ``allow_missing``.

    ``max_value`` bounds every drawn cell (default 10 000); derived sums can exceed it.
    With ``allow_missing`` up to three cells hold :class:`Missing`, which leaves the rules
    involving them not assessable.
    """
    fmt = _check_format(format)
    allow = _check_bool("allow_missing", allow_missing)
    sub = _check_optional_bool("subtotal", subtotal)
    one_row = _check_optional_bool("other_as_one_row", other_as_one_row)
    bound = _check_max_value(max_value, DEFAULT_MAX_VALUE)
    return _applications_tables(fmt, allow, sub, one_row, bound)


# --- table 四 ------------------------------------------------------------------------------


def _draw_appeals(draw: st.DrawFn, max_value: int) -> AppealsTable:
    return AppealsTable(_draw_by_rules(draw, APPEALS_LAYOUT, max_value))


@st.composite
def _appeals_tables(draw: st.DrawFn, allow_missing: bool, max_value: int) -> AppealsTable:
    return _draw_missing(draw, _draw_appeals(draw, max_value), allow_missing)


def appeals_tables(
    *, allow_missing: bool = False, max_value: int | None = None
) -> st.SearchStrategy[AppealsTable]:
    """Tables 四 (行政复议、行政诉讼) whose every total is 维持 + 纠正 + 其他 + 尚未审结
    (built from the declared rules, like :func:`applications_tables`).

    ``max_value`` bounds every part (default 10 000); with ``allow_missing`` up to three
    cells hold :class:`Missing`.
    """
    allow = _check_bool("allow_missing", allow_missing)
    bound = _check_max_value(max_value, DEFAULT_MAX_VALUE)
    return _appeals_tables(allow, bound)


# --- metadata and prose ------------------------------------------------------------------

# Place names (a few real, most invented) combined with a level and a body give agencies
# that read like real ones.
_PLACES = (
    "红寺堡",
    "卫滨",
    "青山",
    "东湖",
    "临川",
    "安平",
    "永和",
    "清河",
    "南岭",
    "金水",
    "白云",
    "长宁",
    "龙泉",
    "新华",
    "西城",
    "桃源",
)
_COUNTY_LEVELS = ("区", "县", "市")
_COUNTY_BODIES = (
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "财政局",
    "民政局",
    "司法局",
    "生态环境局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "人力资源和社会保障局",
)
_TOWN_BODIES = (("镇", "人民政府"), ("乡", "人民政府"), ("街道", "办事处"))


_AGENCIES = st.one_of(
    st.tuples(
        st.sampled_from(_PLACES), st.sampled_from(_COUNTY_LEVELS), st.sampled_from(_COUNTY_BODIES)
    ),
    st.tuples(st.sampled_from(_PLACES), st.sampled_from(_TOWN_BODIES)).map(
        lambda pair: (pair[0], *pair[1])
    ),
).map("".join)


# Sentences of the kind real reports are made of. No figures (the narrative rule compares
# stated figures with the tables; the validation strategies add those), no mention of
# applications, appeals or fees, no enumerators that could read as a heading; the only
# digits are the report year.
_OVERVIEW = (
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开的决策部署。",
    "围绕中心工作，持续深化重点领域信息公开，不断提升政务公开的质量和实效。",
    "进一步健全政府信息公开工作机制，明确专人负责信息发布、审核和更新工作。",
    "严格落实信息发布保密审查制度，坚持先审查、后公开，做到应公开尽公开。",
    "充分发挥政府门户网站第一平台作用，及时发布政策文件、工作动态和通知公告。",
    "加强政策解读工作，通过图文解读、问答等形式，帮助群众更好理解政策内容。",
    "认真做好政府信息管理工作，对已公开的文件进行清理，确保信息准确规范。",
    "加强政务新媒体管理，规范信息发布流程，提升政务服务水平。",
    "积极回应社会关切，对群众关心关注的热点问题及时作出回应。",
    "将政务公开工作纳入年度目标考核，层层压实工作责任。",
    "组织开展政务公开业务培训，提升工作人员业务能力。",
    "{year}年，{agency}政务公开工作总体平稳有序，公开的规范化、标准化水平进一步提高。",
)
_PROBLEMS = (
    "{year}年，{agency}政府信息公开工作取得了一定成效，但仍存在一些不足。",
    "公开内容的深度和广度有待进一步拓展，部分信息更新还不够及时。",
    "政策解读形式还比较单一，解读质量有待提高。",
    "工作人员业务水平参差不齐，培训力度还需加大。",
    "下一步，我们将进一步加强组织领导，完善工作机制，推动政务公开工作提质增效。",
    "持续加强业务培训，不断提高工作人员的业务能力和水平。",
    "丰富政策解读形式，提高解读的针对性和实效性。",
    "加强信息发布审核，确保公开信息准确、规范、及时。",
)
_NOTHING_ELSE = "本年度无其他需要报告的事项。"
_OTHER = (
    "{agency}认真落实上级关于政务公开工作的各项部署要求，按时完成年度工作任务。",
    "本年度人大代表建议和政协提案办理结果均已按要求公开。",
    "本年度政务公开工作要点落实情况良好，各项任务均已完成。",
)
_PROSE = {
    SectionKey.OVERVIEW: _OVERVIEW,
    SectionKey.PROBLEMS: _PROBLEMS,
    SectionKey.OTHER: _OTHER,
}


_SENTENCE_COUNTS = st.integers(1, 6)
_SEEDS = st.integers(0, 2**32 - 1)


def _draw_prose(draw: st.DrawFn, key: SectionKey, agency: str, year: int) -> str:
    """A few paragraphs of distinct sentences, separated by ``\\n``."""
    if key is SectionKey.OTHER and draw(_BOOLEANS):
        return _NOTHING_ELSE
    size = draw(_SENTENCE_COUNTS)
    # One draw for the choice and order of sentences: prose rarely matters to a failing
    # example, and drawing each sentence would make it the costliest part of a report.
    rng = random.Random(draw(_SEEDS))
    chosen = rng.sample(_PROSE[key], min(size, len(_PROSE[key])))
    breaks = sorted(rng.sample(range(1, len(chosen)), min(2, len(chosen) - 1)))
    paragraphs = []
    start = 0
    for end in (*breaks[: rng.randint(0, len(breaks))], len(chosen)):
        paragraphs.append("".join(s.format(agency=agency, year=year) for s in chosen[start:end]))
        start = end
    return "\n".join(paragraphs)


def _preamble(fmt: ReportFormat, agency: str, year: int, website: bool) -> str:
    text = (
        f"根据《中华人民共和国政府信息公开条例》和《{fmt.official_name}》要求，{agency}编制本报告。"
        f"本报告统计数据从{year}年1月1日至{year}年12月31日。"
    )
    if website:
        text += f"本报告电子版可在政府门户网站查阅或下载，如对本报告有任何疑问，请与{agency}联系。"
    return text


# --- reports -------------------------------------------------------------------------------


@st.composite
def _reports(
    draw: st.DrawFn,
    fmt: ReportFormat | None,
    allow_missing: bool,
    max_value: int,
    subtotal: bool | None,
    one_row: bool | None,
    prose: bool,
) -> Report:
    f = draw(_FORMATS) if fmt is None else fmt
    year = draw(_YEARS[f])
    agency = draw(_AGENCIES)
    active = _draw_missing(draw, _draw_active(draw, f, max_value), allow_missing)
    with_subtotal = draw(_BOOLEANS) if subtotal is None else subtotal
    applications = _draw_missing(
        draw,
        _draw_applications(draw, f, with_subtotal, _draw_one_row(draw, f, one_row), max_value),
        allow_missing,
    )
    appeals = _draw_missing(draw, _draw_appeals(draw, max_value), allow_missing)
    sections = []
    for key in SectionKey:
        text = _draw_prose(draw, key, agency, year) if prose and key in _PROSE else ""
        sections.append(Section(key, text, heading=key.label))
    preamble = _preamble(f, agency, year, website=draw(_BOOLEANS))
    return Report(
        agency=agency,
        year=year,
        format=f,
        active=active,
        applications=applications,
        appeals=appeals,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        period=StatisticsPeriod(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        preamble=preamble,
        sections=sections,
    )


def reports(
    *,
    format: ReportFormat | str | None = None,
    allow_missing: bool = False,
    large_numbers: bool = False,
    subtotal: bool | None = False,
    other_as_one_row: bool | None = False,
    prose: bool = True,
) -> st.SearchStrategy[Report]:
    """Complete reports that satisfy every consistency rule of the format.

    - ``format``: ``"2021"`` (years 2021-2025), ``"2019"`` (2019-2020) or ``None`` for either;
      the year always fits the format.
    - ``allow_missing``: a few cells of each table may hold :class:`Missing`; the rules
      that involve them are then not assessable, the others hold.
    - ``large_numbers``: cells may reach ten million instead of ten thousand.
    - ``subtotal``: table 三 has the 8th 小计 column (``None``: with or without).
    - ``other_as_one_row``: a 2021 table 三 prints （六）其他处理 as one row, its three
      sub-rows blank (``None``: either; see :func:`applications_tables`).
    - ``prose``: sections 一, 五 and 六 hold a few paragraphs (``\\n``-separated, without
      figures other than the year); with ``False`` every section text is empty.

    The report has a title, a statistics period of the calendar year, a preamble stating
    it, and all six sections in order with their official headings; the text around
    tables 二, 三 and 四 is empty.
    """
    fmt = _check_format(format)
    allow = _check_bool("allow_missing", allow_missing)
    large = _check_bool("large_numbers", large_numbers)
    sub = _check_optional_bool("subtotal", subtotal)
    one_row = _check_optional_bool("other_as_one_row", other_as_one_row)
    with_prose = _check_bool("prose", prose)
    bound = LARGE_MAX_VALUE if large else DEFAULT_MAX_VALUE
    return _reports(fmt, allow, bound, sub, one_row, with_prose)


# --- template variants ---------------------------------------------------------------------

_OMITTABLE = (
    None,
    SectionKey.ACTIVE,
    SectionKey.APPLICATIONS,
    SectionKey.APPEALS,
    SectionKey.PROBLEMS,
    SectionKey.OTHER,
)


def templates(*, blank: bool = True) -> st.SearchStrategy[Template]:
    """Template variants (:class:`~govdisclosure.templates.Template`): headings worded
    otherwise or left out, tables apart under captions, label noise, the body named
    elsewhere, and (unless ``blank=False``) blank or half-filled tables.

    Write a report with one through :func:`govdisclosure.layouts.render`'s ``template``;
    what the document states is ``template.apply(report)``.
    """
    with_blank = _check_bool("blank", blank)
    return st.builds(
        Template,
        headings=st.sampled_from(HeadingStyle),
        omitted=st.sampled_from(_OMITTABLE),
        tables=st.sampled_from(TablePlacement),
        agency=st.sampled_from(AgencyStyle),
        labels=st.frozensets(st.sampled_from(LabelNoise)),
        blank=st.sampled_from(Blank) if with_blank else st.just(Blank.NONE),
    )


# --- broken reports ------------------------------------------------------------------------


def _breakage_rules() -> tuple[str, ...]:
    return (*(rule.code for rule in _rules()), table_rules.NON_NEGATIVE.code)


BREAKAGE_RULES: tuple[str, ...] = _breakage_rules()
"""The rules :func:`inconsistent_reports` can break: every declared sum rule and the sign
rule, by their names (the finding codes of a broken rule)."""


@attrs.frozen
class Breakage:
    """The one cell :func:`inconsistent_reports` changed, and the rule it breaks.

    The report differs from a consistent one in exactly the cell ``table.row.column``:
    it holds ``actual`` where ``expected`` would satisfy every rule. ``rule`` fails where
    it involves that cell: in the cell's column for a rule that holds in every column
    (``applications-balance``, ``applications-outcome-total``), in its row for a rule that
    holds in every row (``applications-row-total``, ``applications-subtotal``,
    ``appeals-total``), at the cell for ``negative-count``.

    The other rules that involve the same cell fail too, as they would in a real report
    with that misprint: in table 三 a cell is in its row's rules (``total``, and the 小计
    for a 法人或其他组织 column) and in the column rules of its row (the balance for
    本年新收, 上年结转, （七）总计 and 结转下年度; the outcome total for the outcome rows and
    （七）总计). ``appeals-total`` and ``negative-count`` breakages (the latter a negative
    count in table 二, which no sum involves) break nothing else.
    """

    rule: str
    """One of :data:`BREAKAGE_RULES` (kebab-case, like finding codes)."""
    table: str
    """Table key: ``applications``, ``appeals`` or ``active``."""
    row: str
    column: str
    expected: int
    """The value the rule needs in the cell (what it held before the change)."""
    actual: int
    """The value the cell holds."""
    description: str

    @property
    def location(self) -> str:
        """``applications.new_requests.natural_person``."""
        return f"{self.table}.{self.row}.{self.column}"


@st.composite
def _changed_count(draw: st.DrawFn, value: int) -> int:
    """A count other than ``value`` and still >= 0."""
    delta = draw(st.integers(1, 50))
    if value >= delta and draw(st.booleans()):
        return value - delta
    return value + delta


def _breakable(report: Report, rule: str) -> list[tuple[Table, CellKey]]:
    """The cells of ``report`` whose change breaks ``rule``."""
    if rule == table_rules.NON_NEGATIVE.code:
        # Table 二: no sum involves its counts, so the sign rule is all a change breaks.
        sign = table_rules.NON_NEGATIVE
        active = report.active
        return [(active, c) for c in sign.cells(active.layout) if isinstance(active[c], int)]
    found: list[tuple[Table, CellKey]] = []
    for sum_rule in _rules():
        if sum_rule.code != rule:
            continue
        table = report.table(sum_rule.table)
        for eq in sum_rule.equations(table.layout):
            found.extend((table, cell) for cell in eq.cells)
    return found


@st.composite
def _inconsistent_reports(
    draw: st.DrawFn, fmt: ReportFormat | None, rule: str | None, one_row: bool | None
) -> tuple[Report, Breakage]:
    report = draw(reports(format=fmt, subtotal=None, other_as_one_row=one_row))
    names = _breakage_rules() if rule is None else (rule,)
    # A rule of a column the table lacks (小计) has nothing to break: draw another.
    choices = [(name, cells) for name in names if (cells := _breakable(report, name))]
    if not choices:
        reject()
    name, cells = draw(st.sampled_from(choices))
    table, (row, column) = draw(st.sampled_from(cells))
    before = table[row, column]
    assert isinstance(before, int)
    if name == table_rules.NON_NEGATIVE.code:
        after = -draw(st.integers(1, max(_SMALL, before)))
        statement = table_rules.NON_NEGATIVE.statement
    else:
        after = draw(_changed_count(before))
        statement = next(r.statement for r in _rules() if r.code == name)
    broken = table.with_values({(row, column): after})
    report = attrs.evolve(report, **{table.key.key: broken})
    breakage = Breakage(
        rule=name,
        table=table.key.key,
        row=row.key,
        column=column.key,
        expected=before,
        actual=after,
        description=(
            f"{table.key.key}.{row.key}.{column.key} ({row.full_label} | {column.full_label}) "
            f"holds {after} instead of {before}, so this fails: {statement}"
        ),
    )
    return report, breakage


def inconsistent_reports(
    *,
    format: ReportFormat | str | None = None,
    rule: str | None = None,
    other_as_one_row: bool | None = False,
) -> st.SearchStrategy[tuple[Report, Breakage]]:
    """Reports with one deliberate inconsistency, and the :class:`Breakage` describing it.

    Each is a report of :func:`reports` (no missing cells, with or without 小计;
    ``other_as_one_row`` as there) with one cell of one instance of a rule changed so that
    the rule fails there; ``rule`` names the rule to break (one of :data:`BREAKAGE_RULES`;
    ``None``: any). See :class:`Breakage` for which other rules
    the same cell breaks. Counts stay non-negative except for ``negative-count``
    breakages, which put a negative count in table 二.
    """
    fmt = _check_format(format)
    if rule is not None and rule not in _breakage_rules():
        raise InvalidArgument(f"rule={rule!r} must be one of {', '.join(_breakage_rules())}")
    one_row = _check_optional_bool("other_as_one_row", other_as_one_row)
    return _inconsistent_reports(fmt, rule, one_row)
