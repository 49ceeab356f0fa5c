"""The README's agent loop, run exactly as printed."""

from __future__ import annotations

import re
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
