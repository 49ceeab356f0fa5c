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
    assert text[-1].split() == ["all", "4", "0/4", "0/4", "0/2", "0", "1", "0.0"]  # totals
    data = cli_week("progress", "--json").json()
    assert [w["week"] for w in data["weeks"]] == ["A", "C"]
    first = data["weeks"][0]
    assert first["overall"]["in_progress"] == 1 and first["overall"]["total"] == 7
    assert first["by_task"]["blog_post"]["total"] == 1
    assert data["items"] == 4 and data["overall"]["total"] == 10
    assert data["by_task"]["research"]["total"] == 4


def test_progress_one_week_one_type(cli_week: Cli):
    data = cli_week("progress", "a", "--type", "research", "--json").json()
    (week,) = data["weeks"]
    assert week["overall"]["total"] == 3 and list(week["by_task"]) == ["research"]
    assert "all" not in cli_week("progress", "A").out  # one week: no totals row


def test_progress_prints_done_percent_with_one_decimal(cli_week: Cli):
    assert cli_week("skip", "A", "Argo", "research").code == 0  # 1 of 7 done: 14.285...
    assert cli_week("progress", "A").out.splitlines()[2].split()[-1] == "14.3"
    overall = cli_week("progress", "A", "--json").json()["overall"]
    assert (overall["done"], overall["done_percentage"]) == (1, 14.29)
    assert overall["completion_percentage"] == 0.0  # skipped is done, not completed


def test_show(cli_week: Cli):
    assert cli_week("sync", "A", "Argo", "--allow-mass-removal").code == 0
    out = cli_week("show", "A").out
    assert "Argo" in out and "Backstage" not in out
    assert "Backstage (removed)" in cli_week("show", "A", "--removed").out
    data = cli_week("show", "A", "--removed", "--json").json()
    assert data["week"] == "A" and data["items"]["Backstage"]["removed"] is True
    assert "Backstage" not in cli_week("show", "A", "--json").json()["items"]


def test_show_lists_failures_with_their_errors(cli_week: Cli):
    assert cli_week("start", "A", "Argo", "research").code == 0
    assert (
        cli_week("fail", "A", "Argo", "research", "--error", "HTTP 503 from github.com").code == 0
    )
    out = cli_week("show", "A").out
    assert out.endswith(
        "failed:\n  research of 'Argo': HTTP 503 from github.com (retry 0 of 3 used)\n"
    )


def test_show_filters_by_status(cli_week: Cli):
    assert cli_week("start", "A", "Argo", "research").code == 0
    assert cli_week("skip", "A", "Backstage", "content").code == 0
    rows = cli_week("show", "A", "--status", "in_progress").out.splitlines()
    assert [r.split()[0] for r in rows[2:] if r] == ["Argo"]
    both = cli_week("show", "A", "--status", "in_progress,skipped").out
    assert "Argo" in both and "Backstage" in both and "OPA/Gatekeeper" not in both
    assert "blog_post" not in both  # the week task is pending
    assert list(cli_week("show", "A", "--status", "skipped", "--json").json()["items"]) == [
        "Backstage"
    ]
    none = cli_week("show", "A", "--status", "failed")
    assert none.code == 0 and none.out == "week A: no items with a task failed\n"
    bad = cli_week("show", "A", "--status", "done")
    assert bad.code == 2 and "unknown status 'done'" in bad.err


def test_ready(cli_week: Cli):
    data = cli_week("ready", "--json", "--limit", "2").json()
    assert data == [
        {"week": "A", "item": "Argo", "task": "research", "agent": "researcher"},
        {"week": "A", "item": "Backstage", "task": "research", "agent": "researcher"},
    ]
    assert cli_week("ready", "--type", "content", "--json").json() == []
    assert "OPA/Gatekeeper" in cli_week("ready", "A").out


def test_empty_data_dir(cli: Cli):
    assert "no tracker files" in cli("progress").out
