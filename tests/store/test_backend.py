"""Domain rules, run against every backend: they are written once, in TrackerBackend."""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from tracker import (
    TaskStatus,
    TrackerBackend,
    TrackerError,
    claim_next,
    rollback,
)
from tracker.exceptions import (
    DependencyNotMetError,
    DependentsActiveError,
    InvalidTaskTypeError,
    InvalidTransitionError,
    InvalidWeekLetterError,
    ItemNotFoundError,
    ItemRemovedError,
    WeekNotFoundError,
)

S = TaskStatus


@pytest.fixture
def tracker(empty_tracker: TrackerBackend) -> TrackerBackend:
    empty_tracker.sync_with_etl("A", ["Argo", "Backstage", "Cilium"])
    return empty_tracker


def finish(tracker: TrackerBackend, item: str, *types: str) -> None:
    for task_type in types:
        tracker.update_task("A", item, task_type, S.IN_PROGRESS)
        tracker.update_task("A", item, task_type, S.COMPLETED)


def status(tracker: TrackerBackend, item: str | None, task_type: str) -> TaskStatus:
    week = tracker.load_tracker("A")
    tasks = week.week_tasks if item is None else week.items[item]
    return tasks[task_type].status


@pytest.mark.parametrize("target", [S.IN_PROGRESS, S.COMPLETED])
def test_dependencies_are_checked_on_start_and_on_complete(tracker: TrackerBackend, target: S):
    with pytest.raises(DependencyNotMetError, match="research of 'Argo' is pending"):
        tracker.update_task("A", "Argo", "content", target)
    assert status(tracker, "Argo", "content") is S.PENDING


def test_reset_of_a_dependency_is_refused_while_dependents_are_active(tracker: TrackerBackend):
    finish(tracker, "Argo", "research")
    tracker.update_task("A", "Argo", "content", S.IN_PROGRESS)
    for target in (S.PENDING, S.SKIPPED, S.IN_PROGRESS):
        with pytest.raises(DependentsActiveError, match="content of 'Argo'"):
            tracker.update_task("A", "Argo", "research", target, error_message="x")
    assert status(tracker, "Argo", "research") is S.COMPLETED


def test_reset_cascades_only_when_asked(tracker: TrackerBackend):
    for item in ("Argo", "Backstage", "Cilium"):
        finish(tracker, item, "research", "content")
    tracker.update_task("A", None, "blog_post", S.IN_PROGRESS)
    tracker.update_task("A", "Argo", "research", S.PENDING, cascade=True)
    assert status(tracker, "Argo", "research") is S.PENDING
    assert status(tracker, "Argo", "content") is S.PENDING
    assert status(tracker, None, "blog_post") is S.PENDING
    assert status(tracker, "Backstage", "content") is S.COMPLETED


def test_blog_post_waits_for_every_active_item(tracker: TrackerBackend):
    finish(tracker, "Argo", "research", "content")
    finish(tracker, "Backstage", "research", "content")
    assert not tracker.can_start_task("A", None, "blog_post")
    tracker.update_task("A", "Cilium", "content", S.SKIPPED)
    assert tracker.can_start_task("A", None, "blog_post")
    tracker.sync_with_etl("A", ["Argo", "Backstage", "Cilium", "Dapr"])
    assert not tracker.can_start_task("A", None, "blog_post")
    tracker.sync_with_etl("A", ["Argo", "Backstage", "Cilium"])  # Dapr removed: ignored
    tracker.update_task("A", None, "blog_post", S.IN_PROGRESS)
    tracker.update_task("A", None, "blog_post", S.COMPLETED)
    assert tracker.load_tracker("A").week_tasks["blog_post"].output_file == "blog/00-A.md"


def test_week_without_active_items_cannot_start_its_blog_post(tracker: TrackerBackend):
    tracker.sync_with_etl("A", [], allow_mass_removal=True)
    assert not tracker.can_start_task("A", None, "blog_post")
    with pytest.raises(DependencyNotMetError, match="no active items"):
        tracker.update_task("A", None, "blog_post", S.IN_PROGRESS)


def test_progress_counts_the_week_task_and_excludes_removed_items(tracker: TrackerBackend):
    assert tracker.get_progress("A", "blog_post") == (1, 0, 1, 0, 0, 0)
    finish(tracker, "Argo", "research")
    tracker.sync_with_etl("A", ["Backstage", "Cilium"])
    progress = tracker.get_progress("A")
    assert (progress.total, progress.completed, progress.pending) == (5, 0, 5)
    assert tracker.get_progress("A", "research").total == 2
    tracker.update_task("A", "Backstage", "research", S.SKIPPED)
    research = tracker.get_progress("A", "research")
    assert (research.completion_percentage, research.done_percentage) == (0.0, 50.0)
    finish(tracker, "Cilium", "research")
    research = tracker.get_progress("A", "research")
    assert (research.completion_percentage, research.done_percentage) == (50.0, 100.0)


@pytest.mark.parametrize(
    ("item", "task_type"), [(None, "research"), (None, "content"), ("Argo", "blog_post")]
)
def test_wrong_level_is_an_invalid_task_type_and_writes_nothing(
    tracker: TrackerBackend, item: str | None, task_type: str
):
    before = tracker.load_tracker("A")
    with pytest.raises(InvalidTaskTypeError):
        tracker.update_task("A", item, task_type, S.IN_PROGRESS)
    assert tracker.load_tracker("A") == before


