"""The on_change command: one run per event, the event's JSON on stdin."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from tracker import YAMLTrackerBackend
from tracker.agents.notify import notify
from tracker.store.safewrite import lock_path_for


def test_each_event_goes_to_the_command(week_a: YAMLTrackerBackend, tmp_path: Path):
    got = tmp_path / "got.jsonl"
    events = week_a.read_history("A")[:2]
    assert notify(f"cat >> {got}", events) == []
    assert [json.loads(line)["event_id"] for line in got.read_text().splitlines()] == [
        e.event_id for e in events
    ]


def test_failures_are_reported_not_raised(week_a: YAMLTrackerBackend):
    (event,) = week_a.read_history("A")[:1]
    (problem,) = notify("echo 'chat is down' >&2; exit 2", [event])
    assert problem == (
        f"on_change command \"echo 'chat is down' >&2; exit 2\" exited 2 for event "
        f"{event.event_id}: chat is down"
    )


def test_listener_runs_after_the_lock_is_released(week_a: YAMLTrackerBackend):
    seen: list[bool] = []

    def listener(events: object) -> None:
        fd = os.open(lock_path_for(week_a.tracker_path("A")), os.O_RDWR)
        try:  # a non-blocking lock succeeds only if the writer released it
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            seen.append(True)
        finally:
            os.close(fd)

    week_a.listeners.append(listener)
    week_a.update_task("A", "ProjectA", "research", "skipped")
    assert seen == [True]
