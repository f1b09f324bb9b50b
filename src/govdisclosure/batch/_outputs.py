"""Writing a batch as it is read: reports or findings, in each output format, streamed.

A writer takes each report as it comes (:meth:`Writer.add`), each file that could not be
read (:meth:`Writer.fail`), the findings across years (:meth:`Writer.series`), and ends
with the summary (:meth:`Writer.close`). Nothing but small counts is kept between reports,
except where a format needs the whole (the HTML page keeps its report sections in a
temporary file). Formats that have no place for failures inside them (CSV, JSON Lines,
Parquet) write them to a file beside the output: ``cells.csv`` → ``cells.failures.csv``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, Protocol

from .._text import Lang, say, separators
from ..findings import Findings, _records_frame
from . import FINDINGS_COLUMNS, Summary, finding_records
from ._read import FAILURE_COLUMNS, Failure, Parsed

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "FORMATS",
    "Command",
    "Format",
    "Writer",
    "beside",
    "format_for",
    "is_binary",
    "open_writer",
]

Command = Literal["parse", "validate"]
Format = Literal["text", "json", "jsonl", "csv", "parquet", "md", "html"]

FORMATS: Final[dict[Command, tuple[Format, ...]]] = {
    "parse": ("json", "jsonl", "csv", "parquet", "md"),
    "validate": ("text", "json", "jsonl", "csv", "parquet", "md", "html"),
}
"""The output formats of each command; the first is the default."""

_SUFFIXES: Final[dict[str, Format]] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
_BINARY: Final = frozenset({"parquet"})
_BESIDE: Final = frozenset({"csv", "jsonl", "parquet"})


def format_for(command: Command, to: str | None, output: str | None) -> Format:
    """The output format: ``to`` if given, else the suffix of ``output``, else the default.

    Raises ``ValueError`` naming the choices for a format the command does not write.
    """
    choices = FORMATS[command]
    if to is None and output is not None:
        suffix = Path(output).suffix.lower()
        found = _SUFFIXES.get(suffix)
        if found is None or found not in choices:
            raise ValueError(
                f"cannot tell the format from the name {output!r}: "
                f"use a suffix or --to ({', '.join(choices)})"
            )
        return found
    chosen = choices[0] if to is None else to
    if chosen not in choices:
        raise ValueError(f"{command} writes {', '.join(choices)}, not {chosen}")
    return chosen


def beside(output: str | os.PathLike[str], fmt: Format) -> Path | None:
    """Where the failures of an output go: ``cells.csv`` → ``cells.failures.csv``; ``None``
    for formats that hold them inside (JSON, text, Markdown, HTML)."""
    if fmt not in _BESIDE:
        return None
    path = Path(output)
    suffix = path.suffix or f".{fmt}"
    return path.with_name(f"{path.name.removesuffix(path.suffix)}.failures{suffix}")


class Writer(Protocol):
    def add(self, parsed: Parsed, shown: Findings) -> None:
        """A report read, with the findings to show of it."""

    def fail(self, failure: Failure) -> None:
        """A file that could not be read."""

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        """The findings of each body's reports compared across years."""

    def close(self, summary: Summary) -> None:
        """The end: write what is left."""


# --- helpers ------------------------------------------------------------------------------


