"""The benchmark's workloads: the real landscape names in states the rules allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.workload import (
    CURRENT_WEEK,
    FAILING_WEEK,
    FINISHED_WEEKS,
    Workload,
    build,
    build_one_week,
    build_stale_week,
    landscape_names,
)
from tracker.checking.lint.base import LintContext
from tracker.checking.lint.dependencies import stale_week_task
from tracker.domain.dependencies import violations
from tracker.domain.models import TaskStatus
from tracker.importers.landscape import weekly_buckets
from tracker.store.yamlstore import YAMLTrackerBackend

LANDSCAPE = Path(__file__).resolve().parents[2] / "data" / "landscape" / "landscape.yml"


@pytest.fixture(scope="module")
def w1(tmp_path_factory: pytest.TempPathFactory) -> Workload:
    return build("W1", LANDSCAPE, tmp_path_factory.mktemp("bench") / "W1")


def test_w1_holds_every_landscape_name_in_26_weeks(w1: Workload):
    names = landscape_names(LANDSCAPE)
    assert len(names) == 2413  # 2,407 distinct: a few names appear twice in landscape.yml
    backend = YAMLTrackerBackend(w1.data_dir)
    weeks = {week.week_letter: week for week in backend.iter_weeks()}
    assert len(weeks) == 26 == len(w1.tracker_files())
    assert {name for week in weeks.values() for name in week.items} == set(names)
    assert w1.items == len(set(names))
    assert len(weeks[CURRENT_WEEK].items) == 246


def test_every_active_task_has_its_dependencies_completed(w1: Workload):
    for week in YAMLTrackerBackend(w1.data_dir).iter_weeks():
        assert list(violations(week)) == []


def _statuses(w1: Workload, letter: str) -> set[TaskStatus]:
    week = YAMLTrackerBackend(w1.data_dir).load_tracker(letter)
    return {r.status for _, item in week.active_items() for r in item.tasks.values()}


def test_weeks_are_finished_in_progress_or_pending(w1: Workload):
    backend = YAMLTrackerBackend(w1.data_dir)
    for letter in FINISHED_WEEKS:
        week = backend.load_tracker(letter)
        assert week.week_tasks["blog_post"].status is TaskStatus.COMPLETED
        assert _statuses(w1, letter) == {TaskStatus.COMPLETED, TaskStatus.SKIPPED}
        assert any(item.removed for item in week.items.values())
    assert len(FINISHED_WEEKS) == 8
    current = backend.load_tracker(CURRENT_WEEK)
    assert _statuses(w1, CURRENT_WEEK) == set(TaskStatus) - {TaskStatus.SKIPPED}
    assert any(r.retry_count for _, i in current.active_items() for r in i.tasks.values())
    failing = backend.load_tracker(FAILING_WEEK)
    research = [item.tasks["research"] for _, item in failing.active_items()]
    assert {r.status for r in research} == {TaskStatus.FAILED}
    assert {r.retry_count for r in research} == {0, 3}  # waiting for a retry, or out of them
    assert backend.get_progress("K").completed == 0
    assert _statuses(w1, "Z") == {TaskStatus.PENDING}


def test_w10_repeats_every_name_ten_times_in_the_same_week():
    names = landscape_names(LANDSCAPE, copies=10)
    assert len(names) == 10 * 2413
    buckets = weekly_buckets(names)
    assert "Argo #10" in buckets["A"]
    assert len(buckets[CURRENT_WEEK]) == 2460


def test_one_week_holds_every_name_and_the_stale_week_has_a_finding_per_item(tmp_path: Path):
    week = build_one_week("one week", LANDSCAPE, tmp_path / "one", copies=1)
    assert len(week.tracker_files()) == 1
    assert week.root == tmp_path / "one"  # its settings let commands read its history
    assert YAMLTrackerBackend(week.data_dir).settings.max_file_size == 256 * 2**20
    one = YAMLTrackerBackend(week.data_dir).load_tracker("A")
    assert len(one.items) == week.items == len(set(landscape_names(LANDSCAPE)))
    assert list(violations(one)) == []
    stale = build_stale_week("stale", LANDSCAPE, tmp_path / "stale", copies=1)
    finished = YAMLTrackerBackend(stale.data_dir).load_tracker("A")
    assert list(violations(finished)) == []  # valid: only the linter objects
    ctx = LintContext(finished, "00-A", finished.metadata.last_synced, tmp_path)  # type: ignore[arg-type]
    content_done = [i for _, i in finished.active_items() if i.tasks["content"].completed_at]
    assert len(list(stale_week_task(ctx))) > len(content_done) > 2000
