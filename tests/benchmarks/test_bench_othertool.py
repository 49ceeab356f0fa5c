"""Another tool's copy of a workload: the same weeks, none of them in the canonical form."""

from __future__ import annotations

from pathlib import Path

from benchmarks.othertool import rewritten
from benchmarks.workload import build_one_week
from tests.benchmarks.test_bench_workload import LANDSCAPE
from tracker.fileformat.reader import parse_canonical
from tracker.store.yamlstore import YAMLTrackerBackend


def test_the_same_weeks_written_another_way(tmp_path: Path):
    week = build_one_week("one week", LANDSCAPE, tmp_path / "one", copies=1)
    other = rewritten(week, tmp_path / "other")
    [ours], [theirs] = week.tracker_files(), other.tracker_files()
    assert parse_canonical(ours.read_bytes()) is not None
    assert parse_canonical(theirs.read_bytes()) is None
    assert not theirs.read_text().startswith("#")
    load = lambda workload: YAMLTrackerBackend(workload.data_dir).load_tracker("A")  # noqa: E731
    assert load(other) == load(week)
    assert other.name == "one week (another tool)"
