"""``tracker db import``: the committed files (state and history) into the database.

Every week is read and checked first (a bad file is named with its line),
then all are replaced in one transaction. See :mod:`tracker.store.pgsync`
for what it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.events import HistoryEvent
from tracker.domain.models import WeekTracker
from tracker.domain.weeks import Week
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.fileformat.reader import parse_week
from tracker.project import TRACKER_FILE, history_files_in
from tracker.store.history import parse_events
from tracker.store.pgconnect import translated
from tracker.store.pgrows import INSERT_EVENT, INSERT_ITEM, event_row, week_body
from tracker.store.pgsync import RECORD_HASH, SyncRefusedError, SyncResult, sha256
from tracker.store.postgres import PostgresTrackerBackend
from tracker.store.saferead import ReadLimits, read_limited


@dataclass(frozen=True)
class StoredEvent:
    """One history line as it will be stored: its file (under the week's folder), its text,
    and the event it records."""

    file: str
    line: str
    event: HistoryEvent


@dataclass(frozen=True)
class LoadedWeek:
    """One week read from files, checked, ready to store."""

    week: Week
    tracker: WeekTracker
    events: list[StoredEvent]
    hashes: dict[str, str]  # path under the data folder -> SHA-256


def read_week_files(folder: Path, week: Week, limits: ReadLimits) -> LoadedWeek:
    """The week's tracker file and history files under ``folder``. A bad one raises
    :class:`TrackerFileError` naming each bad line (the YAML store skips them when it
    reads; an import would lose them)."""
    week_dir = folder / week.folder
    tracker_path = week_dir / TRACKER_FILE
    text = read_limited(tracker_path, limits)
    tracker = parse_week(text, tracker_path)
    if tracker.metadata.week_letter != week.letter:
        raise TrackerFileError(
            f"{tracker_path}: metadata.week_letter is {tracker.metadata.week_letter!r}, "
            f"not {week.letter!r} as its folder says; nothing imported"
        )
    hashes = {f"{week.folder}/{TRACKER_FILE}": sha256(text)}
    events: list[StoredEvent] = []
    for path in history_files_in(week_dir):
        data = read_limited(path, limits)
        name = path.relative_to(week_dir).as_posix()
        hashes[f"{week.folder}/{name}"] = sha256(data)
        problems = [f"{path}:{bad.line}: {bad.problem}" for bad in parse_events(data).bad_lines]
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if problems or not raw.strip():
                continue
            event = HistoryEvent.model_validate_json(raw)
            if event.week != week.letter:
                problems.append(f"{path}:{number}: an event of week {event.week}, not {week}")
            events.append(StoredEvent(name, raw.decode("utf-8"), event))
        if problems:
            raise TrackerFileError(*(f"{problem}; nothing imported" for problem in problems))
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
    limits = backend.project.read_limits
    loaded = [read_week_files(folder, week, limits) for week in weeks_in(folder)]
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
    paths = [folder / key for each in loaded for key in each.hashes]
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
    cursor.executemany(INSERT_EVENT, [event_row(e.event, e.line, e.file) for e in each.events])
    cursor.execute(
        "UPDATE tracker.weeks SET body = %s, revision = revision + 1, "
        "synced_revision = revision + 1 WHERE letter = %s",
        (week_body(each.tracker), letter),
    )
    cursor.execute("DELETE FROM tracker.files WHERE path LIKE %s", (f"{each.week.folder}/%",))
    cursor.executemany(RECORD_HASH, list(each.hashes.items()))
