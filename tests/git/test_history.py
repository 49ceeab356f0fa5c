"""Hand edits found in the git history of tracker.yaml, with real git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.git.conftest import backend_in, commit, git
from tracker import TaskStatus
from tracker.cli.main import main
from tracker.exceptions import TrackerError
from tracker.git.history import git_history, unrecorded


def _hand_edit(repo: Path, old: str, new: str, item: str = "Backstage") -> None:
    path = backend_in(repo).tracker_path("A")
    text = path.read_text()
    at = text.index(item)
    path.write_text(text[:at] + text[at:].replace(old, new, 1))


@pytest.fixture
def edited(repo: Path) -> Path:
    backend = backend_in(repo)
    backend.update_task("A", "Argo", "research", "in_progress", agent="bot")
    backend.update_task("A", "Argo", "research", "completed", agent="bot")
    commit(repo, "tool run")
    _hand_edit(repo, "pending", "skipped")
    commit(repo, "hand edit in a PR", author="Editor Erin")
    return repo


@pytest.mark.slow
def test_only_the_hand_edit_is_unrecorded(edited: Path):
    backend = backend_in(edited)
    history = git_history(backend.tracker_path("A"))
    assert [(c.author, c.key) for c in history.changes] == [
        ("tool", ("Argo", "research")), ("Editor Erin", ("Backstage", "research")),
    ]  # fmt: skip
    (hand,) = unrecorded(history.changes, backend.read_history("A"))
    assert hand.after is not None and hand.after.status is TaskStatus.SKIPPED
    assert history.warnings == []


@pytest.mark.slow
def test_log_git_lists_the_hand_edit(edited: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--data-dir", str(edited / "data" / "weeks"), "log", "A", "--git", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (edit,) = data["git_changes_not_in_history"]
    assert (edit["author"], edit["item"], edit["after"]["status"]) == (
        "Editor Erin", "Backstage", "skipped",
    )  # fmt: skip
    (problem,) = data["unrecorded_changes"]
    assert problem.startswith("week A: research of 'Backstage' is skipped in the tracker file")


@pytest.mark.slow
def test_merged_runner_branches_blame_no_one(repo: Path, capsys: pytest.CaptureFixture[str]):
    """Each commit is compared with its parents, not with the commit before it in the log."""
    for branch, items in (("runner-1", ("Argo", "Backstage")), ("runner-2", ("Cilium",))):
        git(repo, "checkout", "-q", "-b", branch, "main")
        for item in items:
            backend_in(repo).update_task("A", item, "research", "in_progress", agent=branch)
            commit(repo, f"{branch} starts {item}")
            backend_in(repo).update_task("A", item, "research", "completed", agent=branch)
            commit(repo, f"{branch} completes {item}")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "runner-1")
    git(repo, "merge", "-q", "--no-edit", "runner-2")
    backend = backend_in(repo)
    history = git_history(backend.tracker_path("A"))
    assert len(history.changes) == 6  # 3 items x (start, complete); the merges add nothing
    assert unrecorded(history.changes, backend.read_history("A")) == []
    assert main(["--data-dir", str(repo / "data" / "weeks"), "log", "A", "--git"]) == 0
    assert "not in history" not in capsys.readouterr().out


@pytest.mark.slow
def test_a_change_made_in_the_merge_itself_is_reported(repo: Path):
    git(repo, "checkout", "-q", "-b", "side")
    backend_in(repo).update_task("A", "Argo", "research", "skipped")
    commit(repo, "side skips Argo")
    git(repo, "checkout", "-q", "main")
    backend_in(repo).update_task("A", "Cilium", "research", "skipped")
    commit(repo, "main skips Cilium")
    git(repo, "merge", "-q", "--no-commit", "side")
    _hand_edit(repo, "pending", "skipped")  # an edit slipped into the merge commit
    commit(repo, "merge side", author="Merger")
    changes = git_history(backend_in(repo).tracker_path("A")).changes
    assert [(c.author, c.key.item) for c in changes if c.author == "Merger"] == [
        ("Merger", "Backstage")
    ]


@pytest.mark.slow
def test_invalid_and_deleted_versions_are_skipped_with_a_warning(
    edited: Path, capsys: pytest.CaptureFixture[str]
):
    path = backend_in(edited).tracker_path("A")
    good = path.read_text()
    path.write_text(good.replace("metadata:", "metadata: [", 1))
    commit(edited, "broken by hand")
    git(edited, "rm", "-q", str(path))
    git(edited, "commit", "-qm", "deleted")
    path.write_text(good)
    git(edited, "add", str(path))
    git(edited, "commit", "-qm", "restored")
    history = git_history(path)
    assert len(history.changes) == 2  # from before the gap; the restored file is a baseline
    invalid, deleted = history.warnings
    assert "invalid version" in invalid and "at commit" in invalid
    assert "missing at commit" in deleted and "deleted" in deleted
    assert main(["--data-dir", str(edited / "data" / "weeks"), "log", "A", "--git"]) == 0
    err = capsys.readouterr().err
    assert "skipped an invalid version" in err and "Traceback" not in err


def test_outside_a_repository_is_a_clear_error(tmp_path: Path):
    backend = backend_in(tmp_path)
    backend.sync_with_etl("A", ["Argo"])
    with pytest.raises(TrackerError, match=r"git rev-parse in .* failed"):
        git_history(backend.tracker_path("A"))
