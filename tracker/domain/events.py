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

from tracker.domain.models import TaskRecord, TaskStatus, UtcTime, WeekTracker
from tracker.domain.tasks import TaskChange, TaskKey, find_record
from tracker.domain.timeutil import format_time
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
