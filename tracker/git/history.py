"""Changes to a tracker file found in its git history that ``history.jsonl`` lacks.

Hand edits (in a pull request, say) never reach ``history.jsonl``. Comparing
each committed version of ``tracker.yaml`` with the one before gives every
task change git saw; those with no matching recorded event were made by hand.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from tracker.domain.events import HistoryEvent, comparable
from tracker.domain.models import TaskRecord, WeekTracker
from tracker.domain.tasks import TaskKey, find_record, iter_tasks
from tracker.domain.timeutil import parse_time
from tracker.exceptions import TrackerError
from tracker.fileformat.reader import parse_week


class GitChange(NamedTuple):
    """One task's change between two commits of a tracker file."""

    commit: str
    author: str
    time: datetime
    key: TaskKey
    before: TaskRecord | None
    after: TaskRecord | None
    week: str
    """The week's letter, as the file names it."""


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", "") or str(error)
        raise TrackerError(f"git {args[0]} in {folder} failed: {stderr.strip()}") from None
    return done.stdout


def _versions(path: Path) -> Iterator[tuple[str, str, datetime, WeekTracker]]:
    log = _git(path.parent, "log", "--reverse", "--format=%H%x09%an%x09%aI", "--", path.name)
    for line in log.splitlines():
        commit, author, time = line.split("\t")
        text = _git(path.parent, "show", f"{commit}:./{path.name}")
        yield commit, author, parse_time(time), parse_week(text, f"{path} at {commit[:12]}")


def _keys(week: WeekTracker) -> set[TaskKey]:
    return {key for key, _ in iter_tasks(week, removed=True)}


def git_changes(path: Path) -> list[GitChange]:
    """Every task change between successive committed versions of ``path``.

    The first version is the baseline (an import, say), not a change.
    """
    changes: list[GitChange] = []
    previous: WeekTracker | None = None
    for commit, author, time, week in _versions(path):
        if previous is None:
            previous = week
            continue
        for key in sorted(_keys(week) | _keys(previous), key=lambda k: (k.item or "", k.task_type)):
            before, after = find_record(previous, key), find_record(week, key)
            if comparable(before) != comparable(after):
                changes.append(
                    GitChange(commit, author, time, key, before, after, week.week_letter)
                )
        previous = week
    return changes


def unrecorded(changes: Iterable[GitChange], events: Iterable[HistoryEvent]) -> list[GitChange]:
    """The changes no recorded event accounts for: made outside the tool."""
    recorded = {(e.key, _fingerprint(e.after)) for e in events}
    return [c for c in changes if (c.key, _fingerprint(c.after)) not in recorded]


def _fingerprint(record: TaskRecord | None) -> str | None:
    same = comparable(record)
    return None if same is None else same.model_dump_json()
