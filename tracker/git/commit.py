"""``tracker commit``: commit tracker state safely while agents keep working.

pre-commit stashes unstaged changes while its hooks run and puts the
committed files back meanwhile; agents writing then lose work. So the commit
holds every week's lock while it stages and commits the data folder (and the
output files of tasks completed since the last commit): no tracker file is
unstaged while hooks run, and writers wait instead of racing. The hooks git
runs are told the locks are held (their ``tracker fmt`` would wait forever).
"""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.models import TaskStatus
from tracker.git.diff import WeekDiff, diff
from tracker.git.repo import GitError, Repo
from tracker.store.localfiles import LOCAL_SUFFIXES
from tracker.store.safewrite import LOCKS_HELD_ENV
from tracker.store.yamlstore import YAMLTrackerBackend

VERBS = {
    TaskStatus.COMPLETED: "completed",
    TaskStatus.FAILED: "failed",
    TaskStatus.IN_PROGRESS: "started",
    TaskStatus.SKIPPED: "skipped",
    TaskStatus.PENDING: "reset",
}


LOCAL_FILES = tuple(f":(exclude,glob)**/*{suffix}" for suffix in LOCAL_SUFFIXES)
"""Never committed, whatever the repository's .gitignore says: locks, journals, temporary files."""


@dataclass
class Committed:
    """What ``tracker commit`` did: the commit (None when nothing changed) and its files."""

    sha: str | None
    message: str
    outputs: list[str] = field(default_factory=list)


def summary(diffs: list[WeekDiff]) -> str:
    """``tracker: week K: 5 completed, 1 failed``: the transitions, by week and outcome."""
    parts = []
    for week in diffs:
        counts: Counter[str] = Counter()
        for change in week.review.transitions:
            before = change.before.status if change.before else None
            if change.after is not None and change.after.status is not before:
                counts[VERBS[change.after.status]] += 1
        if week.review.added:
            counts["added"] += len(week.review.added)
        if week.review.removed:
            counts["removed"] += len(week.review.removed)
        if counts:
            said = ", ".join(f"{n} {verb}" for verb, n in counts.most_common())
            parts.append(f"week {week.review.week_letter}: {said}")
    return "tracker: " + ("; ".join(parts) if parts else "tracker files")


def _completed_outputs(diffs: list[WeekDiff], root: Path) -> list[str]:
    """Output files, present on disk, of tasks that became completed since the last commit."""
    found = {
        change.after.output_file
        for week in diffs
        for change in week.review.transitions
        if change.after is not None
        and change.after.status is TaskStatus.COMPLETED
        and change.after.output_file
        and (change.before is None or change.before.status is not TaskStatus.COMPLETED)
    }
    return sorted(name for name in found if name and (root / name).is_file())


def commit(tracker: YAMLTrackerBackend, message: str | None = None) -> Committed:
    """Stage and commit the data folder (and new outputs) under every week's lock."""
    project = tracker.project
    repo = Repo(project.root)
    root = repo.toplevel()
    data = repo.relative(project.data_dir)
    with ExitStack() as locks:
        for week in tracker.weeks():
            locks.enter_context(tracker.hold_lock(week))
        has_head = bool(repo.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip())
        diffs = diff(project, "HEAD") if has_head else []
        outputs = _completed_outputs(diffs, root)
        repo.run("add", "--all", "--", data, *outputs, *LOCAL_FILES)
        if not repo.run("diff", "--cached", "--name-only", check=True).strip():
            return Committed(None, "nothing to commit")
        text = message or summary(diffs)
        env = {LOCKS_HELD_ENV: str(project.data_dir.resolve())}
        done = repo.run_with_env(env, "commit", "-q", "-m", text)
        if done.returncode != 0:
            said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
            raise GitError(f"git commit failed (the hooks refused it?):\n{said}")
        return Committed(repo.resolve("HEAD"), text, outputs)
