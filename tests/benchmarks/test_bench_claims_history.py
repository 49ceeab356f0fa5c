"""The claims and history figures measure what they say, on real workloads."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from benchmarks.claimers import run_claimers
from benchmarks.historyread import FRAGMENTS, measure, split_history
from benchmarks.workload import CURRENT_WEEK, Workload
from tests.benchmarks.test_bench_workload import w1  # noqa: F401 - the module's W1 fixture
from tracker.project import history_files_in
from tracker.store.yamlstore import YAMLTrackerBackend


@pytest.mark.slow
def test_claims_by_several_processes_take_each_task_once(w1: Workload, tmp_path: Path):  # noqa: F811
    copy = w1.copy(tmp_path / "claims")
    run = run_claimers(partial(YAMLTrackerBackend, copy.data_dir), 40, 4, complete=False)
    assert (run.claims, run.duplicates, run.lost) == (40, 0, 0)
    assert run.rate > 0 and len(run.latencies.values) == 40
    in_progress = [
        task
        for week in YAMLTrackerBackend(copy.data_dir).iter_weeks()
        for _, item in week.active_items()
        for task in item.tasks.values()
        if task.agent and task.agent.startswith("bench-") and task.status.value == "in_progress"
    ]
    assert len(in_progress) == 40


def test_a_split_history_reads_back_as_the_same_log(w1: Workload, tmp_path: Path):  # noqa: F811
    split = split_history(w1, tmp_path / "split")
    files = history_files_in(split.data_dir / "02-C")
    assert split.root == tmp_path / "split"
    assert len(files) == FRAGMENTS

    def by_task(workload: Workload) -> dict[object, list[str]]:
        """Each task's events in order: the causal order (events of one second across
        fragments may interleave differently between tasks)."""
        found: dict[object, list[str]] = {}
        for event in YAMLTrackerBackend(workload.data_dir).read_history(CURRENT_WEEK):
            found.setdefault(event.key, []).append(event.event_id)
        return found

    assert by_task(split) == by_task(w1)
    figures = measure(w1, tmp_path / "measured", runs=1)
    assert set(figures) == {
        "history-week", "history-week-split", "history-week-floor", "history-week-floor-kept",
        "history-all",
        "history-all-floor",
    }  # fmt: skip
