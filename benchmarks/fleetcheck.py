"""What a fleet run must leave behind, checked from a git branch (or a work tree).

- every task of an active item, and every week task, completed exactly once
  (from the history: one ``-> completed`` event each), and completed now;
- no overlapping claims: a claim never takes a task another agent is still
  in progress on, and every completion is by the agent whose claim it ends;
- no manual conflicts: no merge commits, no conflict markers;
- ``tracker check`` clean (no errors) on every commit of the branch;
- no blog post in progress or completed while an item's content is not done,
  in any commit of the branch (every state the branch went through; events
  of different clones' fragments cannot tell the order within a second).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tracker.checking.diagnostics import Severity
from tracker.checking.lint.registry import RULES
from tracker.checking.pipeline import CheckOptions, check_file, history_diagnostics
from tracker.domain.dependencies import describe_violation, violations
from tracker.domain.events import HistoryEvent
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, iter_tasks
from tracker.fileformat.reader import parse_week
from tracker.git.repo import Repo
from tracker.store.history import merge_histories, parse_events

DATA = "data/weeks"


@dataclass
class Audit:
    """What was found wrong (empty lists and zeros when the run was right)."""

    tasks: int = 0
    duplicates: list[str] = field(default_factory=list)
    not_completed: list[str] = field(default_factory=list)
    overlapping: list[str] = field(default_factory=list)
    merges: int = 0
    conflict_markers: int = 0
    check_errors: list[str] = field(default_factory=list)
    commits_checked: int = 0
    blog_too_early: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        found = (self.duplicates, self.not_completed, self.overlapping, self.check_errors,
                 self.blog_too_early, self.merges, self.conflict_markers)  # fmt: skip
        return not any(found)


def audit_week(week: WeekTracker, events: list[HistoryEvent], audit: Audit) -> None:
    """Exactly once, no overlaps, the blog post last: one week's file and its history."""
    completions = Counter(e.key for e in events if e.to_status is TaskStatus.COMPLETED)
    for key, record in iter_tasks(week, removed=False):
        name = f"week {week.week_letter}: {key.describe()}"
        audit.tasks += 1
        if completions[key] > 1:
            audit.duplicates.append(f"{name} completed {completions[key]} times")
        if record.status is not TaskStatus.COMPLETED or completions[key] == 0:
            audit.not_completed.append(f"{name} is {record.status.value}")
    holder: dict[TaskKey, str | None] = {}
    for event in events:  # each task's events are in order (across fragments too)
        name = f"week {event.week}: {event.describe()}"
        if event.to_status is TaskStatus.IN_PROGRESS:
            if event.from_status is TaskStatus.IN_PROGRESS and holder.get(event.key) != event.agent:
                audit.overlapping.append(f"{name}: {event.agent} took it from {holder[event.key]}")
            holder[event.key] = event.agent
        elif event.from_status is TaskStatus.IN_PROGRESS:
            if event.to_status is TaskStatus.COMPLETED and holder.get(event.key) != event.agent:
                audit.overlapping.append(
                    f"{name}: completed by {event.agent}, claimed by {holder.get(event.key)}"
                )
            holder[event.key] = None
    audit_fan_in(week, f"week {week.week_letter}", audit)


def audit_fan_in(week: WeekTracker, where: str, audit: Audit) -> None:
    """A week task (the blog post) started or completed before all the content it needs."""
    for key, record, unmet in violations(week):
        if key.item is None:
            audit.blog_too_early.append(f"{where}: {describe_violation((key, record, unmet))}")


def audit_branch(repo: Repo, branch: str, scratch: Path) -> Audit:
    """Audit ``branch`` of ``repo``: its tip, and ``tracker check`` on each of its commits."""
    audit = Audit(merges=len(repo.text("rev-list", "--merges", branch).split()))
    for folder in _week_folders(repo, branch):
        tracker = repo.show(branch, f"{DATA}/{folder}/tracker.yaml") or b""
        audit.conflict_markers += tracker.count(b"\n<<<<<<< ")
        names = [p for p in repo.list_files(branch, f"{DATA}/{folder}") if p.endswith(".jsonl")]
        events, _ = merge_histories((n, parse_events(repo.show(branch, n) or b"")) for n in names)
        audit_week(parse_week(tracker, folder), events, audit)
    _check_every_commit(repo, branch, scratch, audit)
    return audit


def audit_files(data_dir: Path) -> Audit:
    """Audit a work tree's data folder (a run that never pushed)."""
    from tracker.store.yamlstore import YAMLTrackerBackend

    tracker = YAMLTrackerBackend(data_dir)
    audit = Audit()
    for week in tracker.weeks():
        audit_week(tracker.load_tracker(week), tracker.read_history(week), audit)
    return audit


def _week_folders(repo: Repo, rev: str) -> list[str]:
    paths = repo.list_files(rev, DATA)
    return sorted({p.split("/")[2] for p in paths if p.endswith("/tracker.yaml")})


def _check_every_commit(repo: Repo, branch: str, scratch: Path, audit: Audit) -> None:
    """``tracker check``'s validation, lint rules and history check on each file version of
    every commit (each distinct version once)."""
    options = CheckOptions(now=datetime.now(UTC), repo_root=scratch, rules=list(RULES.values()))
    checked: set[str] = set()
    commits = repo.text("rev-list", branch).split()
    audit.commits_checked = len(commits)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        for commit in commits:
            listing = repo.text("ls-tree", "-r", commit, "--", DATA).splitlines()
            for info, path in (line.split("\t", 1) for line in listing):
                blob = info.split()[2]
                if blob in checked or not path.endswith((".yaml", ".jsonl")):
                    continue
                checked.add(blob)
                audit.check_errors += _errors(
                    repo, blob, path, Path(folder), options, commit, audit
                )


def _errors(
    repo: Repo, blob: str, path: str, folder: Path, options: CheckOptions, commit: str,
    audit: Audit,
) -> Iterable[str]:  # fmt: skip
    copy = folder / blob / Path(path).relative_to(DATA)
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(next(repo.read_blobs([blob])) or b"")
    if path.endswith(".jsonl"):
        found = history_diagnostics(copy, options.limits)
    else:
        found = check_file(copy, options)
        audit_fan_in(parse_week(copy.read_bytes(), copy), f"{commit[:12]}:{path}", audit)
    return [f"{commit[:12]}:{path}: {d.message}" for d in found if d.severity is Severity.ERROR]
