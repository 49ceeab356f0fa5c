"""Ready tasks: pending tasks the state machine would let start now."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tracker.domain.dependencies import record_status
from tracker.domain.guards import Blocked, Request, blocked
from tracker.domain.models import ReadyTask, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import TASK_TYPES

_START = Request(TaskStatus.IN_PROGRESS)


def start_blocker(week: WeekTracker, key: TaskKey, now: datetime) -> Blocked | None:
    """What keeps the task from moving to in progress now; None when it may start."""
    return blocked(week, key, _START, now)


def can_start(week: WeekTracker, key: TaskKey, now: datetime) -> bool:
    """Whether the state machine would let the task move to in progress now."""
    return start_blocker(week, key, now) is None


def ready_in_week(
    week: WeekTracker, now: datetime, task_type: str | None = None
) -> Iterator[ReadyTask]:
    """The week's pending tasks that can start: items' in file and type order, then the week's."""
    letter = week.week_letter
    item_types = [n for n, c in TASK_TYPES.items() if not c.is_week_level]
    week_types = [n for n, c in TASK_TYPES.items() if c.is_week_level]
    keys = [TaskKey(name, t) for name, _ in week.active_items() for t in item_types]
    keys += [TaskKey(None, t) for t in week_types]
    for key in keys:
        if task_type is not None and key.task_type != task_type:
            continue
        record = week.tasks_of(key.item).get(key.task_type)
        if record_status(record) is TaskStatus.PENDING and can_start(week, key, now):
            agent = (record and record.agent) or TASK_TYPES[key.task_type].agent
            yield ReadyTask(letter, key.item, key.task_type, agent)
