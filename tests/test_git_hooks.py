"""Real git, real pre-commit: commits and merges that break the workflow's rules are refused.

The published hooks are installed as ``repo: local`` with ``language: system``
(this machine and CI reach PyPI, not GitHub), running this checkout's tracker,
with the stages and hook types the README tells consumers to use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.git.conftest import consumer_config
from tracker import YAMLTrackerBackend

PASSING = Path(__file__).parent / "hooks" / "tracker-check" / "pass"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def consumer(tmp_path: Path) -> tuple[Path, Run]:
    """A repository of tracker data with the hooks installed; ``run`` runs a command in it."""
    repo = tmp_path / "repo"
    shutil.copytree(PASSING, repo)
    (repo / "expected.txt").unlink()
    (repo / ".pre-commit-config.yaml").write_text(consumer_config())
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PYTHONPATH": str(REPO_ROOT),
    }

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, check=False)

    assert run("git", "init", "-q", "-b", "main").returncode == 0
    installed = run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    assert (repo / ".git" / "hooks" / "pre-merge-commit").is_file()
    run("git", "add", "-A")
    first = run("git", "commit", "-q", "-m", "valid week")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, run


@pytest.mark.slow
def test_commit_with_dependency_violation_is_refused(consumer: tuple[Path, Run]) -> None:
    repo, run = consumer
    week = repo / "data" / "weeks" / "00-A" / "tracker.yaml"
    text = week.read_text()
    # Start Artifact Hub's content while its research is still pending.
    broken = text.replace(
        "  Artifact Hub:\n    tasks:\n      research:\n        status: pending\n"
        "        agent: researcher\n      content:\n        status: pending",
        "  Artifact Hub:\n    tasks:\n      research:\n        status: pending\n"
        "        agent: researcher\n      content:\n        status: in_progress",
    )
    assert broken != text
    week.write_text(broken)
    run("git", "add", "-A")
    refused = run("git", "commit", "-q", "-m", "start content early")
    assert refused.returncode != 0
    assert (
        "data/weeks/00-A/tracker.yaml:26:17: D001 error: content of 'Artifact Hub' is "
        "in_progress but research of 'Artifact Hub' is pending"
    ) in refused.stdout + refused.stderr
    assert run("git", "rev-list", "--count", "HEAD").stdout.strip() == "1"


@pytest.mark.slow
def test_a_clean_merge_into_an_invalid_state_is_refused(consumer: tuple[Path, Run]) -> None:
    """One branch resets research, the other completes content: git's text merge is clean."""
    repo, run = consumer
    backend = YAMLTrackerBackend(repo / "data" / "weeks")

    def commit(message: str) -> None:
        run("git", "add", "--all")
        done = run("git", "commit", "-q", "-m", message)
        assert done.returncode == 0, done.stdout + done.stderr

    backend.update_task("A", "Artifact Hub", "research", "in_progress")
    backend.update_task("A", "Artifact Hub", "research", "completed")
    commit("research done")
    run("git", "checkout", "-q", "-b", "content")
    backend.update_task("A", "Artifact Hub", "content", "in_progress")
    backend.update_task("A", "Artifact Hub", "content", "completed")
    commit("content written")
    run("git", "checkout", "-q", "main")
    backend.update_task("A", "Artifact Hub", "research", "pending")
    commit("redo the research")
    merged = run("git", "merge", "--no-edit", "content")
    assert merged.returncode != 0
    said = merged.stdout + merged.stderr
    assert "D001 error: content of 'Artifact Hub' is completed but research of 'Artifact" in said
    assert run("git", "rev-list", "--count", "HEAD").stdout.strip() == "3"  # no merge commit
