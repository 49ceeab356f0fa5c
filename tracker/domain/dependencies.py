"""The dependency rule, written once for every backend, the state machine and the linter.

The invariant: a task is IN_PROGRESS or COMPLETED only while all its
dependencies are COMPLETED. A week-level task depends on its types on every
active item (fan-in); an item whose dependency is SKIPPED is left out of the
fan-in, and a week with no active items cannot start its week task.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.domain.models import ACTIVE_STATUSES, ItemTasks, TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, find_record, iter_tasks
from tracker.domain.tasktypes import TASK_TYPES, TaskTypeConfig, dependents_of


def record_status(record: TaskRecord | None) -> TaskStatus:
    """A task without a record is pending."""
    return TaskStatus.PENDING if record is None else record.status


def _item_unmet(item_name: str, item: ItemTasks, config: TaskTypeConfig) -> Iterator[str]:
    for dep in config.depends_on:
        status = record_status(item.tasks.get(dep))
        if status is not TaskStatus.COMPLETED:
            yield f"{dep} of {item_name!r} is {status.value}"


def _fan_in_unmet(week: WeekTracker, config: TaskTypeConfig) -> Iterator[str]:
    active = list(week.active_items())
    if not active:
        yield f"week {week.week_letter} has no active items"
        return
    for name, item in active:
        for dep in config.depends_on:
            status = record_status(item.tasks.get(dep))
            if status not in (TaskStatus.COMPLETED, TaskStatus.SKIPPED):
                yield f"{dep} of {name!r} is {status.value}"


def unmet_dependencies(week: WeekTracker, key: TaskKey) -> list[str]:
    """Why the task cannot be active now (one reason per dependency); empty if it can."""
    config = TASK_TYPES[key.task_type]
    if config.is_week_level:
        return list(_fan_in_unmet(week, config))
    assert key.item is not None
    return list(_item_unmet(key.item, week.items[key.item], config))


def _direct_dependents(week: WeekTracker, key: TaskKey) -> Iterator[TaskKey]:
    for dependent in dependents_of(key.task_type):
        if TASK_TYPES[dependent].is_week_level:
            if key.item is None or not week.items[key.item].removed:
                yield TaskKey(None, dependent)
        elif key.item is not None:
            yield TaskKey(key.item, dependent)


def broken_dependents(week: WeekTracker, key: TaskKey) -> list[TaskKey]:
    """Active tasks that directly depend on this one and whose dependencies are no longer met."""
    return [
        dependent
        for dependent in _direct_dependents(week, key)
        if record_status(find_record(week, dependent)) in ACTIVE_STATUSES
        and unmet_dependencies(week, dependent)
    ]


def violations(week: WeekTracker) -> Iterator[tuple[TaskKey, TaskRecord, list[str]]]:
    """Every active task (removed items' included) whose dependencies are not met, with the
    reasons: what the linter reports and what no write may leave behind."""
    for key, record in iter_tasks(week, removed=True):
        if record.status in ACTIVE_STATUSES:
            unmet = unmet_dependencies(week, key)
            if unmet:
                yield key, record, unmet
