"""Timing helpers: medians, percentiles, spread, and failing commands."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.timing import BenchmarkError, Timing, time_calls, time_process


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [((1.0,), 0.9, 1.0), ((3.0, 1.0, 2.0), 0.5, 2.0), ((1.0, 2.0, 3.0, 4.0), 0.9, 4.0)],
)
def test_percentile_is_nearest_rank(values, share, expected):
    assert Timing(values).percentile(share) == expected


def test_spread_is_range_over_median():
    assert Timing((0.9, 1.0, 1.3)).spread == pytest.approx(0.4)
    assert Timing((1.0,)).spread == 0.0


def test_calls_are_timed_after_one_warm_up():
    calls = []
    timing = time_calls(lambda: calls.append(1), runs=3)
    assert len(calls) == 4 and len(timing.values) == 3


def test_a_failing_command_is_an_error_not_a_figure(tmp_path: Path):
    argv = [sys.executable, "-c", "import sys; sys.exit('boom')"]
    with pytest.raises(BenchmarkError, match="exited 1: boom"):
        time_process(argv, 1, cwd=tmp_path, env={})
