"""Storage in memory, for tests and tools that must not touch disk."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from tracker.domain.events import HistoryEvent, causal_order
from tracker.domain.models import WeekTracker
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.settings import Settings
from tracker.store.backend import TrackerBackend


class InMemoryTrackerBackend(TrackerBackend):
    """Weeks kept as private copies, so callers never alias stored state."""

    def __init__(self, clock: Clock = utc_now, settings: Settings | None = None) -> None:
        super().__init__(clock, settings)
        self._weeks: dict[Week, WeekTracker] = {}
        self._events: dict[Week, list[HistoryEvent]] = {}
        self._mutex = threading.RLock()

    def _stored_weeks(self) -> list[Week]:
        return sorted(self._weeks)

    def _read(self, week: Week) -> WeekTracker | None:
        tracker = self._weeks.get(week)
        return None if tracker is None else tracker.model_copy(deep=True)

    @contextmanager
    def _lock(self, week: Week, *, create: bool) -> Iterator[None]:
        with self._mutex:
            yield

    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        self._weeks[week] = tracker.model_copy(deep=True)
        self._events.setdefault(week, []).extend(events)

    def _history(self, week: Week) -> list[HistoryEvent]:
        return causal_order(self._events.get(week, []))
