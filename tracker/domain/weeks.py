"""Weeks of the series: one letter each, stored in a folder ``NN-L``.

A week is named by its letter wherever a user names it (``'a'``, ``'A'``);
:meth:`Week.parse` turns that into a :class:`Week` once, at the edge of the
API, and everything inside works with the value: its letter is canonical and
it knows its folder, so nothing re-normalises or rebuilds either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.exceptions import InvalidWeekLetterError

WEEK_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WEEK_FOLDER_RE = re.compile(r"^(\d\d)-([A-Z])$")


@dataclass(frozen=True, order=True)
class Week:
    """One week: ``Week('A')`` has folder ``00-A``; ``Week('Z')``, ``25-Z``."""

    letter: str

    def __post_init__(self) -> None:
        if not (isinstance(self.letter, str) and len(self.letter) == 1) or (
            self.letter not in WEEK_LETTERS
        ):
            raise InvalidWeekLetterError(
                f"invalid week letter {self.letter!r}: expected one letter A-Z"
            )

    @classmethod
    def parse(cls, value: str | Week) -> Week:
        """``'a'`` or ``'A'`` -> ``Week('A')``; else :class:`InvalidWeekLetterError`."""
        if isinstance(value, Week):
            return value
        if isinstance(value, str) and len(value) == 1:
            return cls(value.upper())
        raise InvalidWeekLetterError(f"invalid week letter {value!r}: expected one letter A-Z")

    @classmethod
    def from_folder(cls, name: str) -> Week | None:
        """The week whose folder is exactly ``name`` (``00-A``); None for ``week-a``, ``01-A``."""
        match = WEEK_FOLDER_RE.match(name)
        if match is None:
            return None
        week = cls(match[2])
        return week if week.folder == name else None

    @property
    def index(self) -> int:
        """0 for A ... 25 for Z: the week's place in the series."""
        return WEEK_LETTERS.index(self.letter)

    @property
    def folder(self) -> str:
        """``00-A`` ... ``25-Z``."""
        return f"{self.index:02d}-{self.letter}"

    def __str__(self) -> str:
        return self.letter


ALL_WEEKS: tuple[Week, ...] = tuple(Week(letter) for letter in WEEK_LETTERS)


def normalize_week_letter(letter: str) -> str:
    """``'a'`` -> ``'A'``; anything but one letter A-Z raises :class:`InvalidWeekLetterError`."""
    return Week.parse(letter).letter


def week_folder(letter: str) -> str:
    """``'A'`` -> ``'00-A'``, ``'Z'`` -> ``'25-Z'``."""
    return Week.parse(letter).folder
