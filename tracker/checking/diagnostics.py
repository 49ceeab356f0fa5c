"""Problems found in tracker files: one value type and the formats that print it.

Every checker (YAML, schema, lint rules, schema drift) yields
:class:`Diagnostic`; the formatters here are the only place that turns them
into text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """Errors fail a check; warnings are reported and do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    rule: str
    severity: Severity
    message: str


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    """Whether any diagnostic is an error (the exit status of a check)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: RULE severity: message``, one per line."""
    return "\n".join(
        f"{d.path}:{d.line}:{d.col}: {d.rule} {d.severity.value}: {d.message}" for d in diagnostics
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def format_summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``2 warnings, 0 errors in 26 files``."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return f"{_count(warnings, 'warning')}, {_count(errors, 'error')} in {_count(files, 'file')}"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with the diagnostic's fields."""
    return json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False)


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands, shown as annotations on the pull request."""
    return "\n".join(
        f"::{d.severity.value} file={_github_escape(d.path, prop=True)},line={d.line},"
        f"col={d.col},title={d.rule}::{_github_escape(d.message)}"
        for d in diagnostics
    )


FORMATTERS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
"""Output formats by ``--format`` name."""
