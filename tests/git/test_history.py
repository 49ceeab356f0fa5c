"""Hand edits found in git history of tracker.yaml, with real git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tracker import TaskStatus, YAMLTrackerBackend
from tracker.cli.main import main
from tracker.exceptions import TrackerError
from tracker.git.history import git_changes, unrecorded


def _git(repo: Path, *args: str, author: str = "tool") -> None:
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=a@example.org", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    backend = YAMLTrackerBackend(repo / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "import")
    backend.update_task("A", "Argo", "research", "in_progress", agent="bot")
    backend.update_task("A", "Argo", "research", "completed")
    _git(repo, "commit", "-qam", "tool run")
    path = backend.tracker_path("A")
    text = path.read_text()
    at = text.index("Backstage")
    path.write_text(text[:at] + text[at:].replace("pending", "skipped", 1))
    _git(repo, "commit", "-qam", "hand edit in a PR", author="Editor Erin")
    return repo


@pytest.mark.slow
def test_only_the_hand_edit_is_unrecorded(repo: Path):
    backend = YAMLTrackerBackend(repo / "data" / "weeks")
    changes = git_changes(backend.tracker_path("A"))
    assert [(c.author, c.key) for c in changes] == [
        ("tool", ("Argo", "research")), ("Editor Erin", ("Backstage", "research")),
    ]  # fmt: skip
    (hand,) = unrecorded(changes, backend.read_history("A"))
    assert hand.after is not None and hand.after.status is TaskStatus.SKIPPED


@pytest.mark.slow
def test_log_git_lists_the_hand_edit(repo: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--data-dir", str(repo / "data" / "weeks"), "log", "A", "--git", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (edit,) = data["git_changes_not_in_history"]
    assert (edit["author"], edit["item"], edit["after"]["status"]) == (
        "Editor Erin", "Backstage", "skipped",
    )  # fmt: skip
    (problem,) = data["unrecorded_changes"]
    assert problem.startswith("week A: research of 'Backstage' is skipped in the tracker file")


def test_outside_a_repository_is_a_clear_error(tmp_path: Path):
    backend = YAMLTrackerBackend(tmp_path / "weeks")
    backend.sync_with_etl("A", ["Argo"])
    with pytest.raises(TrackerError, match=r"git log in .* failed"):
        git_changes(backend.tracker_path("A"))
