"""Week values: parsed once at the edge, canonical inside."""

from __future__ import annotations

import pytest

from tracker.domain.weeks import ALL_WEEKS, Week, normalize_week_letter, week_folder
from tracker.exceptions import InvalidWeekLetterError, TrackerError


@pytest.mark.parametrize(("text", "letter", "folder"), [("a", "A", "00-A"), ("Z", "Z", "25-Z")])
def test_parse(text: str, letter: str, folder: str) -> None:
    week = Week.parse(text)
    assert (week.letter, week.folder, str(week)) == (letter, folder, letter)
    assert Week.parse(week) is week
    assert (normalize_week_letter(text), week_folder(text)) == (letter, folder)


@pytest.mark.parametrize("bad", ["", "AA", "1", "ä", " ", None, 3, "-"])
def test_bad_letters_are_tracker_errors(bad: object) -> None:
    with pytest.raises(InvalidWeekLetterError) as error:
        Week.parse(bad)  # type: ignore[arg-type]
    assert isinstance(error.value, TrackerError)


def test_constructing_needs_the_canonical_letter() -> None:
    with pytest.raises(InvalidWeekLetterError):
        Week("a")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("00-A", "A"), ("25-Z", "Z"), ("01-A", None), ("week-a", None), ("0-A", None)],
)
def test_from_folder(name: str, expected: str | None) -> None:
    week = Week.from_folder(name)
    assert (week.letter if week else None) == expected


def test_all_weeks_in_order() -> None:
    assert [w.folder for w in ALL_WEEKS][:2] == ["00-A", "01-B"] and len(ALL_WEEKS) == 26
    assert sorted(ALL_WEEKS, reverse=True)[0] == Week("Z")
