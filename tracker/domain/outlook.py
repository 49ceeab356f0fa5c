"""What agents can still finish in a week without a person stepping in.

An agent runner stops when nothing in its scope can still be done; until
then it waits, because work that is not ready now may become ready (a
dependency is in progress elsewhere, a failed task has retries left). The
answer is read off the state machine, never restated: starting from the week
as it is, every task that can still finish by itself is supposed finished,
again and again, until nothing more can; what was supposed finished is open.

- In progress: open (its agent finishes it, fails it, or its lease expires).
- Failed with a retry left, or pending: open once the state machine would
  let it start given what is supposed finished (its item is active, its
  dependencies done).
- Completed, skipped, failed with no retry left, or blocked by one of those:
  settled; someone has to act.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tracker.domain.guards import Request, blocked
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, iter_tasks
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.transitions import retries_left

_START_ANYWAY = Request(TaskStatus.IN_PROGRESS, force=True)
"""A start that ignores leases and the retry limit: only the item and dependencies count."""


def _may_finish(week: WeekTracker, key: TaskKey, record: TaskRecord, now: datetime) -> bool:
    status = record.status
    if status is TaskStatus.IN_PROGRESS:
        return True
    if status is TaskStatus.FAILED and not retries_left(
        record.retry_count, TASK_TYPES[key.task_type]
    ):
        return False
    if status in (TaskStatus.COMPLETED, TaskStatus.SKIPPED):
        return False
    return blocked(week, key, _START_ANYWAY, now) is None


def open_tasks(week: WeekTracker, now: datetime) -> list[TaskKey]:
    """Tasks of active items (and the week's) that agents can still finish, in the order
    they become possible; the week is not changed."""
    supposed = week.model_copy(deep=True)
    found: list[TaskKey] = []
    while news := list(_newly_possible(supposed, now)):
        for key, record in news:
            supposed.tasks_of(key.item)[key.task_type] = record.model_copy(
                update={"status": TaskStatus.COMPLETED}
            )
            found.append(key)
    return found


def _newly_possible(week: WeekTracker, now: datetime) -> Iterator[tuple[TaskKey, TaskRecord]]:
    for key, record in iter_tasks(week, removed=False):
        if record.status is not TaskStatus.COMPLETED and _may_finish(week, key, record, now):
            yield key, record
