"""The audit trail: what is recorded, when, and how bad files are reported."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tracker import TaskStatus, YAMLTrackerBackend
from tracker.domain.events import select, unrecorded_changes
from tracker.exceptions import TrackerError
from tracker.store.history import describe_bad_lines, parse_events


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
        ("[" * 5000 + "]" * 5000, "history.jsonl:2: "),
        ('{"retry_count": ' + "9" * 5000 + "}", "history.jsonl:2: "),
        ("\xff\xfe not utf-8", "history.jsonl:2: "),
    ],
)
def test_bad_line_is_skipped_and_named_with_file_and_line(
    week_a: YAMLTrackerBackend, line: str, message: str
):
    first = week_a.history_path("A").read_text().splitlines()[0]
    raw = f"{first}\n".encode() + line.encode("latin-1") + f"\n{first}\n".encode()
    found = parse_events(raw)
    assert len(found.events) == 2
    [problem] = describe_bad_lines("history.jsonl", found.bad_lines)
    assert problem.startswith(message) and problem.endswith("; line skipped")


def test_line_separators_inside_a_string_do_not_split_an_event(week_a: YAMLTrackerBackend):
    week_a.update_task("A", "ProjectA", "research", "failed", error_message="a\u2028b\x85c\x1ed")
    assert week_a.read_history("A")[-1].error == "a\u2028b\x85c\x1ed"
    assert week_a.notices == []


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
def test_histories_of_two_branches_merge_with_no_union_driver(tmp_path: Path):
    """Each clone and branch appends to its own fragment, so a plain text merge (what a
    server's merge button does: no drivers, no union) never conflicts in history files."""
    repo = tmp_path / "repo"
    (repo / "data" / "weeks").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    (repo / ".git" / "info" / "attributes").write_text("* merge=text\n")
    backend = YAMLTrackerBackend(repo / "data" / "weeks")
    backend.sync_with_etl("A", [f"Project{n}" for n in range(6)])
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "left")
    backend.update_task("A", "Project0", "research", "in_progress", agent="left-bot")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "left")
    _git(repo, "checkout", "-q", "main")
    backend.update_task("A", "Project5", "research", "skipped", agent="right-bot")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "right")
    _git(repo, "merge", "-q", "--no-edit", "left")  # raises on a conflict

    fragments = sorted(p.name for p in (repo / "data" / "weeks" / "00-A" / "history").iterdir())
    assert len(fragments) == 2 and fragments[0].endswith("-left.jsonl")
    events = backend.read_history("A")
    assert sorted(e.agent or "" for e in events if e.reason is None) == ["left-bot", "right-bot"]
    assert len(events) == 1 + 6 * 2 + 2
    assert unrecorded_changes(backend.load_tracker("A"), events) == []


def test_a_history_jsonl_from_before_fragments_keeps_loading(week_a: YAMLTrackerBackend):
    week_a.update_task("A", "ProjectA", "research", "in_progress")
    fragment = week_a.history_path("A")
    legacy = fragment.parent.parent / "history.jsonl"
    legacy.write_bytes(fragment.read_bytes())
    fragment.unlink()
    week_a.update_task("A", "ProjectA", "research", "completed")
    events = week_a.read_history("A")
    assert [e.to_status.value for e in events if e.item == "ProjectA" and e.reason is None] == [
        "in_progress", "completed",
    ]  # fmt: skip
    fragment.write_bytes(legacy.read_bytes() + fragment.read_bytes())  # copied into both
    assert week_a.read_history("A") == events


def test_torn_last_line_does_not_swallow_the_next_event(week_a: YAMLTrackerBackend):
    path = week_a.history_path("A")
    lines = len(path.read_text().splitlines())
    with path.open("a") as handle:
        handle.write('{"event_id": "torn-by-a-cr')  # a crash mid-append
    week_a.update_task("A", "ProjectA", "research", "skipped")
    events = week_a.read_history("A")
    assert [n.split(": ")[0] for n in week_a.notices] == [f"{path}:{lines + 1}"]
    assert (events[-1].item, events[-1].to_status) == ("ProjectA", "skipped")
    last = json.loads(path.read_text().splitlines()[-1])
    assert (last["item"], last["to_status"]) == ("ProjectA", "skipped")


def test_a_file_of_good_lines_is_validated_in_one_call(
    week_a: YAMLTrackerBackend, monkeypatch: pytest.MonkeyPatch
):
    from tracker.store import history

    raw = week_a.history_path("A").read_bytes()
    one_by_one = []
    real = history._event
    monkeypatch.setattr(history, "_event", lambda line: one_by_one.append(line) or real(line))
    assert len(parse_events(raw).events) == raw.count(b"\n") > 1
    assert one_by_one == []
    parse_events(raw + b"not an event\n")  # a bad line: each line is read alone to find it
    assert len(one_by_one) == raw.count(b"\n") + 1


def test_lines_that_pair_up_differently_when_joined_are_read_one_by_one(
    week_a: YAMLTrackerBackend,
):
    """``{event}, {"event_id": ...`` and the rest of an object on the next line make valid
    JSON once the lines are joined with commas; each line is still not an event."""
    event = json.loads(week_a.history_path("A").read_text().splitlines()[0])
    first, rest = dict(list(event.items())[:1]), dict(list(event.items())[1:])
    line_1 = json.dumps(event) + ", " + json.dumps(first)[:-1]
    line_2 = json.dumps(rest)[1:]
    found = parse_events(f"{line_1}\n{line_2}\n")
    assert found.events == []
    assert [bad.line for bad in found.bad_lines] == [1, 2]


def test_chunks_are_validated_alone_and_bad_lines_found_without_keeping_events(
    week_a: YAMLTrackerBackend, monkeypatch: pytest.MonkeyPatch
):
    from tracker.store import history

    monkeypatch.setattr(history, "_CHUNK", 2)
    lines = week_a.history_path("A").read_text().splitlines()
    raw = "\n".join([*lines[:3], "torn {", *lines[3:5], '{"event_id": "x"}']).encode()
    found = parse_events(raw)
    assert len(found.events) == 5
    assert [(bad.line, bad.problem[:10]) for bad in found.bad_lines] == [
        (4, "Invalid JS"), (7, "incomplete"),
    ]  # fmt: skip
    assert history.find_bad_lines(raw) == found.bad_lines
