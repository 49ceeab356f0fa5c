"""The project: the repository root is found one way, and only its pyproject.toml is read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tracker.cli.main import main
from tracker.project import Project, find_root

ON_CHANGE = '[tool.tracker]\non_change = "touch {marker}"\n'


def _git_init(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def test_root_is_the_git_work_tree_holding_the_data(tmp_path, monkeypatch):
    repo = tmp_path / "shared" / "repo"
    _git_init(repo)
    (repo / "data" / "weeks").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert find_root(repo / "data" / "weeks") == Path("shared/repo")
    monkeypatch.chdir(repo / "data")
    assert find_root(Path("weeks")).resolve() == repo.resolve()


def test_outside_git_the_root_is_the_working_directory_or_two_up(tmp_path, monkeypatch):
    (tmp_path / "proj" / "data" / "weeks").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "proj")
    assert find_root(Path("data/weeks")) == Path(".")
    monkeypatch.chdir(tmp_path / "proj" / "data" / "weeks")
    assert find_root(tmp_path / "proj" / "data" / "weeks") == Path(".")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert find_root(tmp_path / "proj" / "data" / "weeks") == (tmp_path / "proj").resolve()


def test_project_paths_and_settings(tmp_path, monkeypatch):
    (tmp_path / "data" / "weeks").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.tracker]\nlease = "45m"\n')
    monkeypatch.chdir(tmp_path)
    project = Project.find()
    assert project.schema_path == Path("schemas/tracker.schema.json")
    assert project.settings.lease.total_seconds() == 45 * 60


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "no-git"])
def test_on_change_in_a_pyproject_above_the_repository_never_runs(tmp_path, monkeypatch, in_git):
    """A shared, world-writable folder above the repository must not inject commands."""
    shared = tmp_path / "shared"
    marker = tmp_path / "ran"
    shared.mkdir()
    (shared / "pyproject.toml").write_text(ON_CHANGE.format(marker=marker))
    repo = shared / "repo"
    if in_git:
        _git_init(repo)
    (repo / "data" / "weeks").mkdir(parents=True)
    monkeypatch.chdir(repo)
    assert main(["sync", "A", "Argo"]) == 0
    assert main(["start", "A", "Argo", "research"]) == 0
    assert not marker.exists()
    # The repository's own setting does run.
    (repo / "pyproject.toml").write_text(ON_CHANGE.format(marker=marker))
    assert main(["complete", "A", "Argo", "research"]) == 0
    assert marker.exists()
