"""Storage in PostgreSQL: the same tracker, with row locks and transactions.

The five storage primitives on a database (tables in :mod:`tracker.store.pgschema`).
Each edit is one transaction: :meth:`_lock` begins it and takes the week's row
lock (``SELECT ... FOR UPDATE``); the read and the write run inside it; it
commits when the edit ends, so a task's new state and its history events are
committed together or not at all. The rules stay in the state machine: SQL
only stores and locks.

Claims (:meth:`edit_first`) lock with ``FOR UPDATE SKIP LOCKED``: a claimer
passes over a week another one holds and takes work from the next, instead of
queueing behind it.

One connection per thread and process: a backend used in a thread or after a
``fork`` opens its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from psycopg import Connection
from psycopg.errors import LockNotAvailable

from tracker.domain.events import HistoryEvent, causal_order
from tracker.domain.models import WeekTracker
from tracker.domain.tasks import TaskChange
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import DatabaseError, LockTimeoutError, WeekNotFoundError
from tracker.project import Project
from tracker.store.backend import TrackerBackend, WeekPlan, WeekTest
from tracker.store.history import parse_events
from tracker.store.pgconnect import connect, describe, translated
from tracker.store.pgrows import (
    INSERT_EVENT,
    INSERT_ITEM,
    READ_WEEK,
    UPDATE_ITEM,
    event_row,
    week_body,
    week_from_rows,
)
from tracker.store.pgschema import check_version

Conn = Connection[tuple[Any, ...]]
StoredItems = dict[str, tuple[int, str]]
"""An item's name -> its position and JSON, as read in the current transaction."""

_LOCK = "SELECT body IS NOT NULL FROM tracker.weeks WHERE letter = %s FOR UPDATE"
_FIRST_FREE = """
    SELECT letter FROM tracker.weeks WHERE letter = ANY(%s)
    ORDER BY letter LIMIT 1 FOR UPDATE SKIP LOCKED
"""
_REMEMBERED = 1024
"""At most this many (week, look) answers are remembered by :meth:`edit_first`."""

_inherited: list[Conn] = []
"""Connections made before a fork: never closed in the child (that would end the parent's)."""


class _WeekBusy(Exception):
    """Another transaction holds the week (seen only when skipping locked weeks)."""


