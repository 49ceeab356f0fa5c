"""Retries: a failed task under its type's ``max_retries`` goes back to pending.

The move is the state machine's ``failed -> pending``, which is where
``retry_count`` goes up and the limit is enforced; a task that has used its
retries stays failed and is reported as exhausted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial
from typing import NamedTuple

from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.tasks import TaskChange, iter_tasks, with_reason
from tracker.domain.tasktypes import TASK_TYPES, get_task_config
from tracker.domain.transitions import retries_left
from tracker.domain.weeks import Week
from tracker.store.backend import TrackerBackend


class FailedTask(NamedTuple):
    """A failed task and whether it may be retried."""

    week_letter: str
    item_name: str | None
    task_type: str
    retry_count: int
    max_retries: int
    error_message: str | None

    @property
    def exhausted(self) -> bool:
        """Whether the task has used all its retries."""
        return retries_left(self.retry_count, TASK_TYPES[self.task_type]) == 0


def failed_in_week(week: WeekTracker, task_type: str | None = None) -> Iterator[FailedTask]:
    """The week's failed tasks of active items (and the week), in file order."""
    for key, record in iter_tasks(week, removed=False):
        if record.status is TaskStatus.FAILED and task_type in (None, key.task_type):
            yield FailedTask(
                week.week_letter, key.item, key.task_type, record.retry_count,
                TASK_TYPES[key.task_type].max_retries, record.error_message,
            )  # fmt: skip


def retry_in_week(
    week: WeekTracker, now: datetime, *, task_type: str | None, why: str | None = None
) -> list[TaskChange]:
    """Put the week's retryable failed tasks back to pending, one retry used each."""
    changes: list[TaskChange] = []
    for key, record in list(iter_tasks(week, removed=False)):
        config = TASK_TYPES[key.task_type]
        if record.status is not TaskStatus.FAILED or task_type not in (None, key.task_type):
            continue
        if retries_left(record.retry_count, config) == 0:
            continue
        reason = with_reason(f"retry {record.retry_count + 1} of {config.max_retries}", why)
        changes += move(week, key, Request(TaskStatus.PENDING, reason=reason), now)
    return changes


def get_retryable_tasks(
    tracker: TrackerBackend, week: str | Week | None = None, task_type: str | None = None
) -> list[FailedTask]:
    """Failed tasks under their type's ``max_retries``."""
    return [t for t in get_failed_tasks(tracker, week, task_type) if not t.exhausted]


def get_failed_tasks(
    tracker: TrackerBackend, week: str | Week | None = None, task_type: str | None = None
) -> list[FailedTask]:
    """Every failed task (retryable or exhausted), in week then file order."""
    if task_type is not None:
        get_task_config(task_type)
    weeks = [tracker.load_tracker(week)] if week is not None else tracker.iter_weeks()
    return [t for w in weeks for t in failed_in_week(w, task_type)]


def retry_failed(
    tracker: TrackerBackend,
    week: str | Week | None = None,
    task_type: str | None = None,
    *,
    reason: str | None = None,
) -> list[TaskChange]:
    """Put every retryable failed task back to pending; exhausted ones stay failed."""
    if task_type is not None:
        get_task_config(task_type)
    plan = partial(retry_in_week, task_type=task_type, why=reason)
    return [c for w in tracker.weeks(week) for c in tracker.edit_tasks(w, plan)]
