"""The merge driver with real git: clones of a bare 'server', with and without the driver."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.git.conftest import backend_in, clone, commit, git
from tracker.checking.validate import validate_text
from tracker.cli.main import main

pytestmark = pytest.mark.slow


def setup(where: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(where)
    assert main(["git-setup"]) == 0
    monkeypatch.chdir(where.parent)
    return where


@pytest.fixture
def clones(server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two clones with the merge driver set up."""
    return (
        setup(clone(server, tmp_path / "alice"), monkeypatch),
        setup(clone(server, tmp_path / "bob"), monkeypatch),
    )


def commit_push(repo: Path, message: str) -> None:
    commit(repo, message)
    git(repo, "push", "-q", "origin", "main")


def pull(repo: Path) -> tuple[bool, str]:
    """``git pull`` (a merge); whether it merged cleanly, and what git and the driver said."""
    out = git(repo, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    merged = "CONFLICT" not in out and "Automatic merge failed" not in out
    return merged, out


def test_git_setup_configures_the_clone(clones: tuple[Path, Path]):
    alice, _ = clones
    assert "merge-driver %O %A %B %P" in git(alice, "config", "merge.tracker.driver")
    assert "data/weeks/*/tracker.yaml merge=tracker" in (alice / ".gitattributes").read_text()


def test_syncs_on_two_branches_merge_where_text_conflicts(
    clones: tuple[Path, Path], server: Path, tmp_path: Path
):
    alice, bob = clones
    plain = clone(server, tmp_path / "plain")  # no driver: git's text merge
    backend_in(alice).sync_with_etl("A", ["Argo", "Backstage", "Cilium", "Dapr"])
    commit_push(alice, "sync adds Dapr")
    for repo in (bob, plain):
        backend_in(repo).sync_with_etl("A", ["Argo", "Backstage", "Cilium", "Envoy"])
        commit(repo, "sync adds Envoy")
    merged, said = pull(plain)
    assert not merged, said  # both appended an item at the same place
    merged, said = pull(bob)
    assert merged, said
    week = backend_in(bob).load_tracker("A")
    assert list(week.items) == ["Argo", "Backstage", "Cilium", "Envoy", "Dapr"]
    assert week.metadata.etl_item_count == 5
    assert main(["--data-dir", str(bob / "data" / "weeks"), "check", "--ignore", "N"]) == 0


def test_different_changes_to_one_task_conflict_by_task(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
):
    alice, bob = clones
    backend_in(alice).update_task("A", "Argo", "research", "completed")
    commit_push(alice, "alice completes Argo's research")
    backend_in(bob).update_task("A", "Argo", "research", "failed", error_message="HTTP 503")
    commit(bob, "bob fails it")
    merged, said = pull(bob)
    assert not merged
    assert (
        "conflict: data/weeks/00-A/tracker.yaml: week A: research of 'Argo': changed on both "
        "sides: ours failed by researcher, theirs completed by researcher"
    ) in said
    path = backend_in(bob).tracker_path("A")
    text = path.read_bytes()
    found = validate_text(text, str(path)).diagnostics
    assert [d.rule for d in found] == ["M001", "M001", "M001"]
    lines = text.decode().splitlines()
    assert [lines[d.line - 1][:7] for d in found] == ["<<<<<<<", "=======", ">>>>>>>"]
    assert main(["--data-dir", str(bob / "data" / "weeks"), "validate"]) == 1
    assert "M001 error: merge conflict marker" in capsys.readouterr().out


def test_a_merge_that_breaks_the_dependency_rule_is_refused(
    clones: tuple[Path, Path], server: Path, tmp_path: Path
):
    alice, bob = clones
    plain = clone(server, tmp_path / "plain")
    for repo in (alice, bob, plain):  # everyone starts from research completed
        backend_in(repo).update_task("A", "Argo", "research", "completed")
    commit_push(alice, "research done")
    for repo in (bob, plain):
        git(repo, "reset", "-q", "--hard")
        git(repo, "pull", "-q", "--no-edit", "origin", "main")
    backend_in(alice).update_task("A", "Argo", "research", "pending", reason="redo the research")
    commit_push(alice, "reset Argo's research")
    for repo in (bob, plain):
        backend_in(repo).update_task("A", "Argo", "content", "in_progress")
        backend_in(repo).update_task("A", "Argo", "content", "completed")
        commit(repo, "content written")
    merged, _ = pull(plain)
    assert merged  # git alone merges the text cleanly into an invalid state
    assert main(["--data-dir", str(plain / "data" / "weeks"), "check", "--select", "D"]) == 1
    merged, said = pull(bob)
    assert not merged
    assert (
        "content of 'Argo': the merge would leave it completed while research of 'Argo' is pending"
        in said
    )


def test_a_clone_without_union_merges_gets_markers_that_validate_names(
    server: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """How a server that runs no merge drivers behaves: plain text merges everywhere."""
    alice, bob = clone(server, tmp_path / "alice"), clone(server, tmp_path / "bob")
    (bob / ".git" / "info" / "attributes").write_text("* merge=text\n")
    backend_in(alice).update_task("A", "Argo", "research", "skipped")
    commit_push(alice, "skip")
    backend_in(bob).update_task("A", "Argo", "research", "in_progress")
    commit(bob, "start")
    merged, _ = pull(bob)
    assert not merged
    assert main(["--data-dir", str(bob / "data" / "weeks"), "validate"]) == 1
    out = capsys.readouterr().out
    assert "data/weeks/00-A/tracker.yaml:" in out and "M001 error" in out
    assert "Y001" not in out  # reported as a conflict, not as a generic YAML error
