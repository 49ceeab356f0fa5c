"""How one status, one set of counts and one task record are shown.

Every string here is final: templates print it, escaped, and do nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import quote

from tracker.agents.metrics import Stats
from tracker.domain.dependencies import record_status
from tracker.domain.models import TaskProgress, TaskRecord, TaskStatus
from tracker.domain.outputs import unsafe_output
from tracker.domain.progress import format_percent
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import format_seconds, format_time

STATUS_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.COMPLETED,
    TaskStatus.SKIPPED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.FAILED,
    TaskStatus.PENDING,
)
"""The order statuses are shown in, and bar segments drawn in."""

STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.COMPLETED: "completed",
    TaskStatus.SKIPPED: "skipped",
    TaskStatus.IN_PROGRESS: "in progress",
    TaskStatus.FAILED: "failed",
    TaskStatus.PENDING: "pending",
}
STATUS_SYMBOLS: dict[TaskStatus, str] = {
    TaskStatus.COMPLETED: "✓",
    TaskStatus.SKIPPED: "↷",
    TaskStatus.IN_PROGRESS: "▶",
    TaskStatus.FAILED: "✗",
    TaskStatus.PENDING: "○",
}
"""A shape per status, so a status reads without colour too."""


@dataclass(frozen=True)
class Status:
    """One status as shown: ``value`` is the CSS class and filter key."""

    value: str
    label: str
    symbol: str


STATUSES: dict[TaskStatus, Status] = {
    s: Status(s.value, STATUS_LABELS[s], STATUS_SYMBOLS[s]) for s in STATUS_ORDER
}


@dataclass(frozen=True)
class Segment:
    """One status's share of a progress bar."""

    status: Status
    count: int
    width: str
    """Percent of the bar, formatted for CSS (``"12.5"``)."""


@dataclass(frozen=True)
class Counts:
    """Task counts by status, as :class:`~tracker.domain.models.TaskProgress`, plus display."""

    total: int
    completed: int
    skipped: int
    in_progress: int
    failed: int
    pending: int
    done: int
    """Completed plus skipped."""
    percent: float
    """The share done, from :func:`done_share`."""
    percent_text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class TypeProgress:
    """The counts of one task type."""

    task_type: str
    counts: Counts


class NoteKind(StrEnum):
    """What a task's note says; the value is its CSS class and filter key."""

    NONE = ""
    READY = "ready"
    WAITING = "waiting"
    BLOCKED = "blocked"
    HELD = "held"
    EXPIRED = "expired"
    RETRYABLE = "retryable"
    EXHAUSTED = "exhausted"


@dataclass(frozen=True)
class Note:
    """A few words beside a task's status: why it waits, who holds it, what is left."""

    kind: NoteKind
    text: str


NO_NOTE = Note(NoteKind.NONE, "")


@dataclass(frozen=True)
class TaskCell:
    """One task's record as shown on a week page."""

    task_type: str
    status: Status
    agent: str
    started: str
    started_iso: str
    completed: str
    completed_iso: str
    duration: str
    retries: int
    output_file: str
    output_href: str
    """Relative link to the output file (empty when there is none)."""
    error: str
    note: Note = NO_NOTE
    """Why it waits, who holds it, what retries are left (see :mod:`tracker.report.waiting`)."""
    reason: str = ""
    """The reason recorded with its latest change (``--reason``, a retry, a reclaim), if any."""


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.4g}" if whole else "0"


def done_share(progress: TaskProgress) -> float:
    """The percentage the report calls done: completed or skipped, 0-100.

    The one place the report reads it; every bar, figure and page goes through here.
    """
    return progress.done_percentage


def counts(progress: TaskProgress) -> Counts:
    """Display counts for one :class:`TaskProgress`."""
    by_status = {
        TaskStatus.COMPLETED: progress.completed,
        TaskStatus.SKIPPED: progress.skipped,
        TaskStatus.IN_PROGRESS: progress.in_progress,
        TaskStatus.FAILED: progress.failed,
        TaskStatus.PENDING: progress.pending,
    }
    segments = tuple(
        Segment(STATUSES[s], n, _percent(n, progress.total)) for s, n in by_status.items() if n
    )
    percent = done_share(progress)
    return Counts(
        total=progress.total,
        completed=progress.completed,
        skipped=progress.skipped,
        in_progress=progress.in_progress,
        failed=progress.failed,
        pending=progress.pending,
        done=progress.done,
        percent=percent,
        percent_text=f"{format_percent(percent)}%",
        segments=segments,
    )


def format_duration(start: datetime | None, end: datetime | None) -> str:
    """``2h 05m``, ``3d 4h``, ``42s``; empty unless both ends are known."""
    if start is None or end is None or end < start:
        return ""
    return format_seconds((end - start).total_seconds())


def shown_time(value: datetime | None) -> tuple[str, str]:
    """``("2026-11-24 10:00", "2026-11-24T10:00:00Z")``: for the reader, for ``datetime=``."""
    if value is None:
        return "", ""
    return value.strftime("%Y-%m-%d %H:%M"), format_time(value)


def output_href(output_file: str | None, link_base: str) -> str:
    """A relative link to ``output_file``: percent-quoted, so it never carries a scheme;
    none for a path that is absolute or leaves the repository (``../../etc/passwd``)."""
    if not output_file or unsafe_output(output_file) is not None:
        return ""
    return link_base + quote(output_file.lstrip("/"), safe="/")


def task_cell(
    task_type: str,
    record: TaskRecord | None,
    link_base: str,
    note: Note = NO_NOTE,
    reason: str = "",
) -> TaskCell:
    """How one task (maybe without a record: pending) is shown, with its ``note``."""
    record = record or TaskRecord(agent=TASK_TYPES[task_type].agent)
    started, started_iso = shown_time(record.started_at)
    completed, completed_iso = shown_time(record.completed_at)
    return TaskCell(
        task_type=task_type,
        status=STATUSES[record_status(record)],
        agent=record.agent or "",
        started=started,
        started_iso=started_iso,
        completed=completed,
        completed_iso=completed_iso,
        duration=format_duration(record.started_at, record.completed_at),
        retries=record.retry_count,
        output_file=record.output_file or "",
        output_href=output_href(record.output_file, link_base),
        error=record.error_message or "",
        note=note,
        reason=reason,
    )


@dataclass(frozen=True)
class MetricRow:
    """One task type's or agent's work, as shown (from :class:`~tracker.agents.metrics.Stats`)."""

    name: str
    started: int
    completed: int
    failed: int
    retries: int
    success: str
    p50: str
    p90: str


def metric_rows(stats: Iterable[Stats]) -> tuple[MetricRow, ...]:
    """Rows for the metrics tables: success as a percentage, durations as text."""
    return tuple(
        MetricRow(
            s.name,
            s.started,
            s.completed,
            s.failed,
            s.retries,
            "" if s.success_rate is None else f"{100 * s.success_rate:.0f}%",
            format_seconds(s.p50_seconds),
            format_seconds(s.p90_seconds),
        )
        for s in stats
    )
