"""What a write may go over, and where a refused file's problems stand.

The backend rewrites a week's whole file on every change. Over a file that
``tracker validate`` rejects, that rewrite would lose data silently: the
record a duplicate key shadows, an alias's meaning, a comment. So a write
goes only over a file that validates; the one problem a rewrite repairs
rather than loses is an unquoted time (``Y005``), which it quotes, as
``tracker fmt`` does. Refusals carry the same ``file:line:col`` lines as
``tracker validate`` and ``tracker lint``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tracker.checking.diagnostics import Diagnostic, Severity, format_text
from tracker.checking.lint.base import LintContext
from tracker.checking.lint.registry import RULES
from tracker.checking.lint.runner import lint_week
from tracker.checking.validate import validate_text
from tracker.domain.models import WeekTracker
from tracker.exceptions import TrackerFileError

REPAIRED_BY_REWRITE = frozenset({"Y005"})
"""Validation problems a canonical rewrite repairs without losing anything."""

NOT_WRITTEN = " (nothing written: the file must pass `tracker validate` first)"


def _lines(diagnostics: Sequence[Diagnostic], suffix: str = "") -> list[str]:
    return [format_text([d]) + suffix for d in diagnostics]


def parse_for_rewrite(text: bytes, path: Path) -> WeekTracker:
    """The week in ``text``, if a rewrite of it loses nothing; else :class:`TrackerFileError`
    with one line per problem, exactly as ``tracker validate`` prints them.

    Canonical text (what the tracker writes) is accepted without composing it:
    it has no duplicate keys, aliases, tags or comments by construction.
    """
    result = validate_text(text, str(path))
    blocking = [d for d in result.diagnostics if d.rule not in REPAIRED_BY_REWRITE]
    if blocking or result.week is None:
        raise TrackerFileError(*_lines(blocking, NOT_WRITTEN))
    return result.week


def locate(text: bytes, path: Path, rules: Sequence[str], now: datetime) -> list[str]:
    """The lint diagnostics of ``rules`` in ``text``, one line each (its validation errors
    instead, if it does not validate)."""
    result = validate_text(text, str(path))
    if result.week is None or result.positions is None:
        return _lines([d for d in result.diagnostics if d.severity is Severity.ERROR])
    ctx = LintContext(week=result.week, folder=path.parent.name, now=now, repo_root=Path("."))
    found = lint_week(ctx, result.positions, str(path), [RULES[rule] for rule in rules])
    return _lines(sorted(found))
