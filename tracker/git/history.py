"""Changes to a tracker file found in its git history that the week's history lacks.

Hand edits (in a pull request, say) never reach the history. Comparing each
committed version of ``tracker.yaml`` with its parents' versions gives every
task change git saw; those with no matching recorded event were made by hand.
A merge is compared with each parent and only what matches none of them (a
change made in the merge itself) counts, so parallel branches never show up
as changes of the merge. Versions that are invalid or missing (a deleted
file) are skipped with a warning naming the commit; the next version starts
afresh as a baseline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from tracker.domain.events import HistoryEvent, comparable
from tracker.domain.models import TaskRecord, WeekTracker
from tracker.domain.tasks import TaskKey, find_record, iter_tasks
from tracker.exceptions import TrackerFileError
from tracker.fileformat.reader import parse_week
from tracker.git.repo import Commit, Repo


class GitChange(NamedTuple):
    """One task's change in a commit of a tracker file (``before``: its first parent's)."""

    commit: str
    author: str
    time: datetime
    key: TaskKey
    before: TaskRecord | None
    after: TaskRecord | None
    week: str
    """The week's letter, as the file names it."""


@dataclass
class GitHistory:
    """The task changes of a tracker file's git history, and versions that were skipped."""

    changes: list[GitChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _keys(week: WeekTracker) -> set[TaskKey]:
    return {key for key, _ in iter_tasks(week, removed=True)}


def _changes(commit: Commit, week: WeekTracker, parents: list[WeekTracker]) -> list[GitChange]:
    keys = _keys(week).union(*(_keys(p) for p in parents))
    found = []
    for key in sorted(keys, key=lambda k: (k.item or "", k.task_type)):
        after = find_record(week, key)
        befores = [find_record(parent, key) for parent in parents]
        if all(comparable(before) != comparable(after) for before in befores):
            found.append(
                GitChange(
                    commit.sha,
                    commit.author,
                    commit.time,
                    key,
                    befores[0],
                    after,
                    week.week_letter,
                )
            )
    return found


def git_history(path: Path, rev: str = "HEAD") -> GitHistory:
    """Every task change in the committed versions of ``path`` reachable from ``rev``.

    A version with no earlier version (the first, or the first after a gap) is
    a baseline, not a change.
    """
    repo = Repo(path.parent)
    name = repo.relative(path)
    commits = repo.commits_touching(name, rev)
    blobs = repo.read_blobs([f"{c.sha}:{name}" for c in commits])
    result = GitHistory()
    versions: dict[str, WeekTracker | None] = {}
    for commit, blob in zip(commits, blobs, strict=True):
        short = commit.sha[:12]
        week: WeekTracker | None = None
        if blob is None:
            result.warnings.append(f"{name} is missing at commit {short} (deleted); skipped")
        else:
            try:
                week = parse_week(blob, f"{name} at commit {short}")
            except TrackerFileError as error:
                result.warnings.append(f"skipped an invalid version: {error}")
        versions[commit.sha] = week
        parents = [v for p in commit.parents if (v := versions.get(p)) is not None]
        if week is not None and parents:
            result.changes += _changes(commit, week, parents)
    return result


def unrecorded(changes: Iterable[GitChange], events: Iterable[HistoryEvent]) -> list[GitChange]:
    """The changes no recorded event accounts for: made outside the tool."""
    recorded = {(e.key, _fingerprint(e.after)) for e in events}
    return [c for c in changes if (c.key, _fingerprint(c.after)) not in recorded]


def _fingerprint(record: TaskRecord | None) -> str | None:
    same = comparable(record)
    return None if same is None else same.model_dump_json()
