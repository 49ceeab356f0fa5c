"""The template context: frozen values built by pure functions from loaded weeks.

Templates only lay these out. Every figure is computed here once (counts come
from :func:`tracker.domain.progress.week_progress`, so the report and ``tracker
progress`` never disagree), and every string a template prints is ready to
print, so rendering does no per-cell work beyond escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import islice

from tracker.agents.metrics import Metrics, compute_metrics
from tracker.domain.events import HistoryEvent, last_reasons
from tracker.domain.models import TaskProgress, TaskStatus, WeekTracker
from tracker.domain.progress import week_progress
from tracker.domain.schedule import current_week, week_dates
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES
from tracker.domain.timeutil import utc_now
from tracker.domain.weeks import ALL_WEEKS
from tracker.report.chart import Chart, completion_chart
from tracker.report.display import (
    STATUSES,
    Counts,
    MetricRow,
    Status,
    TypeProgress,
    counts,
    metric_rows,
    shown_time,
)
from tracker.report.weekpage import (
    FILTER_MARKS,
    Failure,
    TaskLink,
    WeekLink,
    WeekPage,
    WeekSummary,
    week_page,
)

NEXT_UP = 10
"""How many ready tasks the index lists (the first an agent would claim)."""


@dataclass(frozen=True)
class FilterOption:
    """One choice of the week page's status filter: ``value`` is matched in ``data-statuses``."""

    value: str
    label: str


@dataclass(frozen=True)
class Report:
    """Everything the templates see (as ``report``)."""

    as_of: str
    as_of_iso: str
    task_types: tuple[str, ...]
    item_task_types: tuple[str, ...]
    week_task_types: tuple[str, ...]
    statuses: tuple[Status, ...]
    filter_options: tuple[FilterOption, ...]
    overall: Counts
    by_type: tuple[TypeProgress, ...]
    weeks: tuple[WeekSummary, ...]
    pages: tuple[WeekPage, ...]
    failures: tuple[Failure, ...]
    expired: tuple[TaskLink, ...]
    """In-progress tasks whose lease ended by "as of"."""
    ready: int
    next_up: tuple[TaskLink, ...]
    """The first :data:`NEXT_UP` ready tasks, in the order agents claim them."""
    blocked: int
    series_start: str
    """ISO date of week A's first day; empty when ``series_start`` is not set."""
    current: WeekSummary | None
    """The week "as of" falls in."""
    schedule: str
    """Where "as of" falls in the series, in a sentence; empty without ``series_start``."""
    chart: Chart
    metrics: Metrics
    """From the weeks' history; empty when no change went through the tool yet."""
    metrics_by_type: tuple[MetricRow, ...]
    metrics_by_agent: tuple[MetricRow, ...]
    history_events: int


def _change_times(week: WeekTracker) -> Iterable[datetime | None]:
    records = [r for item in week.items.values() for r in item.tasks.values()]
    for record in (*records, *week.week_tasks.tasks.values()):
        yield record.started_at
        yield record.completed_at


def latest_change(
    weeks: Iterable[WeekTracker], events: Iterable[HistoryEvent] = ()
) -> datetime | None:
    """The report's honest "as of": the latest task change in the records and the history.

    A failure or a reset leaves no time in the record, but its history event has
    one. Only when no task has changed yet (a fresh import) is it the latest sync.
    """
    weeks = list(weeks)
    times = [t for week in weeks for t in _change_times(week) if t is not None]
    times += [event.time for event in events]
    if times:
        return max(times)
    synced = [t for w in weeks for t in (w.metadata.last_synced, w.metadata.created_at) if t]
    return max(synced, default=None)


def _completion_times(week: WeekTracker) -> Iterable[datetime]:
    records = [r for _, item in week.active_items() for r in item.tasks.values()]
    for record in (*records, *week.week_tasks.tasks.values()):
        if record.status is TaskStatus.COMPLETED and record.completed_at is not None:
            yield record.completed_at


