"""The audit trail: one JSON line per task change in ``data/weeks/NN-L/history.jsonl``.

Events are immutable and only ever appended, so two branches' histories
combine with git's ``merge=union`` driver (see ``.gitattributes``). The YAML
backend appends them under the week's lock *after* the tracker file is
written: a crash between the two loses an event, never invents one, and the
tracker file stays the source of truth.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.domain.dependencies import describe
from tracker.domain.models import TaskRecord, TaskStatus, UtcTime, WeekTracker
from tracker.domain.timeutil import format_time
from tracker.exceptions import TrackerFileError
from tracker.store.backend import TaskChange

HISTORY_FILE = "history.jsonl"

TaskKey = tuple[str | None, str]
"""``(item name or None for the week, task type)``."""


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
        return self.item, self.task

    def describe(self) -> str:
        """``research of 'Argo'`` or ``the week's blog_post``."""
        return describe(self.key)


def events_for(changes: Iterable[TaskChange], time: datetime) -> list[HistoryEvent]:
    """The events recording ``changes``, all at ``time``."""
    return [_event(change, time) for change in changes]


def _event(change: TaskChange, time: datetime) -> HistoryEvent:
    before, after = change.before, change.after
    return HistoryEvent(
        event_id=uuid.uuid4().hex, time=time, week=change.week_letter, item=change.item_name,
        task=change.task_type, from_status=before.status if before else None,
        to_status=after.status, agent=after.agent, retry_count=after.retry_count,
        output_file=after.output_file, error=after.error_message, reason=change.reason,
        before=before, after=after,
    )  # fmt: skip


def to_line(event: HistoryEvent) -> str:
    """One compact JSON line (no newline inside, so a union merge keeps lines whole)."""
    return event.model_dump_json(exclude_none=True)


def append_events(path: Path, events: Iterable[HistoryEvent]) -> None:
    """Append ``events`` with one ``O_APPEND`` write and fsync: O(1), never a rewrite.

    If a crash left a torn last line (no newline), the new events start on a
    line of their own, so the torn one is the only bad line.
    """
    data = "".join(to_line(e) + "\n" for e in events).encode("utf-8")
    if not data:
        return
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def parse_events(text: str, source: Path | str) -> list[HistoryEvent]:
    """Events of a history file in time order (file order among equal times).

    A bad line raises :class:`TrackerFileError` naming the file and line.
    """
    events: list[HistoryEvent] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events.append(HistoryEvent.model_validate_json(line))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(f"{source}:{number}: {where + ': ' if where else ''}{first['msg']}")
    if problems:
        raise TrackerFileError("; ".join(problems))
    return sorted(events, key=lambda e: e.time)


def read_events(path: Path) -> list[HistoryEvent]:
    """The events in ``path``; none when it does not exist."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return []
    return parse_events(text, path)


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


def current_record(week: WeekTracker, key: TaskKey) -> TaskRecord | None:
    """The week's record for ``key``, None when it has none (or the item is gone)."""
    item, task = key
    if item is not None and item not in week.items:
        return None
    return week.tasks_of(item).get(task)


def unrecorded_changes(week: WeekTracker, events: Iterable[HistoryEvent]) -> list[str]:
    """Tasks whose record differs from their last recorded event: changed outside the tool."""
    last: dict[TaskKey, HistoryEvent] = {}
    for event in events:
        last[event.key] = event
    return [
        _difference(event, current_record(week, key))
        for key, event in last.items()
        if comparable(current_record(week, key)) != comparable(event.after)
    ]


def _difference(event: HistoryEvent, record: TaskRecord | None) -> str:
    now, then = "missing" if record is None else record.status.value, event.to_status.value
    start = f"{event.describe()} is {now} in the tracker file but"
    since = f"its last event ({format_time(event.time)})"
    if now == then:
        return f"{start} differs from {since}"
    return f"{start} {since} left it {then}"
