"""The catalogue of finding codes: every code the parser and validation emit, as data.

Each code is a :class:`~govdisclosure.findings.CodeInfo` — its severity, its area
(``parse`` for what the parser repaired or could not read, ``validate`` for the rules),
its title in English and Chinese, and a description — and builds the findings of its
code::

    from govdisclosure import codes
    codes.APPEALS_TOTAL.finding("…", "…", table="appeals", row="litigation_direct")

:data:`CODES` maps every code to its entry; it is complete as soon as ``govdisclosure``
is imported. A code's titles name the problem (``Row total of table applications is not
the sum of the applicants``, ``各行总计不等于各类申请人之和``); the code of a rule also
carries the rule itself in Chinese (:attr:`CodeInfo.rule_zh`), for the table rules taken
from their declaration (:mod:`govdisclosure.model.rules`). The documentation's page of
codes is :func:`catalogue_markdown`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .findings import Area, CodeInfo, Severity
from .model import rules
from .model.keys import (
    ActiveColumn2019,
    ActiveColumn2021,
    AppealsColumn,
    ApplicationsColumn,
    ApplicationsRow,
    KeyedEnum,
)

_PARSE: Area = "parse"
_VALIDATE: Area = "validate"


def _code(
    code: str,
    severity: Severity,
    area: Area,
    title: str,
    title_zh: str,
    *description: str,
    rule_zh: str = "",
) -> CodeInfo:
    return CodeInfo(code, severity, area, title, title_zh, "".join(description), rule_zh)


def _rule_code(
    rule: rules.SumRule | rules.SignRule, title: str, title_zh: str, *description: str
) -> CodeInfo:
    """The code of a broken table rule: an error, whose rule in Chinese is its statement."""
    return CodeInfo(
        rule.code,
        Severity.ERROR,
        _VALIDATE,
        title,
        title_zh,
        "".join(description),
        rule.statement_zh,
    )


# Labels come from the model (the one place they live); descriptions quote them.
_R = ApplicationsRow
_C = ApplicationsColumn
_A = AppealsColumn
_LEGAL = _C.COMMERCIAL_ENTERPRISE.groups[0]


def _q(member: KeyedEnum) -> str:
    return f"``{member.key}`` ({member.label})"


# --- the parser ----------------------------------------------------------------------------

CONTROL_CHARACTERS_REMOVED = _code(
    "control-characters-removed",
    Severity.INFO,
    _PARSE,
    "Control characters removed",
    "删除控制字符",
    "The text held NUL or other control characters (left by a broken converter or a "
    "damaged file); they are not text and were removed.",
)
SPAN_CUT = _code(
    "span-cut",
    Severity.WARNING,
    _PARSE,
    "Table span cut",
    "表格跨度被截断",
    "A table cell spanned, or was placed, further right than a report table reaches "
    "(``colspan``, ``gridSpan`` or ``gridBefore`` past ``SourceLimits.max_table_columns``): "
    "the table was cut there, and any text beyond the cut is in this finding's context.",
)
PAGE_FOOTER_REMOVED = _code(
    "page-footer-removed",
    Severity.INFO,
    _PARSE,
    "Page footer removed",
    "删除页脚",
    "A line holding only a page number (``- 3 -``, ``— 3 —``, ``第 3 页``) was left by a "
    "page break and was removed.",
)
LINK_RESIDUE_REMOVED = _code(
    "link-residue-removed",
    Severity.INFO,
    _PARSE,
    "Link residue removed",
    "删除链接残留",
    "A stray line made of a ``mailto:`` or URL target (left by a PDF link annotation) was removed.",
)
MARKDOWN_RESIDUE_REMOVED = _code(
    "markdown-residue-removed",
    Severity.INFO,
    _PARSE,
    "Markdown residue removed",
    "删除 Markdown 残留",
    "A Markdown pipe-table separator row (``|---|---|``) or an empty Markdown line was removed.",
)
REPEATED_HEADER_REMOVED = _code(
    "repeated-header-removed",
    Severity.INFO,
    _PARSE,
    "Repeated table header removed",
    "删除跨页重复的表头",
    "A table caption or header row repeated after a page break was removed.",
)
CONVERTER_HEADER_REMOVED = _code(
    "converter-header-removed",
    Severity.INFO,
    _PARSE,
    "Made-up table header removed",
    "删除转换工具生成的表头",
    "A PDF-to-Markdown converter or a language model wrote a header row of its own "
    "(``| 数据1 | … | 数据6 | 总计 |``, ``| 列1 | 列2 |``, ``| Column 1 |``) or a table of "
    "placeholders (``| - | - |``) where the header cells stood: the row holds no data and "
    "was removed, so that its numbers (``数据1``) and dashes are not read as cells.",
)
CONVERTER_TABLE_READ = _code(
    "converter-table-read",
    Severity.INFO,
    _PARSE,
    "Table rebuilt by a converter read as rows",
    "按行读取转换工具重建的表格",
    "A table a converter rebuilt was read back as rows of cells: an HTML ``<table>`` inside "
    "Markdown or text (its row and column spans spread over the cells they cover), or "
    "Markdown cells holding markup (``**（七）总计**``, ``<br>``, ``1\\.``, escaped pipes), "
    "which was removed from the cells.",
)
CONVERTER_ROWS_JOINED = _code(
    "converter-rows-joined",
    Severity.INFO,
    _PARSE,
    "Row labels and numbers from separate tables joined",
    "合并分开的行标签与数字",
    "A converter wrote a table's row labels in one Markdown table and the numbers of the "
    "same rows in a later one: as many rows of numbers as row labels (group labels such "
    "as （三）不予公开 aside), they were joined row by row, in order.",
)
CONVERTER_ROWS_MOVED = _code(
    "converter-rows-moved",
    Severity.INFO,
    _PARSE,
    "Table rows moved back to their section",
    "表格行移回所属章节",
    "Rows carrying the labels of a table (the last rows of table 三, say) stood under the "
    "heading of the next section, before anything of that section's own: a converter had "
    "put the heading too early. They were read with their table.",
)
ALIGNED_COLUMNS = _code(
    "aligned-columns",
    Severity.INFO,
    _PARSE,
    "Table columns read from text alignment",
    "按文字对齐读取表格列",
    "Rows of a table laid out with spaces (``pdftotext -layout``) were read as cells at the columns where their numbers line up with the other rows' (or, for a lone row, with its header's words); a column with no number in a row is kept as an empty cell. Only the spaces between the cells changed.",
)
WRAPPED_NUMBER_JOINED = _code(
    "wrapped-number-joined",
    Severity.INFO,
    _PARSE,
    "Number wrapped in its cell joined",
    "合并单元格内折行的数字",
    "A line held only digits, each standing under a long number of the row above: a "
    "narrow cell had wrapped the number (``575`` over ``2``), and the digits were joined "
    "back to it (``5752``).",
)
HEADING_INLINE = _code(
    "heading-inline",
    Severity.INFO,
    _PARSE,
    "Heading found inside a line",
    "在行内找到章节标题",
    "A section heading stood inside a longer line (a flattened page): the line was split "
    "at the heading.",
)
HEADING_VARIANT = _code(
    "heading-variant",
    Severity.INFO,
    _PARSE,
    "Heading differs from the official one",
    "章节标题与标准格式不同",
    "A section heading was recognised although its wording, numbering or markup differs "
    "from the official heading.",
)
SECTION_MISSING = _code(
    "section-missing",
    Severity.INFO,
    _PARSE,
    "Section missing",
    "缺少章节",
    "One of the six sections has no heading in the document; its text, if any, stays with"
    " the section before it.",
)
SECTION_DUPLICATED = _code(
    "section-duplicated",
    Severity.WARNING,
    _PARSE,
    "Section heading repeated",
    "章节标题重复",
    "A section heading appears a second time; the repeat is kept as text of the section.",
)
SECTION_OUT_OF_ORDER = _code(
    "section-out-of-order",
    Severity.WARNING,
    _PARSE,
    "Section out of order",
    "章节顺序错乱",
    "A section heading appears after a later section; it is kept as text of the section before it.",
)
UNRECOGNIZED_TEXT = _code(
    "unrecognized-text",
    Severity.INFO,
    _PARSE,
    "Text not understood",
    "无法识别的文字",
    "Text that is neither a heading, prose of a section nor part of a table (crawler headers, site navigation, leftovers around tables); it is kept in the report's text or in this finding's context.",
)
PROSE_UNWRAPPED = _code(
    "prose-unwrapped",
    Severity.INFO,
    _PARSE,
    "Hard-wrapped prose joined",
    "合并被折行的正文",
    "Lines of a paragraph broken by a PDF converter were joined (without adding spaces).",
)
METADATA_MISSING = _code(
    "metadata-missing",
    Severity.WARNING,
    _PARSE,
    "Metadata not found",
    "未找到报告机关、标题或年度",
    "The title, the reporting body or the year could not be read from the document.",
)
YEAR_FROM_PERIOD = _code(
    "year-from-period",
    Severity.INFO,
    _PARSE,
    "Year taken from the statistics period",
    "按统计期限确定年度",
    "The title states no year; the year was taken from the statistics period.",
)
FORMAT_INFERRED = _code(
    "format-inferred",
    Severity.INFO,
    _PARSE,
    "Format inferred",
    "推断报告格式",
    "The tables did not show which official format the report follows; the format was "
    "inferred from the text (国办公开办函〔2021〕30号, （试行）) or from the year.",
)
TABLE_ELSEWHERE = _code(
    "table-elsewhere",
    Severity.INFO,
    _PARSE,
    "Table found outside its section",
    "表格不在其所属章节",
    "A statistics table was not in its own section (二, 三 or 四) but in another: the "
    "section's heading is left out, or the tables follow the narrative sections. It was "
    "read there, and that section's prose is the text around it.",
)
TABLE_CAPTION_REMOVED = _code(
    "table-caption-removed",
    Severity.INFO,
    _PARSE,
    "Table caption removed",
    "删除表格标题",
    "A line right before a table named it (表一 主动公开政府信息情况, or its section's heading "
    "numbered again): it is the table's caption, not prose of the section, and was removed.",
)
AGENCY_FROM_SIGNATURE = _code(
    "agency-from-signature",
    Severity.INFO,
    _PARSE,
    "Reporting body taken from the signature",
    "按落款确定报告机关",
    "The title names no reporting body; the body that signs the report at its end (above or "
    "below the date) was taken.",
)
TABLE_MISSING = _code(
    "table-missing",
    Severity.ERROR,
    _PARSE,
    "Statistics table missing",
    "报告缺少统计表",
    "A statistics table was not found in its section; all its cells are missing.",
)
TABLE_NOT_FOUND = _code(
    "table-not-found",
    Severity.WARNING,
    _PARSE,
    "No row label of the table found",
    "未找到表格的任何行标签",
    "None of the table's row labels was found in the text given for it: every cell is missing.",
)
ROW_NOT_FOUND = _code(
    "row-not-found",
    Severity.WARNING,
    _PARSE,
    "Row not found",
    "未找到行",
    "A row's label was not found and its numbers could not be placed by position: its cells are missing.",
)
ROW_POSITIONAL = _code(
    "row-positional",
    Severity.INFO,
    _PARSE,
    "Row placed by position",
    "按位置确定行",
    "A row's label was not found, but the numbers between its neighbours' labels were exactly those of the rows in between: they were assigned in table order.",
)
ROW_LABEL_REPAIRED = _code(
    "row-label-repaired",
    Severity.INFO,
    _PARSE,
    "Row label matched loosely",
    "行标签近似匹配",
    "A row's label was recognised through a known variant, its first characters, or a small typo (``context`` holds the text as found).",
)
ROW_SHIFT_REPAIRED = _code(
    "row-shift-repaired",
    Severity.INFO,
    _PARSE,
    "Numbers moved to their row",
    "数字移回所属行",
    "Some numbers of a row stood after the next row's label (a page break or a shifted cell); moving them made both rows complete and consistent.",
)
ROWS_IN_READING_ORDER = _code(
    "rows-in-reading-order",
    Severity.INFO,
    _PARSE,
    "Numbers read in table order",
    "按表格顺序读取数字",
    "The numbers did not stand beside their row labels (text extracted from a PDF column by column, labels centred beside their numbers), but the table held exactly as many numbers as cells, in table order, and they break no sum the labelled reading keeps: they were assigned to the rows in that order. The last rows of a table may also be read as column blocks (each group of neighbouring columns row by row, as pdftotext writes a page's last rows), but only where that reading keeps every sum. A table with column sums whose numbers stand in column blocks by bands of rows (pdftotext's default order for a Word or WPS table) is read by searching those orders: the cheapest reading that keeps every sum is taken, and the finding is then a warning (its cells are a guess the sums allow).",
)
ROWS_ORDER_AMBIGUOUS = _code(
    "rows-order-ambiguous",
    Severity.WARNING,
    _PARSE,
    "Several orders of the numbers keep every sum",
    "数字顺序不唯一",
    "The numbers stood apart from their labels and the table (or its last rows) was read "
    "from its column blocks (as pdftotext writes them), but more than one order of the "
    "blocks keeps every sum: the cheapest was taken (``reading``), ``alternatives`` lists "
    "the others, "
    "and the cells are "
    "marked uncertain, so a broken rule there is a warning, not an error.",
)
ROWS_DISPLACED = _code(
    "rows-displaced",
    Severity.WARNING,
    _PARSE,
    "Numbers apart from their rows",
    "数字与行标签错位",
    "Numbers stand apart from their row labels (before the first row, or more of them "
    "after a label than its row has cells), and the table does not hold exactly one "
    "number per cell, so they cannot be read in table order either: each row was read "
    "from the numbers after its label, and any row may hold numbers of its neighbours.",
)
BLANKS_PLACED = _code(
    "blanks-placed",
    Severity.INFO,
    _PARSE,
    "Blank cells placed by the sums",
    "按合计确定空白单元格位置",
    "A row had one or two numbers fewer than cells, and the text keeps no trace of where the blank cells stood (numbers separated by spaces or lines): they were placed where the row's sums hold, counting a blank as 0 for the check only; the cells stay missing (``reading`` shows where). Where several places fit, the finding is a ``row-short`` warning listing them.",
)
ROW_SHORT = _code(
    "row-short",
    Severity.WARNING,
    _PARSE,
    "Row has too few numbers",
    "行内数字不足",
    "Fewer numbers than the row has cells were found after its label: the cells that "
    "could not be read are missing (``expected`` is the number of cells, ``actual`` the "
    "numbers found). Where the row's sums allow its blank cells in several places, the "
    "first was taken (``reading``) and ``alternatives`` lists the others.",
)
CELL_BLANK = _code(
    "cell-blank",
    Severity.INFO,
    _PARSE,
    "Blank cell",
    "空白单元格",
    "The cell is empty or holds a marker of no value (``/``, ``—``, ``无``): it is read as"
    " missing, never as 0.",
)
CELL_UNREADABLE = _code(
    "cell-unreadable",
    Severity.WARNING,
    _PARSE,
    "Unreadable cell",
    "单元格无法读取",
    "The text in the cell is not a number of the column's kind (a decimal or sign in a count): the cell is missing, with the text kept.",
)
UNPLACED_NUMBERS = _code(
    "unplaced-numbers",
    Severity.WARNING,
    _PARSE,
    "Numbers not placed",
    "无法归入单元格的数字",
    "Numbers inside the table could not be assigned to any cell (``unplaced`` holds them).",
)
DIGITS_SPLIT = _code(
    "digits-split",
    Severity.INFO,
    _PARSE,
    "Digits run together were split",
    "拆分连在一起的数字",
    "Cells printed with no separator (``713000074``) were cut into numbers; exactly one way of cutting them satisfies the table's sums (``reading``).",
)
DIGITS_JOINED = _code(
    "digits-joined",
    Severity.INFO,
    _PARSE,
    "Digits split by a space were joined",
    "合并被空格隔开的数字",
    "A number printed with a space inside (``1 2``) was read as one: the row had too many numbers and only the joined reading satisfies the table's sums (``reading``).",
)
DIGITS_AMBIGUOUS = _code(
    "digits-ambiguous",
    Severity.WARNING,
    _PARSE,
    "Ambiguous digits",
    "数字拆分方式不唯一",
    "Cells printed with no separator can be cut in several ways that all satisfy the table's sums (or the row has no sum to check): the most plausible reading was taken (``reading``), ``alternatives`` lists the others.",
)
DIGITS_UNDECODABLE = _code(
    "digits-undecodable",
    Severity.WARNING,
    _PARSE,
    "Digits that cannot be read",
    "数字无法拆分",
    "No way of cutting or joining the row's digits gives its cells and satisfies its sums: the row's cells are missing, with the text kept.",
)
AMOUNT_UNIT_CONVERTED = _code(
    "amount-unit-converted",
    Severity.INFO,
    _PARSE,
    "Amount converted to 万元",
    "金额折算为万元",
    "An amount was printed in 元; the table's amounts are in 万元, so it was divided by 10,000.",
)
OTHER_AS_ONE_ROW = _code(
    "other-as-one-row",
    Severity.INFO,
    _PARSE,
    "（六）其他处理 printed as one row",
    "“（六）其他处理”列为一行",
    "Table 三 prints （六）其他处理 as one row without its three sub-rows (a template variant "
    "of the 2021 format, in some provincial and WPS templates): its numbers are read into "
    "``other_processing``, the three ``other_*`` rows stay blank, and the outcome total adds "
    "the one row.",
)
SUBTOTAL_COLUMN = _code(
    "subtotal-column",
    Severity.INFO,
    _PARSE,
    "Extra 小计 column",
    "表格含“小计”列",
    "Table 三 carries an eighth column, 法人或其他组织小计, beside the official seven.",
)

# --- validation: the table rules -----------------------------------------------------------

APPLICATIONS_BALANCE = _rule_code(
    rules.APPLICATIONS_BALANCE,
    "Table applications does not balance",
    "第一项加第二项之和不等于第三项加第四项之和",
    f"For a column of table ``applications``, {_q(_R.NEW_REQUESTS)} + {_q(_R.CARRIED_OVER)} "
    f"differs from {_q(_R.TOTAL_PROCESSED)} + {_q(_R.CARRIED_FORWARD)}: the rule printed "
    "in the table's own header. The finding names the column (no row); ``expected`` is "
    "the first sum, ``actual`` the second.",
)
APPLICATIONS_ROW_TOTAL = _rule_code(
    rules.APPLICATIONS_ROW_TOTAL,
    "Row total of table applications is not the sum of the applicants",
    "行总计不等于各类申请人之和",
    f"In a row of table ``applications``, {_q(_C.TOTAL)} differs from the sum of the six "
    f"applicant columns ({_q(_C.NATURAL_PERSON)} and the five {_LEGAL} columns). The "
    "finding points at the row's ``total`` cell.",
)
APPLICATIONS_SUBTOTAL = _rule_code(
    rules.APPLICATIONS_SUBTOTAL,
    "Legal-person subtotal is not the sum of its columns",
    "法人或其他组织小计不等于其各列之和",
    f"In a table ``applications`` that carries the unofficial 8th column "
    f"{_q(_C.LEGAL_PERSON_SUBTOTAL)}, a row's subtotal differs from the sum of the five "
    f"{_LEGAL} columns. The finding points at the row's subtotal cell.",
)
APPLICATIONS_OUTCOME_TOTAL = _rule_code(
    rules.APPLICATIONS_OUTCOME_TOTAL,
    "Requests processed is not the sum of the outcomes",
    "办理结果总计不等于各项办理结果之和",
    f"For a column of table ``applications``, {_q(_R.TOTAL_PROCESSED)} differs from the sum "
    f"of the outcome rows ({_q(_R.GRANTED)} to the rows of {_q(_R.OTHER_PROCESSING)}: its "
    "three sub-rows in the 2021 format, the one row in the 2019 format and in 2021 "
    "templates that print it as one). The finding points at the ``total_processed`` cell "
    "of that column.",
)
APPEALS_TOTAL = _rule_code(
    rules.APPEALS_TOTAL,
    "Total of an appeals group is not the sum of its results",
    "行政复议、行政诉讼总计不等于各项结果之和",
    "In a group of table ``appeals`` (administrative review, direct litigation, litigation "
    f"after review), {_q(_A.TOTAL)} differs from {_q(_A.UPHELD)} + {_q(_A.CORRECTED)} + "
    f"{_q(_A.OTHER)} + {_q(_A.PENDING)}. The finding points at the group's ``total`` cell.",
)
NEGATIVE_COUNT = _rule_code(
    rules.NON_NEGATIVE,
    "A count or amount is negative",
    "数量或金额为负数",
    "A cell that holds a count (or an amount in 万元) is below zero. Only "
    f"{_q(ActiveColumn2019.CHANGE)} (2019 format) may be negative.",
)

# --- validation: prose, years, what cannot be checked --------------------------------------

PROSE_DISAGREES = _code(
    "prose-disagrees",
    Severity.WARNING,
    _VALIDATE,
    "The prose states a figure the tables contradict",
    "正文所述数字与表格不符",
    "A figure stated in the prose (requests received, granted, partially granted, "
    "information not held, carried forward, administrative reviews, lawsuits, or a "
    "statement that there were none) differs from the table cells it describes. "
    "``context`` is the sentence, ``expected`` the tables' figure, ``actual`` the prose's. "
    "Figures of another scope (area-wide totals in a report of one office, hotlines, "
    "percentages, requests concluded) are not compared.",
    rule_zh="正文所述数字与表格一致",
)
CARRY_OVER_MISMATCH = _code(
    "carry-over-mismatch",
    Severity.WARNING,
    _VALIDATE,
    "Carried over does not match last year's carried forward",
    "上年结转与上一年度结转下年度继续办理不符",
    f"For one reporting body and consecutive years, {_q(_R.CARRIED_OVER)} of year N+1 "
    f"differs from {_q(_R.CARRIED_FORWARD)} of year N in some column. The finding points "
    "at year N+1.",
    rule_zh="上年结转等于上一年度结转下年度继续办理",
)
IN_FORCE_MISMATCH = _code(
    "in-force-mismatch",
    Severity.WARNING,
    _VALIDATE,
    "Documents in force do not follow from last year's",
    "现行有效件数与上一年度不衔接",
    "For one reporting body and consecutive years in the 2021 format, "
    f"{_q(ActiveColumn2021.IN_FORCE)} of year N plus {_q(ActiveColumn2021.ISSUED)} minus "
    f"{_q(ActiveColumn2021.REPEALED)} of year N+1 differs from ``in_force`` of year N+1 "
    "(regulations or normative documents). Revisions counted as newly issued explain some.",
    rule_zh="现行有效件数与上一年度衔接",
)
FORMAT_YEAR_MISMATCH = _code(
    "format-year-mismatch",
    Severity.WARNING,
    _VALIDATE,
    "The report's format does not fit its year",
    "报告格式与年度不符",
    "The 2019 trial format is for the years 2019 and 2020, the 2021 format for 2021 on; "
    "the report follows the other one.",
    rule_zh="报告格式与年度相符",
)
RULE_NOT_ASSESSABLE = _code(
    "rule-not-assessable",
    Severity.INFO,
    _VALIDATE,
    "A rule cannot be checked: a cell is missing",
    "缺少数字，无法核对",
    "A cell the rule needs holds no number (blank, ``/``, ``—``, ``无``) or the report lacks "
    "what the rule compares (no year). The rule is neither passed nor failed; ``context`` "
    "names the rule and the missing cells.",
)
SERIES_YEAR_MISSING = _code(
    "series-year-missing",
    Severity.INFO,
    _VALIDATE,
    "A year is missing from a series",
    "缺少某一年度的报告",
    "The reports of one body skip a year: the years around the gap are not compared.",
)
SERIES_DUPLICATE_YEAR = _code(
    "series-duplicate-year",
    Severity.WARNING,
    _VALIDATE,
    "Two reports of one body for the same year",
    "同一年度有多份报告",
    "A series holds more than one report of the same body and year; the first is compared "
    "with its neighbours.",
)


CODES: Mapping[str, CodeInfo] = MappingProxyType(
    {info.code: info for info in globals().values() if isinstance(info, CodeInfo)}
)
"""Every finding code → its catalogue entry, in the order of this module."""


def catalogue_markdown(*, area: Area | None = None) -> str:
    """The catalogue as Markdown tables, one per area (the documentation's page of codes).

    ``area`` limits it to the parser's codes (``"parse"``) or validation's (``"validate"``).
    """
    parts = []
    for name, heading in _AREA_HEADINGS.items():
        if area is not None and name != area:
            continue
        infos = sorted(
            (i for i in CODES.values() if i.area == name),
            key=lambda i: (-i.severity.rank, i.code),
        )
        lines = [
            f"## {heading}",
            "",
            "| code | severity | title | 标题 | description |",
            "|---|---|---|---|---|",
        ]
        for info in infos:
            description = " ".join(info.description.split()).replace("|", "\\|")
            lines.append(
                f"| `{info.code}` | {info.severity.value} | {info.title} | {info.title_zh} "
                f"| {description} |"
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


_AREA_HEADINGS: Mapping[Area, str] = MappingProxyType(
    {
        _PARSE: "Reading and repairs (`parse`)",
        _VALIDATE: "Consistency rules (`validate`)",
    }
)
