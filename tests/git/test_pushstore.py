"""``--push``: the remote branch decides every write, with real git (a bare server, clones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.git.conftest import backend_in, clone, git
from tracker import TaskStatus, get_tracker
from tracker.agents.claims import claim_next
from tracker.exceptions import LeaseError, PushError
from tracker.fileformat.reader import parse_week
from tracker.git import pushstore
from tracker.git.pushstore import RemoteTrackerBackend
from tracker.git.repo import Repo
from tracker.store.history import parse_events


def on_server(server: Path, path: str = "data/weeks/00-A/tracker.yaml") -> bytes:
    """A file of the server's main."""
    found = Repo(server).show("main", path)
    assert found is not None, path
    return found


def server_week(server: Path):
    return parse_week(on_server(server), "server")


def server_events(server: Path, week: str = "00-A"):
    repo = Repo(server)
    names = repo.list_files("main", f"data/weeks/{week}/history")
    return [e for name in names for e in parse_events(repo.show("main", name) or b"").events]


@pytest.fixture
def clones(server: Path, tmp_path: Path) -> tuple[Path, Path]:
    return clone(server, tmp_path / "one"), clone(server, tmp_path / "two")


def pushing(where: Path) -> RemoteTrackerBackend:
    return RemoteTrackerBackend(where / "data" / "weeks")


