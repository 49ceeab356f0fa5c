"""Canonical formatting: rewrite tracker files exactly as the backend writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from tracker.checking.diagnostics import Diagnostic
from tracker.checking.pipeline import read_week_file
from tracker.checking.validate import hand_comments, shown_comment, validate_text
from tracker.checking.writeguard import REPAIRED_BY_REWRITE
from tracker.fileformat.emitter import DEFAULT_SCHEMA_REF, dump_week
from tracker.fileformat.positions import one_based
from tracker.settings import DEFAULT_LOCK_TIMEOUT
from tracker.store.saferead import ReadLimits
from tracker.store.safewrite import atomic_write, exclusive_lock, remove_temporaries

FIXABLE = REPAIRED_BY_REWRITE | {"Y006"}
"""What formatting repairs: it quotes plain timestamps, and (asked to) removes comments."""


@dataclass
class Formatted:
    """The outcome for one file: whether it was (or would be) rewritten, or why not."""

    path: Path
    changed: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """``path:line:col: comment '# ...'`` for each comment the rewrite removes (``Y006``)."""


def format_file(
    path: Path,
    *,
    check: bool = False,
    schema_ref: str = DEFAULT_SCHEMA_REF,
    limits: ReadLimits | None = None,
    lock_timeout: timedelta = DEFAULT_LOCK_TIMEOUT,
) -> Formatted:
    """Rewrite ``path`` in canonical form (only report with ``check``), its modeline
    naming ``schema_ref`` (the schema's path relative to the file's folder).

    An invalid file is left alone and its diagnostics returned: formatting
    never guesses what a broken file meant. Plain (unquoted) times are quoted;
    comments are removed and listed in ``dropped``. A file that cannot be read
    is a diagnostic too, and nothing (not even a lock file) is left behind.
    """
    limits = limits or ReadLimits()
    if check or not path.is_file():
        return _format(path, schema_ref, limits, write=False)
    with exclusive_lock(path, lock_timeout):
        remove_temporaries(path)
        return _format(path, schema_ref, limits, write=True)


def _format(path: Path, schema_ref: str, limits: ReadLimits, *, write: bool) -> Formatted:
    text = read_week_file(path, limits)
    if isinstance(text, Diagnostic):
        return Formatted(path, diagnostics=[text])
    result = validate_text(text, str(path))
    if result.week is None or any(d.rule not in FIXABLE for d in result.diagnostics):
        return Formatted(path, diagnostics=result.diagnostics)
    dropped = [
        "{}:{}:{}: comment {}".format(path, *one_based(c.line, c.column), shown_comment(c))
        for c in hand_comments(text)
    ]
    canonical = dump_week(result.week, schema_ref).encode("utf-8")
    if canonical == text:
        return Formatted(path)
    if write:
        atomic_write(path, canonical)
    return Formatted(path, changed=True, dropped=dropped)
