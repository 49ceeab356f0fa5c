"""Benchmark workloads: the real landscape names in realistic, rule-abiding states.

W1 holds every name of ``landscape.yml`` bucketed into 26 weeks with the
library's :func:`~tracker.importers.landscape.weekly_buckets` and created with
``sync_with_etl``; W10 holds every name ten times, W100 a hundred times. States
are set with the library's own state machine (:func:`~tracker.domain.statemachine.move`),
so every file obeys the dependency rules a real run would have enforced:

- eight weeks are finished, A, B and D to I (content skipped for a few items,
  failures that were retried, one item dropped by a later sync, the blog post
  completed);
- week C, the largest, is half done: research and content completed, running,
  failed and retried, or pending;
- week J has failures: every item's research failed, some with their retries
  used up, the rest waiting to be retried;
- weeks K to Z are pending, as synced.

:func:`build_one_week` puts W10's names into one week (the largest file the
benchmark reads) and :func:`build_stale_week` finishes such a week with its
blog post written before its items: thousands of findings (D003) in one file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.cachedir import NO_CACHE_ENV
from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import (
    TASK_TYPE_BLOG_POST,
    TASK_TYPE_CONTENT,
    TASK_TYPE_RESEARCH,
    get_task_config,
)
from tracker.importers.landscape import read_landscape, weekly_buckets
from tracker.store.yamlstore import YAMLTrackerBackend

FINISHED_WEEKS = ("A", "B", "D", "E", "F", "G", "H", "I")
CURRENT_WEEK = "C"
"""The week in progress, and the one ``update_task`` is measured on."""
FAILING_WEEK = "J"

_START = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)


DATA = Path("data") / "weeks"
"""Where a workload's weeks are in its repository folder."""
LARGE_FILES = '[tool.tracker]\nmax_file_size = "256MB"\n'
"""The settings of every workload's repository: with 24,000 items in a week (W100, the
one-week workloads) its history is over the default 16 MB."""


@dataclass(frozen=True)
class Workload:
    """A repository folder with week trackers built for the benchmark, under ``data/weeks``."""

    name: str
    data_dir: Path
    items: int

    @property
    def root(self) -> Path:
        """The repository folder: its settings, and where output files are."""
        return self.data_dir.parent.parent

    def tracker_files(self) -> list[Path]:
        """Every week's ``tracker.yaml``, A to Z."""
        return sorted(self.data_dir.glob("*/tracker.yaml"))

    def copy(self, folder: Path, name: str | None = None) -> Workload:
        """The same repository copied to ``folder``."""
        shutil.copytree(self.root, folder)
        return Workload(name or self.name, folder / DATA, self.items)


