"""The chart's geometry: a rising step line inside the plot, labelled axes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tracker.report.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, completion_chart

START = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_no_completions_draws_an_empty_chart():
    chart = completion_chart([], 1950, START)
    assert (chart.path, chart.area, chart.x_ticks) == ("", "", ())
    assert chart.summary == "No task of 1,950 is completed yet."


@pytest.mark.parametrize("count", [1, 3, 50, 1950])
def test_step_line_rises_once_per_completion_inside_the_plot(count):
    times = [START + timedelta(hours=3 * i) for i in range(count)]
    chart = completion_chart(times, 1950, times[-1] + timedelta(days=1))
    assert chart.path.count("V") == count
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", chart.path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert all(LEFT <= x <= WIDTH - RIGHT for x in numbers[:1] + xs[1:])
    assert all(TOP <= y <= HEIGHT - BOTTOM for y in ys)
    ys_only = [float(v) for v in re.findall(r"V(-?\d+(?:\.\d+)?)", chart.path)]
    assert ys_only == sorted(ys_only, reverse=True)  # SVG y grows downward: counts only rise
    assert chart.completed == count
    assert chart.summary.startswith(f"{count:,} of 1,950 tasks completed between 2026-11-02")
    assert chart.area.endswith("Z")


def test_axis_labels():
    times = [START, START + timedelta(days=8)]
    chart = completion_chart(times, 10, None)
    assert [t.label for t in chart.x_ticks] == ["Nov 02", "Nov 04", "Nov 06", "Nov 08", "Nov 10"]
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2"]
    short = completion_chart([START, START + timedelta(hours=4)], 10, None)
    assert short.x_ticks[1].label == "Nov 02 10:00"
