"""Every hook published in .pre-commit-hooks.yaml, run as pre-commit runs it.

Fixtures: ``tests/hooks/<hook id>/{pass,fail}/`` are small repositories;
``expected.txt`` holds the exact exit status and output
(``TRACKER_UPDATE_GOLDEN=1`` rewrites them after a deliberate change). The schema hook's
``pass`` repository gets the current schema written at test time (a golden
copy would go stale with every model change, which is the point of the hook).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tracker.checking.schema import write_schema
from tracker.fileformat import yamlio

FIXTURES = Path(__file__).parent / "hooks"
HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook for hook in yamlio.load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
}


def _command(hook: dict[str, Any], repo: Path) -> list[str]:
    entry = shlex.split(hook["entry"])
    assert entry[0] == "tracker"
    command = [sys.executable, "-m", "tracker", *entry[1:], *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        pattern = re.compile(hook["files"])
        files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
        command += [f for f in files if pattern.search(f)]
    return command


def test_every_hook_has_fixtures() -> None:
    assert sorted(HOOKS) == sorted(p.name for p in FIXTURES.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("outcome", ["pass", "fail"])
@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook(tmp_path: Path, hook_id: str, outcome: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / hook_id / outcome, repo)
    expected = (repo / "expected.txt").read_text()
    (repo / "expected.txt").unlink()
    if hook_id == "tracker-schema" and outcome == "pass":
        write_schema(repo / "schemas" / "tracker.schema.json")
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    done = subprocess.run(
        _command(HOOKS[hook_id], repo), cwd=repo, capture_output=True, text=True, check=False
    )
    actual = f"exit {done.returncode}\n{done.stdout}{done.stderr}"
    if os.environ.get("TRACKER_UPDATE_GOLDEN"):
        (FIXTURES / hook_id / outcome / "expected.txt").write_text(actual)
        expected = actual
    assert actual == expected
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    # A hook fails either by its exit status or, for fmt, by changing files.
    assert (done.returncode != 0 or bool(changed)) is (outcome == "fail")


@pytest.mark.slow
@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hooks_take_another_data_folder_through_args(tmp_path: Path, hook_id: str) -> None:
    """A consumer keeps its weeks elsewhere: ``args: [--data-dir, tracking/weeks]`` and a
    ``files:`` pattern of its own, as the README's example configuration shows."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / hook_id / "fail", repo)
    expected = (repo / "expected.txt").read_text().replace("data/weeks/", "tracking/weeks/")
    (repo / "expected.txt").unlink()
    if (repo / "data").exists():
        (repo / "tracking").mkdir()
        (repo / "data" / "weeks").rename(repo / "tracking" / "weeks")
    hook = {
        **HOOKS[hook_id],
        "args": ["--data-dir", "tracking/weeks"],
        "files": HOOKS[hook_id]["files"].replace("data/weeks/", "tracking/weeks/"),
    }
    done = subprocess.run(
        _command(hook, repo), cwd=repo, capture_output=True, text=True, check=False
    )
    assert f"exit {done.returncode}\n{done.stdout}{done.stderr}" == expected