class _Clock:
    """Moves two minutes per call (a tenth of that for W10, a hundredth for W100, whose
    weeks see as many more changes): timestamps ordered, and every one in the past."""

    def __init__(self, start: datetime, copies: int = 1) -> None:
        self.now = start
        self.step = timedelta(seconds=max(1, 120 // copies))

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def landscape_names(path: Path, copies: int = 1) -> list[str]:
    """Every item name of the landscape file; with ``copies`` > 1, ``Name #2`` ... too."""
    names = [item.name for item in read_landscape(path)]
    return names + [f"{name} #{n}" for n in range(2, copies + 1) for name in names]


def _move(
    week: WeekTracker, item: str | None, task: str, status: TaskStatus, clock: _Clock,
    error_message: str | None = None,
) -> None:  # fmt: skip
    move(week, TaskKey(item, task), Request(status, error_message=error_message), clock())


def _run_task(week: WeekTracker, item: str | None, task: str, clock: _Clock, *, fails: int) -> None:
    """Start the task, fail and retry it ``fails`` times, then complete it."""
    for _ in range(fails):
        _move(week, item, task, TaskStatus.IN_PROGRESS, clock)
        _move(week, item, task, TaskStatus.FAILED, clock, error_message=_error(item))
    _move(week, item, task, TaskStatus.IN_PROGRESS, clock)
    _move(week, item, task, TaskStatus.COMPLETED, clock)


def _error(item: str | None) -> str:
    return f'agent crashed on {item!r}: HTTP 429 "rate limited"; retry later'


def _finish_week(week: WeekTracker, clock: _Clock) -> None:
    for index, (name, _) in enumerate(list(week.active_items())):
        _run_task(week, name, TASK_TYPE_RESEARCH, clock, fails=1 if index % 17 == 3 else 0)
        if index % 20 == 7:
            _move(week, name, TASK_TYPE_CONTENT, TaskStatus.SKIPPED, clock)
        else:
            _run_task(week, name, TASK_TYPE_CONTENT, clock, fails=2 if index % 31 == 5 else 0)
    _run_task(week, None, TASK_TYPE_BLOG_POST, clock, fails=0)


def _progress_week(week: WeekTracker, clock: _Clock) -> None:
    """Research 60% done, 10% running, 5% failed; content follows on half of those done."""
    names = [name for name, _ in week.active_items()]
    for index, name in enumerate(names):
        share = index * 100 // len(names)
        if share < 60:
            _run_task(week, name, TASK_TYPE_RESEARCH, clock, fails=1 if index % 13 == 2 else 0)
            if index % 2 == 0:
                _run_task(week, name, TASK_TYPE_CONTENT, clock, fails=1 if index % 11 == 4 else 0)
            elif index % 7 == 1:
                _move(week, name, TASK_TYPE_CONTENT, TaskStatus.IN_PROGRESS, clock)
            elif index % 9 == 3:
                _move(week, name, TASK_TYPE_CONTENT, TaskStatus.IN_PROGRESS, clock)
                _move(
                    week,
                    name,
                    TASK_TYPE_CONTENT,
                    TaskStatus.FAILED,
                    clock,
                    error_message=_error(name),
                )
        elif share < 70:
            _move(week, name, TASK_TYPE_RESEARCH, TaskStatus.IN_PROGRESS, clock)
        elif share < 75:
            _move(week, name, TASK_TYPE_RESEARCH, TaskStatus.IN_PROGRESS, clock)
            _move(
                week, name, TASK_TYPE_RESEARCH, TaskStatus.FAILED, clock, error_message=_error(name)
            )


def _failing_week(week: WeekTracker, clock: _Clock) -> None:
    """Research failed for every item: every third has used all its retries."""
    retries = get_task_config(TASK_TYPE_RESEARCH).max_retries
    for index, (name, _) in enumerate(list(week.active_items())):
        for _ in range(retries + 1 if index % 3 == 0 else 1):
            _move(week, name, TASK_TYPE_RESEARCH, TaskStatus.IN_PROGRESS, clock)
            _move(week, name, TASK_TYPE_RESEARCH, TaskStatus.FAILED, clock, _error(name))


STATES: dict[str, Callable[[WeekTracker, _Clock], None]] = {
    **dict.fromkeys(FINISHED_WEEKS, _finish_week),
    CURRENT_WEEK: _progress_week,
    FAILING_WEEK: _failing_week,
}
"""How far each week has come; weeks not listed stay pending."""


@contextmanager
def _unremembered() -> Iterator[None]:
    """Write without noting the texts as known canonical in the shared store
    (:mod:`tracker.fileformat.known`): the commands measured meet them as files that came
    from elsewhere (a clone, another machine), and prove them once, in their warm-up."""
    before = os.environ.get(NO_CACHE_ENV)
    os.environ[NO_CACHE_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[NO_CACHE_ENV]
        else:
            os.environ[NO_CACHE_ENV] = before


def build(name: str, landscape: Path, folder: Path, copies: int = 1) -> Workload:
    """Create the workload's 26 weeks under ``folder`` (which must not hold trackers yet)."""
    with _unremembered():
        return _build(name, landscape, folder, copies)


def _build(name: str, landscape: Path, folder: Path, copies: int) -> Workload:
    clock = _Clock(_START, copies)
    (folder / DATA).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(LARGE_FILES, "utf-8")
    backend = YAMLTrackerBackend(folder / DATA, clock=clock)
    buckets = weekly_buckets(landscape_names(landscape, copies))
    for letter, names in buckets.items():
        backend.sync_with_etl(letter, names)
        if letter in STATES:
            # A later sync dropped the week's last name: it stays, marked removed.
            backend.sync_with_etl(letter, names[:-1])
            week = backend.load_tracker(letter)
            STATES[letter](week, clock)
            backend.save_tracker(letter, week)
    return Workload(name, folder / DATA, sum(len(names) for names in buckets.values()))


def build_one_week(name: str, landscape: Path, folder: Path, copies: int = 10) -> Workload:
    """One week (A) holding every name ``copies`` times, half done like week C."""
    return _one_week(name, landscape, folder, copies, _progress_week)


def build_stale_week(name: str, landscape: Path, folder: Path, copies: int = 10) -> Workload:
    """One finished week whose blog post was completed before its items' content: a
    D003 finding for every item, as hand edits or a bad merge might leave it."""

    def stale(week: WeekTracker, clock: _Clock) -> None:
        _finish_week(week, clock)
        post = week.week_tasks.tasks[TASK_TYPE_BLOG_POST]
        early = _START + timedelta(minutes=1)
        week.week_tasks.tasks[TASK_TYPE_BLOG_POST] = post.model_copy(
            update={"started_at": early, "completed_at": early}
        )

    return _one_week(name, landscape, folder, copies, stale)


def _one_week(
    name: str,
    landscape: Path,
    folder: Path,
    copies: int,
    state: Callable[[WeekTracker, _Clock], None],
) -> Workload:
    with _unremembered():
        return _one_week_built(name, landscape, folder, copies, state)


def _one_week_built(
    name: str,
    landscape: Path,
    folder: Path,
    copies: int,
    state: Callable[[WeekTracker, _Clock], None],
) -> Workload:
    clock = _Clock(_START, copies)
    (folder / DATA).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(LARGE_FILES, "utf-8")
    backend = YAMLTrackerBackend(folder / DATA, clock=clock)
    names = landscape_names(landscape, copies)
    backend.sync_with_etl("A", names)
    week = backend.load_tracker("A")
    state(week, clock)
    backend.save_tracker("A", week)
    return Workload(name, folder / DATA, len(week.items))


def pending_research(workload: Workload) -> Iterator[str]:
    """Active items of the current week whose research has not started, in file order."""
    week = YAMLTrackerBackend(workload.data_dir).load_tracker(CURRENT_WEEK)
    for name, item in week.active_items():
        if item.tasks[TASK_TYPE_RESEARCH].status is TaskStatus.PENDING:
            yield name
