"""Every write command takes ``--push``: the change lands on the server's branch."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from tests.git.conftest import backend_in, clone, git
from tests.git.test_pushstore import server_events, server_week
from tracker.agents.claims import claim_next
from tracker.cli.main import main
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.git.pushstore import RemoteTrackerBackend
from tracker.git.repo import Repo

Prepare = Callable[[RemoteTrackerBackend], list[str]]
Check = Callable[[WeekTracker], bool]


def _nothing(tracker: RemoteTrackerBackend) -> list[str]:
    return []


def _claimed(tracker: RemoteTrackerBackend) -> list[str]:
    claim_next(tracker, "A", "research", agent="a")
    return []


def _started(tracker: RemoteTrackerBackend) -> list[str]:
    tracker.update_task("A", "Argo", "research", "in_progress", agent="a")
    return []


def _failed(tracker: RemoteTrackerBackend) -> list[str]:
    _started(tracker)
    tracker.update_task("A", "Argo", "research", "failed", agent="a", error_message="503")
    return []


def _expired(tracker: RemoteTrackerBackend) -> list[str]:
    claim_next(tracker, "A", "research", agent="a", lease=timedelta(0))
    return []


def _two_started(tracker: RemoteTrackerBackend) -> list[str]:
    _started(tracker)
    first = tracker.read_history("A")[-1].event_id
    tracker.update_task("A", "Backstage", "research", "in_progress")
    return [first]


def _renewed(week: WeekTracker) -> bool:
    record = week.items["Argo"]["research"]
    assert record.lease_expires_at is not None and record.started_at is not None
    return record.lease_expires_at - record.started_at > timedelta(hours=800)


def _argo(week: WeekTracker) -> TaskStatus:
    return week.items["Argo"]["research"].status


CASES: dict[str, tuple[Prepare, list[str], Check]] = {
    "claim": (_nothing, ["claim", "--agent", "a", "--type", "research"],
              lambda w: w.items["Argo"]["research"].agent == "a"),
    "renew": (_claimed, ["renew", "A", "Argo", "research", "--agent", "a", "--lease", "900h"],
              _renewed),
    "start": (_nothing, ["start", "A", "Argo", "research"], lambda w: _argo(w) == "in_progress"),
    "complete": (_started, ["complete", "A", "Argo", "research", "--agent", "a"],
                 lambda w: _argo(w) == "completed"),
    "fail": (_started, ["fail", "A", "Argo", "research", "--agent", "a", "--error", "x"],
             lambda w: _argo(w) == "failed"),
    "skip": (_nothing, ["skip", "A", "Argo", "research"], lambda w: _argo(w) == "skipped"),
    "reset": (_started, ["reset", "A", "Argo", "research", "--agent", "a"],
              lambda w: _argo(w) == "pending" and w.items["Argo"]["research"].agent == "a"),
    "retry": (_failed, ["retry", "A"],
              lambda w: _argo(w) == "pending" and w.items["Argo"]["research"].retry_count == 1),
    "reclaim": (_expired, ["reclaim"], lambda w: _argo(w) == "pending"),
    "sync": (_nothing, ["sync", "A", "Argo", "Backstage", "Cilium", "Dapr"],
             lambda w: "Dapr" in w.items),
    "rollback": (_two_started, ["rollback", "A", "--to"],
                 lambda w: w.items["Backstage"]["research"].status == "pending"),
}  # fmt: skip


@pytest.mark.parametrize("command", list(CASES))
def test_every_write_command_pushes(
    command: str, server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    prepare, argv, landed = CASES[command]
    where = clone(server, tmp_path / "clone")
    extra = prepare(RemoteTrackerBackend(where / "data/weeks"))
    before = Repo(server).resolve("main")
    monkeypatch.chdir(where)
    why = [] if command == "renew" else ["--reason", "pushed"]  # a renewal records no event
    assert main([*argv, *extra, "--push", *why]) == 0
    assert landed(server_week(server))
    assert Repo(server).resolve("main") != before
    assert Repo(where).resolve("HEAD") == Repo(server).resolve("main")  # the clone moved too
    if why:
        assert server_events(server)[-1].reason.endswith("pushed")
    assert landed(backend_in(where).load_tracker("A"))


def test_push_failures_are_one_line_naming_the_remote(
    server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    where = clone(server, tmp_path / "clone")
    git(where, "remote", "set-url", "origin", "/nowhere/repo.git")
    monkeypatch.chdir(where)
    assert main(["start", "A", "Argo", "research", "--push"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracker: error: cannot fetch main from origin (/nowhere/repo.git): ")
    assert err.count("\n") == 1
    assert main(["start", "A", "Argo", "research", "--remote", "origin"]) == 2
    assert "add --push" in capsys.readouterr().err
    database = ["--database-url", "postgresql://tracker@localhost/tracker"]
    assert main(["start", "A", "Argo", "research", "--push", *database]) == 2
    assert "--push changes the tracker files of a git remote" in capsys.readouterr().err


CLAIM_FIVE = "for i in 1 2 3 4 5; do {tracker} claim A --type research --agent {agent} --push; done"


@pytest.mark.slow
def test_two_clones_of_one_commit_never_claim_the_same_task(server: Path, tmp_path: Path):
    """The issue's case: each clone claims 5 of 10 research tasks at the same time."""
    seed = clone(server, tmp_path / "seed")
    backend_in(seed).sync_with_etl("A", [f"P{n}" for n in range(10)], allow_mass_removal=True)
    git(seed, "add", "--all")
    git(seed, "commit", "-qm", "ten items")
    git(seed, "push", "-q", "origin", "main")
    tracker = f"{sys.executable} -m tracker"
    runs = [
        subprocess.Popen(
            ["sh", "-c", CLAIM_FIVE.format(tracker=tracker, agent=name)],
            cwd=clone(server, tmp_path / name),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("left", "right")
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    week = server_week(server)
    holders = [week.items[f"P{n}"]["research"].agent for n in range(10)]
    assert sorted(holders) == ["left"] * 5 + ["right"] * 5
    claims = [e for e in server_events(server) if e.to_status is TaskStatus.IN_PROGRESS]
    assert len(claims) == 10 and len({e.item for e in claims}) == 10


def test_work_pushes_every_outcome_and_brings_the_clone_forward_at_the_end(
    server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    where = clone(server, tmp_path / "clone")
    monkeypatch.chdir(where)
    command = 'echo "$TRACKER_ITEM" > "$TRACKER_OUTPUT"'
    argv = ["work", "A", "--agent", "bot", "--type", "research", "--exec", command, "--push"]
    assert main(argv) == 0
    assert "bot: nothing left to do in week A, research tasks" in capsys.readouterr().out
    week = server_week(server)
    assert {week.items[i]["research"].status for i in week.items} == {TaskStatus.COMPLETED}
    assert Repo(server).show("main", "research/argo.yaml") == b"Argo\n"
    assert Repo(where).resolve("HEAD") == Repo(server).resolve("main")
    assert git(where, "status", "--porcelain") == ""  # the outputs are the committed ones
