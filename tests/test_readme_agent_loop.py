"""The README's agent loop, run exactly as printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import TaskStatus, YAMLTrackerBackend

SECTION = "## Agents at scale: `tracker work`, `--push`, claims, leases, retries, history"


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


def readme_work_example() -> str:
    text = (REPO_ROOT / "README.md").read_text("utf-8")
    section = text[text.index(SECTION) :]
    return next(
        b for b in re.findall(r"```sh\n(.*?)```", section, re.DOTALL) if "tracker work" in b
    )


@pytest.mark.slow
def test_readme_work_example_leaves_a_clean_check(tmp_path: Path):
    """The README's first ``tracker work`` example, run as printed, researches every item
    and leaves no lint warning."""
    backend = YAMLTrackerBackend(tmp_path / "data" / "weeks")
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", readme_work_example()], cwd=tmp_path, env=env, check=True)
    week = backend.load_tracker("A")
    for item in ("Argo", "Backstage"):
        record = week.items[item]["research"]
        assert (record.status, record.agent) == (TaskStatus.COMPLETED, "researcher-1")
        assert (tmp_path / record.output_file).read_text() == f"name: {item}\n"
    check = subprocess.run(
        ["tracker", "check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (check.returncode, check.stdout) == (0, "0 warnings, 0 errors in 1 file\n")