class PostgresTrackerBackend(TrackerBackend):
    """A PostgreSQL database as the live store; files come and go by ``tracker db``."""

    def __init__(self, url: str, clock: Clock = utc_now, *, project: Project | None = None) -> None:
        self.project = project if project is not None else Project.find(database_url=url)
        super().__init__(clock, self.project.settings)
        self.url = url
        self._local = threading.local()
        self._nothing: dict[tuple[Week, WeekTest], int] = {}
        """The revision at which each week had nothing for a claim's look."""
        self.connection()  # a wrong URL or a missing schema fails now, with its reason

    def __repr__(self) -> str:
        return f"PostgresTrackerBackend({self.where!r})"

    @property
    def where(self) -> str:
        """The database's URL without its password, for messages."""
        return describe(self.url)

    # -- connections ---------------------------------------------------------

    def connection(self) -> Conn:
        """This thread's connection (made on first use, and again after a fork)."""
        local = self._local
        conn: Conn | None = getattr(local, "conn", None)
        if conn is not None and local.pid != os.getpid():
            _inherited.append(conn)
            conn = None
        if conn is None or conn.closed:
            conn = connect(self.url)
            with translated(self.url):
                check_version(conn)
                # Wait for a week's lock as long as the files' writers do (lock_timeout).
                wait = max(1, int(self.settings.lock_timeout.total_seconds() * 1000))
                conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{wait}ms",))
            local.conn, local.pid = conn, os.getpid()
            local.skip, local.editing, local.read, local.prefetched = False, None, None, None
            local.revision = -1
        return conn

    def close(self) -> None:
        """Close this thread's connection (another is made if the backend is used again)."""
        conn: Conn | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            conn.close()
        self._local.conn = None

    def __enter__(self) -> PostgresTrackerBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- storage primitives --------------------------------------------------

    def _stored_weeks(self) -> list[Week]:
        with translated(self.url):
            rows = self.connection().execute(
                "SELECT letter FROM tracker.weeks WHERE body IS NOT NULL ORDER BY letter"
            )
            return [Week(letter) for (letter,) in rows]

    def _read(self, week: Week) -> WeekTracker | None:
        local = self._local
        row = local.prefetched if local.editing == week else None
        if row is None:
            with translated(self.url):  # one statement: one snapshot, even outside an edit
                row = self.connection().execute(READ_WEEK, (week.letter,)).fetchone()
        local.prefetched = None
        if row is None or row[0] is None:
            return None
        body, names, positions, docs, revision = row
        if local.editing == week:  # remember what was read, so the write sends only changes
            local.read = dict(zip(names, zip(positions, docs, strict=True), strict=True))
            local.revision = revision
        return week_from_rows(body, names, docs)

    @contextmanager
    def _lock(self, week: Week, *, create: bool) -> Iterator[None]:
        conn = self.connection()
        local = self._local
        # One pipeline for the transaction: BEGIN, the lock and the read go together (the
        # read runs once the lock is held, so it sees the week as it is now), and the
        # writes go with COMMIT.
        with translated(self.url), conn.pipeline(), conn.transaction():
            statement = _LOCK + (" SKIP LOCKED" if local.skip else "")
            lock = conn.execute(statement, (week.letter,))
            # A claimer that may skip the week reads it only once it has it.
            read = None if local.skip else conn.execute(READ_WEEK, (week.letter,))
            try:
                row = lock.fetchone()
            except LockNotAvailable:
                seconds = self.settings.lock_timeout.total_seconds()
                raise LockTimeoutError(
                    f"{self.where}: week {week} still locked after {seconds:g}s by another "
                    "transaction; nothing was changed (it is released when that one ends)"
                ) from None
            if row is None:
                if local.skip:
                    raise _WeekBusy(week)
                where = describe(self.url)
                raise DatabaseError(f"{where}: week {week} has no row: run `tracker db init`")
            if not row[0] and not create:
                raise WeekNotFoundError(f"week {week} has no tracker")
            prefetched = None if read is None else read.fetchone()
            local.editing, local.read, local.prefetched = week, None, prefetched
            try:
                yield
            finally:
                local.editing, local.read, local.prefetched = None, None, None

    def _write(self, week: Week, tracker: WeekTracker, events: Sequence[HistoryEvent]) -> None:
        conn = self.connection()
        with translated(self.url), conn.cursor() as cursor:
            read: StoredItems | None = self._local.read
            stored = read if read is not None else self._stored_items(week)
            new: StoredItems = {
                name: (position, item.model_dump_json(exclude_none=True))
                for position, (name, item) in enumerate(tracker.items.items())
            }
            added = [(week.letter, n, p, doc) for n, (p, doc) in new.items() if n not in stored]
            changed = [
                (p, doc, week.letter, n)
                for n, (p, doc) in new.items()
                if n in stored and stored[n] != (p, doc)
            ]
            if added:
                cursor.executemany(INSERT_ITEM, added)
            if changed:
                cursor.executemany(UPDATE_ITEM, changed)
            gone = [name for name in stored if name not in new]
            if gone:
                cursor.execute(
                    "DELETE FROM tracker.items WHERE week = %s AND name = ANY(%s)",
                    (week.letter, gone),
                )
            if events:
                cursor.executemany(INSERT_EVENT, [event_row(e) for e in events])
            cursor.execute(
                "UPDATE tracker.weeks SET body = %s, revision = revision + 1 WHERE letter = %s",
                (week_body(tracker), week.letter),
            )
        if self._local.editing == week:
            self._local.read = new

    def _stored_items(self, week: Week) -> StoredItems:
        rows = self.connection().execute(
            "SELECT name, position, doc::text FROM tracker.items WHERE week = %s", (week.letter,)
        )
        return {name: (position, doc) for name, position, doc in rows}

    def _history(self, week: Week) -> list[HistoryEvent]:
        """As the YAML store reads its history files: an event in two files counts once,
        in causal order."""
        with translated(self.url):
            rows = self.connection().execute(
                "SELECT line FROM tracker.events WHERE week = %s ORDER BY seq", (week.letter,)
            )
            read = parse_events("\n".join(line for (line,) in rows) + "\n")
        for bad in read.bad_lines:  # only a hand-edited database has them
            self._notice(bad.describe(f"{self.where} (history of week {week})"))
        found: dict[str, HistoryEvent] = {}
        for event in read.events:
            found.setdefault(event.event_id, event)
        return causal_order(found.values())

    # -- claims: skip the weeks others hold ------------------------------------

    def edit_first(
        self, weeks: Iterable[Week], plan: WeekPlan, worth_trying: WeekTest
    ) -> list[TaskChange]:
        """Like :meth:`TrackerBackend.edit_first`, but the look is the lock itself: the
        first week no other transaction holds is tried under ``FOR UPDATE SKIP LOCKED``,
        and weeks others hold are waited for only when no free week had work, so
        claimers spread over the weeks instead of queueing on one.

        A week where the plan found nothing is passed over until its revision
        moves (remembered by ``worth_trying``, whose answer only a change to the
        week can change): a finished week costs a number from one query, not a
        read.
        """
        weeks = list(weeks)
        with translated(self.url):
            revisions: dict[str, int] = dict(
                self.connection().execute(
                    "SELECT letter, revision FROM tracker.weeks WHERE letter = ANY(%s)",
                    ([week.letter for week in weeks],),
                )
            )
        candidates = [
            week
            for week in weeks
            if self._nothing.get((week, worth_trying)) != revisions.get(week.letter)
        ]
        busy: list[Week] = []
        while candidates:
            free = self._first_free(candidates)
            if free is None:
                busy += candidates
                break
            at = candidates.index(free)
            busy += candidates[:at]  # held by others a moment ago: come back to them last
            candidates = candidates[at + 1 :]
            try:
                changes = self._skipping_locked(free, plan)
            except _WeekBusy:  # taken since we looked
                busy.append(free)
                continue
            if changes:
                return changes
            if len(self._nothing) > _REMEMBERED:  # looks made afresh for each call pile up
                self._nothing.clear()
            self._nothing[(free, worth_trying)] = self._local.revision
        for week in sorted(busy):
            changes = self.edit_tasks(week, plan)
            if changes:
                return changes
        return []

    def _first_free(self, weeks: list[Week]) -> Week | None:
        """The first of ``weeks`` no transaction holds right now (a hint: the lock is let
        go at once), so a claimer does not try every week others hold, one by one."""
        with translated(self.url):
            row = (
                self.connection()
                .execute(_FIRST_FREE, ([week.letter for week in weeks],))
                .fetchone()
            )
        return None if row is None else Week(row[0])

    def _skipping_locked(self, week: Week, plan: WeekPlan) -> list[TaskChange]:
        self.connection()
        self._local.skip = True
        try:
            return self.edit_tasks(week, plan)
        finally:
            self._local.skip = False
