"""One JSON vocabulary: every ``--json`` output and ``progress.json`` name things the same way."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LANDSCAPE
from tracker.cli.main import main

OTHER_NAMES = {
    "week_letter", "item_name", "task_type", "letter", "by_type", "by_task_type", "name",
    "error_message", "task_name",
}  # fmt: skip
"""What some outputs used to say for ``week``, ``item``, ``task``, ``by_task`` and ``error``."""
FILE_DATA = {"record", "before", "after", "metadata", "items", "week_tasks"}
"""Keys whose values are tracker-file data, under the file format's own names."""


def _keys(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield path, key
            if key not in FILE_DATA:
                yield from _keys(value, f"{path}.{key}")
    elif isinstance(data, list):
        for value in data:
            yield from _keys(value, f"{path}[]")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Editor Erin", "-c", "user.email=e@x", *args],
        check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> dict[str, Any]:
    """Every JSON the tracker prints, by command, from one real repository."""
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q")
    found: dict[str, Any] = {}

    def run(name: str, *argv: str) -> None:
        assert main([*argv, "--json"]) in (0, 3), name  # 3: nothing to claim
        found[name] = json.loads(capsys.readouterr().out)

    run("import-landscape", "import-landscape", str(LANDSCAPE))
    run("sync", "sync", "Z", "Zot", "Zeebe", "--allow-mass-removal")
    _git(tmp_path, "add", "data")
    _git(tmp_path, "commit", "-qm", "import")
    tracker_file = tmp_path / "data" / "weeks" / "25-Z" / "tracker.yaml"
    text = tracker_file.read_text()
    tracker_file.write_text(text.replace("status: pending", "status: skipped", 1))  # by hand
    _git(tmp_path, "commit", "-qam", "skip by hand")
    (tmp_path / "data" / "weeks" / "24-Y").mkdir(exist_ok=True)
    (tmp_path / "data" / "weeks" / "24-Y" / "tracker.yaml").unlink()
    (tmp_path / "data" / "weeks" / "24-Y" / "tasks.yaml").write_text("- Yorkie\n")
    run("migrate", "migrate")
    run("start", "start", "A", "Argo", "research")
    run("fail", "fail", "A", "Argo", "research", "--error", "HTTP 503")
    run("retry", "retry", "A")
    run("claim", "claim", "A", "--agent", "researcher-1", "--lease", "0s")
    run("reclaim", "reclaim", "A")
    run("complete", "complete", "A", "Argo", "research")
    run("log", "log", "--git")
    run("metrics", "metrics")
    run("show", "show", "A", "--status", "completed")
    run("rollback", "rollback", "A", "--to", found["log"]["events"][0]["event_id"])
    run("ready", "ready", "A", "--limit", "3")
    run("progress", "progress")
    assert main(["render", "--out", "site"]) == 0
    found["progress.json"] = json.loads((tmp_path / "site" / "progress.json").read_text())
    return found


def test_every_json_output_uses_one_vocabulary(outputs: dict[str, Any]):
    assert len(outputs) == 16
    for name, data in outputs.items():
        other = sorted({f"{path}.{key}" for path, key in _keys(data) if key in OTHER_NAMES})
        assert other == [], name


def _task(data: dict[str, Any]) -> tuple[str, str, str]:
    return data["week"], data["item"], data["task"]


def test_tasks_are_named_by_week_item_and_task(outputs: dict[str, Any]):
    assert (
        _task(outputs["start"])
        == _task(outputs["retry"]["retried"][0])
        == ("A", "Argo", "research")
    )
    claimed = ("A", "Aeraki Mesh", "research")  # the first ready task
    assert _task(outputs["claim"]) == _task(outputs["reclaim"][0]) == claimed
    assert outputs["ready"][0].keys() == {"week", "item", "task", "agent"}
    assert outputs["rollback"][0]["week"] == "A"
    event = outputs["log"]["events"][0]
    assert {"week", "item", "task", "from_status", "to_status"} <= event.keys()
    (hand_edit,) = outputs["log"]["git_changes_not_in_history"]
    assert (hand_edit["week"], hand_edit["item"], hand_edit["task"]) == ("Z", "Zabbix", "research")
    assert outputs["show"]["week"] == "A" and list(outputs["show"]["items"]) == ["Argo"]
    assert [w["week"] for w in outputs["import-landscape"]["weeks"]][:2] == ["A", "B"]
    assert outputs["sync"]["week"] == "Z" and outputs["migrate"][0]["week"] == "Y"
    assert outputs["metrics"]["by_task"][0]["task"] == "research"
    assert [a["agent"] for a in outputs["metrics"]["by_agent"]] == ["researcher", "researcher-1"]


def test_progress_and_progress_json_agree(outputs: dict[str, Any]):
    cli, site = outputs["progress"], outputs["progress.json"]
    assert cli["overall"] == site["overall"]
    assert cli["by_task"] == site["by_task"]
    assert [w["week"] for w in cli["weeks"]] == [w["week"] for w in site["weeks"]]
    assert cli["weeks"][0]["by_task"] == site["weeks"][0]["by_task"]
    assert set(cli["overall"]) == {
        "total", "completed", "skipped", "in_progress", "failed", "pending", "done",
        "completion_percentage", "done_percentage",
    }  # fmt: skip
    assert site["failures"] == [] and site["metrics"]["by_task"][0]["task"] == "research"
