"""History events: the record of one task's change, and what a list of them tells.

Events are written by the store (:mod:`tracker.store.history`); here they are
only values: built from the state machine's changes, filtered, and compared
with a week to find changes made outside the tracker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskChange, TaskKey, find_record
from tracker.domain.timeutil import format_time
from tracker.domain.utctime import UtcTime
from tracker.domain.weeks import Week


class HistoryEvent(BaseModel):
    """One task's change of state, as recorded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(description="Unique id (a UUID4 hex).")
    time: UtcTime = Field(description="When the change was saved (UTC).")
    week: str = Field(description="The week's letter.")
    item: str | None = Field(None, description="The item, or null for a week-level task.")
    task: str = Field(description="The task type.")
    from_status: TaskStatus | None = Field(None, description="Status before; null if new.")
    to_status: TaskStatus = Field(description="Status after.")
    agent: str | None = Field(None, description="The task's agent after the change.")
    retry_count: int = Field(0, description="The task's retry count after the change.")
    output_file: str | None = Field(None, description="The task's output after the change.")
    error: str | None = Field(None, description="The task's error message after the change.")
    reason: str | None = Field(None, description="Why, when not the agent's own report.")
    before: TaskRecord | None = Field(None, description="The whole record before.")
    after: TaskRecord = Field(description="The whole record after.")

    @property
    def key(self) -> TaskKey:
        return TaskKey(self.item, self.task)

    def describe(self) -> str:
        """``research of 'Argo'`` or ``the week's blog_post``."""
        return self.key.describe()


EventIds = Callable[[], str]
"""Makes each new event's id."""


def new_event_id() -> str:
    """A random UUID4 in hex: ids stay unique across clones and branches."""
    return uuid.uuid4().hex


def events_for(
    changes: Iterable[TaskChange], time: datetime, week: Week, ids: EventIds = new_event_id
) -> list[HistoryEvent]:
    """The events recording ``changes`` to ``week``, all at ``time``, with ids from ``ids``."""
    return [_event(change, time, week, ids()) for change in changes]


def _event(change: TaskChange, time: datetime, week: Week, event_id: str) -> HistoryEvent:
    before, after = change.before, change.after
    return HistoryEvent(
        event_id=event_id, time=time, week=week.letter, item=change.item_name,
        task=change.task_type, from_status=before.status if before else None,
        to_status=after.status, agent=after.agent, retry_count=after.retry_count,
        output_file=after.output_file, error=after.error_message, reason=change.reason,
        before=before, after=after,
    )  # fmt: skip


def causal_order(events: Iterable[HistoryEvent]) -> list[HistoryEvent]:
    """Events in time order, and each task's events in the order they happened.

    Times have one-second resolution and fragments written on different
    branches interleave, so equal times do not say which came first. A task's
    events form a chain (each one's ``before`` is the record its predecessor
    left), which orders them where their times tie.
    """
    by_time = sorted(events, key=lambda e: e.time)
    slots: dict[TaskKey, list[int]] = {}
    for index, event in enumerate(by_time):
        slots.setdefault(event.key, []).append(index)
    result = list(by_time)
    for indexes in slots.values():
        group = [by_time[i] for i in indexes]
        if len({e.time for e in group}) < len(group):
            for index, event in zip(indexes, _chained(group), strict=True):
                result[index] = event
    return result


def _chained(group: list[HistoryEvent]) -> list[HistoryEvent]:
    """One task's events (in time order) with ties ordered along the before/after chain."""
    done: list[HistoryEvent] = []
    left = list(group)
    while left:
        ties = [e for e in left if e.time == left[0].time]
        if done:
            previous = comparable(done[-1].after)
            follows = [e for e in ties if comparable(e.before) == previous]
        else:
            afters = [comparable(e.after) for e in ties]
            follows = [e for e in ties if afters.count(comparable(e.before)) == 0]
        pick = (follows or ties)[0]
        done.append(pick)
        left.remove(pick)
    return done


CREATION_REASONS = ("sync: week created", "sync: item added")
"""Reasons of the events that only create a task's first record: no one's why."""


def last_reasons(events: Iterable[HistoryEvent]) -> dict[tuple[str, TaskKey], str]:
    """Each task's latest reason, by (week, task), for tasks whose last event has one
    (the events that only created the record are left out)."""
    found: dict[tuple[str, TaskKey], str] = {}
    for event in causal_order(events):
        where = (event.week, event.key)
        if event.reason and not event.reason.startswith(CREATION_REASONS):
            found[where] = event.reason
        else:
            found.pop(where, None)
    return found


def select(
    events: Iterable[HistoryEvent],
    *,
    item: str | None = None,
    task: str | None = None,
    since: datetime | None = None,
) -> Iterator[HistoryEvent]:
    """Events of one item / task type / from a time on (each filter optional)."""
    for event in events:
        if item is not None and event.item != item:
            continue
        if task is not None and event.task != task:
            continue
        if since is not None and event.time < since:
            continue
        yield event


def comparable(record: TaskRecord | None) -> TaskRecord | None:
    """A record without its lease: renewals move the lease and are not recorded."""
    return None if record is None else record.model_copy(update={"lease_expires_at": None})


def unrecorded_changes(week: WeekTracker, events: Iterable[HistoryEvent]) -> list[str]:
    """Tasks whose record differs from their last recorded event: changed outside the tool."""
    last: dict[TaskKey, HistoryEvent] = {}
    for event in events:
        last[event.key] = event
    return [
        _difference(event, find_record(week, key))
        for key, event in last.items()
        if comparable(find_record(week, key)) != comparable(event.after)
    ]


def _difference(event: HistoryEvent, record: TaskRecord | None) -> str:
    now, then = "missing" if record is None else record.status.value, event.to_status.value
    start = f"{event.describe()} is {now} in the tracker file but"
    since = f"its last event ({format_time(event.time)})"
    if now == then:
        return f"{start} differs from {since}"
    return f"{start} {since} left it {then}"