def _field(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _indented(text: str, by: int) -> str:
    pad = " " * by
    return "\n".join(pad + line if line else line for line in text.split("\n"))


class _Rows:
    """Rows of fixed columns as CSV, JSON Lines or Parquet, for the main output or the
    failures beside it."""

    def __init__(
        self,
        fmt: Format,
        target: IO[str] | str | os.PathLike[str],
        columns: Sequence[str],
        *,
        bom: bool = False,
        schema: Callable[[], pa.Schema] | None = None,
        frame: Callable[[list[dict[str, Any]]], Any] | None = None,
    ) -> None:
        self.fmt = fmt
        self.columns = tuple(columns)
        self._buffer: list[dict[str, Any]] = []
        self._schema = schema
        self._frame = frame
        self._parquet: Any = None
        self._owned: IO[str] | None = None
        self._stream: IO[str] | None = None
        if fmt == "parquet":
            if not isinstance(target, str | os.PathLike):
                raise ValueError("Parquet is written to a file, not a stream: give a path")
            self._path = os.fspath(target)
            return
        if isinstance(target, str | os.PathLike):
            self._owned = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._stream = self._owned
        else:
            self._stream = target
        if fmt == "csv":
            if bom:
                self._stream.write("\ufeff")
            self._csv = csv.writer(self._stream, lineterminator="\n")
            self._csv.writerow(self.columns)

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        if self.fmt == "parquet":
            self._buffer.extend(rows)
            if len(self._buffer) >= 20_000:
                self._flush()
            return
        assert self._stream is not None
        for row in rows:
            if self.fmt == "csv":
                self._csv.writerow([_field(row.get(name)) for name in self.columns])
            else:
                record = {name: _json_value(row.get(name)) for name in self.columns}
                self._stream.write(_dumps(record) + "\n")

    def write_text(self, text: str) -> None:
        assert self._stream is not None
        self._stream.write(text)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self._schema is not None
        assert self._frame is not None
        if not self._buffer and self._parquet is not None:
            return
        frame = self._frame(self._buffer)
        table = pa.Table.from_pandas(frame, schema=self._schema(), preserve_index=False)
        if self._parquet is None:
            # The table's schema carries pandas' metadata (nullable integers stay Int64).
            self._parquet = pq.ParquetWriter(self._path, table.schema)
        self._parquet.write_table(table)
        self._buffer = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush()
            self._parquet.close()
        elif self._owned is not None:
            self._owned.close()


def _findings_schema() -> pa.Schema:
    import pyarrow as pa

    integers = {"year", "line", "page"}
    return pa.schema(
        [(name, pa.int64() if name in integers else pa.string()) for name in FINDINGS_COLUMNS]
    )


def _failures_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [(name, pa.int64() if name == "line" else pa.string()) for name in FAILURE_COLUMNS]
    )


def _cells_frame(reports: list[dict[str, Any]]) -> Any:
    from ..serialize import to_pandas

    return to_pandas(r["report"] for r in reports)


class _Table:
    """A batch as rows: cells (``parse``) or findings (``validate``), failures beside."""

    def __init__(
        self,
        command: Command,
        fmt: Format,
        target: IO[str] | str | os.PathLike[str],
        failures: str | os.PathLike[str] | None,
        *,
        bom: bool,
    ) -> None:
        self.command = command
        if command == "parse":
            from ..serialize import RECORD_COLUMNS, arrow_schema

            if fmt == "parquet":
                # The tidy frame is built from whole reports, a few at a time.
                self._main = _Rows(fmt, target, (), schema=arrow_schema, frame=_cells_frame)
            else:
                self._main = _Rows(fmt, target, RECORD_COLUMNS, bom=bom)
        else:
            self._main = _Rows(
                fmt,
                target,
                FINDINGS_COLUMNS,
                bom=bom,
                schema=_findings_schema,
                frame=lambda rows: _records_frame(rows, FINDINGS_COLUMNS),
            )
        self._failures = (
            _Rows(
                fmt,
                failures,
                FAILURE_COLUMNS,
                bom=bom,
                schema=_failures_schema,
                frame=lambda rows: _records_frame(rows, FAILURE_COLUMNS),
            )
            if failures is not None
            else None
        )
        self.fmt = fmt

    def add(self, parsed: Parsed, shown: Findings) -> None:
        if self.command == "validate":
            self._main.write(finding_records(parsed, shown))
        elif self.fmt == "parquet":
            self._main.write([{"report": parsed.report}])
        elif self.fmt == "csv":
            from ..serialize import to_records

            self._main.write(to_records(parsed.report))
        else:
            from ..serialize import to_json

            self._main.write_text(to_json(parsed.report, indent=None) + "\n")

    def fail(self, failure: Failure) -> None:
        if self._failures is not None:
            self._failures.write([failure.to_record()])

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        rows = (
            {"agency": agency, "area": "validate", **finding.to_record()}
            for agency, findings in found
            for finding in findings
        )
        self._main.write(rows)

    def close(self, summary: Summary) -> None:
        self._main.close()
        if self._failures is not None:
            self._failures.close()


