"""``save_tracker``: the documented write of a whole week, on every backend, through the one save
path (lock, validation, history) that every other write ends in too."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tracker import (
    ItemTasks,
    TaskRecord,
    TaskStatus,
    TrackerBackend,
    WeekTracker,
    YAMLTrackerBackend,
    claim_next,
    reclaim_expired,
    renew_lease,
    retry_failed,
    rollback,
)
from tracker.domain.events import unrecorded_changes
from tracker.exceptions import TrackerFileError
from tracker.store.safewrite import exclusive_lock

S = TaskStatus


def test_a_hand_built_week_is_saved_whole_and_recorded(empty_tracker: TrackerBackend):
    week = WeekTracker(items={"Argo": ItemTasks(tasks={"research": TaskRecord()})})
    empty_tracker.save_tracker("a", week)
    loaded = empty_tracker.load_tracker("A")
    assert loaded.week_letter == "A" and week.metadata.get("week_letter") is None  # a copy
    assert [(e.item, e.task, e.to_status) for e in empty_tracker.read_history("A")] == [
        ("Argo", "research", S.PENDING),
        ("Argo", "content", S.PENDING),  # a default task the week lacked, added as pending
        (None, "blog_post", S.PENDING),
    ]
    assert loaded.items["Argo"]["content"].agent == "writer"
    assert unrecorded_changes(loaded, empty_tracker.read_history("A")) == []


def test_each_task_changed_by_a_save_is_one_event(empty_tracker: TrackerBackend):
    empty_tracker.sync_with_etl("A", ["Argo", "Backstage"])
    week = empty_tracker.load_tracker("A")
    week.items["Argo"]["research"] = TaskRecord(
        status=S.COMPLETED, agent="researcher-1", output_file="research/argo.yaml"
    )
    del week.items["Backstage"]["content"]  # reads, and is saved, as a new pending record
    week.metadata["reviewer"] = "Erin"
    before = len(empty_tracker.read_history("A"))
    empty_tracker.save_tracker("A", week)
    (event,) = empty_tracker.read_history("A")[before:]
    assert (event.item, event.from_status, event.to_status) == ("Argo", S.PENDING, S.COMPLETED)
    assert event.reason == "save_tracker" and event.agent == "researcher-1"
    loaded = empty_tracker.load_tracker("A")
    assert loaded.metadata["reviewer"] == "Erin"
    assert unrecorded_changes(loaded, empty_tracker.read_history("A")) == []
    empty_tracker.save_tracker("A", loaded)  # nothing changed: nothing recorded
    assert len(empty_tracker.read_history("A")) == before + 1


def test_invalid_weeks_are_refused_and_nothing_is_written(empty_tracker: TrackerBackend):
    empty_tracker.sync_with_etl("A", ["Argo"])
    stored = empty_tracker.load_tracker("A")
    history = empty_tracker.read_history("A")
    bad = empty_tracker.load_tracker("A")
    bad.items["Argo"]["research"].status = "done"  # type: ignore[assignment]
    with pytest.raises(TrackerFileError, match=r"week A: items\.Argo\.tasks\.research\.status"):
        empty_tracker.save_tracker("A", bad)
    with pytest.raises(TrackerFileError, match=r"metadata\.week_letter is 'A', not 'B'"):
        empty_tracker.save_tracker("B", stored)
    gone = empty_tracker.load_tracker("A")
    del gone.items["Argo"]
    with pytest.raises(TrackerFileError, match="items are never deleted, but 'Argo' would be"):
        empty_tracker.save_tracker("A", gone)
    assert empty_tracker.load_tracker("A") == stored and empty_tracker.read_history("A") == history
    assert not empty_tracker.tracker_exists("B")


def test_every_write_ends_in_the_one_save_path(
    empty_tracker: TrackerBackend, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
):
    saves: list[str] = []
    writes: list[str] = []
    save_locked, write = empty_tracker._save_locked, empty_tracker._write

    def spy_save(week, *args):  # type: ignore[no-untyped-def]
        saves.append(week.letter)
        return save_locked(week, *args)

    def spy_write(week, *args):  # type: ignore[no-untyped-def]
        writes.append(week.letter)
        assert len(writes) == len(saves), "a write that did not go through _save_locked"
        return write(week, *args)

    monkeypatch.setattr(empty_tracker, "_save_locked", spy_save)
    monkeypatch.setattr(empty_tracker, "_write", spy_write)
    empty_tracker.sync_with_etl("A", ["Argo", "Backstage"])
    empty_tracker.update_task("A", "Argo", "research", S.IN_PROGRESS)
    empty_tracker.update_task("A", "Argo", "research", S.FAILED, error_message="503")
    retry_failed(empty_tracker, "A")
    claim_next(empty_tracker, "A", agent="researcher-1", lease=timedelta(minutes=5))
    renew_lease(empty_tracker, "A", "Argo", "research", agent="researcher-1")
    clock.advance(hours=3)
    reclaim_expired(empty_tracker, "A")
    empty_tracker.save_tracker("A", empty_tracker.load_tracker("A"))
    rollback(empty_tracker, "A", empty_tracker.read_history("A")[0].event_id)
    assert len(saves) == len(writes) == 9


def test_save_tracker_waits_for_the_weeks_lock(backend: YAMLTrackerBackend):
    backend.sync_with_etl("A", ["Argo"])
    week = backend.load_tracker("A")
    week.metadata["reviewer"] = "Erin"
    before = backend.tracker_path("A").read_bytes()
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(
        target=_hold_lock, args=(backend.tracker_path("A"), ready, release)
    )
    holder.start()
    try:
        assert ready.wait(60)
        saver = threading.Thread(target=backend.save_tracker, args=("A", week))
        saver.start()
        saver.join(0.5)
        assert backend.tracker_path("A").read_bytes() == before  # held off while locked
    finally:
        release.set()
        holder.join(60)
    saver.join(60)
    assert backend.load_tracker("A").metadata["reviewer"] == "Erin"


def _hold_lock(path: Path, ready: multiprocessing.synchronize.Event, release) -> None:  # type: ignore[no-untyped-def]
    with exclusive_lock(path):
        ready.set()
        release.wait(60)
