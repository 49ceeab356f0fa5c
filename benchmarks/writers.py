"""Concurrent writers: several processes updating one week, and a check for lost updates."""

from __future__ import annotations

import time
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue

from benchmarks.timing import run_together
from benchmarks.workload import CURRENT_WEEK, Workload
from tracker.domain.models import TaskStatus
from tracker.domain.tasktypes import TASK_TYPE_CONTENT, TASK_TYPE_RESEARCH
from tracker.store.yamlstore import YAMLTrackerBackend


@dataclass(frozen=True)
class WriterRun:
    """One run: updates per second over all writers, and updates that did not stick."""

    writers: int
    updates: int
    rate: float
    lost: list[str]


STEPS = [
    (task_type, status)
    for task_type in (TASK_TYPE_RESEARCH, TASK_TYPE_CONTENT)
    for status in (TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
]
"""What an agent does to one item: research, then the content that depends on it."""


def _writer(data_dir: Path, names: list[str], barrier: Barrier, results: Queue[object]) -> None:
    backend = YAMLTrackerBackend(data_dir)
    # One read before the clock starts: a forked process's first pass over its
    # heap pays copy-on-write faults, a start-up cost, not a cost per update.
    backend.load_tracker(CURRENT_WEEK)
    barrier.wait()
    start = time.monotonic()
    try:
        for name in names:
            for task_type, status in STEPS:
                backend.update_task(CURRENT_WEEK, name, task_type, status)
    except Exception as error:  # reported by the parent, which would otherwise wait forever
        results.put(f"writer failed: {error!r}")
        raise
    results.put((start, time.monotonic()))


def _statuses(workload: Workload) -> dict[str, tuple[str, ...]]:
    week = YAMLTrackerBackend(workload.data_dir).load_tracker(CURRENT_WEEK)
    return {
        name: tuple(item.tasks[t].status.value for t in (TASK_TYPE_RESEARCH, TASK_TYPE_CONTENT))
        for name, item in week.items.items()
    }


def lost_updates(
    workload: Workload, before: dict[str, tuple[str, ...]], names: list[str]
) -> list[str]:
    """Items whose tasks should be completed and are not, or that changed uninvited."""
    done = (TaskStatus.COMPLETED.value, TaskStatus.COMPLETED.value)
    after = _statuses(workload)
    return [name for name in after if after[name] != (done if name in names else before[name])]


def run_writers(workload: Workload, names: list[str], writers: int) -> WriterRun:
    """``writers`` processes share ``names`` (four updates each) and start together.

    The rate counts from the first writer's start to the last one's end, so
    process start-up is left out and every update is in.
    """
    before = _statuses(workload)
    shares = [names[index::writers] for index in range(writers)]
    spans = run_together(_writer, [(workload.data_dir, share) for share in shares], 600)
    start = min(span[0] for span in spans)
    end = max(span[1] for span in spans)
    updates = len(STEPS) * len(names)
    return WriterRun(
        writers, updates, updates / (end - start), lost_updates(workload, before, names)
    )
