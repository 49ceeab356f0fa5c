"""The checking pipeline: find week files, validate each, lint the valid ones, collect.

Each file is read and parsed once. Nothing here prints; the commands format
the collected diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tracker.checking.cache import Horizon
from tracker.checking.diagnostics import Diagnostic, Severity
from tracker.checking.lint.base import LintContext, Rule
from tracker.checking.lint.runner import lint_week
from tracker.checking.schema import schema_drift
from tracker.checking.validate import validate_text
from tracker.exceptions import TrackerError
from tracker.fileformat.gcpause import gc_paused
from tracker.store.history import read_bad_lines
from tracker.store.saferead import ReadLimits, read_limited


@dataclass(frozen=True)
class CheckOptions:
    """What to check: ``rules`` empty means validation only."""

    now: datetime
    repo_root: Path
    rules: Sequence[Rule] = field(default_factory=tuple)
    check_outputs: bool = False
    limits: ReadLimits = field(default_factory=ReadLimits)
    horizon: Horizon | None = None
    """Where to note when the answer may change with time alone (for the result cache)."""


def read_week_file(path: Path, limits: ReadLimits) -> bytes | Diagnostic:
    """The file's bytes, or a ``Y001`` diagnostic saying why it is not read (missing, not a
    regular file, a symlink out of the repository, too large)."""
    try:
        return read_limited(path, limits)
    except FileNotFoundError:
        reason = "No such file or directory"
    except TrackerError as error:
        reason = str(error).removeprefix(f"{path}: ")
    return Diagnostic(str(path), 1, 1, "Y001", Severity.ERROR, f"cannot read file: {reason}")


def check_file(path: Path, options: CheckOptions) -> list[Diagnostic]:
    """Validate one tracker file and, when it is valid, lint it."""
    text = read_week_file(path, options.limits)
    if isinstance(text, Diagnostic):
        return [text]
    with gc_paused():  # collections would rescan the week's model for every finding
        return _check_text(text, path, options)


def _check_text(text: bytes, path: Path, options: CheckOptions) -> list[Diagnostic]:
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
    if options.horizon is not None:
        for rule in options.rules:
            if rule.changes is not None:
                options.horizon.see(rule.changes(ctx))
    return result.diagnostics + lint_week(ctx, result.positions, str(path), options.rules)


def check_files(paths: Iterable[Path], options: CheckOptions) -> list[Diagnostic]:
    """All diagnostics of all files, in file then position order."""
    found: list[Diagnostic] = []
    for path in paths:
        found.extend(sorted(check_file(path, options)))
    return found


CHECK_RULES: dict[str, str] = {
    "G001": "the committed schema differs from the generated one",
    "H001": "a line of a week's history file is not an event (torn, mangled or hand-edited)",
}
"""Rules only ``tracker check`` runs (beside validation and lint); they cannot be ignored."""


def history_diagnostics(path: Path, limits: ReadLimits) -> list[Diagnostic]:
    """``H001`` for every line of a history file that is not an event (none if it is absent)."""
    try:
        found = read_bad_lines(path, limits)
    except TrackerError as error:
        reason = str(error).removeprefix(f"{path}: ")
        return [Diagnostic(str(path), 1, 1, "H001", Severity.ERROR, f"cannot read file: {reason}")]
    return [
        Diagnostic(
            str(path),
            bad.line,
            1,
            "H001",
            Severity.ERROR,
            f"{bad.problem}; commands skip this line (restore it from git, or delete it)",
        )
        for bad in found
    ]


def drift_diagnostics(schema_path: Path, limits: ReadLimits | None = None) -> list[Diagnostic]:
    """One diagnostic naming how the committed schema differs from the generated one."""
    diff = schema_drift(schema_path, limits or ReadLimits())
    if not diff:
        return []
    shown = [line for line in diff if not line.startswith(("---", "+++"))][:6]
    more = " ..." if len(diff) > len(shown) + 2 else ""
    message = "stale, run `tracker schema`: " + " | ".join(shown) + more
    return [Diagnostic(str(schema_path), 1, 1, "G001", Severity.ERROR, message)]
