"""The README's agent loop, run exactly as printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import TaskStatus, YAMLTrackerBackend

SECTION = "## Agents at scale: claims, leases, retries, history"


def readme_agent_loop() -> str:
    text = (REPO_ROOT / "README.md").read_text("utf-8")
    section = text[text.index(SECTION) :]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)[0]


def test_readme_loop_researches_every_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    backend = YAMLTrackerBackend(tmp_path / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    backend.sync_with_etl("B", ["Buildpacks"])
    exec(compile(readme_agent_loop(), "README.md", "exec"), {"__name__": "readme"})
    for week, item in (("A", "Argo"), ("A", "Backstage"), ("B", "Buildpacks")):
        record = backend.load_tracker(week).items[item]["research"]
        assert record.status is TaskStatus.COMPLETED
        assert record.agent == "researcher-1"
        assert (tmp_path / record.output_file).read_text() == f"research of {item}\n"


def readme_shell_loop() -> str:
    text = (REPO_ROOT / "README.md").read_text("utf-8")
    section = text[text.index(SECTION) :]
    (loop,) = [b for b in re.findall(r"```sh\n(.*?)```", section, re.DOTALL) if "claim" in b]
    return loop


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jq") is None, reason="the README's shell loop uses jq")
def test_readme_shell_loop_leaves_a_clean_check(tmp_path: Path):
    """Following the README's agents (its names, its commands) gives no lint warning."""
    backend = YAMLTrackerBackend(tmp_path / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    research = tmp_path / "research.sh"
    research.write_text('#!/bin/sh\n[ "$1" != Backstage ]\n')  # Backstage fails
    research.chmod(0o755)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", readme_shell_loop()], cwd=tmp_path, env=env, check=True)
    week = backend.load_tracker("A")
    assert week.items["Argo"]["research"].status is TaskStatus.COMPLETED
    assert week.items["Backstage"]["research"].status is TaskStatus.FAILED
    check = subprocess.run(
        ["tracker", "check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (check.returncode, check.stdout) == (0, "0 warnings, 0 errors in 1 file\n")
