"""Every reader takes only regular files inside the repository, up to max_file_size.

A committed ``tracker.yaml`` (or history, landscape or legacy file) that is a symlink
to ``/dev/zero``, a FIFO, a symlink to a file outside the repository, or simply huge,
is refused with one line naming it, by every command that reads it; nothing hangs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import LANDSCAPE, REPO_ROOT
from tracker import YAMLTrackerBackend
from tracker.exceptions import UnsafeFileError
from tracker.store.saferead import ReadLimits, read_limited


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.tracker]\nmax_file_size = "64KB"\n')
    backend = YAMLTrackerBackend(root / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    return root


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")


def _outside(path: Path) -> None:
    secret = path.parents[4] / "secret.yaml"  # next to the repository, not in it
    secret.write_text("metadata: {week_letter: A}\npassword: hunter2\n")
    path.unlink(missing_ok=True)
    path.symlink_to(secret)


def _huge(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * (64 * 1024) + b"\n")


def _folder(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.mkdir()


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "FIFO": (_fifo, "a FIFO, not a regular file"),
    "symlink to /dev/zero": (_dev_zero, "a symlink that leads outside the repository"),
    "symlink out of the repository": (_outside, "a symlink that leads outside the repository"),
    "larger than max_file_size": (_huge, "larger than max_file_size (65,536 bytes)"),
    "a folder": (_folder, "a folder, not a regular file"),
}

TRACKER = "data/weeks/00-A/tracker.yaml"
COMMANDS = {
    "validate": ["validate"],
    "check": ["check"],
    "fmt": ["fmt"],
    "show": ["show", "A"],
    "start": ["start", "A", "Argo", "research"],
    "render": ["render", "--out", "site"],
}


def _tracker(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", "data/weeks", *args],
        capture_output=True, text=True, cwd=repo, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_command_refuses_a_tracker_file_that_is_not_a_small_regular_file(
    repo: Path, kind: str
) -> None:
    make, message = KINDS[kind]
    make(repo / TRACKER)
    for name, args in COMMANDS.items():
        done = _tracker(repo, *args)  # a hang is a failure: the timeout raises
        assert done.returncode == 1, (name, done)
        assert "Traceback" not in done.stderr, (name, done.stderr)
        assert message in done.stdout + done.stderr, (name, done)
        assert "hunter2" not in done.stdout + done.stderr
    assert not (repo / "site").exists()


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_history_is_read_the_same_way(repo: Path, kind: str) -> None:
    make, message = KINDS[kind]
    make(repo / "data" / "weeks" / "00-A" / "history.jsonl")
    backend = YAMLTrackerBackend(repo / "data" / "weeks")
    with pytest.raises(UnsafeFileError, match=re.escape(message)):
        backend.read_history("A")


@pytest.mark.parametrize("kind", list(KINDS))
def test_landscape_and_legacy_files_are_read_the_same_way(
    repo: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.cli.main import main

    make, message = KINDS[kind]
    monkeypatch.chdir(repo)
    landscape = repo / "data" / "landscape.yml"
    landscape.write_text("landscape: []\n")
    make(landscape)
    assert main(["--data-dir", "data/weeks", "import-landscape", str(landscape)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    legacy = repo / "data" / "weeks" / "02-C" / "tasks.yaml"
    legacy.parent.mkdir()
    legacy.write_text("- Cilium\n")
    make(legacy)
    assert main(["--data-dir", "data/weeks", "migrate", "C"]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (legacy.parent / "tracker.yaml").exists()


def test_symlinks_inside_the_repository_are_followed(repo: Path) -> None:
    week = repo / "data" / "weeks" / "00-A"
    (week / "tracker.yaml").rename(week / "real.yaml")
    (week / "tracker.yaml").symlink_to("real.yaml")
    assert "Argo" in YAMLTrackerBackend(repo / "data" / "weeks").load_tracker("A").items


def test_a_file_named_outside_the_repository_is_read(tmp_path: Path) -> None:
    """Only symlinks out of the repository are refused; a path given on purpose is read."""
    path = tmp_path / "elsewhere.yaml"
    path.write_text("x")
    assert read_limited(path, ReadLimits(root=tmp_path / "repo")) == b"x"


def test_the_real_landscape_fits_the_default_limit() -> None:
    assert read_limited(LANDSCAPE, ReadLimits(root=REPO_ROOT))


def test_a_missing_file_is_not_found_not_unsafe(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "nope.yaml", ReadLimits())
