"""Geometry of the "completed tasks over time" chart; the template draws it as SVG.

All coordinates are computed here, in a fixed view box, so the template only
places elements and the output is byte-stable for the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

WIDTH = 720
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 36
"""Margins inside the view box, for the axis labels."""


@dataclass(frozen=True)
class Tick:
    position: str
    """x for the time axis, y for the count axis."""
    label: str


@dataclass(frozen=True)
class Chart:
    """A step line of completed tasks (cumulative) against time."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    path: str
    """SVG path data of the step line; empty when nothing is completed."""
    area: str
    """The same line closed down to the axis, for a light fill."""
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    completed: int
    total: int
    first: str
    last: str
    summary: str
    """One sentence saying what the chart shows, for screen readers and without SVG."""


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n that is >= value (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _time_label(value: datetime, span_seconds: float) -> str:
    return value.strftime("%b %d" if span_seconds >= 2 * 86400 else "%b %d %H:%M")


def completion_chart(times: Sequence[datetime], total: int, end: datetime | None) -> Chart:
    """The chart for completion ``times`` (sorted), out of ``total`` tasks, up to ``end``."""
    bottom_y = HEIGHT - BOTTOM
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_count = _nice_ceiling(len(times))
    y_ticks = tuple(
        Tick(_fmt(bottom_y - plot_h * i / 4), f"{top_count * i // 4:,}")
        for i in range(5)
        if top_count * i % 4 == 0
    )
    if not times:
        return Chart(
            WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, "", "", (), y_ticks, 0, total, "", "",
            f"No task of {total:,} is completed yet.",
        )  # fmt: skip
    start = times[0]
    stop = max(end or times[-1], times[-1])
    span = max((stop - start).total_seconds(), 1.0)

    def x(value: datetime) -> float:
        return LEFT + plot_w * (value - start).total_seconds() / span

    def y(count: int) -> float:
        return bottom_y - plot_h * count / top_count

    steps = [f"M{_fmt(x(start))},{_fmt(y(0))}"]
    for count, value in enumerate(times, start=1):
        steps.append(f"H{_fmt(x(value))}V{_fmt(y(count))}")
    steps.append(f"H{_fmt(x(stop))}")
    path = "".join(steps)
    area = f"{path}V{_fmt(bottom_y)}H{_fmt(x(start))}Z"
    x_ticks = tuple(
        Tick(_fmt(LEFT + plot_w * i / 4), _time_label(start + (stop - start) * i / 4, span))
        for i in range(5)
    )
    first, last = start.strftime("%Y-%m-%d"), times[-1].strftime("%Y-%m-%d")
    return Chart(
        WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, path, area, x_ticks, y_ticks, len(times), total,
        first, last,
        f"{len(times):,} of {total:,} tasks completed between {first} and {last}.",
    )  # fmt: skip
