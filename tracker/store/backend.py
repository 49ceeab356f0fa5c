"""The tracker API: domain operations written once over a storage interface.

:class:`TrackerBackend` holds every rule (dependencies, transitions,
progress, sync). A storage subclass supplies four primitives: which weeks
exist, reading a week, and a locked read-modify-write (:meth:`_edit`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import NamedTuple

from tracker.domain.dependencies import (
    TaskRef,
    broken_dependents,
    describe,
    record_status,
    task_record,
    unmet_dependencies,
)
from tracker.domain.models import (
    ACTIVE_STATUSES,
    ReadyTask,
    TaskProgress,
    TaskRecord,
    TaskStatus,
    WeekTracker,
)
from tracker.domain.names import normalize_week_letter
from tracker.domain.progress import week_progress
from tracker.domain.statemachine import new_record, transition
from tracker.domain.sync import SyncResult, sync_items
from tracker.domain.tasktypes import TASK_TYPES, get_task_config
from tracker.domain.timeutil import Clock, utc_now
from tracker.exceptions import (
    DependencyNotMetError,
    DependentsActiveError,
    InvalidTaskTypeError,
    ItemNotFoundError,
    ItemRemovedError,
    WeekNotFoundError,
)


class TaskChange(NamedTuple):
    """One task's record before and after a change (``before`` is None for a new record)."""

    week_letter: str
    item_name: str | None
    task_type: str
    before: TaskRecord | None
    after: TaskRecord
    reason: str | None = None
    """Why, when it is not the agent's own report: a sync, reclaim, retry or rollback."""


class WeekEdit:
    """The state of one locked read-modify-write: the week read, and what to save."""

    def __init__(self, week: WeekTracker | None) -> None:
        self.week = week
        self.saved: WeekTracker | None = None
        self.changes: list[TaskChange] = []

    def save(self, week: WeekTracker, changes: Iterable[TaskChange] = ()) -> None:
        """Ask for ``week`` to be written when the edit ends (still under the lock)."""
        self.saved = week
        self.changes.extend(changes)


class TrackerBackend(ABC):
    """Every tracker operation. Subclasses provide storage only."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    # -- storage primitives -------------------------------------------------

    @abstractmethod
    def week_letters(self) -> list[str]:
        """Letters of the weeks that have a tracker, A to Z."""

    @abstractmethod
    def _read(self, letter: str) -> WeekTracker | None:
        """The week as stored, or None if it has no tracker. Never writes."""

    @abstractmethod
    def _edit(self, letter: str, *, create: bool = False) -> AbstractContextManager[WeekEdit]:
        """Hold the week's exclusive lock; read it; on exit write what was saved.

        Without ``create``, a missing week raises :class:`WeekNotFoundError`
        before anything is touched.
        """

    # -- reading ------------------------------------------------------------

    def tracker_exists(self, week_letter: str) -> bool:
        return normalize_week_letter(week_letter) in self.week_letters()

    def load_tracker(self, week_letter: str) -> WeekTracker:
        """The week's tracker; :class:`WeekNotFoundError` if it has none."""
        letter = normalize_week_letter(week_letter)
        week = self._read(letter)
        if week is None:
            raise WeekNotFoundError(f"week {letter} has no tracker")
        return week

    def iter_weeks(self) -> Iterator[WeekTracker]:
        """Every week with a tracker, A to Z."""
        for letter in self.week_letters():
            week = self._read(letter)
            if week is not None:
                yield week

    def get_pending_items(self, week_letter: str, task_type: str) -> list[str]:
        """Active items whose ``task_type`` task is pending, in file order."""
        config = get_task_config(task_type)
        if config.is_week_level:
            raise InvalidTaskTypeError(f"{task_type!r} is a week-level task; items have none")
        week = self.load_tracker(week_letter)
        return [
            name
            for name, item in week.active_items()
            if record_status(item.tasks.get(task_type)) is TaskStatus.PENDING
        ]

    def can_start_task(self, week_letter: str, item_name: str | None, task_type: str) -> bool:
        """Whether the task's dependencies are completed and its item is active."""
        week = self.load_tracker(week_letter)
        _check_target(week, item_name, task_type)
        if item_name is not None and week.items[item_name].removed:
            return False
        return not unmet_dependencies(week, item_name, task_type)

    def get_progress(self, week_letter: str, task_type: str | None = None) -> TaskProgress:
        """Counts by status for the week (or one task type); removed items excluded."""
        if task_type is not None:
            get_task_config(task_type)
        return week_progress(self.load_tracker(week_letter), task_type)

    def get_ready_tasks(self, week: str | None = None, limit: int | None = None) -> list[ReadyTask]:
        """Pending tasks whose dependencies are met, in week then file order."""
        weeks = [self.load_tracker(week)] if week is not None else self.iter_weeks()
        ready: list[ReadyTask] = []
        for tracker in weeks:
            for task in ready_in_week(tracker):
                if limit is not None and len(ready) >= limit:
                    return ready
                ready.append(task)
        return ready

    # -- changing -----------------------------------------------------------

    def update_task(
        self,
        week_letter: str,
        item_name: str | None,
        task_type: str,
        status: TaskStatus | str,
        *,
        output_file: str | None = None,
        error_message: str | None = None,
        agent: str | None = None,
        cascade: bool = False,
    ) -> TaskRecord:
        """Move one task to ``status`` under the week's lock and return its new record.

        Refused (nothing written) when a dependency is not completed for
        IN_PROGRESS/COMPLETED, when the item is removed, or when undoing a
        completed task would leave active dependents; with ``cascade`` those
        dependents are reset to pending instead.
        """
        letter = normalize_week_letter(week_letter)
        new_status = TaskStatus(status)
        with self._edit(letter) as edit:
            assert edit.week is not None
            week = edit.week
            _check_target(week, item_name, task_type)
            changes = apply_update(
                week, (item_name, task_type), new_status, now=self.clock(), cascade=cascade,
                agent=agent, output_file=output_file, error_message=error_message,
            )  # fmt: skip
            edit.save(week, changes)
            return changes[0].after

    def sync_with_etl(self, week_letter: str, names: Iterable[str]) -> SyncResult:
        """Make the week's items match ``names``; see :func:`tracker.domain.sync.sync_items`."""
        letter = normalize_week_letter(week_letter)
        with self._edit(letter, create=True) as edit:
            week, result = sync_items(edit.week, letter, names, self.clock())
            if week != edit.week:
                edit.save(week, _sync_changes(edit.week, week, result))
            return result

    def edit_tasks(
        self, week_letter: str, plan: WeekPlan, *, save_unchanged: bool = False
    ) -> list[TaskChange]:
        """Run ``plan(week, now)`` under the week's lock; save (and record) what it changed.

        The extension point for multi-task operations (claims, reclaims,
        retries, rollback): ``plan`` changes the week in place and returns the
        changes; nothing is written when it raises, or returns none (unless
        ``save_unchanged``: for changes that are not state changes, like a lease).
        """
        letter = normalize_week_letter(week_letter)
        with self._edit(letter) as edit:
            assert edit.week is not None
            changes = plan(edit.week, self.clock())
            if changes or save_unchanged:
                edit.save(edit.week, changes)
            return changes


