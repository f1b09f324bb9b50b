"""The words of the human output (listings, summaries, page headings), in each language.

Every sentence a person reads in a listing of findings, a batch summary or an HTML page
is looked up here by a key and a language, so that choosing the language is one argument
(``lang``) threaded from the command line down to the renderers, and a sentence is never
half one language, half another. Finding messages are not here: each finding carries its
own, in both languages, and a failure its reason.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal

__all__ = ["LANGUAGES", "Lang", "default_lang", "say", "separators"]

Lang = Literal["en", "zh"]
LANGUAGES: Final[tuple[Lang, ...]] = ("en", "zh")

_TEXT: Final[dict[str, dict[Lang, str]]] = {
    # counts
    "errors": {"en": "{n} error{s}", "zh": "错误 {n} 项"},
    "warnings": {"en": "{n} warning{s}", "zh": "警告 {n} 项"},
    "infos": {"en": "{n} info{s}", "zh": "提示 {n} 项"},
    "no-findings": {"en": "no findings", "zh": "未发现问题"},
    # batch summary
    "summary": {
        "en": "{read} of {files} file{files_s} read, {failed} failed",
        "zh": "共 {files} 个文件，读取 {read} 个，失败 {failed} 个",
    },
    "summary-findings": {
        "en": "{errors} report{errors_s} with errors, {warnings} with warnings",
        "zh": "有错误的报告 {errors} 份，有警告的报告 {warnings} 份",
    },
    "summary-skipped": {
        "en": "{skipped} file{skipped_s} skipped (not a document)",
        "zh": "跳过非文档文件 {skipped} 个",
    },
    "summary-time": {
        "en": "{seconds:.1f} s, {rate:.1f} reports/s",
        "zh": "用时 {seconds:.1f} 秒，每秒 {rate:.1f} 份",
    },
    # pages
    "page-title": {"en": "Annual reports checked", "zh": "政府信息公开工作年度报告检查结果"},
    "overview": {"en": "Overview", "zh": "总览"},
    "reporting-body": {"en": "Reporting body", "zh": "报告机关"},
    "year-unknown": {"en": "year unknown", "zh": "年度不明"},
    "not-read": {"en": "Files not read", "zh": "未能读取的文件"},
    "not-read-count": {"en": "Files not read ({n}):", "zh": "未能读取的文件（{n} 个）："},
    "file": {"en": "File", "zh": "文件"},
    "reason": {"en": "Reason", "zh": "原因"},
    "findings": {"en": "Findings", "zh": "检查发现"},
    "infos-folded": {
        "en": "{n} info finding{s}: what the parser repaired or chose",
        "zh": "提示 {n} 项：解析时所作的修复与选择",
    },
    "preamble": {"en": "Preamble", "zh": "前言"},
    "prose": {"en": "Text of section {number}", "zh": "第{number}部分文字"},
    "source": {"en": "Source", "zh": "来源"},
    "format": {"en": "format {format}", "zh": "{format} 年格式"},
    "at": {"en": "at", "zh": "位置"},
    "line": {"en": "line {line}", "zh": "第 {line} 行"},
    "page": {"en": "page {page}", "zh": "第 {page} 页"},
    "series": {"en": "Across years", "zh": "跨年度核对"},
    "severity-error": {"en": "error", "zh": "错误"},
    "severity-warning": {"en": "warning", "zh": "警告"},
    "severity-info": {"en": "info", "zh": "提示"},
    # listings of findings
    "heading-errors": {"en": "errors ({n}):", "zh": "错误（{n} 项）："},
    "heading-warnings": {"en": "warnings ({n}):", "zh": "警告（{n} 项）："},
    "heading-infos": {"en": "infos ({n}):", "zh": "提示（{n} 项）："},
    "report-head": {
        "en": "{agency} {year} (format {format})",
        "zh": "{agency} {year}（{format} 年格式）",
    },
    "year": {"en": "{year}", "zh": "{year} 年度"},
    "where": {"en": "at {where}", "zh": "位置：{where}"},
    "expected-found": {
        "en": "expected {expected}, found {actual}",
        "zh": "应为 {expected}，实为 {actual}",
    },
    "reading": {"en": "read as {reading}", "zh": "读作 {reading}"},
    "alternatives": {"en": "other readings: {alternatives}", "zh": "其他读法：{alternatives}"},
    "unplaced": {"en": "numbers not placed: {numbers}", "zh": "未归入单元格的数字：{numbers}"},
    # the command line
    "error": {"en": "error", "zh": "错误"},
    "nothing-found": {"en": "no document found in {paths}", "zh": "在 {paths} 中未找到文档"},
}

_SEPARATORS: Final[dict[Lang, tuple[str, str]]] = {"en": (": ", "; "), "zh": ("：", "；")}


def separators(lang: Lang) -> tuple[str, str]:
    """The colon and the semicolon of ``lang``: ``": "`` and ``"; "``, or ``"："`` and ``"；"``."""
    return _SEPARATORS[lang]


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """``"zh"`` when the locale's language is Chinese, else ``"en"``.

    The locale of messages is the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is
    set and not empty, as POSIX reads it (``zh_CN.UTF-8``, ``zh_TW``, ``zh``).
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def say(key: str, lang: Lang = "en", /, **values: object) -> str:
    """The sentence ``key`` in ``lang``, filled with ``values``.

    For every integer value ``n`` a value ``n_s`` (``s`` for ``n``) is ``"s"`` unless it
    is 1, for English plurals.
    """
    fill = dict(values)
    for name, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            fill["s" if name == "n" else f"{name}_s"] = "" if value == 1 else "s"
    return _TEXT[key][lang].format(**fill)
