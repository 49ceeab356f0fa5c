"""Metrics from the history: per task type and per agent, how work went.

Counts come from events (an attempt is a move to in progress, an outcome a
move to completed or failed); durations are ``completed_at - started_at`` of
each completion; a retry is any change that raised ``retry_count``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

from tracker.domain.events import HistoryEvent
from tracker.domain.models import TaskStatus
from tracker.domain.weeks import Week
from tracker.store.backend import TrackerBackend


class Stats(NamedTuple):
    """How one task type's (or one agent's) work went."""

    name: str
    started: int
    completed: int
    failed: int
    retries: int
    success_rate: float | None
    """Completed / (completed + failed), 0-1; None before any outcome."""
    p50_seconds: float | None
    p90_seconds: float | None


class Metrics(NamedTuple):
    by_task_type: list[Stats]
    by_agent: list[Stats]


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0-1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _duration(event: HistoryEvent) -> float | None:
    started, ended = event.after.started_at, event.after.completed_at
    if event.to_status is not TaskStatus.COMPLETED or started is None or ended is None:
        return None
    return (ended - started).total_seconds()


def stats(name: str, events: list[HistoryEvent]) -> Stats:
    """The stats of ``events`` (all of one group)."""
    counts = {s: sum(1 for e in events if e.to_status is s and e.from_status is not s) for s in (
        TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, TaskStatus.FAILED,
    )}  # fmt: skip
    done, failed = counts[TaskStatus.COMPLETED], counts[TaskStatus.FAILED]
    retries = sum(1 for e in events if e.before and e.retry_count > e.before.retry_count)
    durations = [d for d in map(_duration, events) if d is not None]
    return Stats(
        name, counts[TaskStatus.IN_PROGRESS], done, failed, retries,
        round(done / (done + failed), 4) if done + failed else None,
        percentile(durations, 0.5), percentile(durations, 0.9),
    )  # fmt: skip


def _grouped(events: Iterable[HistoryEvent], key: Callable[[HistoryEvent], str]) -> list[Stats]:
    groups: dict[str, list[HistoryEvent]] = {}
    for event in events:
        groups.setdefault(key(event), []).append(event)
    return [stats(name, group) for name, group in sorted(groups.items())]


def compute_metrics(events: Iterable[HistoryEvent]) -> Metrics:
    """Stats per task type and per agent; sync and rollback events are not work and are left out."""
    work = [e for e in events if not (e.reason or "").startswith(("sync", "rollback"))]
    return Metrics(
        _grouped(work, lambda e: e.task),
        _grouped((e for e in work if e.agent), lambda e: e.agent or ""),
    )


def metrics_of(tracker: TrackerBackend, week: str | Week | None = None) -> Metrics:
    """The metrics of one week's history, or of every week's."""
    return compute_metrics(e for w in tracker.weeks(week) for e in tracker.read_history(w))
