"""What an agent runner works on (a week, a task type, the series) and where it stands.

A :class:`Look` is one unlocked read of the scope's weeks: what is still
open (:func:`tracker.domain.outlook.open_tasks`), which weeks have leases to
reclaim or failures to retry, and when the next lease ends. The runner
decides from it whether to write at all, so idle runners do not queue on
locks (or fetch and push) for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.agents.retries import FailedTask, failed_in_week
from tracker.domain.leases import expired_leases, held
from tracker.domain.models import TaskStatus
from tracker.domain.outlook import open_tasks
from tracker.domain.tasks import TaskKey, iter_tasks
from tracker.domain.tasktypes import get_task_config
from tracker.domain.weeks import Week
from tracker.store.backend import TrackerBackend


@dataclass(frozen=True)
class Scope:
    """A week (None: every week) and a task type (None: every type)."""

    week: Week | None = None
    task_type: str | None = None

    def __post_init__(self) -> None:
        if self.task_type is not None:
            get_task_config(self.task_type)

    def __str__(self) -> str:
        where = f"week {self.week}" if self.week else "every week"
        return where + (f", {self.task_type} tasks" if self.task_type else "")

    def includes(self, key: TaskKey) -> bool:
        return self.task_type in (None, key.task_type)


@dataclass(frozen=True)
class Look:
    """The scope as read at one moment."""

    open: list[tuple[str, TaskKey]]
    """Tasks in scope that agents can still finish (week letter, task)."""
    in_progress: int
    """Of those, how many are in progress (held by someone, or with a lease run out)."""
    expired: list[Week]
    """Weeks of the scope with a lease to reclaim."""
    retryable: list[Week]
    """Weeks with a failed task in scope that has a retry left."""
    exhausted: list[FailedTask]
    """Failed tasks in scope with no retry left."""
    next_lease_end: datetime | None
    """When the first lease still running in the scope's weeks ends."""

    @property
    def done(self) -> bool:
        """Nothing in scope can be finished without a person (or new work) any more."""
        return not self.open


def look(tracker: TrackerBackend, scope: Scope, now: datetime) -> Look:
    """Read the scope's weeks once (unlocked) and sum up what a runner needs."""
    opened: list[tuple[str, TaskKey]] = []
    expired: list[Week] = []
    retryable: list[Week] = []
    exhausted: list[FailedTask] = []
    ends: list[datetime] = []
    in_progress = 0
    for week in tracker.weeks(scope.week):
        tracker_week = tracker.load_tracker(week)
        opened += [(week.letter, k) for k in open_tasks(tracker_week, now) if scope.includes(k)]
        if expired_leases(tracker_week, now):
            expired.append(week)
        failed = list(failed_in_week(tracker_week, scope.task_type))
        if any(not task.exhausted for task in failed):
            retryable.append(week)
        exhausted += [task for task in failed if task.exhausted]
        for key, record in iter_tasks(tracker_week, removed=False):
            if record.status is TaskStatus.IN_PROGRESS and scope.includes(key):
                in_progress += 1
            if held(record, now) and record.lease_expires_at is not None:
                ends.append(record.lease_expires_at)
    return Look(opened, in_progress, expired, retryable, exhausted, min(ends, default=None))
