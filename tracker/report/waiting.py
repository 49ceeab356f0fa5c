"""Why a task stands where it does, in a few words, read off the state machine.

Nothing here restates a rule: a pending task is *ready* when the state
machine would let it start now (:func:`~tracker.domain.ready.start_blocker`
finds nothing in the way); otherwise the guard it names says why not,
and for unmet dependencies :func:`~tracker.domain.dependencies.unmet` says
which. A task is *waiting* when what it needs is still to come (pending or in
progress) and *blocked* when it will not come by itself (it failed or was
skipped, the item was removed, the week has no items): someone has to act.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.dependencies import Unmet, record_status, unmet
from tracker.domain.guards import Request, blocked
from tracker.domain.leases import held
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.ready import start_blocker
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.transitions import Guard
from tracker.report.display import NO_NOTE, Note, NoteKind, shown_time

_RETRY = Request(TaskStatus.PENDING)
_STUCK = frozenset({TaskStatus.FAILED, TaskStatus.SKIPPED})
"""Dependency statuses that do not move on by themselves."""
_READY = Note(NoteKind.READY, "ready to start")


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count:,} items"


def _dependency_note(week: WeekTracker, key: TaskKey) -> Note:
    missing: list[Unmet] = unmet(week, key)
    if any(u.item is None for u in missing):
        return Note(NoteKind.BLOCKED, "no active items")
    stuck = [u for u in missing if u.status in _STUCK]
    shown = stuck or missing
    types = ", ".join(dict.fromkeys(u.task_type for u in shown))
    if key.item is not None and stuck:  # an item's own dependencies
        return Note(NoteKind.BLOCKED, ", ".join(f"{u.task_type} {u.status.value}" for u in stuck))
    if key.item is not None:
        return Note(NoteKind.WAITING, f"waiting on {types}")
    if stuck:
        failed = ", ".join(dict.fromkeys(u.status.value for u in stuck))
        return Note(NoteKind.BLOCKED, f"{types} {failed} for {_items(len(stuck))}")
    return Note(NoteKind.WAITING, f"waiting on {types} of {_items(len(missing))}")


def _pending_note(week: WeekTracker, key: TaskKey, now: datetime) -> Note:
    found = start_blocker(week, key, now)
    if found is None:
        return _READY
    if found.guard is Guard.ITEM_ACTIVE:
        return Note(NoteKind.BLOCKED, "item removed")
    if found.guard is Guard.DEPENDENCIES:
        return _dependency_note(week, key)
    return Note(NoteKind.BLOCKED, str(found.error).split(": ", 1)[-1])


def _lease_note(record: TaskRecord, now: datetime) -> Note:
    until = record.lease_expires_at
    if until is None:
        return NO_NOTE
    shown = f"{shown_time(until)[0]} UTC"
    if held(record, now):
        return Note(NoteKind.HELD, f"held by {record.agent or 'an agent'} until {shown}")
    return Note(NoteKind.EXPIRED, f"lease of {record.agent or 'its agent'} expired {shown}")


def _failed_note(week: WeekTracker, key: TaskKey, record: TaskRecord, now: datetime) -> Note:
    most = TASK_TYPES[key.task_type].max_retries
    used = f"{record.retry_count} of {most} used"
    found = blocked(week, key, _RETRY, now)
    if found is not None and found.guard is Guard.RETRY_LEFT:
        return Note(NoteKind.EXHAUSTED, f"no retries left ({used})")
    return Note(NoteKind.RETRYABLE, f"can be retried ({used})")


def task_note(week: WeekTracker, key: TaskKey, record: TaskRecord | None, now: datetime) -> Note:
    """The note for one task of ``week`` as of ``now``; a pending task's says if it is ready."""
    status = record_status(record)
    if status is TaskStatus.PENDING:
        return _pending_note(week, key, now)
    if record is None:
        return NO_NOTE
    if status is TaskStatus.IN_PROGRESS:
        return _lease_note(record, now)
    if status is TaskStatus.FAILED:
        return _failed_note(week, key, record, now)
    return NO_NOTE
