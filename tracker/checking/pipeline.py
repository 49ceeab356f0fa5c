"""The checking pipeline: find week files, validate each, lint the valid ones, collect.

Each file is read and parsed once. Nothing here prints; the commands format
the collected diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tracker.checking.diagnostics import Diagnostic, Severity
from tracker.checking.lint.base import LintContext, Rule
from tracker.checking.lint.runner import lint_week
from tracker.checking.schema import schema_drift
from tracker.checking.validate import validate_text


@dataclass(frozen=True)
class CheckOptions:
    """What to check: ``rules`` empty means validation only."""

    now: datetime
    repo_root: Path
    rules: Sequence[Rule] = field(default_factory=tuple)
    check_outputs: bool = False


def _unreadable(path: Path, error: OSError) -> Diagnostic:
    reason = error.strerror or str(error)
    return Diagnostic(str(path), 1, 1, "Y001", Severity.ERROR, f"cannot read file: {reason}")


def check_file(path: Path, options: CheckOptions) -> list[Diagnostic]:
    """Validate one tracker file and, when it is valid, lint it."""
    try:
        text = path.read_bytes()
    except OSError as error:
        return [_unreadable(path, error)]
    result = validate_text(text, str(path))
    if result.week is None or result.positions is None or not options.rules:
        return result.diagnostics
    ctx = LintContext(
        week=result.week,
        folder=path.parent.name,
        now=options.now,
        repo_root=options.repo_root,
        check_outputs=options.check_outputs,
    )
    return result.diagnostics + lint_week(ctx, result.positions, str(path), options.rules)


def check_files(paths: Iterable[Path], options: CheckOptions) -> list[Diagnostic]:
    """All diagnostics of all files, in file then position order."""
    found: list[Diagnostic] = []
    for path in paths:
        found.extend(sorted(check_file(path, options)))
    return found


def drift_diagnostics(schema_path: Path) -> list[Diagnostic]:
    """One diagnostic naming how the committed schema differs from the generated one."""
    diff = schema_drift(schema_path)
    if not diff:
        return []
    shown = [line for line in diff if not line.startswith(("---", "+++"))][:6]
    more = " ..." if len(diff) > len(shown) + 2 else ""
    message = "stale, run `tracker schema`: " + " | ".join(shown) + more
    return [Diagnostic(str(schema_path), 1, 1, "G001", Severity.ERROR, message)]
