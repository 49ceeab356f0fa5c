"""The audit trail: what is recorded, when, and how bad files are reported."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.domain.events import select, unrecorded_changes
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.store.history import parse_events


def test_sync_and_updates_are_recorded_in_order(week_a: YAMLTrackerBackend, clock):
    clock.advance(minutes=5)
    week_a.update_task("A", "ProjectA", "research", "in_progress", agent="bot")
    clock.advance(minutes=5)
    week_a.update_task("A", "ProjectA", "research", "failed", error_message="timeout")
    events = week_a.read_history("A")
    created = [e for e in events if e.reason and e.reason.startswith("sync")]
    assert len(created) == 7  # blog_post + 3 items x (research, content)
    assert all(e.from_status is None and e.to_status is TaskStatus.PENDING for e in created)
    start, fail = events[-2:]
    assert (start.from_status, start.to_status, start.agent) == ("pending", "in_progress", "bot")
    assert (fail.to_status, fail.error, fail.retry_count) == ("failed", "timeout", 0)
    assert fail.time == clock.now
    assert len({e.event_id for e in events}) == len(events)


def test_event_ids_are_random_unless_the_backend_is_given_its_own(backend: YAMLTrackerBackend):
    backend.sync_with_etl("A", ["ProjectA"])
    first = {e.event_id for e in backend.read_history("A")}
    assert all(len(i) == 32 and int(i, 16) for i in first)
    numbers = iter(range(100))
    backend.event_ids = lambda: f"{next(numbers):032x}"
    backend.update_task("A", "ProjectA", "research", "in_progress")
    backend.update_task("A", "ProjectA", "research", "completed")
    assert [e.event_id for e in backend.read_history("A")][-2:] == [f"{0:032x}", f"{1:032x}"]


def test_one_json_object_per_line_with_the_documented_fields(week_a: YAMLTrackerBackend):
    week_a.update_task("A", "ProjectB", "research", "in_progress")
    line = week_a.history_path("A").read_text().splitlines()[-1]
    event = json.loads(line)
    assert {"event_id", "time", "week", "item", "task", "from_status", "to_status", "agent"} <= set(
        event
    )
    assert event["time"] == "2026-11-02T09:00:00Z"


def test_refused_change_records_nothing(week_a: YAMLTrackerBackend):
    before = week_a.history_path("A").read_bytes()
    with pytest.raises(TrackerError):
        week_a.update_task("A", "ProjectA", "content", "in_progress")
    assert week_a.history_path("A").read_bytes() == before


def test_failed_tracker_write_records_no_event(week_a: YAMLTrackerBackend, monkeypatch):
    """The tracker file is written first; if that fails, no event exists for the change."""
    before = week_a.history_path("A").read_bytes()

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tracker.store.yamlstore.atomic_write", disk_full)
    with pytest.raises(OSError):
        week_a.update_task("A", "ProjectA", "research", "in_progress")
    assert week_a.history_path("A").read_bytes() == before


def test_hand_edit_is_detected_as_unrecorded(week_a: YAMLTrackerBackend):
    path = week_a.tracker_path("A")
    path.write_text(path.read_text().replace("status: pending", "status: skipped", 1))
    found = unrecorded_changes(week_a.load_tracker("A"), week_a.read_history("A"))
    assert found == [
        "research of 'ProjectA' is skipped in the tracker file but its last event "
        "(2026-11-02T09:00:00Z) left it pending"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "history.jsonl:2: Invalid JSON"),
        ('{"event_id": "x"}', "history.jsonl:2: time: Field required"),
    ],
)
def test_bad_line_is_reported_with_file_and_line(week_a: YAMLTrackerBackend, line, message):
    first = week_a.history_path("A").read_text().splitlines()[0]
    with pytest.raises(TrackerFileError, match=message):
        parse_events(f"{first}\n{line}\n", "history.jsonl")


def test_select_filters(week_a: YAMLTrackerBackend, clock):
    clock.advance(hours=1)
    week_a.update_task("A", "ProjectC", "research", "skipped")
    events = week_a.read_history("A")
    assert [e.item for e in select(events, since=clock.now)] == ["ProjectC"]
    assert {e.task for e in select(events, task="content")} == {"content"}
    assert {e.item for e in select(events, item="ProjectB")} == {"ProjectB"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.mark.slow
def test_histories_of_two_branches_merge_as_a_union(tmp_path: Path):
    repo = tmp_path / "repo"
    (repo / "data" / "weeks").mkdir(parents=True)
    shutil.copy(REPO_ROOT / ".gitattributes", repo / ".gitattributes")
    backend = YAMLTrackerBackend(repo / "data" / "weeks")
    backend.sync_with_etl("A", [f"Project{n}" for n in range(6)])
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "left")
    backend.update_task("A", "Project0", "research", "in_progress", agent="left-bot")
    _git(repo, "commit", "-qam", "left")
    _git(repo, "checkout", "-q", "main")
    backend.update_task("A", "Project5", "research", "skipped", agent="right-bot")
    _git(repo, "commit", "-qam", "right")

    attribute = _git(repo, "check-attr", "merge", "data/weeks/00-A/history.jsonl")
    assert attribute.strip().endswith("merge: union")
    _git(repo, "merge", "-q", "--no-edit", "left")  # raises on a conflict

    events = backend.read_history("A")
    assert sorted(e.agent or "" for e in events if e.reason is None) == ["left-bot", "right-bot"]
    assert len(events) == 1 + 6 * 2 + 2
    assert unrecorded_changes(backend.load_tracker("A"), events) == []


def test_torn_last_line_does_not_swallow_the_next_event(week_a: YAMLTrackerBackend):
    path = week_a.history_path("A")
    lines = len(path.read_text().splitlines())
    with path.open("a") as handle:
        handle.write('{"event_id": "torn-by-a-cr')  # a crash mid-append
    week_a.update_task("A", "ProjectA", "research", "skipped")
    with pytest.raises(TrackerFileError, match=f"history.jsonl:{lines + 1}: Invalid JSON"):
        week_a.read_history("A")
    last = json.loads(path.read_text().splitlines()[-1])
    assert (last["item"], last["to_status"]) == ("ProjectA", "skipped")
