"""Reviewing a week's change: transitions explained by events or made by hand, and problems."""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from tracker import InMemoryTrackerBackend, TaskStatus
from tracker.domain.models import WeekTracker
from tracker.domain.review import Problem, Snapshot, review_week
from tracker.domain.tasks import TaskKey

S = TaskStatus


@pytest.fixture
def tracker(clock: FakeClock) -> InMemoryTrackerBackend:
    backend = InMemoryTrackerBackend(clock=clock)
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    return backend


def snap(tracker: InMemoryTrackerBackend, week: WeekTracker | None = None) -> Snapshot:
    events = tracker.read_history("A")
    lines = {e.event_id: ("history.jsonl", n) for n, e in enumerate(events, start=1)}
    return Snapshot(week or tracker.load_tracker("A"), events, lines)


def problems(review) -> list[Problem]:
    return [f.problem for f in review.findings]


def test_tool_changes_are_explained_by_their_events(tracker: InMemoryTrackerBackend):
    base = snap(tracker)
    tracker.update_task("A", "Argo", "research", "in_progress", agent="bot")
    tracker.update_task("A", "Argo", "research", "completed", agent="bot", reason="done early")
    review = review_week("A", base, snap(tracker))
    (change,) = review.transitions
    assert change.key == TaskKey("Argo", "research") and not change.by_hand
    assert (change.before and change.before.status, change.after and change.after.status) == (
        S.PENDING, S.COMPLETED,
    )  # fmt: skip
    assert change.reason == "done early" and len(change.events) == 2
    assert review.findings == []


def test_a_hand_edit_is_a_warning_and_a_forbidden_one_an_error(tracker: InMemoryTrackerBackend):
    tracker.update_task("A", "Argo", "research", "completed")
    base = snap(tracker)
    edited = tracker.load_tracker("A")
    edited.items["Backstage"].tasks["research"].status = S.SKIPPED
    review = review_week("A", base, snap(tracker, edited))
    assert problems(review) == [Problem.HAND_EDIT]
    edited.items["Argo"].tasks["research"].status = S.FAILED  # completed -> failed
    edited.items["Argo"].tasks["research"].error_message = "late"
    review = review_week("A", base, snap(tracker, edited))
    assert sorted(problems(review)) == [
        Problem.FORBIDDEN, Problem.HAND_EDIT, Problem.HAND_EDIT,
    ]  # fmt: skip


def test_deleting_or_editing_history_is_an_error(tracker: InMemoryTrackerBackend):
    tracker.update_task("A", "Argo", "research", "completed")
    base = snap(tracker)
    events = list(base.events)
    deleted = Snapshot(base.week, events[:-1], base.event_lines)
    review = review_week("A", base, deleted)
    assert Problem.HISTORY_REWRITTEN in problems(review)
    assert "was deleted" in review.findings[0].message
    edited = [*events[:-1], events[-1].model_copy(update={"reason": "rewritten"})]
    review = review_week("A", base, Snapshot(base.week, edited, base.event_lines))
    assert problems(review) == [Problem.HISTORY_REWRITTEN]


def test_an_event_the_file_does_not_show_is_an_error(tracker: InMemoryTrackerBackend):
    base = snap(tracker)
    before = tracker.load_tracker("A")
    tracker.update_task("A", "Argo", "research", "completed")
    head = snap(tracker, before)  # the event is there, the file went back
    review = review_week("A", base, head)
    assert problems(review) == [Problem.EVENT_NOT_APPLIED]


def test_a_change_that_breaks_a_dependency_is_an_error(tracker: InMemoryTrackerBackend):
    base = snap(tracker)
    edited = tracker.load_tracker("A")
    edited.items["Argo"].tasks["content"].status = S.IN_PROGRESS
    review = review_week("A", base, snap(tracker, edited))
    assert sorted(problems(review)) == [Problem.BROKEN_DEPENDENCY, Problem.HAND_EDIT]
    assert "content of 'Argo' is in_progress but research of 'Argo' is pending" in {
        f.message for f in review.findings
    }


def test_items_added_removed_and_deleted(tracker: InMemoryTrackerBackend):
    base = snap(tracker)
    tracker.sync_with_etl("A", ["Argo", "Cilium"])
    review = review_week("A", base, snap(tracker))
    assert (review.added, review.removed) == (["Cilium"], ["Backstage"])
    assert review.findings == []
    gone = tracker.load_tracker("A")
    del gone.items["Argo"]
    review = review_week("A", base, snap(tracker, gone))
    assert Problem.ITEM_DELETED in problems(review)
