"""The series' calendar: one letter a week, from ``series_start`` (week A) on.

Week A runs from ``series_start`` for seven days, week B the seven days after,
and so on to week Z. The start may be any day of the week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from tracker.domain.weeks import WEEK_LETTERS, Week

WEEK = timedelta(days=7)


class WeekDates(NamedTuple):
    """The first and last day of a week of the series (both included)."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def week_dates(series_start: date, week: Week) -> WeekDates:
    """The days of ``week``: ``series_start`` plus ``week.index`` weeks, seven days long."""
    first = series_start + week.index * WEEK
    return WeekDates(first, first + WEEK - timedelta(days=1))


def current_week(series_start: date, when: datetime | date) -> Week | None:
    """The week whose days hold ``when`` (its UTC date); None before week A or after week Z."""
    day = when.date() if isinstance(when, datetime) else when
    index = (day - series_start).days // 7
    return Week(WEEK_LETTERS[index]) if 0 <= index < len(WEEK_LETTERS) else None
