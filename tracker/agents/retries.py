"""Retries: a failed task under its type's ``max_retries`` goes back to pending.

Retrying adds one to ``retry_count`` (which survives every transition); a
task that has used its retries stays failed and is reported as exhausted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial
from typing import NamedTuple

from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.names import normalize_week_letter
from tracker.domain.tasktypes import TASK_TYPES, get_task_config
from tracker.store.backend import TaskChange, TrackerBackend, apply_update


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
        return self.retry_count >= self.max_retries


def failed_in_week(week: WeekTracker, task_type: str | None = None) -> Iterator[FailedTask]:
    """The week's failed tasks of active items (and the week), in file order."""
    for name, kind, record in week.all_tasks():
        if record.status is TaskStatus.FAILED and task_type in (None, kind):
            yield FailedTask(
                week.week_letter, name, kind, record.retry_count,
                TASK_TYPES[kind].max_retries, record.error_message,
            )  # fmt: skip


def retry_in_week(week: WeekTracker, now: datetime, *, task_type: str | None) -> list[TaskChange]:
    """Put the week's retryable failed tasks back to pending, one retry used each."""
    changes: list[TaskChange] = []
    for task in failed_in_week(week, task_type):
        if task.exhausted:
            continue
        ref = (task.item_name, task.task_type)
        change = apply_update(week, ref, TaskStatus.PENDING, now=now)[0]
        retried = change.after.model_copy(update={"retry_count": task.retry_count + 1})
        week.tasks_of(task.item_name)[task.task_type] = retried
        reason = f"retry {retried.retry_count} of {task.max_retries}"
        changes.append(change._replace(after=retried, reason=reason))
    return changes


def get_retryable_tasks(
    tracker: TrackerBackend, week: str | None = None, task_type: str | None = None
) -> list[FailedTask]:
    """Failed tasks under their type's ``max_retries``."""
    return [t for t in get_failed_tasks(tracker, week, task_type) if not t.exhausted]


def get_failed_tasks(
    tracker: TrackerBackend, week: str | None = None, task_type: str | None = None
) -> list[FailedTask]:
    """Every failed task (retryable or exhausted), in week then file order."""
    if task_type is not None:
        get_task_config(task_type)
    weeks = [tracker.load_tracker(week)] if week is not None else tracker.iter_weeks()
    return [t for w in weeks for t in failed_in_week(w, task_type)]


def retry_failed(
    tracker: TrackerBackend, week: str | None = None, task_type: str | None = None
) -> list[TaskChange]:
    """Put every retryable failed task back to pending; exhausted ones stay failed."""
    if task_type is not None:
        get_task_config(task_type)
    letters = [normalize_week_letter(week)] if week is not None else tracker.week_letters()
    plan = partial(retry_in_week, task_type=task_type)
    return [c for letter in letters for c in tracker.edit_tasks(letter, plan)]