class _Json:
    """One JSON document: ``reports`` (or, for one named file, the report alone),
    ``failures``, ``series`` (validate) and ``summary``, the reports streamed as they come."""

    def __init__(self, command: Command, stream: IO[str], *, single: bool) -> None:
        self.command = command
        self.stream = stream
        self.single = single
        self._count = 0
        self._failures: list[dict[str, Any]] = []
        self._series: list[dict[str, Any]] = []

    def add(self, parsed: Parsed, shown: Findings) -> None:
        if self.command == "parse":
            from ..serialize import to_json

            doc = to_json(parsed.report)
        else:
            doc = _dumps(_validation_doc(parsed, shown), indent=2)
        if self.single:
            self.stream.write(doc + "\n")
        else:
            opening = '{\n  "reports": [\n' if not self._count else ",\n"
            self.stream.write(opening + _indented(doc, 4))
        self._count += 1

    def fail(self, failure: Failure) -> None:
        self._failures.append(failure.to_record())

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        self._series.extend(
            {"agency": agency, "findings": _finding_docs(findings)} for agency, findings in found
        )

    def close(self, summary: Summary) -> None:
        if self.single:
            # The report was written, or the one file failed: then nothing is (the reason
            # is on standard error), as for a single file before batches.
            return
        self.stream.write('{\n  "reports": [],\n' if not self._count else "\n  ],\n")
        tail: dict[str, Any] = {"failures": self._failures}
        if self.command == "validate":
            tail["series"] = self._series
        tail["summary"] = summary.to_dict()
        # The rest of the object: the members of ``tail`` without its opening brace.
        self.stream.write(_dumps(tail, indent=2).removeprefix("{\n") + "\n")


def _finding_docs(findings: Findings) -> list[dict[str, Any]]:
    from ..validate import findings_to_json

    docs: list[dict[str, Any]] = findings_to_json(findings)["findings"]
    return docs


def _validation_doc(parsed: Parsed, shown: Findings) -> dict[str, Any]:
    report = parsed.report
    return {
        "source": parsed.source,
        "agency": report.agency,
        "year": report.year,
        "format": report.format.value,
        "ok": shown.ok,
        "counts": {s: len(shown.filter(severity=s)) for s in ("error", "warning", "info")},
        "findings": _finding_docs(shown),
    }


class _JsonLines:
    """One line per report: the report (parse) or its findings (validate)."""

    def __init__(
        self, command: Command, stream: IO[str], failures: str | os.PathLike[str] | None
    ) -> None:
        self.command = command
        self.stream = stream
        self._failures = _Rows("jsonl", failures, FAILURE_COLUMNS) if failures is not None else None

    def add(self, parsed: Parsed, shown: Findings) -> None:
        if self.command == "parse":
            from ..serialize import to_json

            self.stream.write(to_json(parsed.report, indent=None) + "\n")
        else:
            self.stream.write(_dumps(_validation_doc(parsed, shown)) + "\n")

    def fail(self, failure: Failure) -> None:
        if self._failures is not None:
            self._failures.write([failure.to_record()])

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        for agency, findings in found:
            self.stream.write(_dumps({"agency": agency, "series": _finding_docs(findings)}) + "\n")

    def close(self, summary: Summary) -> None:
        if self._failures is not None:
            self._failures.close()


