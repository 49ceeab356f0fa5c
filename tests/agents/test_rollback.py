"""Rollback round trip, and every refusal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FakeClock, complete
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.agents.rollback import rollback
from tracker.domain.tasks import iter_tasks
from tracker.exceptions import RollbackError, TrackerError


def _states(backend: YAMLTrackerBackend) -> dict:
    week = backend.load_tracker("A")
    return {key: r.model_dump() for key, r in iter_tasks(week, removed=True)}


def test_round_trip_by_time_and_by_event(week_a: YAMLTrackerBackend, clock):
    clock.advance(minutes=1)
    complete(week_a, "A", "ProjectA", "research")
    good = _states(week_a)
    good_time = clock.now
    mark = week_a.read_history("A")[-1].event_id
    clock.advance(minutes=1)
    complete(week_a, "A", "ProjectA", "content")  # a bad run
    complete(week_a, "A", "ProjectB", "research")
    week_a.update_task("A", "ProjectC", "research", "skipped")
    bad = _states(week_a)

    changes = rollback(week_a, "A", good_time.isoformat())
    assert _states(week_a) == good
    assert {(c.item_name, c.task_type) for c in changes} == {
        ("ProjectA", "content"), ("ProjectB", "research"), ("ProjectC", "research"),
    }  # fmt: skip
    recorded = week_a.read_history("A")[-3:]
    assert all(e.reason == "rollback to 2026-11-02T09:01:00Z" for e in recorded)

    # the rollback is history too: rolling forward to the last bad event restores the bad run
    last_bad = [e for e in week_a.read_history("A") if e.reason is None][-1].event_id
    rollback(week_a, "A", last_bad)
    assert _states(week_a) == bad
    rollback(week_a, "A", mark)
    assert _states(week_a) == good


def test_rollback_to_before_a_task_existed_makes_it_pending(week_a: YAMLTrackerBackend, clock):
    start = clock.now
    clock.advance(minutes=1)
    week_a.sync_with_etl("A", ["ProjectA", "ProjectB", "ProjectC", "ProjectD"])
    week_a.update_task("A", "ProjectD", "research", "skipped")
    rollback(week_a, "A", start.isoformat())
    record = week_a.load_tracker("A").items["ProjectD"]["research"]
    assert record.status is TaskStatus.PENDING


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("2026-11-01T00:00:00Z", "does not cover 2026-11-01T00:00:00Z: it starts at 2026-11-02"),
        ("deadbeef", "neither an event id of this week nor a time"),
    ],
)
def test_refused_outside_the_history(week_a: YAMLTrackerBackend, target, message):
    before = week_a.history_path("A").read_bytes()
    with pytest.raises(RollbackError, match=message):
        rollback(week_a, "A", target)
    assert week_a.history_path("A").read_bytes() == before


def test_refused_when_tracker_has_hand_edits(week_a: YAMLTrackerBackend, clock):
    start = clock.now
    clock.advance(minutes=1)
    week_a.update_task("A", "ProjectA", "research", "skipped")
    path = week_a.tracker_path("A")
    path.write_text(path.read_text().replace("status: skipped", "status: pending", 1))
    tracker_text = path.read_text()
    with pytest.raises(RollbackError, match=r"not in its history.*research of 'ProjectA'"):
        rollback(week_a, "A", start.isoformat())
    assert path.read_text() == tracker_text


def test_refused_when_result_would_break_a_dependency(week_a: YAMLTrackerBackend, clock):
    """A task the history never saw (set before history began) still must not be orphaned."""
    week_a.history_path("A").unlink()  # as for trackers imported before history existed
    week_a.update_task("A", "ProjectA", "research", "in_progress")
    start = clock.now
    clock.advance(minutes=1)
    week_a.update_task("A", "ProjectA", "research", "completed")
    path = week_a.tracker_path("A")
    text = path.read_text()
    content = text.index("content:", text.index("ProjectA"))
    path.write_text(text[:content] + text[content:].replace("pending", "in_progress", 1))
    with pytest.raises(RollbackError, match="would leave content of 'ProjectA' in_progress"):
        rollback(week_a, "A", start.isoformat())


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["ProjectA", "ProjectB", None]),
        st.sampled_from(["research", "content", "blog_post"]),
        st.sampled_from(list(TaskStatus)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS, pick=st.integers(min_value=0))
def test_rollback_to_any_event_restores_that_state(operations, pick):
    """Random runs of changes: rolling back to any event gives exactly the state after it."""
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock()
        backend = YAMLTrackerBackend(Path(folder), clock=clock)
        backend.sync_with_etl("A", ["ProjectA", "ProjectB"])
        snapshots = {backend.read_history("A")[-1].event_id: _states(backend)}
        for item, task, status in operations:
            clock.advance(minutes=1)
            try:
                backend.update_task("A", item, task, status, error_message="x", cascade=True)
            except TrackerError:
                continue  # refused: nothing changed, nothing recorded
            snapshots[backend.read_history("A")[-1].event_id] = _states(backend)
        ids = list(snapshots)
        target = ids[pick % len(ids)]
        clock.advance(minutes=1)
        rollback(backend, "A", target)
        assert _states(backend) == snapshots[target]
        clock.advance(minutes=1)
        rollback(backend, "A", ids[-1])
        assert _states(backend) == snapshots[ids[-1]]