def _linked(pages: list[WeekPage]) -> tuple[WeekPage, ...]:
    """The pages with their previous / next week links."""
    links = [WeekLink(p.summary.letter, p.summary.href) for p in pages]
    return tuple(
        replace(
            page,
            previous=links[i - 1] if i > 0 else None,
            next=links[i + 1] if i + 1 < len(links) else None,
        )
        for i, page in enumerate(pages)
    )


def _schedule(series_start: date | None, when: datetime | None) -> str:
    if series_start is None:
        return ""
    if when is None:  # nothing recorded: no "now" to place
        return f"Week {ALL_WEEKS[0]} starts on {series_start.isoformat()}."
    week = current_week(series_start, when)
    if week is not None:
        first, last = week_dates(series_start, week)
        return f"Week {week} is this week: {first.isoformat()} to {last.isoformat()}."
    first_week, last_week = ALL_WEEKS[0], ALL_WEEKS[-1]
    if when.date() < series_start:
        return f"The series starts on {series_start.isoformat()} with week {first_week}."
    end = week_dates(series_start, last_week).last
    return f"The series ended on {end.isoformat()} with week {last_week}."


def _reasons_of(
    reasons: Mapping[tuple[str, TaskKey], str], week: WeekTracker
) -> dict[TaskKey, str]:
    return {key: why for (letter, key), why in reasons.items() if letter == week.week_letter}


def build_report(
    weeks: Sequence[WeekTracker],
    *,
    now: datetime | None = None,
    link_base: str = "../../",
    events: Sequence[HistoryEvent] = (),
    series_start: date | None = None,
) -> Report:
    """The whole series' context as of ``now`` (default: :func:`latest_change`).

    ``events`` (the weeks' history) feed the metrics tables and "as of".
    ``series_start`` (week A's first day) dates the weeks and marks the current one.
    ``link_base`` leads from a week page to the repository root (output files
    are relative to it); the default fits a site rendered to ``site/`` there.
    """
    as_of = now or latest_change(weeks, events)
    current = current_week(series_start, as_of) if series_start and as_of else None
    when = as_of or utc_now()  # only leases are judged by it, and they come with times
    reasons = last_reasons(events)
    pages = _linked(
        [
            week_page(w, link_base, when, series_start, current, _reasons_of(reasons, w))
            for w in weeks
        ]
    )
    summaries = tuple(p.summary for p in pages)
    overall = sum((week_progress(w) for w in weeks), TaskProgress())
    by_type = tuple(
        TypeProgress(t, counts(sum((week_progress(w, t) for w in weeks), TaskProgress())))
        for t in TASK_TYPES
    )
    shown, iso = shown_time(as_of)
    metrics = compute_metrics(events)
    statuses = tuple(STATUSES.values())
    return Report(
        as_of=f"{shown} UTC" if shown else "no recorded time",
        as_of_iso=iso,
        task_types=tuple(TASK_TYPES),
        item_task_types=DEFAULT_ITEM_TASKS,
        week_task_types=DEFAULT_WEEK_TASKS,
        statuses=statuses,
        filter_options=(
            *(FilterOption(s.value, s.label) for s in statuses),
            *(FilterOption(mark.value, label) for mark, label in FILTER_MARKS.items()),
        ),
        overall=counts(overall),
        by_type=by_type,
        weeks=summaries,
        pages=pages,
        failures=tuple(f for p in pages for f in p.failures),
        expired=tuple(e for p in pages for e in p.expired),
        ready=sum(s.ready for s in summaries),
        next_up=tuple(islice((t for p in pages for t in p.ready), NEXT_UP)),
        blocked=sum(s.blocked for s in summaries),
        series_start=series_start.isoformat() if series_start else "",
        current=next((s for s in summaries if s.current), None),
        schedule=_schedule(series_start, as_of),
        chart=completion_chart(
            sorted(t for w in weeks for t in _completion_times(w)), overall.total, as_of
        ),
        metrics=metrics,
        metrics_by_type=metric_rows(metrics.by_task_type),
        metrics_by_agent=metric_rows(metrics.by_agent),
        history_events=len(events),
    )
