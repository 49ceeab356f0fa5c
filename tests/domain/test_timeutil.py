"""Durations for leases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.domain.timeutil import parse_duration


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
