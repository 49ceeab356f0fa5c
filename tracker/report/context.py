"""The template context: frozen values built by pure functions from loaded weeks.

Templates only lay these out. Every figure is computed here once (counts come
from :func:`tracker.progress.week_progress`, so the report and ``tracker
progress`` never disagree), and every string a template prints is ready to
print, so rendering does no per-cell work beyond escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from tracker.backend import ready_in_week
from tracker.config import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES
from tracker.models import TaskProgress, TaskRecord, TaskStatus, WeekTracker
from tracker.names import week_folder
from tracker.progress import week_progress
from tracker.report.chart import Chart, completion_chart
from tracker.rules import record_status
from tracker.timeutil import format_time

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
    """Task counts by status, as :class:`~tracker.models.TaskProgress`, plus display forms."""

    total: int
    completed: int
    skipped: int
    in_progress: int
    failed: int
    pending: int
    done: int
    """Completed plus skipped."""
    percent: float
    """``TaskProgress.completion_percentage``."""
    percent_text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class TypeProgress:
    task_type: str
    counts: Counts


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


@dataclass(frozen=True)
class ItemRow:
    name: str
    removed: bool
    tasks: tuple[TaskCell, ...]
    filter_statuses: str
    """Space-separated status values, for the page's client-side filter."""


@dataclass(frozen=True)
class WeekSummary:
    """One week's line on the index."""

    letter: str
    folder: str
    href: str
    """The week page, relative to the site root."""
    items: int
    removed: int
    overall: Counts
    by_type: tuple[TypeProgress, ...]
    item_bars: tuple[TypeProgress, ...]
    """``by_type`` for the item-level types: the index's progress bars."""
    week_tasks: tuple[TaskCell, ...]
    ready: int


@dataclass(frozen=True)
class Failure:
    letter: str
    href: str
    item: str
    task_type: str
    error: str


@dataclass(frozen=True)
class WeekPage:
    summary: WeekSummary
    items: tuple[ItemRow, ...]
    removed: tuple[ItemRow, ...]
    failures: tuple[Failure, ...]


@dataclass(frozen=True)
class Report:
    """Everything the templates see (as ``report``)."""

    as_of: str
    as_of_iso: str
    task_types: tuple[str, ...]
    item_task_types: tuple[str, ...]
    week_task_types: tuple[str, ...]
    statuses: tuple[Status, ...]
    overall: Counts
    by_type: tuple[TypeProgress, ...]
    weeks: tuple[WeekSummary, ...]
    pages: tuple[WeekPage, ...]
    failures: tuple[Failure, ...]
    ready: int
    chart: Chart


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.4g}" if whole else "0"


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
    percent = progress.completion_percentage
    return Counts(
        total=progress.total,
        completed=progress.completed,
        skipped=progress.skipped,
        in_progress=progress.in_progress,
        failed=progress.failed,
        pending=progress.pending,
        done=progress.completed + progress.skipped,
        percent=percent,
        percent_text=f"{percent:.1f}%",
        segments=segments,
    )


def format_duration(start: datetime | None, end: datetime | None) -> str:
    """``2h 05m``, ``3d 4h``, ``42s``; empty unless both ends are known."""
    if start is None or end is None or end < start:
        return ""
    seconds = int((end - start).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def _shown_time(value: datetime | None) -> tuple[str, str]:
    if value is None:
        return "", ""
    return value.strftime("%Y-%m-%d %H:%M"), format_time(value)


def output_href(output_file: str | None, link_base: str) -> str:
    """A relative link to ``output_file``: percent-quoted, so it never carries a scheme."""
    if not output_file:
        return ""
    return link_base + quote(output_file.lstrip("/"), safe="/")


def task_cell(task_type: str, record: TaskRecord | None, link_base: str) -> TaskCell:
    """How one task (maybe without a record: pending) is shown."""
    record = record or TaskRecord(agent=TASK_TYPES[task_type].agent)
    started, started_iso = _shown_time(record.started_at)
    completed, completed_iso = _shown_time(record.completed_at)
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
    )


