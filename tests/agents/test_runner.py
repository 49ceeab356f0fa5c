"""The runner as a library: on every store, and its heartbeat when storage fails a moment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tracker import TaskStatus, TrackerBackend, YAMLTrackerBackend
from tracker.agents.reports import Kind, WorkEvent, WorkOptions
from tracker.agents.runner import Runner
from tracker.agents.scope import Scope
from tracker.domain.tasks import iter_tasks
from tracker.domain.weeks import Week
from tracker.exceptions import StorageError
from tracker.store.memory import InMemoryTrackerBackend


class FlakyRenewals(InMemoryTrackerBackend):
    """Storage that fails the first lease renewal (a write saved without a state change)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = 0

    def edit_tasks(self, week_letter, plan, *, save_unchanged=False):  # type: ignore[override]
        if save_unchanged and not self.failed:
            self.failed += 1
            raise StorageError("the network is down")
        return super().edit_tasks(week_letter, plan, save_unchanged=save_unchanged)


def test_a_failed_renewal_is_a_warning_and_the_claim_is_kept(tmp_path: Path):
    tracker = FlakyRenewals()
    tracker.sync_with_etl("A", ["Argo"])
    events: list[WorkEvent] = []
    options = WorkOptions(
        agent="bot", command='sleep 1.5; echo done > "$TRACKER_OUTPUT"',
        scope=Scope(Week.parse("A"), "research"), lease=timedelta(seconds=1),
    )  # fmt: skip
    Runner(tracker, options, events.append, tmp_path, tmp_path / "data").run()
    said = [(e.kind, e.message) for e in events if e.kind is not Kind.TICK]
    assert (Kind.WARNING, "could not renew the lease: the network is down") in said
    assert [kind for kind, _ in said] == [
        Kind.CLAIMED, Kind.WARNING, Kind.COMPLETED, Kind.DONE,
    ]  # fmt: skip
    record = tracker.load_tracker("A").items["Argo"]["research"]
    assert (record.status, record.agent) == (TaskStatus.COMPLETED, "bot")
    assert tracker.failed == 1


@pytest.fixture(params=["yaml", "memory", "postgres"])
def any_store(request: pytest.FixtureRequest, data_dir: Path) -> TrackerBackend:
    if request.param == "postgres":
        store: TrackerBackend = request.getfixturevalue("pg_backend")
        return store
    return YAMLTrackerBackend(data_dir) if request.param == "yaml" else InMemoryTrackerBackend()


def test_the_runner_works_through_a_week_on_every_store(any_store: TrackerBackend, tmp_path):
    any_store.sync_with_etl("A", ["Argo", "Backstage"])
    events: list[WorkEvent] = []
    options = WorkOptions(agent="bot", command='echo x > "$TRACKER_OUTPUT"', scope=Scope())
    Runner(any_store, options, events.append, tmp_path, tmp_path / "data").run()
    assert sum(e.kind is Kind.COMPLETED for e in events) == 5
    week = any_store.load_tracker("A")
    assert {r.status for _, r in iter_tasks(week, removed=False)} == {TaskStatus.COMPLETED}
