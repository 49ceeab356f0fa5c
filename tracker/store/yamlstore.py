"""Storage in YAML files: ``<data_dir>/NN-L/tracker.yaml`` and ``history.jsonl`` per week."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tracker.domain.events import HistoryEvent
from tracker.domain.models import WeekTracker
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import WeekNotFoundError
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_week
from tracker.project import TRACKER_FILE, Project
from tracker.store.backend import TrackerBackend
from tracker.store.history import append_events, read_events
from tracker.store.safewrite import atomic_write, exclusive_lock


class YAMLTrackerBackend(TrackerBackend):
    """Tracker files committed in git, the source of truth."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        clock: Clock = utc_now,
        *,
        project: Project | None = None,
    ) -> None:
        self.project = project if project is not None else Project.find(data_dir)
        super().__init__(clock, self.project.settings)
        self.data_dir = self.project.data_dir

    def week_dir(self, week: str | Week) -> Path:
        return self.project.week_dir(Week.parse(week))

    def tracker_path(self, week: str | Week) -> Path:
        return self.project.tracker_path(Week.parse(week))

    def history_path(self, week: str | Week) -> Path:
        return self.project.history_path(Week.parse(week))

    def _stored_weeks(self) -> list[Week]:
        if not self.data_dir.is_dir():
            return []
        found = []
        for entry in os.scandir(self.data_dir):
            week = Week.from_folder(entry.name)
            if week is not None and os.path.isfile(os.path.join(entry.path, TRACKER_FILE)):
                found.append(week)
        return sorted(found)

    def _read(self, week: Week) -> WeekTracker | None:
        path = self.tracker_path(week)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        return parse_week(text, path)

    @contextmanager
    def _lock(self, week: Week, *, create: bool) -> Iterator[None]:
        folder = self.week_dir(week)
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise WeekNotFoundError(
                f"week {week} has no tracker ({self.tracker_path(week)} does not exist)"
            )
        with exclusive_lock(self.tracker_path(week)):
            yield

    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        text = dump_week(tracker, self.project.schema_ref(self.week_dir(week)))
        atomic_write(self.tracker_path(week), text.encode("utf-8"))
        append_events(self.history_path(week), events)

    def _history(self, week: Week) -> list[HistoryEvent]:
        return read_events(self.history_path(week))
