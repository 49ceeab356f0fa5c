"""The series' calendar: one letter a week from ``series_start``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tracker.domain.schedule import WeekDates, current_week, week_dates
from tracker.domain.weeks import Week

START = date(2026, 11, 4)  # a Wednesday: weeks need not start on Monday


@pytest.mark.parametrize(
    ("letter", "first", "last"),
    [("A", date(2026, 11, 4), date(2026, 11, 10)), ("B", date(2026, 11, 11), date(2026, 11, 17)),
     ("Z", date(2027, 4, 28), date(2027, 5, 4))],
)  # fmt: skip
def test_week_dates(letter: str, first: date, last: date) -> None:
    assert week_dates(START, Week(letter)) == WeekDates(first, last)
    assert first in week_dates(START, Week(letter)) and last in week_dates(START, Week(letter))


@pytest.mark.parametrize(
    ("when", "letter"),
    [
        (datetime(2026, 11, 3, 23, 59, tzinfo=UTC), None),  # the day before
        (datetime(2026, 11, 4, 0, 0, tzinfo=UTC), "A"),
        (datetime(2026, 11, 10, 23, 59, tzinfo=UTC), "A"),
        (datetime(2026, 11, 11, 0, 0, tzinfo=UTC), "B"),
        (date(2027, 5, 4), "Z"),
        (date(2027, 5, 5), None),  # the day after week Z
    ],
)
def test_current_week(when: datetime | date, letter: str | None) -> None:
    expected = Week(letter) if letter else None
    assert current_week(START, when) == expected
    if expected is not None:
        assert (when.date() if isinstance(when, datetime) else when) in week_dates(START, expected)
