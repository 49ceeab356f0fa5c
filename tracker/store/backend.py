"""The tracker API: every operation written once, over the storage interface.

A storage subclass supplies the primitives of :class:`tracker.store.editing.WeekStore`
(which weeks exist, read a week, hold a week's exclusive lock, write a week with its
history events, read the history); its locked edit protocol is the one
read-modify-write. Everything a user calls is here, once, built on it: reading,
readiness, progress, updates, saves, claims, sync and multi-task plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from tracker.domain.events import HistoryEvent
from tracker.domain.guards import Request, check_target
from tracker.domain.models import ReadyTask, TaskProgress, TaskRecord, TaskStatus, WeekTracker
from tracker.domain.names import clean_names
from tracker.domain.progress import week_progress
from tracker.domain.ready import can_start, ready_in_week
from tracker.domain.statemachine import move
from tracker.domain.sync import SyncResult, fill_default_tasks, sync_changes, sync_items
from tracker.domain.tasks import TaskChange, TaskKey, changed_tasks, summarize, with_reason
from tracker.domain.tasktypes import get_task_config
from tracker.domain.transitions import parse_status
from tracker.domain.weeks import Week
from tracker.exceptions import (
    InvalidArgumentError,
    InvalidTaskTypeError,
    TrackerFileError,
    WeekNotFoundError,
)
from tracker.fileformat.reader import week_from_data
from tracker.store.editing import WeekStore

WeekPlan = Callable[[WeekTracker, datetime], list[TaskChange]]
"""A change to one week, run under its lock by :meth:`TrackerBackend.edit_tasks`."""

WeekTest = Callable[[WeekTracker, datetime], bool]
"""Whether a week is worth locking for a plan (see :meth:`TrackerBackend.edit_first`)."""


class TrackerBackend(WeekStore):
    """Every tracker operation. Subclasses provide storage only."""

    # -- reading ------------------------------------------------------------

    def refresh(self) -> None:
        """Bring reads up to date with where the weeks are kept: files and memory always are;
        a remote branch is fetched (:class:`tracker.git.pushstore.RemoteTrackerBackend`)."""
        return  # a hook: only some storages need it

    def week_letters(self) -> list[str]:
        """Letters of the weeks that have a tracker, A to Z."""
        return [week.letter for week in self._stored_weeks()]

    def weeks(self, only: str | Week | None = None) -> list[Week]:
        """``[only]`` when a week is named, else every week that has a tracker, A to Z."""
        return [Week.parse(only)] if only is not None else self._stored_weeks()

    def tracker_exists(self, week_letter: str | Week) -> bool:
        return Week.parse(week_letter) in self._stored_weeks()

    def _load(self, week: Week) -> WeekTracker | None:
        """The week as stored, missing default task records read as new (pending) ones."""
        tracker = self._checked(week, self._read(week))
        if tracker is not None:
            fill_default_tasks(tracker)
        return tracker

    def load_tracker(self, week_letter: str | Week) -> WeekTracker:
        """The week's tracker; :class:`WeekNotFoundError` if it has none.

        A default task record the file lacks loads as pending with its type's agent.
        """
        week = Week.parse(week_letter)
        tracker = self._load(week)
        if tracker is None:
            raise WeekNotFoundError(f"week {week} has no tracker")
        return tracker

    def peek_tracker(self, week_letter: str | Week) -> WeekTracker:
        """The week's tracker for a look that changes nothing, such as whether it has work
        before taking its lock. A storage may hand out the same object again while the
        stored week is unchanged, so callers must not change it (:meth:`load_tracker`
        gives a week of one's own)."""
        return self.load_tracker(week_letter)

    def worth_locking(self, week_letter: str | Week, look: WeekTest) -> bool:
        """Whether to take the week's lock for a plan: ``look(week, now)`` without the lock.

        A look that says no must be right for the week as stored: the caller
        skips it. A yes may be optimistic (the locked plan looks again), which a
        storage may answer without reading the week: see the YAML store's.
        """
        return look(self.peek_tracker(week_letter), self.clock())

    def iter_weeks(self) -> Iterator[WeekTracker]:
        """Every week with a tracker, A to Z."""
        for week in self._stored_weeks():
            tracker = self._load(week)
            if tracker is not None:
                yield tracker

    def read_history(self, week_letter: str | Week) -> list[HistoryEvent]:
        """The week's recorded events in time order (none when it has no history yet)."""
        return self._history(Week.parse(week_letter))

    def get_pending_items(self, week_letter: str | Week, task_type: str) -> list[str]:
        """Active items whose ``task_type`` task is pending and can start now (its
        dependencies are completed), in file order: each can be started as it is."""
        config = get_task_config(task_type)
        if config.is_week_level:
            raise InvalidTaskTypeError(f"{task_type!r} is a week-level task; items have none")
        tracker = self.load_tracker(week_letter)
        ready = ready_in_week(tracker, self.clock(), task_type)
        return [task.item_name for task in ready if task.item_name is not None]

    def can_start_task(
        self, week_letter: str | Week, item_name: str | None, task_type: str
    ) -> bool:
        """Whether the state machine would let the task start now."""
        tracker = self.load_tracker(week_letter)
        key = TaskKey(item_name, task_type)
        check_target(tracker, key)
        return can_start(tracker, key, self.clock())

    def get_progress(self, week_letter: str | Week, task_type: str | None = None) -> TaskProgress:
        """Counts by status for the week (or one task type); removed items excluded."""
        if task_type is not None:
            get_task_config(task_type)
        return week_progress(self.load_tracker(week_letter), task_type)

    def get_ready_tasks(
        self,
        week: str | Week | None = None,
        limit: int | None = None,
        task_type: str | None = None,
    ) -> list[ReadyTask]:
        """Pending tasks that can start now (of one type, if given), in week then file order."""
        if task_type is not None:
            get_task_config(task_type)
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
            raise InvalidArgumentError(f"limit must be a whole number, got {limit!r}")
        weeks = [self.load_tracker(week)] if week is not None else self.iter_weeks()
        now = self.clock()
        ready: list[ReadyTask] = []
        for tracker in weeks:
            for task in ready_in_week(tracker, now, task_type):
                if limit is not None and len(ready) >= limit:
                    return ready
                ready.append(task)
        return ready

    # -- changing -----------------------------------------------------------

    def update_task(
        self,
        week_letter: str | Week,
        item_name: str | None,
        task_type: str,
        status: TaskStatus | str,
        *,
        output_file: str | None = None,
        error_message: str | None = None,
        agent: str | None = None,
        cascade: bool = False,
        force: bool = False,
        reason: str | None = None,
    ) -> TaskRecord:
        """Move one task to ``status`` through the state machine, under the week's lock.

        Returns the task's record afterwards. Refused, with nothing written,
        when the state machine does not allow it (see
        :mod:`tracker.domain.transitions`); with ``cascade``, active dependents
        of an undone task are reset to pending instead of refusing.
        """
        week = Week.parse(week_letter)
        key = TaskKey(item_name, task_type)
        request = Request(
            parse_status(status), agent=agent, output_file=output_file,
            error_message=error_message, force=force, cascade=cascade, reason=reason,
        )  # fmt: skip
        with self._edit(week) as edit:
            assert edit.week is not None
            changes = move(edit.week, key, request, self.clock())
            if changes:
                edit.save(edit.week, changes)
            record = edit.week.tasks_of(key.item)[key.task_type]
        return record

    def save_tracker(
        self, week_letter: str | Week, tracker: WeekTracker, *, reason: str | None = None
    ) -> None:
        """Write ``tracker`` as the week's whole state (the documented backend interface).

        Like every write it holds the week's lock and ends in the one save path.
        ``tracker`` is validated as a file is (``metadata.week_letter`` is
        filled from the week when unset and must match it), missing default
        task records are added as pending, and every task record that differs
        from the stored one is recorded in the history, so history and file
        agree. Items are never deleted: one that is stored but missing from
        ``tracker`` is refused (mark it ``removed`` instead). ``tracker`` itself
        is not changed. The whole week is replaced, so a concurrent change to
        it is lost: to change single tasks, :meth:`update_task` is safe.
        """
        week = Week.parse(week_letter)
        data = tracker.model_dump(warnings=False)  # bad values are reported just below
        if data["metadata"].get("week_letter") is None:
            data["metadata"]["week_letter"] = week.letter
        new = week_from_data(data, f"week {week}")
        fill_default_tasks(new)
        with self._edit(week, create=True) as edit:
            lost = [name for name in edit.week.items if name not in new.items] if edit.week else []
            if lost:
                names = summarize([repr(name) for name in lost])
                raise TrackerFileError(
                    f"week {week}: items are never deleted, but {names} would be; "
                    "mark them removed instead (item.removed = True); nothing written"
                )
            edit.save(new, changed_tasks(edit.week, new, with_reason("save_tracker", reason)))

    def claim_next(
        self,
        week: str | Week | None = None,
        task_type: str | None = None,
        *,
        agent: str,
        lease: timedelta | None = None,
        reason: str | None = None,
    ) -> TaskChange | None:
        """Atomically take the first ready task for ``agent``: see
        :func:`tracker.agents.claims.claim_next`, which this calls."""
        from tracker.agents.claims import claim_next  # the agents wing builds on this class

        return claim_next(self, week, task_type, agent=agent, lease=lease, reason=reason)

    def sync_with_etl(
        self,
        week_letter: str | Week,
        names: Iterable[str],
        *,
        allow_mass_removal: bool = False,
        reason: str | None = None,
    ) -> SyncResult:
        """Make the week's items match ``names``; see :func:`tracker.domain.sync.sync_items`.

        Refused, with nothing written, for names that are not a list of clean
        names (:class:`InvalidNameError`) and for a sync that would mark most
        of the week's active items removed (:class:`MassRemovalError`) unless
        ``allow_mass_removal``. ``reason`` (why this sync) is recorded with each
        task record it changes.
        """
        week = Week.parse(week_letter)
        names = clean_names(names)  # before the lock: bad input touches nothing
        with self._edit(week, create=True) as edit:
            tracker, result = sync_items(
                edit.week, week.letter, names, self.clock(), allow_mass_removal=allow_mass_removal
            )
            if tracker != edit.week:
                edit.save(tracker, sync_changes(edit.week, tracker, result, reason))
        return result

    def edit_first(
        self, weeks: Iterable[Week], plan: WeekPlan, worth_trying: WeekTest
    ) -> list[TaskChange]:
        """Run ``plan`` on each week in turn, under its lock, until one changes something.

        ``worth_trying(week, now)`` is an unlocked look first (:meth:`worth_locking`),
        so callers do not queue on the lock of a week with nothing for them; the
        locked plan looks again. Its answer may only change when the week does, so
        a storage may remember it (by the ``worth_trying`` object) until then.
        Storages that can skip a week someone else holds override this.
        """
        for week in weeks:
            if self.worth_locking(week, worth_trying):
                changes = self.edit_tasks(week, plan)
                if changes:
                    return changes
        return []

    def edit_tasks(
        self, week_letter: str | Week, plan: WeekPlan, *, save_unchanged: bool = False
    ) -> list[TaskChange]:
        """Run ``plan(week, now)`` under the week's lock; save (and record) what it changed.

        The extension point for multi-task operations (claims, reclaims,
        retries, rollback): ``plan`` changes the week in place (through the
        state machine) and returns the changes; nothing is written when it
        raises, or returns none (unless ``save_unchanged``: for changes that
        are not state changes, like a lease).
        """
        with self._edit(Week.parse(week_letter)) as edit:
            assert edit.week is not None
            changes = plan(edit.week, self.clock())
            if changes or save_unchanged:
                edit.save(edit.week, changes)
        return changes
