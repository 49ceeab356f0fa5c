"""``tracker metrics``."""

from __future__ import annotations

import json


def test_metrics_json(run, week, clock):
    week.clock = clock
    week.update_task("A", "Argo", "research", "in_progress", agent="r1")
    clock.advance(minutes=10)
    week.update_task("A", "Argo", "research", "completed")
    week.update_task("A", "Backstage", "research", "in_progress", agent="r2")
    week.update_task("A", "Backstage", "research", "failed", error_message="x")
    code, out, _ = run("metrics", "A", "--json")
    assert code == 0
    data = json.loads(out)
    (research,) = data["by_task"]
    assert research == {
        "task": "research", "started": 2, "completed": 1, "failed": 1, "retries": 0,
        "success_rate": 0.5, "p50_seconds": 600.0, "p90_seconds": 600.0,
    }  # fmt: skip
    assert [a["agent"] for a in data["by_agent"]] == ["r1", "r2"]
    assert run("metrics")[0] == 0
    _, out, _ = run("metrics")
    assert "research         2          1       1        0  50%      10m 00s  10m 00s" in out
