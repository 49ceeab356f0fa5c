"""``tracker log``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.conftest import FakeClock
from tracker import YAMLTrackerBackend


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


def test_since_reads_yesterday_dates_and_times_ago(run, data_dir):
    long_ago = YAMLTrackerBackend(data_dir, clock=FakeClock(datetime(2000, 1, 3, tzinfo=UTC)))
    long_ago.sync_with_etl("B", ["Argo"])
    YAMLTrackerBackend(data_dir).update_task("B", "Argo", "research", "in_progress")  # now
    for since in ("yesterday", "2h", "3d ago", "1w"):
        _, out, _ = run("log", "B", "--since", since, "--json")
        assert [e["to_status"] for e in json.loads(out)["events"]] == ["in_progress"], since
    assert run("log", "B", "--since", "2000-01-01", "--json")[0] == 0
    _, out, _ = run("log", "B", "--since", "2000-01-01", "--json")
    assert len(json.loads(out)["events"]) == 4  # and the three records the sync created
    with pytest.raises(SystemExit) as exit_info:
        run("log", "--since", "last tuesday")
    assert exit_info.value.code == 2


def test_a_bad_since_says_what_it_accepts(run, capsys):
    with pytest.raises(SystemExit):
        run("log", "--since", "yesterdy")
    err = capsys.readouterr().err
    assert "not a time: 'yesterdy'; use an ISO 8601 time or date" in err
    assert "parse_time" not in err and "invalid" not in err
