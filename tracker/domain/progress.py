"""Progress counts (pure functions). Removed items are left out of every count."""

from __future__ import annotations

from collections import Counter

from tracker.domain.dependencies import record_status
from tracker.domain.models import TaskProgress, TaskStatus, WeekTracker
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES


def _progress(counts: Counter[TaskStatus]) -> TaskProgress:
    return TaskProgress(
        total=sum(counts.values()),
        completed=counts[TaskStatus.COMPLETED],
        pending=counts[TaskStatus.PENDING],
        in_progress=counts[TaskStatus.IN_PROGRESS],
        failed=counts[TaskStatus.FAILED],
        skipped=counts[TaskStatus.SKIPPED],
    )


def week_progress(week: WeekTracker, task_type: str | None = None) -> TaskProgress:
    """Counts for one task type, or for all (every active item's tasks plus the week's).

    A default task with no record counts as pending.
    """
    if task_type is not None:
        item_types: tuple[str, ...] = () if TASK_TYPES[task_type].is_week_level else (task_type,)
        week_types: tuple[str, ...] = (task_type,) if not item_types else ()
    else:
        item_types, week_types = DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS
    counts: Counter[TaskStatus] = Counter()
    for _, item in week.active_items():
        tasks = item.tasks
        for name in item_types:
            counts[record_status(tasks.get(name))] += 1
        if task_type is None:
            for name in tasks:
                if name not in item_types:  # a non-default type present in the file
                    counts[record_status(tasks[name])] += 1
    for name in week_types:
        counts[record_status(week.week_tasks.tasks.get(name))] += 1
    return _progress(counts)


def format_percent(value: float) -> str:
    """A percentage as every output prints it: one decimal, ``62.5``."""
    return f"{value:.1f}"
