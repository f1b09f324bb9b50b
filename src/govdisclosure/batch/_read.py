"""Reading one file of a batch: a report with its findings, or a failure saying why.

:func:`read_file` is the function a batch runs on every file, in this process, in a pool
of processes, or on a distributed engine (dask, Ray): it takes a path, never raises for
the file's sake, and returns a picklable value.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

import attrs

from .._deadline import DEFAULT_TIMEOUT
from .._text import Lang, separators
from ..errors import GovDisclosureError, MissingExtraError, ParseError
from ..findings import Findings
from ..model import Report

if TYPE_CHECKING:
    from ..sources import SourceLimits

__all__ = ["Failure", "Parsed", "read_file"]


@attrs.frozen
class Failure:
    """A file that could not be read as a report, and why."""

    source: str
    """The file, as given or found."""
    reason: str
    """Why, in a sentence (``no text layer: scanned PDF; OCR it first``)."""
    error: str = "ParseError"
    """The name of the exception that said so (``SourceError``, ``MissingExtraError``…)."""
    line: int | None = None
    """The line of the text where reading stopped, when known."""
    reason_zh: str = ""
    """Why, in Chinese (``没有文字层：扫描件 PDF，请先进行文字识别（OCR）``); empty where the
    error gives no Chinese reason."""

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: Lang = "en") -> str:
        """The file and why, in ``lang``: ``report.pdf: no text layer: …``."""
        colon, _ = separators(lang)
        return f"{self.source}{colon}{self.why(lang)}"

    def why(self, lang: Lang = "en") -> str:
        """Why, with the line where known, in ``lang`` (the English reason where there is
        no Chinese one)."""
        colon, _ = separators(lang)
        reason = self.reason_zh if lang == "zh" and self.reason_zh else self.reason
        if self.line is None:
            return reason
        where = f"第 {self.line} 行" if lang == "zh" else f"line {self.line}"
        return f"{where}{colon}{reason}"

    def to_record(self) -> dict[str, Any]:
        """A flat dict: ``source``, ``error``, ``reason``, ``reason_zh``, ``line``."""
        return {
            "source": self.source,
            "error": self.error,
            "reason": self.reason,
            "reason_zh": self.reason_zh,
            "line": self.line,
        }


@attrs.frozen
class Parsed:
    """A file read as a report: the report, what the parser found, what validation found."""

    source: str
    """The file, as given or found."""
    report: Report
    parse_findings: Findings
    """What the parser repaired (info) or could not read (warning)."""
    validation: Findings | None = None
    """What :func:`~govdisclosure.validate.validate` found; ``None`` when not validated."""

    @property
    def findings(self) -> Findings:
        """Every finding: the parse's, then validation's."""
        if self.validation is None:
            return self.parse_findings
        return self.parse_findings + self.validation


FAILURE_COLUMNS = ("source", "error", "reason", "reason_zh", "line")
"""The keys of :meth:`Failure.to_record`."""


def _failure(source: str, exc: BaseException) -> Failure:
    if isinstance(exc, ParseError):
        return Failure(source, exc.reason, type(exc).__name__, exc.line, exc.reason_zh)
    if isinstance(exc, MissingExtraError):
        return Failure(
            source,
            str(exc).strip(),
            type(exc).__name__,
            reason_zh=f"需要安装可选依赖 {exc.package}：pip install 'govdisclosure[{exc.extra}]'",
        )
    if isinstance(exc, GovDisclosureError):
        return Failure(source, str(exc).strip(), type(exc).__name__)
    if isinstance(exc, OSError):
        return Failure(
            source,
            f"cannot read the file: {exc.strerror or exc}",
            type(exc).__name__,
            reason_zh="无法读取该文件（系统拒绝或文件损坏）",
        )
    # A bug of ours must not cost the rest of the batch: the file is named with it.
    return Failure(
        source,
        f"internal error: {type(exc).__name__}: {exc}",
        type(exc).__name__,
        reason_zh="程序内部错误（请向开发者报告此文件）",
    )


def read_file(
    path: str | os.PathLike[str],
    *,
    validate: bool = True,
    limits: SourceLimits | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Parsed | Failure:
    """Read one file as :func:`~govdisclosure.parse.parse_file` does and, unless told not,
    validate the report; whatever goes wrong with the file is returned as a
    :class:`Failure`, not raised (any :class:`~govdisclosure.errors.GovDisclosureError`,
    an unreadable file, or an unexpected error of the library, named as such).
    ``timeout`` is the file's time budget in seconds (``None``: no limit): past it the file
    is a failure (``ParseTimeoutError``) and the batch goes on."""
    from ..parse import parse_file
    from ..validate import validate as check

    source = os.fspath(path)
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError:
        return Failure(source, "no such file", "FileNotFoundError", reason_zh="文件不存在")
    except OSError as exc:
        return _failure(source, exc)
    if stat.S_ISDIR(mode):
        return Failure(
            source, "is a directory", "IsADirectoryError", reason_zh="这是文件夹，不是文件"
        )
    if not stat.S_ISREG(mode):
        # A FIFO or a device would block or never end.
        return Failure(
            source,
            "not a regular file (a pipe, socket or device)",
            "SourceError",
            reason_zh="不是普通文件（管道、套接字或设备）",
        )
    try:
        result = parse_file(source, limits=limits, timeout=timeout)
        validation = check(result.report) if validate else None
    except Exception as exc:
        return _failure(source, exc)
    return Parsed(source, result.report, result.findings, validation)
