"""progress, show and ready, in text and JSON."""

from __future__ import annotations

from tests.cli.commands.conftest import Cli


def test_progress_all_weeks_table_and_json(cli_week: Cli):
    assert cli_week("sync", "C", "Cilium").code == 0
    assert cli_week("start", "A", "Argo", "research").code == 0
    text = cli_week("progress").out.splitlines()
    assert text[0].split() == [
        "week",
        "items",
        "research",
        "content",
        "blog_post",
        "failed",
        "in",
        "progress",
        "done",
        "%",
    ]
    assert text[2].split()[:5] == ["A", "3", "0/3", "0/3", "0/1"]
    data = cli_week("progress", "--json").json()
    assert [w["week"] for w in data] == ["A", "C"]
    assert data[0]["overall"]["in_progress"] == 1 and data[0]["overall"]["total"] == 7
    assert data[0]["by_type"]["blog_post"]["total"] == 1


def test_progress_one_week_one_type(cli_week: Cli):
    data = cli_week("progress", "a", "--type", "research", "--json").json()
    assert data[0]["overall"]["total"] == 3 and list(data[0]["by_type"]) == ["research"]


def test_show(cli_week: Cli):
    assert cli_week("sync", "A", "Argo", "--allow-mass-removal").code == 0
    out = cli_week("show", "A").out
    assert "Argo" in out and "Backstage" not in out
    assert "Backstage (removed)" in cli_week("show", "A", "--removed").out
    data = cli_week("show", "A", "--json").json()
    assert data["items"]["Backstage"]["removed"] is True


def test_ready(cli_week: Cli):
    data = cli_week("ready", "--json", "--limit", "2").json()
    assert data == [
        {"week_letter": "A", "item_name": "Argo", "task_type": "research", "agent": "researcher"},
        {
            "week_letter": "A",
            "item_name": "Backstage",
            "task_type": "research",
            "agent": "researcher",
        },
    ]
    assert cli_week("ready", "--type", "content", "--json").json() == []
    assert "OPA/Gatekeeper" in cli_week("ready", "A").out


def test_empty_data_dir(cli: Cli):
    assert "no tracker files" in cli("progress").out