WeekPlan = Callable[[WeekTracker, datetime], list[TaskChange]]
"""A change to one week, run under its lock by :meth:`TrackerBackend.edit_tasks`."""


def _sync_changes(
    before: WeekTracker | None, after: WeekTracker, result: SyncResult
) -> list[TaskChange]:
    """Task records a sync created, and the tasks of items it removed or restored."""
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


def _check_target(week: WeekTracker, item_name: str | None, task_type: str) -> None:
    config = get_task_config(task_type)
    if config.is_week_level and item_name is not None:
        raise InvalidTaskTypeError(f"{task_type!r} is a week-level task; give no item")
    if not config.is_week_level and item_name is None:
        raise InvalidTaskTypeError(f"{task_type!r} is an item-level task; give an item")
    if item_name is not None and item_name not in week.items:
        raise ItemNotFoundError(f"week {week.week_letter} has no item {item_name!r}")


def apply_update(
    week: WeekTracker,
    ref: TaskRef,
    status: TaskStatus,
    *,
    now: datetime,
    cascade: bool = False,
    **details: str | None,
) -> list[TaskChange]:
    """Change one task of ``week`` in place; the first change returned is that task's."""
    item_name, task_type = ref
    config = TASK_TYPES[task_type]
    if status in ACTIVE_STATUSES:
        if item_name is not None and week.items[item_name].removed:
            raise ItemRemovedError(f"item {item_name!r} of week {week.week_letter} is removed")
        unmet = unmet_dependencies(week, item_name, task_type)
        if unmet:
            raise DependencyNotMetError(
                f"cannot set {describe(ref)} to {status.value}: {_summary(unmet)}"
            )
    tasks = week.tasks_of(item_name)
    before = tasks.get(task_type)
    tasks[task_type] = transition(
        before or new_record(config), status, now=now, config=config,
        week_letter=week.week_letter, item_name=item_name, **details,
    )  # fmt: skip
    changes = [TaskChange(week.week_letter, item_name, task_type, before, tasks[task_type])]
    broken = broken_dependents(week, item_name, task_type)
    if broken and not cascade:
        tasks[task_type] = before  # type: ignore[assignment]  # restore; nothing is saved
        if before is None:
            del tasks[task_type]
        names = ", ".join(
            f"{describe(b)} ({record_status(task_record(week, b)).value})" for b in broken
        )
        raise DependentsActiveError(
            f"cannot set {describe(ref)} to {status.value}: {names} depend on it "
            "(reset them first, or cascade)"
        )
    for dependent in broken:
        changes += apply_update(week, dependent, TaskStatus.PENDING, now=now, cascade=True)
    return changes


def _summary(reasons: list[str], most: int = 3) -> str:
    """The first few reasons, then how many more: one readable line."""
    shown = "; ".join(reasons[:most])
    return shown if len(reasons) <= most else f"{shown}; and {len(reasons) - most} more"


def ready_in_week(week: WeekTracker) -> Iterator[ReadyTask]:
    """The week's ready tasks: item tasks in file and config order, then week tasks."""
    letter = week.week_letter
    for name, item in week.active_items():
        for task_type, config in TASK_TYPES.items():
            if config.is_week_level:
                continue
            record = item.tasks.get(task_type)
            if record_status(record) is TaskStatus.PENDING and not unmet_dependencies(
                week, name, task_type
            ):
                yield ReadyTask(letter, name, task_type, (record and record.agent) or config.agent)
    for task_type, config in TASK_TYPES.items():
        record = week.week_tasks.tasks.get(task_type)
        if (
            config.is_week_level
            and record_status(record) is TaskStatus.PENDING
            and not unmet_dependencies(week, None, task_type)
        ):
            yield ReadyTask(letter, None, task_type, (record and record.agent) or config.agent)
