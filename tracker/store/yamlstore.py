"""Storage in YAML files: ``<data_dir>/NN-L/tracker.yaml`` and its history per week."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tracker.checking.writeguard import locate, parse_for_rewrite
from tracker.domain.events import HistoryEvent
from tracker.domain.models import WeekTracker
from tracker.domain.sync import fill_default_tasks
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import StorageError, TrackerError, TrackerFileError, WeekNotFoundError
from tracker.fileformat import known
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_week
from tracker.project import TRACKER_FILE, Project
from tracker.store import history, journal
from tracker.store.backend import TrackerBackend, WeekTest
from tracker.store.saferead import read_limited
from tracker.store.safewrite import exclusive_lock, remove_temporaries
from tracker.store.writer import writer_name


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
        self.writer: str | None = None
        """The history fragment's name; None: this clone and branch's (see store/writer.py)."""
        self._peeked: dict[Week, tuple[bytes, WeekTracker]] = {}
        """Weeks parsed for :meth:`peek_tracker`, with the bytes they were parsed from."""
        self._looks: dict[tuple[Week, WeekTest], tuple[bytes, bool, bool]] = {}
        """:meth:`worth_locking`'s last answer per week and look: the bytes, the answer,
        and whether it was looked at (or guessed)."""

    def week_dir(self, week: str | Week) -> Path:
        return self.project.week_dir(Week.parse(week))

    def tracker_path(self, week: str | Week) -> Path:
        return self.project.tracker_path(Week.parse(week))

    def history_path(self, week: str | Week) -> Path:
        """The history fragment this process appends the week's events to."""
        writer = self.writer or writer_name(self.project.root)
        return self.project.history_path(Week.parse(week), writer)

    def _files(self, week: Week) -> journal.WeekFiles:
        return journal.WeekFiles(self.tracker_path(week), self.history_path(week))

    def _stored_weeks(self) -> list[Week]:
        if not self.data_dir.is_dir():
            return []
        found = []
        for entry in os.scandir(self.data_dir):
            week = Week.from_folder(entry.name)
            if week is not None and os.path.lexists(os.path.join(entry.path, TRACKER_FILE)):
                found.append(week)
        return sorted(found)

    def _text(self, week: Week) -> bytes | None:
        try:
            return read_limited(self.tracker_path(week), self.project.read_limits)
        except FileNotFoundError:
            return None

    def _source(self, week: Week) -> Path:
        """Where the week's tracker text comes from, as messages name it."""
        return self.tracker_path(week)

    def _read(self, week: Week) -> WeekTracker | None:
        text = self._text(week)
        return None if text is None else parse_week(text, self._source(week))

    def peek_tracker(self, week_letter: str | Week) -> WeekTracker:
        """The week for a look that changes nothing (see :meth:`TrackerBackend.peek_tracker`).

        Parsed weeks are kept by the exact bytes they were parsed from: a week
        whose file holds the same bytes is the same week, whatever its inode or
        time stamps say, so the one kept is never stale. Reading the bytes costs
        little next to parsing them; claimers look at every finished week before
        the one with work, on every claim.
        """
        week = Week.parse(week_letter)
        return self._peek(week, self._stored_text(week))

    def _stored_text(self, week: Week) -> bytes:
        text = self._text(week)
        if text is None:
            raise WeekNotFoundError(f"week {week} has no tracker")
        return text

    def _peek(self, week: Week, text: bytes) -> WeekTracker:
        kept = self._peeked.get(week)
        if kept is not None and kept[0] == text:
            return kept[1]
        tracker = self._checked(week, parse_week(text, self._source(week)))
        assert tracker is not None
        fill_default_tasks(tracker)
        self._peeked[week] = (text, tracker)
        return tracker

    def worth_locking(self, week_letter: str | Week, look: WeekTest) -> bool:
        """Whether to lock the week for a plan (see :meth:`TrackerBackend.worth_locking`).

        A week that held work when last looked at and whose bytes have changed
        since (most often: another claim was taken in it) is worth locking
        without parsing it: the locked plan parses it anyway, so claimers racing
        for one week do not each parse every version of it twice. That guess is
        remembered for the bytes now there; finding them unchanged next time (no
        one wrote: the plan found nothing to do) makes the look parse them. A
        no is only ever said of the bytes stored, looked at now.
        """
        week = Week.parse(week_letter)
        text = self._stored_text(week)
        seen = self._looks.get((week, look))
        if seen is not None and seen[0] != text and seen[1]:
            self._looks[(week, look)] = (text, True, False)
            return True
        answer = look(self._peek(week, text), self.clock())
        self._looks[(week, look)] = (text, answer, True)
        return answer

    def _read_for_edit(self, week: Week) -> WeekTracker | None:
        text = self._text(week)
        return None if text is None else parse_for_rewrite(text, self._source(week))

    def _refusal(
        self, week: Week, rules: Sequence[str], problems: Sequence[str], note: str = ""
    ) -> TrackerError:
        text = self._text(week)
        lines = [] if text is None else locate(text, self._source(week), rules, self.clock())
        if not lines:
            return super()._refusal(week, rules, problems, note)
        return TrackerFileError(*(line + note for line in lines))

    @contextmanager
    def _lock(self, week: Week, *, create: bool) -> Iterator[None]:
        folder = self.week_dir(week)
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise WeekNotFoundError(
                f"week {week} has no tracker ({self.tracker_path(week)} does not exist)"
            )
        with exclusive_lock(self.tracker_path(week), self.settings.lock_timeout):
            self._repair(week)
            yield

    def _repair(self, week: Week) -> None:
        """Clean up after a writer killed mid-change (the caller holds the week's lock)."""
        remove_temporaries(self.tracker_path(week))
        repaired = journal.recover(self._files(week), self.project.read_limits)
        if repaired is not None:
            self._notice(repaired)

    def repair(self, week: str | Week) -> None:
        """Complete or undo an interrupted change to ``week`` now (``tracker check`` does)."""
        parsed = Week.parse(week)
        if journal.pending(self._files(parsed)):
            with self._lock(parsed, create=False):
                pass

    def _encode(self, week: Week, tracker: WeekTracker) -> bytes:
        """The week's tracker file as the tracker writes it (canonical, with the modeline)."""
        return dump_week(tracker, self.project.schema_ref(self.week_dir(week))).encode("utf-8")

    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        text = self._encode(week, tracker)
        journal.write_change(self._files(week), text, history.encode(events))
        known.remember(text)  # read back (the next edit's locked read), it needs no proof

    def _history(self, week: Week) -> list[HistoryEvent]:
        if journal.pending(self._files(week)):
            try:
                self.repair(week)
            except StorageError as error:  # e.g. a read-only checkout: read what is there
                self._notice(str(error))
        events, warnings = history.read_histories(
            self.project.history_files(week), self.project.read_limits
        )
        for problem in warnings:
            self._notice(problem)
        return events
