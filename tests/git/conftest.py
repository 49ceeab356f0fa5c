"""Real git for the git tests: repositories, a bare 'server' and its clones."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import YAMLTrackerBackend
from tracker.fileformat import yamlio


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


def commit(repo: Path, message: str, author: str = "tool") -> None:
    """Stage everything (new history fragments too) and commit, as ``tracker commit`` does."""
    git(repo, "add", "--all")
    git(repo, "commit", "-qm", message, author=author)


def backend_in(repo: Path) -> YAMLTrackerBackend:
    return YAMLTrackerBackend(repo / "data" / "weeks")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds week A with Argo, Backstage and Cilium."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".gitattributes").write_text((REPO_ROOT / ".gitattributes").read_text())
    (repo / ".gitignore").write_text((REPO_ROOT / ".gitignore").read_text())
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


def consumer_config() -> str:
    """A consumer's .pre-commit-config.yaml: our published hooks with their stages."""
    hooks = yamlio.load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    lines = [
        "default_install_hook_types: [pre-commit, pre-merge-commit]",
        "repos:",
        "  - repo: local",
        "    hooks:",
    ]
    for hook in hooks:
        entry = hook["entry"].replace("tracker", f"{shlex.quote(sys.executable)} -m tracker", 1)
        lines += [
            f"      - id: {hook['id']}",
            f"        name: {hook['id']}",
            f"        entry: {entry}",
            "        language: system",
            f"        files: '{hook['files']}'",
            f"        pass_filenames: {str(hook.get('pass_filenames', True)).lower()}",
            f"        require_serial: {str(hook.get('require_serial', False)).lower()}",
            f"        stages: [{', '.join(hook['stages'])}]",
        ]
    return "\n".join(lines) + "\n"
