"""The template context: frozen values built by pure functions from loaded weeks.

Templates only lay these out. Every figure is computed here once (counts come
from :func:`tracker.domain.progress.week_progress`, so the report and ``tracker
progress`` never disagree), and every string a template prints is ready to
print, so rendering does no per-cell work beyond escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tracker.agents.metrics import Metrics, compute_metrics
from tracker.domain.events import HistoryEvent
from tracker.domain.models import TaskProgress, TaskStatus, WeekTracker
from tracker.domain.progress import week_progress
from tracker.domain.ready import ready_in_week
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES
from tracker.domain.timeutil import utc_now
from tracker.domain.weeks import Week
from tracker.report.chart import Chart, completion_chart
from tracker.report.display import (
    STATUSES,
    Counts,
    MetricRow,
    Status,
    TaskCell,
    TypeProgress,
    counts,
    metric_rows,
    shown_time,
    task_cell,
)


@dataclass(frozen=True)
class ItemRow:
    """One item and its tasks on a week page."""

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
    """A failed task, for the index's list: ``item`` is empty for a week task."""

    letter: str
    href: str
    item: str
    task_type: str
    error: str


@dataclass(frozen=True)
class WeekPage:
    """Everything a week page shows (as ``page``); ``items`` are the active ones."""

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
    metrics: Metrics
    """From the weeks' history; empty when no change went through the tool yet."""
    metrics_by_type: tuple[MetricRow, ...]
    metrics_by_agent: tuple[MetricRow, ...]
    history_events: int


def _failure(letter: str, href: str, item: str, cell: TaskCell) -> Failure:
    return Failure(letter, href, item, cell.task_type, cell.error)


def week_page(week: WeekTracker, link_base: str, now: datetime) -> WeekPage:
    """One week: its summary line and every item's tasks.

    ``link_base`` is the path from the week page to the repository root,
    which output files are relative to.
    """
    letter = week.week_letter
    folder = Week(letter).folder
    href = f"weeks/{folder}.html"
    failed = STATUSES[TaskStatus.FAILED]
    rows: list[ItemRow] = []
    failures: list[Failure] = []
    for name, item in week.items.items():
        cells = tuple(task_cell(t, item.tasks.get(t), link_base) for t in DEFAULT_ITEM_TASKS)
        rows.append(ItemRow(name, item.removed, cells, " ".join(c.status.value for c in cells)))
        if not item.removed:
            failures += [_failure(letter, href, name, c) for c in cells if c.status is failed]
    week_cells = tuple(
        task_cell(t, week.week_tasks.tasks.get(t), link_base) for t in DEFAULT_WEEK_TASKS
    )
    failures += [_failure(letter, href, "", c) for c in week_cells if c.status is failed]
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
        ready=sum(1 for _ in ready_in_week(week, now)),
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
    weeks: Sequence[WeekTracker],
    *,
    now: datetime | None = None,
    link_base: str = "../../",
    events: Sequence[HistoryEvent] = (),
) -> Report:
    """The whole series' context. ``now`` defaults to the latest time in the data.

    ``events`` (the weeks' history) feed the metrics tables.

    ``link_base`` leads from a week page to the repository root (output files
    are relative to it); the default fits a site rendered to ``site/`` there.
    """
    as_of = now or data_time(weeks)
    pages = tuple(week_page(w, link_base, as_of or utc_now()) for w in weeks)
    summaries = tuple(p.summary for p in pages)
    overall = sum((week_progress(w) for w in weeks), TaskProgress())
    by_type = tuple(
        TypeProgress(t, counts(sum((week_progress(w, t) for w in weeks), TaskProgress())))
        for t in TASK_TYPES
    )
    shown, iso = shown_time(as_of)
    metrics = compute_metrics(events)
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
        metrics=metrics,
        metrics_by_type=metric_rows(metrics.by_task_type),
        metrics_by_agent=metric_rows(metrics.by_agent),
        history_events=len(events),
    )
