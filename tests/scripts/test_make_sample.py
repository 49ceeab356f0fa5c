"""The committed sample series (data/sample/) is what scripts/make_sample.py makes, and valid."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "make_sample.py"
SAMPLE = REPO_ROOT / "data" / "sample"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix not in (".lock", ".journal")  # local, git-ignored
    }


def _run(*args: str | Path, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_the_script_makes_the_committed_sample_byte_for_byte(tmp_path: Path):
    result = _run(SCRIPT, "--out", tmp_path / "sample")
    assert result.returncode == 0, result.stderr
    made, committed = _files(tmp_path / "sample"), _files(SAMPLE)
    assert sorted(made) == sorted(committed)
    assert len(made) == 2 * 26  # tracker.yaml and history.jsonl of every week
    for name, data in made.items():
        assert data == committed[name], f"{name} differs: run python scripts/make_sample.py"


@pytest.mark.slow
def test_the_sample_passes_check_and_its_history_matches_its_files():
    check = _run("-m", "tracker", "--data-dir", SAMPLE, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    *problems, summary = check.stdout.splitlines()
    assert {line.split(": ")[1].split()[0] for line in problems} <= {"L001"}
    assert summary.endswith(" 0 errors in 26 files")
    log = _run("-m", "tracker", "--data-dir", SAMPLE, "log")
    assert log.returncode == 0 and "changed outside the tracker" not in log.stdout + log.stderr


@pytest.mark.slow
def test_the_readme_command_renders_the_sample(tmp_path: Path):
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    (command,) = [
        line.strip().split("  #")[0]
        for line in readme.splitlines()
        if line.strip().startswith("tracker --data-dir data/sample render")
    ]
    shutil.copytree(SAMPLE, tmp_path / "data" / "sample")
    words = command.split()
    result = _run("-m", "tracker", *words[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / words[words.index("--out") + 1]
    index = (out / "index.html").read_text("utf-8")
    assert "Week D is this week" in index and 'class="current"' in index
