"""History events as values: building them, and ordering a log merged from fragments."""

from __future__ import annotations

import random

from tests.conftest import FakeClock
from tracker import InMemoryTrackerBackend
from tracker.domain.events import causal_order


def test_equal_times_are_ordered_along_each_task_chain(clock: FakeClock):
    """A clock with one-second resolution: a whole claim/complete cycle shares one time."""
    tracker = InMemoryTrackerBackend(clock=clock)
    tracker.sync_with_etl("A", ["Argo", "Backstage"])
    for item in ("Argo", "Backstage"):
        tracker.update_task("A", item, "research", "in_progress")
        tracker.update_task("A", item, "research", "completed")
        tracker.update_task("A", item, "content", "in_progress")
    events = tracker.read_history("A")
    assert len({e.time for e in events}) == 1
    shuffled = list(events)
    for seed in range(20):  # as if read from fragments in any order
        random.Random(seed).shuffle(shuffled)
        ordered = causal_order(shuffled)
        for key in {e.key for e in events}:
            assert [e for e in ordered if e.key == key] == [e for e in events if e.key == key]
