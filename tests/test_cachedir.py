"""The user's cache folder: private, outside the repository, or not used at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tracker.cachedir import cache_folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_made_private_under_xdg_cache_home(cache: Path):
    folder = cache_folder("templates", "abc")
    assert folder == cache / "tracker" / "templates" / "abc"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_home_cache_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder("x") == tmp_path / ".cache" / "tracker" / "x"


def test_a_folder_others_may_write_is_not_used(cache: Path):
    folder = cache_folder("shared")
    assert folder is not None
    folder.chmod(0o777)
    assert cache_folder("shared") is None


def test_a_symlink_is_not_used(cache: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (cache / "tracker").mkdir(parents=True)
    os.symlink(elsewhere, cache / "tracker" / "linked")
    assert cache_folder("linked") is None


def test_unusable_or_turned_off_is_none(cache: Path, monkeypatch: pytest.MonkeyPatch):
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert cache_folder("x") is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent / "fresh"))
    monkeypatch.setenv("TRACKER_NO_CACHE", "yes")
    assert cache_folder("x") is None
    assert not (cache.parent / "fresh").exists()


def test_never_inside_the_given_repository(cache: Path, tmp_path: Path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo / ".cache"))
    assert cache_folder("x", outside=repo) is None
    assert not (repo / ".cache").exists()
    assert cache_folder("x", outside=tmp_path / "other") == repo / ".cache" / "tracker" / "x"


@pytest.mark.parametrize("marker", [".git", "pyproject.toml"])
def test_a_cache_home_inside_a_repository_or_project_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str
):
    """Nothing is ever written in a repository, whichever cache it is (known texts have no
    repository to name: this is how they stay out)."""
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / marker).mkdir() if marker == ".git" else (repo / marker).write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo / "sub" / ".cache"))
    assert cache_folder("known", "x") is None
    assert not (repo / "sub" / ".cache").exists()


def test_a_home_that_is_a_dotfiles_repository_still_has_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".git").mkdir()
    assert cache_folder("x") == tmp_path / ".cache" / "tracker" / "x"
