"""Claims across all weeks: ``claim_next`` without a week, by one process and by eight.

Every claim looks at the weeks in order until one has a ready task, then takes
it under that week's lock. In the workload eight weeks are finished, so each
claim passes over them; week C, then K onwards, hold the work. The claims are
left in progress (an agent works on a task for minutes before it finishes it),
so this is the rate of ``claim_next`` itself. The processes start together and
are checked as the claimers are (:func:`benchmarks.claimers.run_claimers`): no
task claimed twice, every claim in the files and the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from benchmarks.claimers import run_claimers
from benchmarks.inprocess import copy_workload
from benchmarks.report import W1, Results, Row
from benchmarks.timing import Timing
from benchmarks.workload import Workload
from tracker.store.yamlstore import YAMLTrackerBackend

PROCESSES = (1, 8)


def measure(
    results: Results, workload: Workload, scratch: Path, runs: int, calls: int,
    processes: Sequence[int] = PROCESSES,
) -> None:  # fmt: skip
    """``calls`` claims per run by each number of ``processes``, interleaved run by run."""
    rates: dict[int, list[float]] = {count: [] for count in processes}
    checks = dict.fromkeys(processes, (0, 0))
    for run in range(runs):
        for count in processes:
            copy = copy_workload(workload, scratch / f"claim-next-{count}-{run}")
            opener = partial(YAMLTrackerBackend, copy.data_dir)
            outcome = run_claimers(opener, calls, count, complete=False)
            rates[count].append(outcome.rate)
            twice, lost = checks[count]
            checks[count] = (twice + outcome.duplicates, lost + outcome.lost)
    results.claim_checks.update(checks)
    for count, values in rates.items():
        label = f"`claim_next` without a week, {count} process{'es' if count > 1 else ''}"
        results.add(Row(f"claims-{count}", label, "claims/s", {W1: Timing(tuple(values))}))
