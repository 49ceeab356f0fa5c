"""Storage in YAML files: ``<data_dir>/NN-L/tracker.yaml``, one per week."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tracker.domain.models import WeekTracker
from tracker.domain.names import WEEK_FOLDER_RE, normalize_week_letter, week_folder
from tracker.domain.timeutil import Clock, utc_now
from tracker.exceptions import WeekNotFoundError
from tracker.fileformat.reader import dump_week, parse_week
from tracker.store.backend import TaskChange, TrackerBackend, WeekEdit
from tracker.store.history import HISTORY_FILE, HistoryEvent, append_events, events_for, read_events
from tracker.store.safewrite import atomic_write, exclusive_lock

TRACKER_FILE = "tracker.yaml"
DEFAULT_DATA_DIR = Path("data/weeks")
DATA_DIR_ENV = "TRACKER_DATA_DIR"

Listener = Callable[[Sequence[HistoryEvent]], None]


def default_data_dir() -> Path:
    """``$TRACKER_DATA_DIR``, else ``data/weeks`` (relative to the working directory)."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


class YAMLTrackerBackend(TrackerBackend):
    """Tracker files committed in git, the source of truth."""

    def __init__(self, data_dir: str | Path | None = None, clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.listeners: list[Listener] = []
        """Called with each write's history events, after the lock is released."""

    def week_dir(self, letter: str) -> Path:
        return self.data_dir / week_folder(letter)

    def tracker_path(self, letter: str) -> Path:
        return self.week_dir(letter) / TRACKER_FILE

    def week_letters(self) -> list[str]:
        if not self.data_dir.is_dir():
            return []
        letters = []
        for entry in os.scandir(self.data_dir):
            match = WEEK_FOLDER_RE.match(entry.name)
            if (
                match
                and week_folder(match[2]) == entry.name
                and os.path.isfile(os.path.join(entry.path, TRACKER_FILE))
            ):
                letters.append(match[2])
        return sorted(letters)

    def _read(self, letter: str) -> WeekTracker | None:
        path = self.tracker_path(letter)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        return parse_week(text, path)

    @contextmanager
    def _edit(self, letter: str, *, create: bool = False) -> Iterator[WeekEdit]:
        path = self.tracker_path(letter)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise WeekNotFoundError(f"week {letter} has no tracker ({path} does not exist)")
        events: list[HistoryEvent] = []
        with exclusive_lock(path):
            week = self._read(letter)
            if week is None and not create:
                raise WeekNotFoundError(f"week {letter} has no tracker ({path} does not exist)")
            edit = WeekEdit(week)
            yield edit
            if edit.saved is not None:
                atomic_write(path, dump_week(edit.saved).encode("utf-8"))
                events = self._committed(letter, edit.changes)
        for listener in self.listeners if events else ():
            listener(events)  # outside the lock: a slow listener blocks no one

    def _committed(self, letter: str, changes: list[TaskChange]) -> list[HistoryEvent]:
        """Called under the lock after a week was written: append its history events."""
        events = events_for(changes, self.clock())
        append_events(self.history_path(letter), events)
        return events

    def history_path(self, letter: str) -> Path:
        return self.week_dir(letter) / HISTORY_FILE

    def read_history(self, week_letter: str) -> list[HistoryEvent]:
        """The week's recorded events in time order (none when it has no history yet)."""
        return read_events(self.history_path(normalize_week_letter(week_letter)))
