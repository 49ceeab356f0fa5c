"""Dependency rules, written once for every backend.

The invariant: a task is IN_PROGRESS or COMPLETED only while all its
dependencies are COMPLETED. A week-level task depends on its types on every
active item (fan-in); an item whose dependency is SKIPPED is left out of the
fan-in, and a week with no active items cannot start its week task.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.domain.models import ACTIVE_STATUSES, ItemTasks, TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasktypes import TASK_TYPES, TaskTypeConfig, dependents_of

TaskRef = tuple[str | None, str]
"""``(item name or None for the week, task type)``."""


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


def unmet_dependencies(week: WeekTracker, item_name: str | None, task_type: str) -> list[str]:
    """Why ``task_type`` (of ``item_name``, or of the week) cannot run now; empty if it can."""
    config = TASK_TYPES[task_type]
    if config.is_week_level:
        return list(_fan_in_unmet(week, config))
    assert item_name is not None
    return list(_item_unmet(item_name, week.items[item_name], config))


def _direct_dependents(
    week: WeekTracker, item_name: str | None, task_type: str
) -> Iterator[TaskRef]:
    for dependent in dependents_of(task_type):
        if TASK_TYPES[dependent].is_week_level:
            if item_name is None or not week.items[item_name].removed:
                yield None, dependent
        elif item_name is not None:
            yield item_name, dependent


def task_record(week: WeekTracker, ref: TaskRef) -> TaskRecord | None:
    """The record of ``(item or None, task type)``; None when the task has none."""
    return week.tasks_of(ref[0]).get(ref[1])


def broken_dependents(week: WeekTracker, item_name: str | None, task_type: str) -> list[TaskRef]:
    """Active tasks that directly depend on this one and whose dependencies are no longer met."""
    broken: list[TaskRef] = []
    for ref in _direct_dependents(week, item_name, task_type):
        if record_status(task_record(week, ref)) in ACTIVE_STATUSES and unmet_dependencies(
            week, *ref
        ):
            broken.append(ref)
    return broken


def describe(ref: TaskRef) -> str:
    """``content of 'Argo'`` or ``the week's blog_post``."""
    item_name, task_type = ref
    return f"the week's {task_type}" if item_name is None else f"{task_type} of {item_name!r}"
