"""In-process figures: ``update_task`` latency against its baseline, and ``get_ready_tasks``."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import yaml

from benchmarks.timing import Timing, time_calls
from benchmarks.workload import CURRENT_WEEK, Workload, pending_research
from tracker.domain.models import TaskStatus
from tracker.domain.tasktypes import TASK_TYPE_RESEARCH
from tracker.domain.weeks import Week
from tracker.store.yamlstore import YAMLTrackerBackend


def copy_workload(workload: Workload, folder: Path) -> Workload:
    """A private copy to change, so every measurement starts from the same state."""
    return workload.copy(folder)


def baseline_update(path: Path) -> None:
    """What any YAML tool pays to change a file: libyaml load, libyaml dump, write, fsync."""
    with open(path, "rb") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def update_latency(workload: Workload, scratch: Path, samples: int) -> tuple[Timing, Timing]:
    """``update_task`` on the current week, and the baseline on the same file, interleaved.

    Each sample is one call: research of a pending item goes to in progress,
    then the next sample completes it. Interleaving the two sides makes them
    share whatever noise the machine has.
    """
    mine = copy_workload(workload, scratch / f"update-{workload.name}")
    theirs = scratch / f"baseline-{workload.name}.yaml"
    shutil.copyfile(mine.data_dir / Week(CURRENT_WEEK).folder / "tracker.yaml", theirs)
    names = list(pending_research(mine))[: (samples + 1) // 2]
    if len(names) * 2 < samples:
        raise ValueError(f"week {CURRENT_WEEK} has only {len(names)} items with research pending")
    backend = YAMLTrackerBackend(mine.data_dir)
    steps = [(name, status) for name in names for status in _START_AND_FINISH][:samples]
    tracker_times, baseline_times = [], []
    baseline_update(theirs)  # warm-up: the first dump changes the file's style
    for name, status in steps:
        start = time.perf_counter()
        baseline_update(theirs)
        middle = time.perf_counter()
        backend.update_task(CURRENT_WEEK, name, TASK_TYPE_RESEARCH, status)
        tracker_times.append(time.perf_counter() - middle)
        baseline_times.append(middle - start)
    return Timing(tuple(tracker_times)), Timing(tuple(baseline_times))


_START_AND_FINISH = (TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)


def ready_tasks(workload: Workload, runs: int) -> Timing:
    """``get_ready_tasks()`` over all weeks, each run with a fresh backend (nothing cached)."""
    return time_calls(lambda: YAMLTrackerBackend(workload.data_dir).get_ready_tasks(), runs)
