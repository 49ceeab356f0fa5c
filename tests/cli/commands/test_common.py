"""Shared command plumbing: the ``on_change`` notification hook."""

from __future__ import annotations

import json
from pathlib import Path

from tracker import TaskStatus


def test_on_change_gets_event_json_and_failure_only_warns(run, week, data_dir: Path, tmp_path):
    received = tmp_path / "events.jsonl"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.tracker]\non_change = "cat >> {received}; exit 7"\nlint = ["other-keys-ok"]\n'
    )
    code, _, err = run("skip", "A", "Argo", "research")
    assert code == 0
    assert "on_change command" in err and "exited 7" in err
    assert week.load_tracker("A").items["Argo"]["research"].status is TaskStatus.SKIPPED
    (event,) = [json.loads(line) for line in received.read_text().splitlines()]
    assert (event["item"], event["to_status"]) == ("Argo", "skipped")
    assert event["event_id"] == week.read_history("A")[-1].event_id