def week_page(week: WeekTracker, link_base: str) -> WeekPage:
    """One week: its summary line and every item's tasks.

    ``link_base`` is the path from the week page to the repository root,
    which output files are relative to.
    """
    letter = week.week_letter
    folder = week_folder(letter)
    href = f"weeks/{folder}.html"
    rows: list[ItemRow] = []
    failures: list[Failure] = []
    for name, item in week.items.items():
        cells = tuple(task_cell(t, item.tasks.get(t), link_base) for t in DEFAULT_ITEM_TASKS)
        rows.append(ItemRow(name, item.removed, cells, " ".join(c.status.value for c in cells)))
        if not item.removed:
            failures += [
                Failure(letter, href, name, c.task_type, c.error)
                for c in cells
                if c.status.value == TaskStatus.FAILED
            ]
    week_cells = tuple(
        task_cell(t, week.week_tasks.tasks.get(t), link_base) for t in DEFAULT_WEEK_TASKS
    )
    failures += [
        Failure(letter, href, "", c.task_type, c.error)
        for c in week_cells
        if c.status.value == TaskStatus.FAILED
    ]
    active = tuple(r for r in rows if not r.removed)
    by_type = tuple(TypeProgress(t, counts(week_progress(week, t))) for t in TASK_TYPES)
    summary = WeekSummary(
        letter=letter,
        folder=folder,
        href=href,
        items=len(active),
        removed=len(rows) - len(active),
        overall=counts(week_progress(week)),
        by_type=by_type,
        item_bars=tuple(p for p in by_type if p.task_type in DEFAULT_ITEM_TASKS),
        week_tasks=week_cells,
        ready=sum(1 for _ in ready_in_week(week)),
    )
    removed = tuple(r for r in rows if r.removed)
    return WeekPage(summary, active, removed, tuple(failures))


def _times(week: WeekTracker) -> Iterable[datetime | None]:
    yield week.metadata.created_at
    yield week.metadata.last_synced
    records = [r for item in week.items.values() for r in item.tasks.values()]
    for record in (*records, *week.week_tasks.tasks.values()):
        yield record.started_at
        yield record.completed_at


def data_time(weeks: Iterable[WeekTracker]) -> datetime | None:
    """The latest time recorded anywhere in the data: the report's honest "as of"."""
    times = [t for week in weeks for t in _times(week) if t is not None]
    return max(times, default=None)


def _completion_times(week: WeekTracker) -> Iterable[datetime]:
    records = [r for _, item in week.active_items() for r in item.tasks.values()]
    for record in (*records, *week.week_tasks.tasks.values()):
        if record.status is TaskStatus.COMPLETED and record.completed_at is not None:
            yield record.completed_at


def build_report(
    weeks: Sequence[WeekTracker], *, now: datetime | None = None, link_base: str = "../../"
) -> Report:
    """The whole series' context. ``now`` defaults to the latest time in the data.

    ``link_base`` leads from a week page to the repository root (output files
    are relative to it); the default fits a site rendered to ``site/`` there.
    """
    as_of = now or data_time(weeks)
    pages = tuple(week_page(w, link_base) for w in weeks)
    summaries = tuple(p.summary for p in pages)
    overall = sum((week_progress(w) for w in weeks), TaskProgress())
    by_type = tuple(
        TypeProgress(t, counts(sum((week_progress(w, t) for w in weeks), TaskProgress())))
        for t in TASK_TYPES
    )
    shown, iso = _shown_time(as_of)
    return Report(
        as_of=f"{shown} UTC" if shown else "no recorded time",
        as_of_iso=iso,
        task_types=tuple(TASK_TYPES),
        item_task_types=DEFAULT_ITEM_TASKS,
        week_task_types=DEFAULT_WEEK_TASKS,
        statuses=tuple(STATUSES.values()),
        overall=counts(overall),
        by_type=by_type,
        weeks=summaries,
        pages=pages,
        failures=tuple(f for p in pages for f in p.failures),
        ready=sum(s.ready for s in summaries),
        chart=completion_chart(
            sorted(t for w in weeks for t in _completion_times(w)), overall.total, as_of
        ),
    )
