"""Real git for the git tests: repositories, a bare 'server' and its clones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import YAMLTrackerBackend


def git(repo: Path, *args: str, author: str = "tool", check: bool = True) -> str:
    """Run git in ``repo`` as ``author``; its output."""
    done = subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", f"user.email={author}@example.org",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def backend_in(repo: Path) -> YAMLTrackerBackend:
    return YAMLTrackerBackend(repo / "data" / "weeks")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds week A with Argo, Backstage and Cilium."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".gitattributes").write_text((REPO_ROOT / ".gitattributes").read_text())
    backend_in(repo).sync_with_etl("A", ["Argo", "Backstage", "Cilium"])
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "import")
    return repo


@pytest.fixture
def server(repo: Path, tmp_path: Path) -> Path:
    """A bare repository standing in for GitHub, holding ``repo``'s main."""
    bare = tmp_path / "server.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    return bare


def clone(server: Path, where: Path) -> Path:
    git(server.parent, "clone", "-q", str(server), str(where))
    return where
