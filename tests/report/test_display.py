"""Display values: durations, links to output files, status segments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.models import TaskProgress
from tracker.report.display import counts, format_duration, output_href


def test_segments_cover_the_bar_in_status_order():
    shown = counts(
        TaskProgress(total=8, completed=3, pending=1, in_progress=1, failed=1, skipped=2)
    )
    assert [(s.status.value, s.count, s.width) for s in shown.segments] == [
        ("completed", 3, "37.5"), ("skipped", 2, "25"), ("in_progress", 1, "12.5"),
        ("failed", 1, "12.5"), ("pending", 1, "12.5"),
    ]  # fmt: skip
    assert (shown.done, shown.percent, shown.percent_text) == (5, 62.5, "62.5%")
    assert counts(TaskProgress()).segments == ()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (42, "42s"),
        (61, "1m 01s"),
        (3600 + 300, "1h 05m"),
        (3 * 86400 + 4 * 3600, "3d 4h"),
    ],
)
def test_format_duration(seconds, text):
    start = datetime(2026, 11, 2, tzinfo=UTC)
    assert format_duration(start, start.fromtimestamp(start.timestamp() + seconds, UTC)) == text


def test_format_duration_needs_both_ends_in_order():
    start = datetime(2026, 11, 2, tzinfo=UTC)
    assert format_duration(None, start) == format_duration(start, None) == ""
    assert format_duration(start, start.replace(day=1)) == ""


@pytest.mark.parametrize(
    ("output_file", "href"),
    [
        (None, ""),
        ("research/argo.yaml", "../research/argo.yaml"),
        ("/etc/passwd", ""),  # leaves the repository: no link
        ("../../etc/passwd", ""),
        ("C:\\Windows\\win.ini", ""),
        ("javascript:alert(1)", "../javascript%3Aalert%281%29"),
        ("blog/a b#c?.md", "../blog/a%20b%23c%3F.md"),
    ],
)
def test_output_href_is_always_relative(output_file, href):
    assert output_href(output_file, "../") == href
