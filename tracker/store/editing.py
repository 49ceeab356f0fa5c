"""The storage interface and the locked edit protocol, written once.

A storage supplies five primitives (which weeks exist, read a week, hold a
week's exclusive lock, write a week with its history events, read the
history). :meth:`WeekStore._edit` is the one read-modify-write over them: lock,
read (refusing a stored week a rewrite would lose), let the caller change it
through the state machine, check the change leaves no dependency broken, save
and record, then notify listeners once the lock is released.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from tracker.domain.dependencies import Violation, describe_violation, violations
from tracker.domain.events import EventIds, HistoryEvent, events_for, new_event_id
from tracker.domain.models import WeekTracker
from tracker.domain.sync import fill_default_tasks
from tracker.domain.tasks import TaskChange
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import (
    DependencyNotMetError,
    TrackerError,
    TrackerFileError,
    WeekNotFoundError,
)
from tracker.settings import Settings

NOT_MENDED = (
    " (nothing written: the file breaks the dependency rule and this change leaves it broken;"
    " mend it first, e.g. reset that task)"
)

_KEPT_NOTICES = 1000

Listener = Callable[[Sequence[HistoryEvent]], None]
"""Called with each write's history events, after the week's lock is released."""


class WeekEdit:
    """The state of one locked read-modify-write: the week read, and what to save."""

    def __init__(self, week: WeekTracker | None) -> None:
        self.week = week
        self.saved: WeekTracker | None = None
        self.changes: list[TaskChange] = []

    def save(self, week: WeekTracker, changes: Iterable[TaskChange] = ()) -> None:
        """Ask for ``week`` to be written when the edit ends (still under the lock)."""
        self.saved = week
        self.changes.extend(changes)


class WeekStore(ABC):
    """The storage interface and the locked edit protocol: what every operation of
    :class:`tracker.store.backend.TrackerBackend` is built on."""

    def __init__(self, clock: Clock = utc_now, settings: Settings | None = None) -> None:
        self.clock = clock
        self.settings = settings or Settings()
        self.listeners: list[Listener] = []
        """Called with each write's history events, after the lock is released."""
        self.event_ids: EventIds = new_event_id
        """Makes each history event's id (random; replace it for a reproducible history)."""
        self.notices: list[str] = []
        """What the backend noticed and dealt with: repairs after a crash, history lines skipped."""
        self.on_notice: Callable[[str], None] | None = None
        """Called with each notice as it happens (the CLI prints them as warnings)."""

    # -- storage primitives -------------------------------------------------

    @abstractmethod
    def _stored_weeks(self) -> list[Week]:
        """The weeks that have a tracker, A to Z."""

    @abstractmethod
    def _read(self, week: Week) -> WeekTracker | None:
        """The week as stored, or None if it has no tracker. Never writes."""

    @abstractmethod
    def _lock(self, week: Week, *, create: bool) -> AbstractContextManager[None]:
        """Hold the week's exclusive lock. Without ``create``, a week that cannot exist
        (no folder) raises :class:`WeekNotFoundError` before anything is touched."""

    @abstractmethod
    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        """Store ``tracker`` and append ``events`` to the week's history (under the lock)."""

    @abstractmethod
    def _history(self, week: Week) -> list[HistoryEvent]:
        """The week's recorded events in time order (none when it has no history)."""

    # -- hooks with defaults ------------------------------------------------

    def _read_for_edit(self, week: Week) -> WeekTracker | None:
        """The week as stored, about to be rewritten: a storage refuses here what a rewrite
        would lose (the YAML store: anything ``tracker validate`` rejects)."""
        return self._read(week)

    def _refusal(
        self, week: Week, rules: Sequence[str], problems: Sequence[str], note: str = ""
    ) -> TrackerError:
        """The error for a stored week that breaks ``rules`` (lint rule ids): one line per
        problem, each followed by ``note``. A storage that knows where each problem
        stands says so (the YAML store prints them as ``tracker lint`` does)."""
        return TrackerFileError(*(f"week {week}: {problem}{note}" for problem in problems))

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        del self.notices[:-_KEPT_NOTICES]  # a long-running process keeps only the latest
        if self.on_notice is not None:
            self.on_notice(message)

    # -- rules every stored week must keep ----------------------------------

    def _checked(self, week: Week, tracker: WeekTracker | None) -> WeekTracker | None:
        """``tracker``, once it is known to be the week it is stored as."""
        if tracker is not None and tracker.week_letter != week.letter:
            problem = (
                f"metadata.week_letter is {tracker.week_letter!r} but the week is {week.letter}"
            )
            raise self._refusal(week, ("W002",), [problem])
        return tracker

    def _check_mended(self, week: Week, broken: Sequence[Violation], after: WeekTracker) -> None:
        """No write leaves the dependency rule broken.

        Hand edits can leave a task active while a dependency is not done
        (``broken``, found before the change); an unrelated change must not
        write that back silently, so it is refused, naming where each problem
        stands, unless the change mends it. The state machine never breaks the
        rule; a whole week given to :meth:`save_tracker` might.
        """
        left = next(violations(after), None)
        if left is None:
            return
        if broken:
            problems = [describe_violation(violation) for violation in broken]
            raise self._refusal(week, ("D001", "D002"), problems, NOT_MENDED)
        raise DependencyNotMetError(f"week {week}: {describe_violation(left)}; nothing written")

    # -- the locked edit protocol, written once -----------------------------

    @contextmanager
    def _edit(self, week: Week, *, create: bool = False) -> Iterator[WeekEdit]:
        """Lock the week, read it, let the caller change it, save and record what it saved.

        Listeners hear of the events after the lock is released, so a slow
        one blocks no writer.
        """
        events: list[HistoryEvent] = []
        with self._lock(week, create=create):
            current = self._checked(week, self._read_for_edit(week))
            if current is None and not create:
                raise WeekNotFoundError(f"week {week} has no tracker")
            # Records a hand-written file lacks are written (and recorded) with the next save.
            filled = [] if current is None else fill_default_tasks(current)
            broken = list(violations(current)) if current is not None else []
            edit = WeekEdit(current)
            yield edit
            if edit.saved is not None:
                self._check_mended(week, broken, edit.saved)
                events = self._save_locked(week, edit.saved, [*filled, *edit.changes])
        for listener in self.listeners if events else ():
            listener(events)

    def _save_locked(
        self, week: Week, tracker: WeekTracker, changes: Sequence[TaskChange]
    ) -> list[HistoryEvent]:
        """The one path every write ends in (the caller holds the week's lock): the edit
        protocol's saves and :meth:`save_tracker`."""
        if tracker.metadata.week_letter != week.letter:
            raise TrackerFileError(
                f"week {week}: metadata.week_letter is {tracker.metadata.week_letter!r}, "
                f"not {week.letter!r}; nothing written"
            )
        events = events_for(changes, self.clock(), week, self.event_ids)
        self._write(week, tracker, events)
        return events

    def hold_lock(self, week: str | Week) -> AbstractContextManager[None]:
        """Hold the week's exclusive lock (writers wait) while the caller does something else
        with its files, such as committing them."""
        return self._lock(Week.parse(week), create=False)
