"""Syncing a week's items with the ETL's list of names (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from tracker.domain.dependencies import unmet_dependencies
from tracker.domain.guards import Request
from tracker.domain.models import (
    ACTIVE_STATUSES,
    ItemTasks,
    TaskRecord,
    TaskStatus,
    WeekMetadata,
    WeekTasks,
    WeekTracker,
)
from tracker.domain.names import clean_name, clean_names
from tracker.domain.statemachine import move
from tracker.domain.tasks import TaskChange, TaskKey, with_reason
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES
from tracker.domain.transitions import initial_record
from tracker.exceptions import MassRemovalError

STALE_REASON = "sync: the items changed after it started; redo it"
"""Why a sync put a started or finished week task back to pending."""


class SyncResult(NamedTuple):
    """What a sync did. Nothing is written when ``changed`` is false."""

    week_letter: str
    created: bool
    added: list[str]
    removed: list[str]
    restored: list[str]
    reset: list[str]
    """Week tasks (the blog post) put back to pending: items joined (or all left) after
    they started, so they must be redone."""

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added or self.removed or self.restored)


def names_from_text(text: str) -> list[str]:
    """The names in a list with one name per line (blank lines skipped; whitespace and
    byte-order marks trimmed, as :func:`clean_name` does)."""
    return [clean_name(line) for line in text.splitlines() if line.strip().strip("\ufeff")]


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


MASS_REMOVAL = 2
"""A sync may not mark removed more than half of a week's active items, when that is at least
this many, unless allowed: one item leaving a one-item week is ordinary churn."""


def _check_removal(week: WeekTracker, removed: list[str], allow: bool) -> None:
    active = sum(1 for _ in week.active_items())
    if allow or 2 * len(removed) <= active or len(removed) < MASS_REMOVAL:
        return
    shown = ", ".join(repr(name) for name in removed[:3]) + (", ..." if len(removed) > 3 else "")
    raise MassRemovalError(
        f"syncing week {week.week_letter} would mark {len(removed)} of its {active} active items "
        f"removed ({shown}); nothing written. If the list is complete, sync again allowing it "
        "(--allow-mass-removal, allow_mass_removal=True)"
    )


def _unmet_week_tasks(week: WeekTracker) -> set[str]:
    return {t for t in week.week_tasks.tasks if unmet_dependencies(week, TaskKey(None, t))}


def _reset_stale_week_tasks(week: WeekTracker, broken_before: set[str], now: datetime) -> list[str]:
    """Put week tasks whose dependencies the sync broke back to pending (they must be redone).

    Tasks that were broken before (by hand) are left alone: the write is then refused,
    naming them, rather than mending them silently.
    """
    reset = []
    for task_type, record in list(week.week_tasks.tasks.items()):
        key = TaskKey(None, task_type)
        if (
            record.status in ACTIVE_STATUSES
            and task_type not in broken_before
            and unmet_dependencies(week, key)
        ):
            request = Request(TaskStatus.PENDING, force=True, cascade=True, reason=STALE_REASON)
            move(week, key, request, now)
            reset.append(task_type)
    return reset


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
    week: WeekTracker | None,
    letter: str,
    names: Iterable[str],
    now: datetime,
    *,
    allow_mass_removal: bool = False,
) -> tuple[WeekTracker, SyncResult]:
    """The week after syncing with ``names``, and what changed.

    New names are added with default tasks (at the end, in the given order);
    names no longer listed are marked ``removed`` (their history kept);
    returning names are restored. Names are cleaned (:func:`clean_name`), and a
    sync that would mark more than half of the active items removed (two or
    more) is refused (:class:`MassRemovalError`) unless ``allow_mass_removal``. A week task that
    is in progress or completed while the new items' work is not done goes
    back to pending (recorded as :data:`STALE_REASON`). The input week is not
    modified.
    """
    wanted = unique_names(clean_names(names))
    created = week is None
    result_week = new_week(letter, now) if week is None else week.model_copy(deep=True)
    items = result_week.items
    wanted_set = set(wanted)
    added = [name for name in wanted if name not in items]
    restored = [name for name in wanted if name in items and items[name].removed]
    removed = [name for name, item in items.items() if not item.removed and name not in wanted_set]
    _check_removal(result_week, removed, allow_mass_removal)
    broken_before = _unmet_week_tasks(result_week) if week is not None else set()
    for name in added:
        items[name] = new_item()
    for name in restored:
        items[name].removed = False
    for name in removed:
        items[name].removed = True
    reset = _reset_stale_week_tasks(result_week, broken_before, now)
    result = SyncResult(letter, created, added, removed, restored, reset)
    meta = result_week.metadata
    if result.changed or meta.etl_item_count != len(wanted):
        meta.etl_item_count = len(wanted)
        meta.last_synced = now
        meta.week_letter = letter
        if meta.created_at is None:
            meta.created_at = now
    return result_week, result


def sync_changes(
    before: WeekTracker | None, after: WeekTracker, result: SyncResult, why: str | None = None
) -> list[TaskChange]:
    """The task records a sync created, and the tasks of items it removed or restored."""
    changes: list[TaskChange] = []
    if before is None:
        changes += [
            TaskChange(after.week_letter, None, t, None, r, with_reason("sync: week created", why))
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
                TaskChange(after.week_letter, name, t, old.get(t), r, with_reason(reason, why))
                for t, r in after.items[name].tasks.items()
            ]
    if before is not None:
        changes += [
            TaskChange(
                after.week_letter,
                None,
                t,
                before.week_tasks.tasks.get(t),
                after.week_tasks.tasks[t],
                with_reason(STALE_REASON, why),
            )
            for t in result.reset
        ]
    return changes
