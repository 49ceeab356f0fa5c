"""One week's part of the report: its line on the index and its page, built by a pure function."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.progress import week_progress
from tracker.domain.schedule import week_dates
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS, TASK_TYPES
from tracker.domain.weeks import Week
from tracker.report.anchors import item_anchors
from tracker.report.display import (
    STATUSES,
    Counts,
    NoteKind,
    TaskCell,
    TypeProgress,
    counts,
    task_cell,
)
from tracker.report.waiting import task_note

FILTER_MARKS: dict[NoteKind, str] = {NoteKind.READY: "ready to start", NoteKind.BLOCKED: "blocked"}
"""Notes an item row can be filtered by (with their labels), beside its tasks' statuses."""


@dataclass(frozen=True)
class ItemRow:
    """One item and its tasks on a week page."""

    name: str
    anchor: str
    """The row's ``id``: see :mod:`tracker.report.anchors`."""
    removed: bool
    tasks: tuple[TaskCell, ...]
    filter_statuses: str
    """Space-separated status values (and ``ready`` / ``blocked``), for the page's filter."""


@dataclass(frozen=True)
class TaskLink:
    """A task named on the index or atop a week page, linking to its row."""

    letter: str
    href: str
    """The week page and the row's anchor, relative to the site root."""
    anchor: str
    item: str
    """Empty for a week task."""
    task_type: str
    agent: str
    note: str
    """The task's note: who held it, what retries are left."""


@dataclass(frozen=True)
class Failure(TaskLink):
    """A failed task and why it failed."""

    error: str


@dataclass(frozen=True)
class WeekLink:
    """A neighbouring week, for the previous / next links."""

    letter: str
    href: str


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
    blocked: int
    """Pending tasks that cannot start until someone acts (see :mod:`tracker.report.waiting`)."""
    dates: str
    """``Nov 2-8`` (with an en dash); empty without a ``series_start``."""
    dates_full: str
    """``2026-11-02 to 2026-11-08``; empty without a ``series_start``."""
    first_day: str
    last_day: str
    """ISO dates of the week's first and last day; empty without a ``series_start``."""
    current: bool
    """The report's "as of" falls in this week."""


@dataclass(frozen=True)
class WeekPage:
    """Everything a week page shows (as ``page``); ``items`` are the active ones."""

    summary: WeekSummary
    items: tuple[ItemRow, ...]
    removed: tuple[ItemRow, ...]
    failures: tuple[Failure, ...]
    expired: tuple[TaskLink, ...]
    """In-progress tasks whose lease has ended: their agent is likely gone."""
    ready: tuple[TaskLink, ...]
    """Tasks that can start now, in the order agents claim them."""
    previous: WeekLink | None = None
    next: WeekLink | None = None


_DASH = "\u2013"


def _span(first: date, last: date) -> str:
    """``Nov 2–8``, ``Nov 30 – Dec 6``."""  # noqa: RUF002
    if first.month == last.month:
        return f"{first:%b} {first.day}{_DASH}{last.day}"
    return f"{first:%b} {first.day} {_DASH} {last:%b} {last.day}"


class _Builder:
    """Collects one week's cells, and the tasks the index names, in one pass."""

    def __init__(
        self, week: WeekTracker, link_base: str, now: datetime, reasons: Mapping[TaskKey, str]
    ) -> None:
        self.week, self.link_base, self.now, self.reasons = week, link_base, now, reasons
        self.href = f"weeks/{Week(week.week_letter).folder}.html"
        self.failures: list[Failure] = []
        self.expired: list[TaskLink] = []
        self.ready: list[TaskLink] = []
        self.blocked = 0

    def cell(self, key: TaskKey, record: TaskRecord | None, anchor: str, counted: bool) -> TaskCell:
        """One task's cell; what the index names of it is collected on the way."""
        note = task_note(self.week, key, record, self.now)
        cell = task_cell(key.task_type, record, self.link_base, note, self.reasons.get(key, ""))
        kind = note.kind
        if kind is NoteKind.BLOCKED and counted:
            self.blocked += 1
        elif kind is NoteKind.EXPIRED or (counted and kind is NoteKind.READY):
            link = self._link(key, anchor, cell.agent, "" if kind is NoteKind.READY else note.text)
            (self.ready if kind is NoteKind.READY else self.expired).append(link)
        elif counted and cell.status is STATUSES[TaskStatus.FAILED]:
            link = self._link(key, anchor, cell.agent, note.text)
            self.failures.append(Failure(**vars(link), error=cell.error))
        return cell

    def _link(self, key: TaskKey, anchor: str, agent: str, note: str) -> TaskLink:
        return TaskLink(
            self.week.week_letter, f"{self.href}#{anchor}", anchor, key.item or "",
            key.task_type, agent, note,
        )  # fmt: skip


def _row(build: _Builder, name: str, anchor: str) -> ItemRow:
    item = build.week.items[name]
    cells = tuple(
        build.cell(TaskKey(name, t), item.tasks.get(t), anchor, not item.removed)
        for t in DEFAULT_ITEM_TASKS
    )
    marks = [k.value for k in FILTER_MARKS if any(c.note.kind is k for c in cells)]
    statuses = " ".join([*(c.status.value for c in cells), *marks])
    return ItemRow(name, anchor, item.removed, cells, statuses)


def week_page(
    week: WeekTracker,
    link_base: str,
    now: datetime,
    series_start: date | None = None,
    current: Week | None = None,
    reasons: Mapping[TaskKey, str] | None = None,
) -> WeekPage:
    """One week as of ``now``: its summary line, every item's tasks, what needs attention.

    ``link_base`` is the path from the week page to the repository root, which
    output files are relative to; ``series_start`` dates the week; ``current``
    is the series' current week, if any; ``reasons`` the latest reason recorded for
    each task (from the history).
    """
    letter = week.week_letter
    build = _Builder(week, link_base, now, reasons or {})
    anchors = item_anchors(week.items)
    rows = [_row(build, name, anchors[name]) for name in week.items]
    week_cells = tuple(
        build.cell(TaskKey(None, t), week.week_tasks.tasks.get(t), f"task-{t}", True)
        for t in DEFAULT_WEEK_TASKS
    )
    active = tuple(r for r in rows if not r.removed)
    by_type = tuple(TypeProgress(t, counts(week_progress(week, t))) for t in TASK_TYPES)
    dates = week_dates(series_start, Week(letter)) if series_start else None
    summary = WeekSummary(
        letter=letter,
        folder=Week(letter).folder,
        href=build.href,
        items=len(active),
        removed=len(rows) - len(active),
        overall=counts(week_progress(week)),
        by_type=by_type,
        item_bars=tuple(p for p in by_type if p.task_type in DEFAULT_ITEM_TASKS),
        week_tasks=week_cells,
        ready=len(build.ready),
        blocked=build.blocked,
        dates=_span(*dates) if dates else "",
        dates_full=f"{dates.first.isoformat()} to {dates.last.isoformat()}" if dates else "",
        first_day=dates.first.isoformat() if dates else "",
        last_day=dates.last.isoformat() if dates else "",
        current=current == Week(letter),
    )
    removed = tuple(r for r in rows if r.removed)
    return WeekPage(
        summary, active, removed, tuple(build.failures), tuple(build.expired), tuple(build.ready)
    )
