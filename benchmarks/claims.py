"""Claims across all weeks: ``claim_next`` without a week, by one process and by eight.

Every claim looks at the weeks in order until one has a ready task, then takes
it under that week's lock. In the workload eight weeks are finished, so each
claim passes over them; week C, then K onwards, hold the work. Each process
starts at the same moment (a barrier, so process start-up is not measured),
claims its share and reports what it got; afterwards no task may have been
claimed twice, and every claim must be in the files, held by its agent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue

from benchmarks.timing import run_together
from benchmarks.workload import Workload
from tracker.agents.claims import claim_next
from tracker.domain.models import TaskStatus
from tracker.store.yamlstore import YAMLTrackerBackend

Claim = tuple[str, str | None, str]
"""(week, item, task type)."""


@dataclass(frozen=True)
class ClaimRun:
    """One run: claims per second over all processes, and what went wrong."""

    processes: int
    claims: int
    rate: float
    duplicates: int
    """Claims of a task another claim had already taken."""
    lost: int
    """Claims whose task is not in progress for its agent in the files afterwards."""


def _claimer(
    data_dir: Path, agent: str, count: int, barrier: Barrier, results: Queue[object]
) -> None:
    backend = YAMLTrackerBackend(data_dir)
    taken: list[Claim] = []
    barrier.wait()
    start = time.monotonic()
    try:
        for _ in range(count):
            change = claim_next(backend, agent=agent)
            if change is None:
                break
            taken.append((change.week_letter, change.item_name, change.task_type))
    except Exception as error:  # reported by the parent, which would otherwise wait forever
        results.put(f"{agent} failed: {error!r}")
        raise
    results.put((agent, start, time.monotonic(), taken))


def run_claims(workload: Workload, processes: int, claims: int) -> ClaimRun:
    """``processes`` processes make ``claims`` claims between them on ``workload``."""
    share = claims // processes
    arguments = [(workload.data_dir, f"agent-{n}", share) for n in range(processes)]
    reports = run_together(_claimer, arguments, timeout=600)
    start = min(report[1] for report in reports)
    end = max(report[2] for report in reports)
    taken = [(report[0], claim) for report in reports for claim in report[3]]
    claimed = [claim for _, claim in taken]
    return ClaimRun(
        processes,
        len(taken),
        len(taken) / (end - start),
        len(claimed) - len(set(claimed)),
        _lost(workload, taken),
    )


def _lost(workload: Workload, taken: list[tuple[str, Claim]]) -> int:
    backend = YAMLTrackerBackend(workload.data_dir)
    weeks = {letter: backend.load_tracker(letter) for letter in {c[0] for _, c in taken}}
    lost = 0
    for agent, (letter, item, task_type) in taken:
        record = weeks[letter].tasks_of(item).get(task_type)
        if record is None or (record.status, record.agent) != (TaskStatus.IN_PROGRESS, agent):
            lost += 1
    return lost
