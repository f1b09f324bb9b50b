"""The exceptions govdisclosure raises.

Every exception derives from :class:`GovDisclosureError`; the leaves also derive from
the builtin that describes them, so ``except ValueError`` keeps working for callers
who do not know about this library.
"""

from __future__ import annotations

__all__ = [
    "GovDisclosureError",
    "MissingExtraError",
    "ParseError",
    "ParseTimeoutError",
    "SerializationError",
    "SourceError",
]


class GovDisclosureError(Exception):
    """Root of every error raised by govdisclosure."""


class ParseError(GovDisclosureError, ValueError):
    """The input cannot be read as an annual report.

    ``line`` is the 1-based line of the input where reading failed, when it is known;
    ``reason`` says what was expected, and ``reason_zh`` says it in Chinese for the people
    a batch lists its unread files to (empty where no one wrote it: the English stands).
    """

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        source: str | None = None,
        reason_zh: str = "",
    ) -> None:
        self.reason = reason
        self.reason_zh = reason_zh
        self.line = line
        self.source = source
        where = ""
        if source is not None:
            where = f"{source}:"
        if line is not None:
            where = f"{where}{line}:" if where else f"line {line}:"
        super().__init__(f"{where} {reason}" if where else reason)


class SourceError(ParseError):
    """A file cannot be turned into text: unknown encoding, unsupported or unsafe file."""


class ParseTimeoutError(ParseError, TimeoutError):
    """Reading the input took longer than the ``timeout`` it was given.

    Raised by :func:`~govdisclosure.parse.parse_file` and
    :func:`~govdisclosure.parse.parse_text` (whatever stage they were at: reading the file
    or parsing its text), so that a batch records the file as failed and moves on. It is
    also a :class:`TimeoutError` (hence an :class:`OSError`).
    """


class SerializationError(GovDisclosureError, ValueError):
    """Serialized data does not describe a valid report.

    ``errors`` lists every problem, each with the path where it was found
    (``... @ $.applications.granted.total``).
    """

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"invalid report data ({len(self.errors)} problem(s)):\n{lines}")


class MissingExtraError(GovDisclosureError, ImportError):
    """An optional dependency is needed for this feature and is not installed."""

    def __init__(self, extra: str, package: str, feature: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(
            f"{feature} needs the optional dependency {package!r}: "
            f"pip install 'govdisclosure[{extra}]'"
        )