def test_a_push_that_lost_the_race_is_decided_again_on_the_new_tip(
    server: Path, clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    one, two = pushing(clones[0]), pushing(clones[1])
    real_push = pushstore.push
    raced = []

    def push_after_the_other(remote, commit):  # clone two claims between fetch and push
        if not raced:
            raced.append(None)  # two's own push goes straight through
            raced[0] = claim_next(two, "A", "research", agent="two")
        return real_push(remote, commit)

    monkeypatch.setattr(pushstore, "push", push_after_the_other)
    monkeypatch.setattr(pushstore, "backoff", lambda attempt: 0)
    mine = claim_next(one, "A", "research", agent="one")
    assert mine is not None and raced[0] is not None
    assert (raced[0].item_name, mine.item_name) == ("Argo", "Backstage")
    assert one.pushes == [2]  # rejected once, then decided again on the new tip
    week = server_week(server)
    assert week.items["Argo"]["research"].agent == "two"
    assert week.items["Backstage"]["research"].agent == "one"
    claims = [e for e in server_events(server) if e.to_status is TaskStatus.IN_PROGRESS]
    assert sorted((e.item, e.agent) for e in claims) == [("Argo", "two"), ("Backstage", "one")]


def test_a_task_taken_meanwhile_fails_with_the_normal_error(
    server: Path, clones: tuple[Path, Path]
):
    one, two = pushing(clones[0]), pushing(clones[1])
    claim_next(one, "A", "research", agent="one")  # Argo, under a lease
    before = Repo(server).resolve("main")
    with pytest.raises(LeaseError, match="claimed by 'one'"):
        two.update_task("A", "Argo", "research", "in_progress", agent="two")
    assert Repo(server).resolve("main") == before  # nothing pushed


def test_complete_commits_the_output_file_and_brings_the_clone_forward(
    server: Path, clones: tuple[Path, Path]
):
    where = clones[0]
    tracker = pushing(where)
    tracker.update_task("A", "Argo", "research", "in_progress", agent="one")
    (where / "research").mkdir()
    (where / "research" / "argo.yaml").write_text("sources: []\n")
    tracker.update_task("A", "Argo", "research", "completed", agent="one")
    assert on_server(server, "research/argo.yaml") == b"sources: []\n"
    record = server_week(server).items["Argo"]["research"]
    assert (record.status, record.output_file) == (TaskStatus.COMPLETED, "research/argo.yaml")
    # The clone's branch and work tree moved with it: nothing to pull, nothing left over.
    assert Repo(where).resolve("HEAD") == Repo(server).resolve("main")
    assert git(where, "status", "--porcelain") == ""
    assert backend_in(where).load_tracker("A").items["Argo"]["research"].status == "completed"
    assert tracker.notices == []


def test_events_go_to_a_pushed_fragment_of_this_clone(server: Path, clones: tuple[Path, Path]):
    tracker = pushing(clones[0])
    tracker.update_task("A", "Argo", "research", "in_progress", reason="first")
    fragments = Repo(server).list_files("main", "data/weeks/00-A/history")
    pushed = [name for name in fragments if Path(name).name.startswith("push-")]
    assert pushed == [f"data/weeks/00-A/history/{tracker.writer}.jsonl"]
    assert tracker.writer.endswith("-main")
    (event,) = parse_events(on_server(server, pushed[0])).events
    assert (event.item, event.reason) == ("Argo", "first")
    assert [e.event_id for e in tracker.read_history("A")][-1] == event.event_id


def test_local_changes_are_never_lost_and_the_clone_is_left_as_it_is(
    server: Path, clones: tuple[Path, Path]
):
    where = clones[0]
    local = backend_in(where)
    local.update_task("A", "Cilium", "research", "in_progress", agent="by-hand")  # not pushed
    mine = (where / "data/weeks/00-A/tracker.yaml").read_bytes()
    head = Repo(where).resolve("HEAD")
    tracker = pushing(where)
    tracker.update_task("A", "Argo", "research", "in_progress", agent="one")
    assert (where / "data/weeks/00-A/tracker.yaml").read_bytes() == mine
    assert Repo(where).resolve("HEAD") == head
    assert server_week(server).items["Argo"]["research"].agent == "one"
    assert server_week(server).items["Cilium"]["research"].status == "pending"
    (notice,) = tracker.notices
    assert notice.startswith("pushed to origin/main; main and the work tree were left as they are")


def test_a_clone_with_commits_of_its_own_is_left_alone(server: Path, clones: tuple[Path, Path]):
    where = clones[0]
    (where / "notes.txt").write_text("mine\n")
    git(where, "add", "notes.txt")
    git(where, "commit", "-qm", "notes")
    head = Repo(where).resolve("HEAD")
    tracker = pushing(where)
    tracker.update_task("A", "Argo", "research", "in_progress")
    assert Repo(where).resolve("HEAD") == head
    assert "has commits origin/main lacks" in tracker.notices[0]


def test_remote_and_branch_come_from_arguments_settings_or_the_upstream(
    server: Path, clones: tuple[Path, Path]
):
    where = clones[0]
    git(where, "checkout", "-q", "-b", "agents")  # no upstream
    with pytest.raises(PushError, match="no upstream"):
        pushing(where)
    git(server, "branch", "work", "main")
    named = RemoteTrackerBackend(where / "data/weeks", remote="origin", branch="work")
    named.update_task("A", "Argo", "research", "in_progress")
    assert server_week(server).items["Argo"]["research"].status == "pending"  # main untouched
    work = parse_week(Repo(server).show("work", "data/weeks/00-A/tracker.yaml") or b"", "work")
    assert work.items["Argo"]["research"].status == "in_progress"
    settings = '[tool.tracker]\npush_remote = "origin"\npush_branch = "work"\n'
    (where / "pyproject.toml").write_text(settings)
    assert str(pushing(where).remote) == "origin/work"
    with pytest.raises(PushError, match="no remote named 'upstream'"):
        RemoteTrackerBackend(where / "data/weeks", remote="upstream", branch="main")
    assert isinstance(get_tracker(where / "data/weeks", push=True), RemoteTrackerBackend)


def test_an_unreachable_remote_is_one_error_naming_it(server: Path, clones: tuple[Path, Path]):
    where = clones[0]
    git(where, "remote", "set-url", "origin", str(server.parent / "gone.git"))
    with pytest.raises(PushError) as error:
        pushing(where).update_task("A", "Argo", "research", "in_progress")
    gone = server.parent / "gone.git"
    assert str(error.value).startswith(f"cannot fetch main from origin ({gone}): ")
    assert len(error.value.problems) == 1


def test_a_branch_that_keeps_moving_is_given_up_after_the_last_attempt(
    server: Path, clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pushstore, "push", lambda remote, commit: False)
    monkeypatch.setattr(pushstore, "backoff", lambda attempt: 0)
    tracker = pushing(clones[0])
    tracker.max_attempts = 3
    with pytest.raises(PushError, match="gave up after 3 attempts: origin/main kept moving"):
        tracker.update_task("A", "Argo", "research", "in_progress")
    assert server_week(server).items["Argo"]["research"].status == "pending"


def test_a_push_whose_answer_was_lost_is_found_on_the_branch(
    server: Path, clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    real_push = pushstore.push

    def push_then_drop(remote, commit):  # the server took it; the answer never came
        real_push(remote, commit)
        raise PushError("cannot push to main of origin: the connection was reset")

    monkeypatch.setattr(pushstore, "push", push_then_drop)
    tracker = pushing(clones[0])
    tracker.update_task("A", "Argo", "research", "in_progress", agent="one")
    assert tracker.pushes == [1]
    assert server_week(server).items["Argo"]["research"].agent == "one"

    def refuse(remote, commit):
        raise PushError("cannot push to main of origin: denied")

    monkeypatch.setattr(pushstore, "push", refuse)
    with pytest.raises(PushError, match="denied"):  # refused for real: nothing landed
        tracker.update_task("A", "Backstage", "research", "in_progress")


def test_a_server_that_refuses_the_push_is_one_error_not_a_retry(
    server: Path, clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    tries = []
    real_push = pushstore.push
    monkeypatch.setattr(pushstore, "push", lambda *args: tries.append(1) or real_push(*args))
    hook = server / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    tracker = pushing(clones[0])
    with pytest.raises(PushError) as error:
        tracker.update_task("A", "Argo", "research", "in_progress")
    assert str(error.value).startswith("cannot push to main of origin (")
    assert "pre-receive hook declined" in str(error.value)
    assert len(tries) == 1  # a refusal is not a race to retry
    assert server_week(server).items["Argo"]["research"].status == "pending"
