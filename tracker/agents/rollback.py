"""Rollback: restore a week's task states as they were at an earlier point.

The point is a time or an event id. Replaying the history gives each task's
record at that point; the rollback is saved as ordinary changes, so it is
itself recorded (and can be rolled back). It is refused, with nothing
written, when the history does not cover the way back: the point is before
the history starts, or the tracker file holds changes the history lacks
(a hand edit), or the result would break a dependency.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.dependencies import violations
from tracker.domain.events import HistoryEvent, unrecorded_changes
from tracker.domain.models import WeekTracker
from tracker.domain.statemachine import restore
from tracker.domain.tasks import TaskChange, TaskKey, summarize, with_reason
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import format_time, parse_time
from tracker.domain.transitions import initial_record
from tracker.domain.weeks import Week
from tracker.exceptions import RollbackError
from tracker.store.backend import TrackerBackend


def split_at(events: list[HistoryEvent], target: str) -> tuple[int, str]:
    """How many events (in time order) lie at or before ``target``, and the point named.

    ``target`` is an event id (that event included) or an ISO 8601 time.
    """
    if not isinstance(target, str):
        raise RollbackError(f"roll back to an event id or an ISO 8601 time, not {target!r}")
    for index, event in enumerate(events):
        if event.event_id == target:
            return index + 1, f"event {target}"
    try:
        time = parse_time(target)
    except ValueError as error:
        raise RollbackError(
            f"{target!r} is neither an event id of this week nor a time ({error})"
        ) from None
    if not events or time < events[0].time:
        start = format_time(events[0].time) if events else "nowhere (no events yet)"
        raise RollbackError(f"the history does not cover {format_time(time)}: it starts at {start}")
    return sum(1 for e in events if e.time <= time), format_time(time)


def plan_rollback(
    week: WeekTracker, events: list[HistoryEvent], kept: int, reason: str
) -> list[TaskChange]:
    """Change ``week`` in place back to its state after the first ``kept`` events."""
    hand_edits = unrecorded_changes(week, events)
    if hand_edits:
        raise RollbackError(
            f"week {week.week_letter} has changes that are not in its history, so it cannot be "
            f"replayed: {summarize(hand_edits, most=1)}"
        )
    wanted: dict[TaskKey, HistoryEvent] = {}
    for event in events[:kept]:
        wanted[event.key] = event
    changes: list[TaskChange] = []
    undone = {e.key: e for e in reversed(events[kept:])}  # each task's first later event
    for key, first_later in undone.items():
        record = wanted[key].after if key in wanted else first_later.before
        # no record yet at that point means pending; keep a record so the event says so
        change = restore(week, key, record or initial_record(TASK_TYPES[key.task_type]), reason)
        if change is not None:
            changes.append(change)
    for key, record, unmet in violations(week):
        raise RollbackError(
            f"rolling back would leave {key.describe()} {record.status.value} "
            f"while {unmet[0]}; roll back to another point"
        )
    return changes


def rollback(
    tracker: TrackerBackend, week_letter: str | Week, target: str, *, reason: str | None = None
) -> list[TaskChange]:
    """Restore ``week_letter``'s tasks to ``target`` (a time or an event id); the changes made."""
    week = Week.parse(week_letter)

    def plan(tracker_week: WeekTracker, now: datetime) -> list[TaskChange]:
        events = tracker.read_history(week)  # under the lock: no event is missed
        kept, point = split_at(events, target)
        why = with_reason(f"rollback to {point}", reason)
        return plan_rollback(tracker_week, events, kept, why or point)

    return tracker.edit_tasks(week, plan)
