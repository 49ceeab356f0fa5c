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

from tracker.domain.dependencies import describe, unmet_dependencies
from tracker.domain.models import ACTIVE_STATUSES, WeekTracker
from tracker.domain.statemachine import new_record
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import format_time, parse_time
from tracker.exceptions import RollbackError
from tracker.store.backend import TaskChange
from tracker.store.history import HistoryEvent, TaskKey, current_record, unrecorded_changes
from tracker.store.yamlstore import YAMLTrackerBackend


def split_at(events: list[HistoryEvent], target: str) -> tuple[int, str]:
    """How many events (in time order) lie at or before ``target``, and the point named.

    ``target`` is an event id (that event included) or an ISO 8601 time.
    """
    for index, event in enumerate(events):
        if event.event_id == target:
            return index + 1, f"event {target}"
    try:
        time = parse_time(target)
    except ValueError:
        raise RollbackError(f"{target!r} is neither an event id of this week nor a time") from None
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
        more = f" (and {len(hand_edits) - 1} more)" if len(hand_edits) > 1 else ""
        raise RollbackError(
            f"week {week.week_letter} has changes that are not in its history, so it cannot be "
            f"replayed: {hand_edits[0]}{more}"
        )
    wanted: dict[TaskKey, HistoryEvent] = {}
    for event in events[:kept]:
        wanted[event.key] = event
    changes: list[TaskChange] = []
    undone = {e.key: e for e in reversed(events[kept:])}  # each task's first later event
    for key, first_later in undone.items():
        item, task = key
        record = wanted[key].after if key in wanted else first_later.before
        # no record yet at that point means pending; keep a record so the event says so
        record = record or new_record(TASK_TYPES[task])
        before = current_record(week, key)
        if record == before:
            continue
        week.tasks_of(item)[task] = record
        changes.append(TaskChange(week.week_letter, item, task, before, record, reason))
    _check_dependencies(week)
    return changes


def _check_dependencies(week: WeekTracker) -> None:
    for name, kind, record in week.all_tasks():
        unmet = unmet_dependencies(week, name, kind) if record.status in ACTIVE_STATUSES else []
        if unmet:
            raise RollbackError(
                f"rolling back would leave {describe((name, kind))} {record.status.value} "
                f"while {unmet[0]}; roll back to another point"
            )


def rollback(tracker: YAMLTrackerBackend, week_letter: str, target: str) -> list[TaskChange]:
    """Restore ``week_letter``'s tasks to ``target`` (a time or an event id); the changes made."""

    def plan(week: WeekTracker, now: datetime) -> list[TaskChange]:
        events = tracker.read_history(week.week_letter)  # under the lock: no event is missed
        kept, point = split_at(events, target)
        return plan_rollback(week, events, kept, f"rollback to {point}")

    return tracker.edit_tasks(week_letter, plan)
