"""Metrics from history events."""

from __future__ import annotations

import pytest

from tracker import YAMLTrackerBackend
from tracker.agents.metrics import compute_metrics, percentile
from tracker.agents.retries import retry_failed


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 0.5, None),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0),
        ([5.0, 1.0, 3.0, 2.0, 4.0], 0.5, 3.0),
        ([float(n) for n in range(1, 11)], 0.9, 9.0),
        ([float(n) for n in range(1, 11)], 1.0, 10.0),
    ],
)
def test_percentile_nearest_rank(values, share, expected):
    assert percentile(values, share) == expected


def test_per_type_and_agent_with_retries_and_durations(week_a: YAMLTrackerBackend, clock):
    for item, minutes in (("ProjectA", 10), ("ProjectB", 30)):
        week_a.update_task("A", item, "research", "in_progress", agent="r1")
        clock.advance(minutes=minutes)
        week_a.update_task("A", item, "research", "completed")
    week_a.update_task("A", "ProjectC", "research", "in_progress", agent="r2")
    week_a.update_task("A", "ProjectC", "research", "failed", error_message="x")
    retry_failed(week_a)
    metrics = compute_metrics(week_a.read_history("A"))
    (research,) = metrics.by_task_type
    assert research._replace(name="") == ("", 3, 2, 1, 1, 0.6667, 600.0, 1800.0)
    by_agent = {s.name: s for s in metrics.by_agent}
    assert (by_agent["r1"].completed, by_agent["r1"].success_rate) == (2, 1.0)
    assert (by_agent["r2"].failed, by_agent["r2"].retries) == (1, 1)
    assert "writer" not in by_agent  # sync events are not work
