"""Storage in memory, for tests and tools that must not touch disk."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tracker.domain.models import WeekTracker
from tracker.domain.timeutil import Clock, utc_now
from tracker.exceptions import WeekNotFoundError
from tracker.store.backend import TrackerBackend, WeekEdit


class InMemoryTrackerBackend(TrackerBackend):
    """Weeks kept as private copies, so callers never alias stored state."""

    def __init__(self, clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self._weeks: dict[str, WeekTracker] = {}
        self._lock = threading.Lock()

    def week_letters(self) -> list[str]:
        return sorted(self._weeks)

    def _read(self, letter: str) -> WeekTracker | None:
        week = self._weeks.get(letter)
        return None if week is None else week.model_copy(deep=True)

    @contextmanager
    def _edit(self, letter: str, *, create: bool = False) -> Iterator[WeekEdit]:
        with self._lock:
            week = self._read(letter)
            if week is None and not create:
                raise WeekNotFoundError(f"week {letter} has no tracker")
            edit = WeekEdit(week)
            yield edit
            if edit.saved is not None:
                self._weeks[letter] = edit.saved.model_copy(deep=True)
