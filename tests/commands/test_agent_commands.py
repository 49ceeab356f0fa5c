"""The agent commands through ``tracker.main.main``, on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tracker import TaskStatus, YAMLTrackerBackend
from tracker.main import main


@pytest.fixture
def run(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def week(data_dir: Path) -> YAMLTrackerBackend:
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    return backend


def test_claim_then_nothing_ready(run, week):
    code, out, _ = run("claim", "--agent", "bot", "--type", "research", "--json")
    assert code == 0
    claimed = json.loads(out)
    assert (claimed["item"], claimed["record"]["status"]) == ("Argo", "in_progress")
    assert run("claim", "A", "--agent", "bot", "--type", "research")[:2] == (
        0, "week A: research of 'Backstage' pending -> in_progress (agent bot)\n",
    )  # fmt: skip
    assert run("claim", "--agent", "bot") == (3, "nothing ready to claim\n", "")


def test_renew_and_reclaim(run, week):
    run("claim", "--agent", "bot", "--lease", "0s")
    code, out, _ = run("reclaim", "--json")
    assert code == 0
    (reclaimed,) = json.loads(out)
    assert reclaimed["record"]["status"] == "pending"
    assert re.fullmatch(r"reclaimed: lease of 'bot' expired at \S+Z", reclaimed["reason"])
    run("claim", "--agent", "bot")
    code, out, _ = run("renew", "A", "Argo", "research", "--agent", "bot", "--lease", "30m")
    assert (code, out.startswith("lease held by bot until ")) == (0, True)
    code, _, err = run("renew", "A", "Argo", "research", "--agent", "eve")
    assert (code, err) == (
        1, "tracker: error: cannot renew research of 'Argo' of week A: claimed by 'bot', "
        "not 'eve'\n",
    )  # fmt: skip


def test_retry_reports_retried_and_exhausted(run, week, data_dir):
    for _ in range(4):
        week.update_task("A", "Argo", "research", "in_progress")
        week.update_task("A", "Argo", "research", "failed", error_message="rate limited")
        code, out, _ = run("retry", "A", "--type", "research")
    assert code == 0
    assert out.splitlines() == [
        "week A: research of 'Argo' exhausted (3 of 3 retries used): rate limited",
        "0 retried, 1 exhausted",
    ]


def test_log_filters_and_warns_about_hand_edits(run, week):
    week.update_task("A", "Backstage", "research", "skipped", agent="editor")
    code, out, _ = run("log", "A", "--item", "Backstage", "--task", "research", "--json")
    assert code == 0
    data = json.loads(out)
    assert [e["to_status"] for e in data["events"]] == ["pending", "skipped"]
    assert data["unrecorded_changes"] == []
    assert "not in it" in data["note"]
    path = week.tracker_path("A")
    path.write_text(path.read_text().replace("status: skipped", "status: pending"))
    code, out, err = run("log")
    assert code == 0
    assert "edits made by hand to tracker.yaml" in out
    assert "changed outside the tracker: week A: research of 'Backstage'" in err


def test_rollback_command_round_trip(run, week):
    mark = week.read_history("A")[-1].event_id
    week.update_task("A", "Argo", "research", "skipped")
    code, out, _ = run("rollback", "A", "--to", mark)
    assert (code, out.splitlines()[-1]) == (0, "1 task(s) restored")
    assert week.load_tracker("A").items["Argo"]["research"].status is TaskStatus.PENDING
    code, _, err = run("rollback", "A", "--to", "nonsense")
    assert code == 1 and "neither an event id of this week nor a time" in err


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
    (research,) = data["by_task_type"]
    assert research == {
        "name": "research", "started": 2, "completed": 1, "failed": 1, "retries": 0,
        "success_rate": 0.5, "p50_seconds": 600.0, "p90_seconds": 600.0,
    }  # fmt: skip
    assert [a["name"] for a in data["by_agent"]] == ["r1", "r2"]
    assert run("metrics")[0] == 0
    _, out, _ = run("metrics")
    assert "research         2          1       1        0  50%      10m00s  10m00s" in out


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
