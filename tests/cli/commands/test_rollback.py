"""``tracker rollback``."""

from __future__ import annotations

from tracker import TaskStatus


def test_rollback_command_round_trip(run, week):
    mark = week.read_history("A")[-1].event_id
    week.update_task("A", "Argo", "research", "skipped")
    code, out, _ = run("rollback", "A", "--to", mark)
    assert (code, out.splitlines()[-1]) == (0, "1 task(s) restored")
    assert week.load_tracker("A").items["Argo"]["research"].status is TaskStatus.PENDING
    code, _, err = run("rollback", "A", "--to", "nonsense")
    assert code == 1 and "neither an event id of this week nor a time" in err
