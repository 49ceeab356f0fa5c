"""``tracker retry``."""

from __future__ import annotations


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
