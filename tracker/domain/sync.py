"""Syncing a week's items with the ETL's list of names (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from tracker.domain.models import ItemTasks, TaskRecord, WeekMetadata, WeekTasks, WeekTracker
from tracker.domain.statemachine import initial_record
from tracker.domain.tasks import TaskChange
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES


class SyncResult(NamedTuple):
    """What a sync did. Nothing is written when ``changed`` is false."""

    week_letter: str
    created: bool
    added: list[str]
    removed: list[str]
    restored: list[str]

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added or self.removed or self.restored)


def names_from_text(text: str) -> list[str]:
    """The names in a list with one name per line (blank lines skipped, ends trimmed)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def unique_names(names: Iterable[str]) -> list[str]:
    """Names in order with exact duplicates dropped (case variants are distinct items)."""
    return list(dict.fromkeys(names))


def new_week(letter: str, now: datetime) -> WeekTracker:
    """An empty week with its default week-level tasks."""
    return WeekTracker(
        metadata=WeekMetadata(week_letter=letter, created_at=now),
        week_tasks=WeekTasks(tasks={t: initial_record(TASK_TYPES[t]) for t in DEFAULT_WEEK_TASKS}),
    )


def new_item() -> ItemTasks:
    """An item with its default item-level tasks, all pending."""
    return ItemTasks(tasks={t: initial_record(TASK_TYPES[t]) for t in DEFAULT_ITEM_TASKS})


def fill_default_tasks(week: WeekTracker) -> list[TaskChange]:
    """Give every item and the week the default task records they lack (changed in place).

    A missing default record reads as pending with the task type's agent, as
    a new item's would; the changes say which records were added.
    """
    changes: list[TaskChange] = []
    letter = week.metadata.week_letter or ""
    owners: list[tuple[str | None, dict[str, TaskRecord], tuple[str, ...]]] = [
        (name, item.tasks, DEFAULT_ITEM_TASKS) for name, item in week.items.items()
    ]
    owners.append((None, week.week_tasks.tasks, DEFAULT_WEEK_TASKS))
    for name, tasks, defaults in owners:
        for task_type in defaults:
            if task_type not in tasks:
                tasks[task_type] = record = initial_record(TASK_TYPES[task_type])
                changes.append(TaskChange(letter, name, task_type, None, record, "default task"))
    return changes


def sync_items(
    week: WeekTracker | None, letter: str, names: Iterable[str], now: datetime
) -> tuple[WeekTracker, SyncResult]:
    """The week after syncing with ``names``, and what changed.

    New names are added with default tasks (at the end, in the given order);
    names no longer listed are marked ``removed`` (their history kept);
    returning names are restored. The input week is not modified.
    """
    wanted = unique_names(names)
    created = week is None
    result_week = new_week(letter, now) if week is None else week.model_copy(deep=True)
    items = result_week.items
    wanted_set = set(wanted)
    added = [name for name in wanted if name not in items]
    restored = [name for name in wanted if name in items and items[name].removed]
    removed = [name for name, item in items.items() if not item.removed and name not in wanted_set]
    for name in added:
        items[name] = new_item()
    for name in restored:
        items[name].removed = False
    for name in removed:
        items[name].removed = True
    result = SyncResult(letter, created, added, removed, restored)
    meta = result_week.metadata
    if result.changed or meta.etl_item_count != len(wanted):
        meta.etl_item_count = len(wanted)
        meta.last_synced = now
        meta.week_letter = letter
        if meta.created_at is None:
            meta.created_at = now
    return result_week, result


def sync_changes(
    before: WeekTracker | None, after: WeekTracker, result: SyncResult
) -> list[TaskChange]:
    """The task records a sync created, and the tasks of items it removed or restored."""
    changes: list[TaskChange] = []
    if before is None:
        changes += [
            TaskChange(after.week_letter, None, t, None, r, "sync: week created")
            for t, r in after.week_tasks.tasks.items()
        ]
    for names, reason in (
        (result.added, "sync: item added"),
        (result.removed, "sync: item removed"),
        (result.restored, "sync: item restored"),
    ):
        for name in names:
            old = before.items[name].tasks if before and name in before.items else {}
            changes += [
                TaskChange(after.week_letter, name, t, old.get(t), r, reason)
                for t, r in after.items[name].tasks.items()
            ]
    return changes
