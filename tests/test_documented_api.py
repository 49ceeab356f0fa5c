"""The product documentation's examples, run as written (only the import path changed)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_documented_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    from tracker import TaskStatus, get_tracker

    tracker = get_tracker()  # YAML backend over data/weeks/
    assert not tracker.tracker_exists("A")
    tracker.sync_with_etl("A", ["MyProject", "ProjectA", "ProjectB", "ProjectC"])
    assert tracker.tracker_exists("A")
    assert (tmp_path / "data" / "weeks" / "00-A" / "tracker.yaml").is_file()

    assert tracker.get_pending_items("A", "research") == [
        "MyProject", "ProjectA", "ProjectB", "ProjectC",
    ]  # fmt: skip
    tracker.update_task("A", "MyProject", "research", TaskStatus.IN_PROGRESS)
    tracker.update_task(
        "A", "MyProject", "research", TaskStatus.COMPLETED, output_file="research/myproject.yaml"
    )
    assert tracker.can_start_task("A", "MyProject", "content")
    assert not tracker.can_start_task("A", "ProjectA", "content")
    assert not tracker.can_start_task("A", None, "blog_post")

    try:
        tracker.update_task("A", "ProjectA", "research", TaskStatus.IN_PROGRESS)
        raise RuntimeError("agent crashed")
    except RuntimeError as e:
        tracker.update_task("A", "ProjectA", "research", TaskStatus.FAILED, error_message=str(e))

    result = tracker.sync_with_etl("A", ["ProjectA", "ProjectB", "ProjectC"])
    assert result.removed == ["MyProject"]

    progress = tracker.get_progress("A")
    assert (progress.total, progress.completed, progress.pending) == (7, 0, 6)
    assert (progress.in_progress, progress.failed, progress.skipped) == (0, 1, 0)
    assert progress.completion_percentage == 0.0
    research = tracker.get_progress("A", "research")
    assert (research.total, research.failed, research.pending) == (3, 1, 2)

    week = tracker.load_tracker("A")
    assert week.items["MyProject"]["research"].status is TaskStatus.COMPLETED
    assert week.items["MyProject"].removed
    assert week.items["ProjectA"]["research"].error_message == "agent crashed"
    assert week.week_tasks["blog_post"].status is TaskStatus.PENDING

    from tracker.exceptions import (
        DependencyNotMetError,
        InvalidTaskTypeError,
        ItemNotFoundError,
        WeekNotFoundError,
    )

    with pytest.raises(WeekNotFoundError):
        tracker.load_tracker("B")
    with pytest.raises(ItemNotFoundError):
        tracker.update_task("A", "Nope", "research", TaskStatus.IN_PROGRESS)
    with pytest.raises(InvalidTaskTypeError):
        tracker.update_task("A", None, "research", TaskStatus.IN_PROGRESS)
    with pytest.raises(DependencyNotMetError):
        tracker.update_task("A", "ProjectB", "content", TaskStatus.IN_PROGRESS)


def test_compat_names_are_public():
    import tracker
    from tracker import config

    for name in (
        "TaskRecord", "ItemTasks", "WeekTasks", "WeekTracker", "TaskProgress", "ReadyTask",
        "TrackerBackend", "YAMLTrackerBackend", "InMemoryTrackerBackend", "TrackerError",
        "TASK_TYPE_RESEARCH", "TASK_TYPE_CONTENT", "TASK_TYPE_BLOG_POST", "TASK_TYPES",
        "DEFAULT_ITEM_TASKS", "DEFAULT_WEEK_TASKS", "get_task_config", "is_valid_task_type",
    ):  # fmt: skip
        assert hasattr(tracker, name), name
    assert config.TASK_TYPES["content"].depends_on == ["research"]
    assert config.TASK_TYPES["research"].depends_on == []
    assert config.TASK_TYPES["blog_post"].is_week_level
    assert config.get_task_config("research").output_pattern == "research/{sanitized_name}.yaml"
