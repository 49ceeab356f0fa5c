"""Between the database and the committed files: ``tracker db import`` and ``export``.

The files stay the reviewable record; during a run the database is the live
store. Export writes what the YAML backend would have written for the same
operations (the canonical emitter, and each history line as it was recorded),
from one consistent snapshot. Both directions keep each file's SHA-256 (by its
path under the data folder, ``00-A/tracker.yaml``), so neither ever loses work:

- export refuses to overwrite a file that changed on disk since the last
  import or export (a hand edit, a merge), and names it; ``force`` overwrites;
- import refuses to replace a week whose database state changed since then
  (changes not exported yet), and names it; ``force`` replaces it.

Either way, nothing is written when anything is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.events import HistoryEvent
from tracker.domain.models import WeekTracker
from tracker.domain.weeks import Week
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_week
from tracker.project import HISTORY_FILE, TRACKER_FILE
from tracker.store.history import parse_events
from tracker.store.pgconnect import translated
from tracker.store.pgrows import (
    INSERT_EVENT,
    INSERT_ITEM,
    READ_WEEK,
    event_row,
    week_body,
    week_from_rows,
)
from tracker.store.postgres import PostgresTrackerBackend
from tracker.store.safewrite import atomic_write, exclusive_lock


class SyncRefusedError(TrackerError):
    """An import or export would overwrite work; ``problems`` says where, one line each."""

    def __init__(self, problems: list[str], advice: str) -> None:
        super().__init__(f"{'; '.join(problems)}; nothing written ({advice})")
        self.problems = problems
        self.advice = advice


@dataclass(frozen=True)
class WeekFiles:
    """One week as files: its tracker text and its history lines (without newlines)."""

    week: Week
    tracker: bytes
    history: list[str]

    def contents(self) -> Iterator[tuple[str, bytes | None]]:
        """``(path under the data folder, bytes)``; None for a history with no events."""
        yield f"{self.week.folder}/{TRACKER_FILE}", self.tracker
        history = "".join(line + "\n" for line in self.history).encode("utf-8")
        yield f"{self.week.folder}/{HISTORY_FILE}", history if self.history else None


@dataclass(frozen=True)
class SyncResult:
    """What an import or export did: the weeks, the files written (export) or read
    (import), and the files an export left alone because they were already equal."""

    weeks: list[Week]
    files: list[Path]
    unchanged: list[Path]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# -- export -------------------------------------------------------------------


def export_files(
    backend: PostgresTrackerBackend, folder: Path, *, force: bool = False
) -> SyncResult:
    """Write every week of the database under ``folder``: ``NN-L/tracker.yaml``, ``history.jsonl``.

    Files whose bytes would not change are left alone. Refused with
    :class:`SyncRefusedError`, writing nothing, when a file to overwrite changed
    on disk since the last import or export (unless ``force``).
    """
    conn = backend.connection()
    with translated(backend.url), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        weeks = [(_snapshot_week(backend, letter), revision) for letter, revision in conn.execute(
            "SELECT letter, revision FROM tracker.weeks WHERE body IS NOT NULL ORDER BY letter"
        ).fetchall()]  # fmt: skip
        recorded = _recorded_hashes(backend)
    written: list[Path] = []
    unchanged: list[Path] = []
    hashes: dict[str, str] = {}
    with ExitStack() as locks:
        for files, _ in weeks:  # no tracker writer changes these files while we look
            if (folder / files.week.folder).is_dir():
                locks.enter_context(exclusive_lock(folder / files.week.folder / TRACKER_FILE))
        conflicts = []
        plan: list[tuple[Path, bytes]] = []
        for files, _ in weeks:
            for key, data in files.contents():
                if data is None:
                    continue
                path = folder / key
                current = _read_bytes(path)
                hashes[key] = sha256(data)
                if current == data:
                    unchanged.append(path)
                elif current is None or force or recorded.get(key) == sha256(current):
                    plan.append((path, data))
                else:
                    conflicts.append(f"{path} changed on disk since the last import or export")
        if conflicts:
            raise SyncRefusedError(
                conflicts, "import it with `tracker db import`, or overwrite with --force"
            )
        for path, data in plan:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
            written.append(path)
    _record(backend, hashes, {files.week: revision for files, revision in weeks})
    return SyncResult([files.week for files, _ in weeks], written, unchanged)


def _snapshot_week(backend: PostgresTrackerBackend, letter: str) -> WeekFiles:
    conn = backend.connection()
    body, names, _, docs, _ = _one(conn.execute(READ_WEEK, (letter,)).fetchone())
    lines = conn.execute(
        "SELECT line FROM tracker.events WHERE week = %s ORDER BY seq", (letter,)
    ).fetchall()
    tracker = dump_week(week_from_rows(body, names, docs)).encode("utf-8")
    return WeekFiles(Week(letter), tracker, [line for (line,) in lines])


def _one(row: tuple[Any, ...] | None) -> tuple[Any, ...]:
    assert row is not None
    return row


def _recorded_hashes(backend: PostgresTrackerBackend) -> dict[str, str]:
    rows = backend.connection().execute("SELECT path, sha256 FROM tracker.files")
    return {path: digest for path, digest in rows}


def _record(
    backend: PostgresTrackerBackend, hashes: dict[str, str], revisions: dict[Week, int]
) -> None:
    """Remember the files' hashes and that each week is in sync up to ``revisions``."""
    conn = backend.connection()
    with translated(backend.url), conn.transaction(), conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO tracker.files (path, sha256) VALUES (%s, %s) ON CONFLICT (path) "
            "DO UPDATE SET sha256 = excluded.sha256, recorded_at = now()",
            list(hashes.items()),
        )
        cursor.executemany(
            "UPDATE tracker.weeks SET synced_revision = %s WHERE letter = %s",
            [(revision, week.letter) for week, revision in revisions.items()],
        )


