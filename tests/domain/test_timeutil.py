"""Durations for leases, and the points in time ``log --since`` reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.timeutil import parse_duration, parse_since


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("45s", timedelta(seconds=45)),
        (" 0s ", timedelta(0)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "2", "h", "1.5h", "30m2h", "-1h", "2 hours"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match=r"expected e\.g\. 2h"):
        parse_duration(text)


NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("1w", timedelta(weeks=1)),
        ("1w2d3h", timedelta(days=9, hours=3)),
    ],
)
def test_durations_in_days_and_weeks(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", datetime(2026, 11, 24, tzinfo=UTC)),
        ("Yesterday", datetime(2026, 11, 23, tzinfo=UTC)),
        ("now", NOW),
        ("2h", datetime(2026, 11, 24, 13, 30, tzinfo=UTC)),
        ("3d ago", datetime(2026, 11, 21, 15, 30, tzinfo=UTC)),
        ("90m", datetime(2026, 11, 24, 14, tzinfo=UTC)),
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
        ("2026-11-24T09:00", datetime(2026, 11, 24, 9, tzinfo=UTC)),
        ("2026-11-24T10:00:00+01:00", datetime(2026, 11, 24, 9, tzinfo=UTC)),
    ],
)
def test_since_reads_the_forms_people_use(text, expected):
    assert parse_since(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "last week", "tomorrow", "-2h", "2026-13-01"])
def test_since_names_the_forms_it_accepts(text):
    with pytest.raises(ValueError, match=r"not a time: .* use an ISO 8601 time or date .* yester"):
        parse_since(text, NOW)
