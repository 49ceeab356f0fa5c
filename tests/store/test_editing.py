"""The locked edit protocol, on every storage: a write is all or nothing, recorded, then heard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest

from tracker import TaskStatus, TrackerBackend
from tracker.domain.events import HistoryEvent
from tracker.domain.guards import Request
from tracker.domain.models import WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.tasks import TaskChange, TaskKey
from tracker.exceptions import TrackerFileError, WeekNotFoundError

S = TaskStatus
ARGO = TaskKey("Argo", "research")


class Boom(Exception):
    pass


@pytest.fixture
def tracker(empty_tracker: TrackerBackend) -> TrackerBackend:
    empty_tracker.sync_with_etl("A", ["Argo", "Backstage"])
    return empty_tracker


def test_a_plan_that_raises_writes_nothing_and_records_nothing(tracker: TrackerBackend):
    before, history = tracker.load_tracker("A"), tracker.read_history("A")

    def plan(week: WeekTracker, now: datetime) -> list[TaskChange]:
        move(week, ARGO, Request(S.IN_PROGRESS, agent="bot"), now)
        raise Boom

    with pytest.raises(Boom):
        tracker.edit_tasks("A", plan)
    assert tracker.load_tracker("A") == before
    assert tracker.read_history("A") == history


def test_each_saved_change_is_one_event_heard_once_after_the_write(tracker: TrackerBackend):
    heard: list[Sequence[HistoryEvent]] = []

    def listener(events: Sequence[HistoryEvent]) -> None:
        # Heard once the week is written: what the listener reads is the new state.
        assert tracker.load_tracker("A").items["Argo"]["research"].status is S.COMPLETED
        heard.append(events)

    tracker.listeners.append(listener)
    tracker.update_task("A", "Argo", "research", S.COMPLETED, reason="done by hand")
    tracker.update_task("A", "Argo", "research", S.COMPLETED)  # completed again: an event
    tracker.update_task("A", "Backstage", "research", S.PENDING)  # a no-op: nothing heard
    assert [len(events) for events in heard] == [1, 1]
    first = heard[0][0]
    assert (first.item, first.task, first.reason) == ("Argo", "research", "done by hand")
    assert tracker.read_history("A")[-2:] == [heard[0][0], heard[1][0]]


def test_a_plan_that_changes_nothing_writes_nothing(tracker: TrackerBackend):
    history = tracker.read_history("A")
    assert tracker.edit_tasks("A", lambda week, now: []) == []
    assert tracker.read_history("A") == history


def test_an_edit_of_a_week_without_a_tracker_is_refused(tracker: TrackerBackend):
    with pytest.raises(WeekNotFoundError, match="week B has no tracker"):
        tracker.edit_tasks("B", lambda week, now: [])
    assert tracker.week_letters() == ["A"]


def test_a_week_saved_as_another_week_is_refused(tracker: TrackerBackend):
    other = tracker.load_tracker("A").model_copy(deep=True)
    other.metadata.week_letter = "B"
    with pytest.raises(TrackerFileError, match=r"week A: metadata\.week_letter is 'B'"):
        tracker.save_tracker("A", other)
    assert tracker.load_tracker("A").week_letter == "A"


def test_notices_keep_only_the_latest(tracker: TrackerBackend):
    told: list[str] = []
    tracker.on_notice = told.append
    for n in range(1005):
        tracker._notice(f"notice {n}")
    assert len(told) == 1005
    assert tracker.notices[0] == "notice 5" and len(tracker.notices) == 1000
