"""Retries under each task type's max_retries; exhausted tasks stay failed."""

from __future__ import annotations

from tracker import TaskStatus, YAMLTrackerBackend
from tracker.agents.claims import claim_next
from tracker.agents.retries import get_failed_tasks, get_retryable_tasks, retry_failed


def _fail(backend: YAMLTrackerBackend, item: str) -> None:
    backend.update_task("A", item, "research", "in_progress")
    backend.update_task("A", item, "research", "failed", error_message="boom")


def test_retry_until_exhausted_and_count_survives(week_a: YAMLTrackerBackend):
    for attempt in range(1, 4):  # research has max_retries = 3
        _fail(week_a, "ProjectA")
        assert [t.item_name for t in get_retryable_tasks(week_a)] == ["ProjectA"]
        changes = retry_failed(week_a, "A")
        assert [(c.after.status, c.after.retry_count) for c in changes] == [
            (TaskStatus.PENDING, attempt)
        ]
        assert changes[0].reason == f"retry {attempt} of 3"
    _fail(week_a, "ProjectA")
    assert get_retryable_tasks(week_a) == []
    (failed,) = get_failed_tasks(week_a)
    assert failed.exhausted and failed.retry_count == 3
    assert retry_failed(week_a) == []
    record = week_a.load_tracker("A").items["ProjectA"]["research"]
    assert (record.status, record.retry_count) == (TaskStatus.FAILED, 3)


def test_retried_task_is_claimable_and_keeps_its_count(week_a: YAMLTrackerBackend):
    _fail(week_a, "ProjectB")
    retry_failed(week_a, task_type="research")
    claims = [claim_next(week_a, agent="bot") for _ in range(3)]
    retried = next(c for c in claims if c and c.item_name == "ProjectB")
    assert retried.after.retry_count == 1


def test_retry_filters_by_type(week_a: YAMLTrackerBackend):
    _fail(week_a, "ProjectA")
    assert retry_failed(week_a, task_type="content") == []
    assert get_retryable_tasks(week_a, "A", "content") == []
