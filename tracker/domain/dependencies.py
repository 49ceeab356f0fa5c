"""The dependency rule, written once for every backend, the state machine and the linter.

The invariant: a task is IN_PROGRESS or COMPLETED only while all its
dependencies are COMPLETED. A week-level task depends on its types on every
active item (fan-in); an item whose dependency is SKIPPED is left out of the
fan-in, and a week with no active items cannot start its week task.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tracker.domain.models import ACTIVE_STATUSES, ItemTasks, TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, find_record, iter_tasks, summarize
from tracker.domain.tasktypes import TASK_TYPES, TaskTypeConfig, dependents_of


def record_status(record: TaskRecord | None) -> TaskStatus:
    """A task without a record is pending."""
    return TaskStatus.PENDING if record is None else record.status


class Unmet(NamedTuple):
    """One dependency a task waits for: ``task_type`` of ``item`` is ``status``, not done.

    ``item`` is None when a week task cannot start because the week has no active items.
    """

    item: str | None
    task_type: str
    status: TaskStatus

    def describe(self, week_letter: str) -> str:
        """``research of 'Argo' is pending``, or ``week A has no active items``."""
        if self.item is None:
            return f"week {week_letter} has no active items"
        return f"{self.task_type} of {self.item!r} is {self.status.value}"


def _item_unmet(item_name: str, item: ItemTasks, config: TaskTypeConfig) -> Iterator[Unmet]:
    for dep in config.depends_on:
        status = record_status(item.tasks.get(dep))
        if status is not TaskStatus.COMPLETED:
            yield Unmet(item_name, dep, status)


def _fan_in_unmet(week: WeekTracker, config: TaskTypeConfig) -> Iterator[Unmet]:
    active = list(week.active_items())
    if not active:
        yield Unmet(None, config.name, TaskStatus.PENDING)
        return
    for name, item in active:
        for dep in config.depends_on:
            status = record_status(item.tasks.get(dep))
            if status not in (TaskStatus.COMPLETED, TaskStatus.SKIPPED):
                yield Unmet(name, dep, status)


def unmet(week: WeekTracker, key: TaskKey) -> list[Unmet]:
    """The dependencies that keep the task from being active now; empty if none does."""
    config = TASK_TYPES[key.task_type]
    if config.is_week_level:
        return list(_fan_in_unmet(week, config))
    assert key.item is not None
    return list(_item_unmet(key.item, week.items[key.item], config))


def unmet_dependencies(week: WeekTracker, key: TaskKey) -> list[str]:
    """Why the task cannot be active now (one reason per dependency); empty if it can."""
    return [u.describe(week.week_letter) for u in unmet(week, key)]


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


Violation = tuple[TaskKey, TaskRecord, list[str]]
"""A task that breaks the dependency rule, its record, and why."""


def describe_violation(violation: Violation) -> str:
    """``content of 'Argo' is completed but research of 'Argo' is pending``."""
    key, record, unmet = violation
    return f"{key.describe()} is {record.status.value} but {summarize(unmet)}"


def violations(week: WeekTracker) -> Iterator[Violation]:
    """Every active task (removed items' included) whose dependencies are not met, with the
    reasons: what the linter reports and what no write may leave behind."""
    for key, record in iter_tasks(week, removed=True):
        if record.status in ACTIVE_STATUSES:
            unmet = unmet_dependencies(week, key)
            if unmet:
                yield key, record, unmet
