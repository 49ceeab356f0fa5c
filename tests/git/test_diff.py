"""``tracker diff`` with real git: a pull request's transitions, and what a reviewer must see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.git.conftest import backend_in, commit, git
from tracker.cli.main import main
from tracker.domain.weeks import Week

pytestmark = pytest.mark.slow


def tracker_diff(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(repo / "data" / "weeks"), "diff", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def branch(repo: Path) -> Path:
    """A pull request branch: tool changes (one with a reason) and a person's hand edit."""
    backend = backend_in(repo)
    backend.update_task("A", "Argo", "research", "completed")
    commit(repo, "Argo researched")
    git(repo, "checkout", "-q", "-b", "pr")
    backend.update_task("A", "Argo", "content", "in_progress", agent="writer-1")
    backend.update_task("A", "Argo", "content", "completed", agent="writer-1", reason="reviewed")
    backend.sync_with_etl("A", ["Argo", "Backstage", "Cilium", "Dapr"])
    path = backend.tracker_path("A")
    text = path.read_text()
    at = text.index("Backstage")
    path.write_text(text[:at] + text[at:].replace("pending", "skipped", 1))
    commit(repo, "PR work")
    return repo


def test_transitions_with_their_events_and_hand_edits(
    branch: Path, capsys: pytest.CaptureFixture[str]
):
    code, out = tracker_diff(branch, capsys, "main", "pr")
    assert code == 0  # a hand edit is a warning
    lines = out.splitlines()
    assert lines[0].startswith(
        "week A: content of 'Argo': pending -> completed  (agent writer-1; reason: reviewed; event "
    )
    assert (
        "week A: research of 'Backstage': pending -> skipped  (agent researcher; by hand)" in lines
    )
    assert "week A: item 'Dapr' added" in lines
    assert any(
        line.startswith("data/weeks/00-A/tracker.yaml:") and "R005 warning" in line
        for line in lines
    )
    assert lines[-1] == "4 transition(s), 0 error(s), 1 warning(s)"


def test_working_tree_by_default_and_json(branch: Path, capsys: pytest.CaptureFixture[str]):
    assert tracker_diff(branch, capsys, "main", "--format", "json")[0] == 0
    out = tracker_diff(branch, capsys, "main", "--format", "json")[1]
    data = json.loads(out)
    (week,) = data["weeks"]
    content = next(t for t in week["transitions"] if (t["item"], t["task"]) == ("Argo", "content"))
    assert (content["from_status"], content["to_status"], content["reason"]) == (
        "pending", "completed", "reviewed",
    )  # fmt: skip
    assert content["event_id"]
    assert [p["rule"] for p in data["problems"]] == ["R005"]


def test_rewritten_history_and_a_reset_without_trace_are_errors(
    branch: Path, capsys: pytest.CaptureFixture[str]
):
    """A PR moves a completed task back to pending and deletes its history line."""
    git(branch, "checkout", "-q", "main")
    git(branch, "checkout", "-q", "-b", "sneaky")
    backend = backend_in(branch)
    path = backend.tracker_path("A")
    text = path.read_text()
    at = text.index("Argo")
    path.write_text(text[:at] + text[at:].replace("status: completed", "status: pending", 1))
    for history in backend.project.history_files(Week("A")):
        lines = history.read_text().splitlines()
        kept = [line for line in lines if '"to_status":"completed"' not in line]
        history.write_text("".join(f"{line}\n" for line in kept))
    commit(branch, "quietly undo")
    code, out = tracker_diff(branch, capsys, "main", "sneaky", "--format", "github")
    assert code == 1
    assert "::error file=data/weeks/00-A/history/" in out and "title=R003" in out
    assert "::warning file=data/weeks/00-A/tracker.yaml,line=" in out and "title=R005" in out


def test_markdown_for_a_pull_request_comment(branch: Path, capsys: pytest.CaptureFixture[str]):
    code, out = tracker_diff(branch, capsys, "main", "pr", "--format", "markdown")
    assert code == 0
    assert out.startswith("### Tracker changes: 4 transition(s), 0 error(s), 1 warning(s)")
    assert "| A | content of 'Argo' | pending -> completed | writer-1 | reviewed | event " in out
    assert "- week A: item 'Dapr' added" in out


def test_an_unknown_revision_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--data-dir", str(repo / "data" / "weeks"), "diff", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracker: error: 'nope' names no commit in ") and err.count("\n") == 1
