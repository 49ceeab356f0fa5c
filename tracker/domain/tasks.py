"""Tasks of a week: the one key that names a task, the one walk over them, and changes.

Every module that names a task uses :class:`TaskKey` (and its one wording,
:meth:`TaskKey.describe`); every module that visits a week's tasks uses
:func:`iter_tasks`, saying whether removed items count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from tracker.domain.models import TaskRecord, WeekTracker

Loc = tuple[str | int, ...]
"""A path into a tracker file's data: ``('items', 'Argo', 'tasks', 'research', 'status')``."""


class TaskKey(NamedTuple):
    """A task of a week: an item's (``item`` set) or the week's own (``item`` None)."""

    item: str | None
    task_type: str

    def describe(self) -> str:
        """``research of 'Argo'`` or ``the week's blog_post``: the one wording of a task."""
        if self.item is None:
            return f"the week's {self.task_type}"
        return f"{self.task_type} of {self.item!r}"

    @property
    def loc(self) -> Loc:
        """Where the task's record stands in the file's data."""
        if self.item is None:
            return ("week_tasks", "tasks", self.task_type)
        return ("items", self.item, "tasks", self.task_type)


class TaskRef(NamedTuple):
    """A task and its record, as found in a week."""

    key: TaskKey
    record: TaskRecord


def iter_tasks(week: WeekTracker, *, removed: bool) -> Iterator[TaskRef]:
    """Every task record: the items' in file order (removed items' too when ``removed``),
    then the week's."""
    for name, item in week.items.items():
        if removed or not item.removed:
            for task_type, record in item.tasks.items():
                yield TaskRef(TaskKey(name, task_type), record)
    for task_type, record in week.week_tasks.tasks.items():
        yield TaskRef(TaskKey(None, task_type), record)


def find_record(week: WeekTracker, key: TaskKey) -> TaskRecord | None:
    """The week's record for ``key``; None when it has none or the item is not in the week."""
    if key.item is not None and key.item not in week.items:
        return None
    return week.tasks_of(key.item).get(key.task_type)


class TaskChange(NamedTuple):
    """One task's record before and after a change (``before`` is None for a new record)."""

    week_letter: str
    item_name: str | None
    task_type: str
    before: TaskRecord | None
    after: TaskRecord
    reason: str | None = None
    """Why, when it is not the agent's own report: a sync, reclaim, retry or rollback."""

    @property
    def key(self) -> TaskKey:
        return TaskKey(self.item_name, self.task_type)


def changed_tasks(
    before: WeekTracker | None, after: WeekTracker, reason: str | None = None
) -> list[TaskChange]:
    """Every task whose record in ``after`` differs from ``before`` (every task when None)."""
    letter = after.metadata.week_letter or ""
    return [
        TaskChange(letter, key.item, key.task_type, old, record, reason)
        for key, record in iter_tasks(after, removed=True)
        if (old := None if before is None else find_record(before, key)) != record
    ]


def with_reason(what: str | None, why: str | None) -> str | None:
    """An operation's own reason (``retry 1 of 3``) and the one a person gave, as one:
    ``retry 1 of 3; the API is back``."""
    return "; ".join(part for part in (what, why) if part) or None


def summarize(parts: Sequence[str], most: int = 3) -> str:
    """The first few ``parts`` joined by ``; ``, then how many more: one readable line."""
    shown = "; ".join(parts[:most])
    return shown if len(parts) <= most else f"{shown} (and {len(parts) - most} more)"
