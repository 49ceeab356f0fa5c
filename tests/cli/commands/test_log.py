"""``tracker log``."""

from __future__ import annotations

import json


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