@pytest.mark.parametrize(
    ("week", "item", "task_type", "error"),
    [
        ("B", "Argo", "research", WeekNotFoundError),
        ("AA", "Argo", "research", InvalidWeekLetterError),
        ("1", "Argo", "research", InvalidWeekLetterError),
        ("A", "Nope", "research", ItemNotFoundError),
        ("A", "Argo", "review", InvalidTaskTypeError),
    ],
)
def test_bad_targets(tracker: TrackerBackend, week: str, item: str, task_type: str, error: type):
    with pytest.raises(error):
        tracker.update_task(week, item, task_type, S.IN_PROGRESS)


def test_lowercase_week_letters_work(tracker: TrackerBackend):
    tracker.update_task("a", "Argo", "research", S.IN_PROGRESS)
    assert tracker.get_pending_items("a", "research") == ["Backstage", "Cilium"]


def test_removed_items_cannot_start(tracker: TrackerBackend):
    tracker.sync_with_etl("A", ["Backstage", "Cilium"])
    assert not tracker.can_start_task("A", "Argo", "research")
    with pytest.raises(ItemRemovedError):
        tracker.update_task("A", "Argo", "research", S.IN_PROGRESS)
    tracker.update_task("A", "Argo", "research", S.SKIPPED)  # closing it is fine


def test_failed_without_error_message_is_refused(tracker: TrackerBackend):
    with pytest.raises(InvalidTransitionError):
        tracker.update_task("A", "Argo", "research", S.FAILED)


def test_timestamps_and_retries_through_the_backend(tracker: TrackerBackend, clock: FakeClock):
    tracker.update_task("A", "Argo", "research", S.IN_PROGRESS)
    start = clock.now
    clock.advance(minutes=5)
    tracker.update_task("A", "Argo", "research", S.FAILED, error_message="timeout")
    tracker.update_task("A", "Argo", "research", S.IN_PROGRESS, agent="researcher-2")
    clock.advance(minutes=5)
    record = tracker.update_task("A", "Argo", "research", S.COMPLETED)
    assert record.retry_count == 1
    assert record.agent == "researcher-2"
    assert record.started_at == start.replace(minute=5)
    assert record.completed_at == clock.now and record.completed_at.tzinfo is not None
    assert record.error_message is None


def test_ready_tasks_follow_dependencies_and_order(tracker: TrackerBackend):
    tracker.sync_with_etl("C", ["Crossplane"])
    finish(tracker, "Argo", "research")
    ready = tracker.get_ready_tasks()
    assert [(t.week_letter, t.item_name, t.task_type) for t in ready] == [
        ("A", "Argo", "content"),
        ("A", "Backstage", "research"),
        ("A", "Cilium", "research"),
        ("C", "Crossplane", "research"),
    ]
    assert ready[0].agent == "writer"
    assert len(tracker.get_ready_tasks(limit=2)) == 2
    assert [t.item_name for t in tracker.get_ready_tasks("C")] == ["Crossplane"]


def test_ready_includes_the_week_task_when_everything_is_done(tracker: TrackerBackend):
    for item in ("Argo", "Backstage", "Cilium"):
        finish(tracker, item, "research", "content")
    assert [(t.item_name, t.task_type) for t in tracker.get_ready_tasks()] == [(None, "blog_post")]


def test_get_pending_items_rejects_week_level_types(tracker: TrackerBackend):
    with pytest.raises(InvalidTaskTypeError):
        tracker.get_pending_items("A", "blog_post")


def test_loaded_weeks_are_copies(tracker: TrackerBackend):
    week = tracker.load_tracker("A")
    week.items["Argo"].tasks["research"].status = S.COMPLETED
    assert status(tracker, "Argo", "research") is S.PENDING


BAD_CALLS = {
    "status in capitals": lambda t: t.update_task("A", "Argo", "research", "COMPLETED"),
    "unknown status": lambda t: t.update_task("A", "Argo", "research", "bogus"),
    "status as a number": lambda t: t.update_task("A", "Argo", "research", 3),
    "week as a number": lambda t: t.update_task(1, "Argo", "research", "skipped"),
    "item as a list": lambda t: t.update_task("A", ["Argo"], "research", "skipped"),
    "task type as a number": lambda t: t.update_task("A", "Argo", 5, "skipped"),
    "agent as a number": lambda t: t.update_task("A", "Argo", "research", "in_progress", agent=5),
    "output as a number": lambda t: t.update_task("A", "Argo", "research", "completed",
                                                   output_file=5),
    "error as a list": lambda t: t.update_task("A", "Argo", "research", "failed",
                                                error_message=["x"]),
    "error with a lone surrogate": lambda t: t.update_task("A", "Argo", "research", "failed",
                                                            error_message="bad \udcff byte"),
    "names as one string": lambda t: t.sync_with_etl("A", "Argo"),
    "names as a number": lambda t: t.sync_with_etl("A", 5),
    "a name as a number": lambda t: t.sync_with_etl("A", ["Argo", 5]),
    "limit as text": lambda t: t.get_ready_tasks(limit="x"),
    "progress of a number type": lambda t: t.get_progress("A", 5),
    "task type None": lambda t: t.can_start_task("A", "Argo", None),
    "lease as text": lambda t: claim_next(t, agent="bot", lease="2h"),
    "rollback to a number": lambda t: rollback(t, "A", 5),
}  # fmt: skip


@pytest.mark.parametrize("call", list(BAD_CALLS))
def test_bad_arguments_raise_a_tracker_error_and_change_nothing(
    tracker: TrackerBackend, call: str
) -> None:
    """The README promises every error derives from TrackerError; these once leaked others."""
    before = tracker.load_tracker("A")
    with pytest.raises(TrackerError) as raised:
        BAD_CALLS[call](tracker)
    assert str(raised.value) and "\n" not in str(raised.value)
    assert tracker.load_tracker("A") == before