class _Human:
    """Text or Markdown for people: each report (parse: the report as Markdown; validate:
    its findings), then the files not read, the findings across years and the summary."""

    def __init__(
        self, command: Command, fmt: Format, stream: IO[str], *, lang: Lang, single: bool
    ) -> None:
        self.command = command
        self.fmt = fmt
        self.stream = stream
        self.lang: Lang = lang
        # One file named: if it fails, standard error says so, and the output stays empty.
        self.single = single
        self._failures: list[Failure] = []
        self._first = True

    def _block(self, text: str) -> None:
        self.stream.write(("" if self._first else "\n") + text + "\n")
        self._first = False

    def add(self, parsed: Parsed, shown: Findings) -> None:
        if self.command == "parse":
            from ..serialize.render import report_to_markdown

            self._block(report_to_markdown(parsed.report).rstrip("\n"))
            return
        from ..validate import format_findings

        text = format_findings(shown, source=parsed.source, report=parsed.report, lang=self.lang)
        if self.fmt == "md":
            head, _, rest = text.partition("\n")
            text = f"## {head}\n\n```text{rest}\n```" if rest else f"## {head}"
        self._block(text)

    def fail(self, failure: Failure) -> None:
        self._failures.append(failure)

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        from ..validate import format_findings

        for agency, findings in found:
            colon, _ = separators(self.lang)
            title = f"{say('series', self.lang)}{colon}{agency}"
            text = format_findings(findings, source=title, lang=self.lang)
            if self.fmt == "md":
                head, _, rest = text.partition("\n")
                text = f"## {head}\n\n```text{rest}\n```" if rest else f"## {head}"
            self._block(text)

    def close(self, summary: Summary) -> None:
        if self._failures and not self.single:
            mark = "## " if self.fmt == "md" else ""
            lines = [f"{mark}{say('not-read-count', self.lang, n=len(self._failures))}"]
            if self.fmt == "md":
                lines.append("")
            lines.extend(
                f"{'- ' if self.fmt == 'md' else '  '}{f.text(self.lang)}" for f in self._failures
            )
            self._block("\n".join(lines))


class _Html:
    def __init__(self, stream: IO[str], *, lang: Lang) -> None:
        from ..serialize.html import BatchPage

        self.stream = stream
        self.page = BatchPage(lang=lang)

    def add(self, parsed: Parsed, shown: Findings) -> None:
        self.page.add(parsed.report, shown, source=parsed.source)

    def fail(self, failure: Failure) -> None:
        self.page.add_failure(failure.source, failure.why(self.page.lang))

    def series(self, found: Sequence[tuple[str, Findings]]) -> None:
        for agency, findings in found:
            self.page.add_series(agency, findings)

    def close(self, summary: Summary) -> None:
        try:
            self.page.write(self.stream)
        finally:
            self.page.close()


def open_writer(
    command: Command,
    fmt: Format,
    target: IO[str] | str | os.PathLike[str],
    *,
    failures: str | os.PathLike[str] | None = None,
    bom: bool = False,
    single: bool = False,
    lang: Lang = "en",
) -> Writer:
    """A writer of ``command``'s output in ``fmt`` to ``target`` (a text stream, or a path
    for Parquet).

    ``failures`` is the file beside for CSV, JSON Lines and Parquet (``None``: failures
    are not written, as when writing to standard output); ``bom`` starts CSV with a UTF-8
    byte-order mark; ``single`` (one file named) makes JSON the report alone (``parse``)
    and leaves a failure out of JSON, text and Markdown (standard error says it).
    """
    if fmt in _BESIDE:
        if fmt == "jsonl":
            assert not isinstance(target, str | os.PathLike)
            return _JsonLines(command, target, failures)
        return _Table(command, fmt, target, failures, bom=bom)
    assert not isinstance(target, str | os.PathLike)
    if fmt == "json":
        return _Json(command, target, single=single)
    if fmt == "html":
        return _Html(target, lang=lang)
    return _Human(command, fmt, target, lang=lang, single=single)


def is_binary(fmt: Format) -> bool:
    """Whether ``fmt`` is written as bytes to a file (Parquet), not as text."""
    return fmt in _BINARY