def unexported_weeks(backend: PostgresTrackerBackend) -> dict[str, int]:
    """Weeks written since their last import or export, and how many writes each."""
    with translated(backend.url):
        rows = backend.connection().execute(
            "SELECT letter, revision - synced_revision FROM tracker.weeks "
            "WHERE body IS NOT NULL AND revision <> synced_revision ORDER BY letter"
        )
        return {letter: count for letter, count in rows}


# -- import -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedWeek:
    """One week read from files, checked, ready to store."""

    week: Week
    tracker: WeekTracker
    events: list[tuple[str, HistoryEvent]]  # each history line and its event
    hashes: dict[str, str | None]  # path under the data folder -> SHA-256, None if absent


def read_week_files(folder: Path, week: Week) -> LoadedWeek:
    """The week's tracker file and history under ``folder``; a bad one raises
    :class:`TrackerFileError` naming the file and line."""
    tracker_path = folder / week.folder / TRACKER_FILE
    history_path = folder / week.folder / HISTORY_FILE
    text = tracker_path.read_bytes()
    tracker = parse_week(text, tracker_path)
    if tracker.metadata.week_letter != week.letter:
        raise TrackerFileError(
            f"{tracker_path}: metadata.week_letter is {tracker.metadata.week_letter!r}, "
            f"not {week.letter!r} as its folder says"
        )
    history = _read_bytes(history_path)
    events: list[tuple[str, HistoryEvent]] = []
    if history is not None:
        history_text = history.decode("utf-8")
        parse_events(history_text, history_path)  # every line valid, or the first bad ones named
        for number, line in enumerate(history_text.splitlines(), start=1):
            if line.strip():
                event = HistoryEvent.model_validate_json(line)
                if event.week != week.letter:
                    raise TrackerFileError(
                        f"{history_path}:{number}: an event of week {event.week}, not {week}"
                    )
                events.append((line, event))
    hashes = {
        f"{week.folder}/{TRACKER_FILE}": sha256(text),
        f"{week.folder}/{HISTORY_FILE}": None if history is None else sha256(history),
    }
    return LoadedWeek(week, tracker, events, hashes)


def weeks_in(folder: Path) -> list[Week]:
    """The weeks with a tracker file under ``folder``, A to Z."""
    if not folder.is_dir():
        raise TrackerError(f"{folder} is not a folder")
    found = [Week.from_folder(path.parent.name) for path in folder.glob(f"*/{TRACKER_FILE}")]
    return sorted(week for week in found if week is not None)


def import_files(
    backend: PostgresTrackerBackend, folder: Path, *, force: bool = False
) -> SyncResult:
    """Load every week under ``folder`` (state and history) into the database.

    All weeks are read and checked first, then replaced in one transaction.
    Refused with :class:`SyncRefusedError`, changing nothing, when a week has
    database changes not exported yet (unless ``force``).
    """
    loaded = [read_week_files(folder, week) for week in weeks_in(folder)]
    conn = backend.connection()
    with translated(backend.url), conn.transaction(), conn.cursor() as cursor:
        letters = [each.week.letter for each in loaded]
        unexported = cursor.execute(
            "SELECT letter, revision - synced_revision FROM tracker.weeks "
            "WHERE letter = ANY(%s) AND body IS NOT NULL ORDER BY letter FOR UPDATE",
            (letters,),
        ).fetchall()
        refused = [
            f"week {letter} has {changes} change(s) in the database not exported yet"
            for letter, changes in unexported
            if changes
        ]
        if refused and not force:
            raise SyncRefusedError(
                refused, "export them first with `tracker db export`, or discard them with --force"
            )
        for each in loaded:
            _replace_week(cursor, each)
    paths = [folder / key for each in loaded for key, digest in each.hashes.items() if digest]
    return SyncResult([each.week for each in loaded], paths, [])


def _replace_week(cursor: Any, each: LoadedWeek) -> None:
    letter = each.week.letter
    cursor.execute("DELETE FROM tracker.items WHERE week = %s", (letter,))
    cursor.execute("DELETE FROM tracker.events WHERE week = %s", (letter,))
    cursor.executemany(
        INSERT_ITEM,
        [
            (letter, name, position, item.model_dump_json(exclude_none=True))
            for position, (name, item) in enumerate(each.tracker.items.items())
        ],
    )
    cursor.executemany(INSERT_EVENT, [event_row(event, line) for line, event in each.events])
    cursor.execute(
        "UPDATE tracker.weeks SET body = %s, revision = revision + 1, "
        "synced_revision = revision + 1 WHERE letter = %s",
        (week_body(each.tracker), letter),
    )
    for key, digest in each.hashes.items():
        if digest is None:
            cursor.execute("DELETE FROM tracker.files WHERE path = %s", (key,))
        else:
            cursor.execute(
                "INSERT INTO tracker.files (path, sha256) VALUES (%s, %s) ON CONFLICT (path) "
                "DO UPDATE SET sha256 = excluded.sha256, recorded_at = now()",
                (key, digest),
            )
