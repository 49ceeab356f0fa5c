"""git's merge driver for tracker files: ``tracker merge-driver %O %A %B %P``.

git calls it with the common ancestor, our version (where the result goes)
and theirs. The week is merged task by task (:mod:`tracker.domain.threeway`);
a clean merge writes the canonical result and exits 0; a conflict writes both
records of each conflicting task between git's markers, lists the conflicts
one a line, and exits 1, so git stops the merge for a person to decide. A
version that is not a valid tracker file is merged as text by git's own
algorithm instead (the conflict, if any, marked as git marks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.models import WeekTracker
from tracker.domain.threeway import merge_weeks
from tracker.exceptions import TrackerFileError
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_week
from tracker.git.repo import merge_text
from tracker.store.safewrite import atomic_write


@dataclass
class DriverResult:
    """What the driver did: ``conflicts`` (one line each) empty means a clean merge."""

    conflicts: list[str] = field(default_factory=list)
    as_text: str | None = None
    """Why the files were merged as text, when they were."""


def _read(path: Path, name: str) -> WeekTracker | None:
    text = path.read_bytes()
    return parse_week(text, name) if text.strip() else None


def merge_files(base: Path, ours: Path, theirs: Path, name: str) -> DriverResult:
    """Merge ``theirs`` into ``ours`` (rewritten in place) against ``base``."""
    try:
        weeks = (_read(base, f"{name} (base)"), _read(ours, f"{name} (ours)"))
        theirs_week = _read(theirs, f"{name} (theirs)")
    except TrackerFileError as error:
        text, conflicted = merge_text(ours, base, theirs)
        atomic_write(ours, text)
        found = [f"{name}: merged as text: conflicting lines are marked"] if conflicted else []
        return DriverResult(found, as_text=str(error))
    base_week, ours_week = weeks
    if ours_week is None or theirs_week is None:
        text, conflicted = merge_text(ours, base, theirs)
        atomic_write(ours, text)
        reason = f"{name}: one side is empty"
        return DriverResult([f"{reason}: merged as text"] if conflicted else [], as_text=reason)
    merged = merge_weeks(base_week, ours_week, theirs_week)
    sides = {c.key: (c.ours, c.theirs) for c in merged.conflicts if c.key is not None}
    atomic_write(ours, dump_week(merged.week, conflicts=sides).encode("utf-8"))
    letter = merged.week.week_letter
    return DriverResult([f"{name}: {c.describe(letter)}" for c in merged.conflicts])
