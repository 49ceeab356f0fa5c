"""``tracker db export``: the database's weeks as the files the YAML backend writes.

Each week's ``tracker.yaml`` goes through the canonical emitter, and each of
its history files gets its recorded lines, as written, in the order written:
lines imported from a file go back to that file, and events made in the
database go to the exporting clone's fragment (``history/<clone>-<branch>.jsonl``,
as the YAML backend appends there). All from one consistent snapshot: byte for
byte what the YAML backend would have written for the same operations. See
:mod:`tracker.store.pgsync` for what it refuses.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.weeks import Week
from tracker.fileformat.emitter import dump_week
from tracker.project import HISTORY_FOLDER, TRACKER_FILE, Project
from tracker.store.pgconnect import translated
from tracker.store.pgrows import READ_WEEK, week_from_rows
from tracker.store.pgsync import RECORD_HASH, SyncRefusedError, SyncResult, sha256
from tracker.store.postgres import PostgresTrackerBackend
from tracker.store.saferead import read_limited
from tracker.store.safewrite import atomic_write, exclusive_lock
from tracker.store.writer import writer_name


@dataclass(frozen=True)
class WeekFiles:
    """One week as files: each path under the data folder and its bytes, the database's
    revision they show, and the last event that had no file before this export."""

    week: Week
    files: dict[str, bytes]
    revision: int
    last_new_event: int


def export_files(
    backend: PostgresTrackerBackend,
    folder: Path,
    *,
    force: bool = False,
    writer: str | None = None,
) -> SyncResult:
    """Write every week of the database under ``folder`` (``NN-L/tracker.yaml`` and its
    history files); events not exported before go to ``writer``'s fragment (default:
    this clone and branch's, as the YAML backend's).

    Files whose bytes would not change are left alone. Refused with
    :class:`SyncRefusedError`, writing nothing, when a file to overwrite changed
    on disk since the last import or export (unless ``force``).
    """
    project = backend.project
    fragment = f"{HISTORY_FOLDER}/{writer or writer_name(project.root)}.jsonl"
    conn = backend.connection()
    with translated(backend.url), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        weeks = [
            _snapshot(backend, Week(letter), revision, folder, fragment)
            for letter, revision in conn.execute(
                "SELECT letter, revision FROM tracker.weeks WHERE body IS NOT NULL ORDER BY letter"
            ).fetchall()
        ]
        recorded = _recorded_hashes(backend)
    plan: list[tuple[Path, bytes]] = []
    unchanged: list[Path] = []
    with ExitStack() as locks:
        for each in weeks:  # no tracker writer changes these files while we look and write
            if (folder / each.week.folder).is_dir():
                path = folder / each.week.folder / TRACKER_FILE
                locks.enter_context(exclusive_lock(path, project.settings.lock_timeout))
        conflicts = []
        for each in weeks:
            for key, data in each.files.items():
                path = folder / key
                current = _current(path, project)
                if current == data:
                    unchanged.append(path)
                elif current is None or force or sha256(current) in recorded.get(key, ()):
                    plan.append((path, data))
                else:
                    conflicts.append(f"{path} changed on disk since the last import or export")
        if conflicts:
            raise SyncRefusedError(
                conflicts, "import it with `tracker db import`, or overwrite with --force"
            )
        hashes = {str(path.relative_to(folder).as_posix()): sha256(data) for path, data in plan}
        _record(backend, hashes, pending=True)  # a crash while writing refuses nothing later
        for path, data in plan:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
    _done(backend, weeks, fragment)
    return SyncResult([each.week for each in weeks], [path for path, _ in plan], unchanged)


def _snapshot(
    backend: PostgresTrackerBackend, week: Week, revision: int, folder: Path, fragment: str
) -> WeekFiles:
    conn = backend.connection()
    body, names, _, docs, _ = _one(conn.execute(READ_WEEK, (week.letter,)).fetchone())
    ref = backend.project.schema_ref(folder / week.folder)
    files = {f"{week.folder}/{TRACKER_FILE}": dump_week(week_from_rows(body, names, docs), ref)}
    histories: dict[str, list[str]] = {}
    last_new = 0
    for seq, file, line in conn.execute(
        "SELECT seq, file, line FROM tracker.events WHERE week = %s ORDER BY seq", (week.letter,)
    ):
        if file is None:
            last_new = seq
        histories.setdefault(f"{week.folder}/{file or fragment}", []).append(line)
    files |= {key: "".join(line + "\n" for line in lines) for key, lines in histories.items()}
    encoded = {key: text.encode("utf-8") for key, text in files.items()}
    return WeekFiles(week, encoded, revision, last_new)


def _one(row: tuple[Any, ...] | None) -> tuple[Any, ...]:
    assert row is not None
    return row


def _current(path: Path, project: Project) -> bytes | None:
    """The file's bytes now (read as every reader of the repository does), or None."""
    try:
        return read_limited(path, project.read_limits)
    except FileNotFoundError:
        return None


def _recorded_hashes(backend: PostgresTrackerBackend) -> dict[str, tuple[str, ...]]:
    """Each file's hash at the last import or export (and the one an export was writing)."""
    rows = backend.connection().execute("SELECT path, sha256, pending_sha256 FROM tracker.files")
    return {path: tuple(h for h in (digest, pending) if h) for path, digest, pending in rows}


def _record(backend: PostgresTrackerBackend, hashes: dict[str, str], *, pending: bool) -> None:
    """Remember the hashes of the files about to be written (``pending``) or written."""
    conn = backend.connection()
    statement = (
        "INSERT INTO tracker.files (path, sha256, pending_sha256) VALUES (%s, '', %s) "
        "ON CONFLICT (path) DO UPDATE SET pending_sha256 = excluded.pending_sha256"
        if pending
        else RECORD_HASH
    )
    with translated(backend.url), conn.transaction(), conn.cursor() as cursor:
        cursor.executemany(statement, list(hashes.items()))


def _done(backend: PostgresTrackerBackend, weeks: list[WeekFiles], fragment: str) -> None:
    """Every exported file's hash, each week in sync up to its exported revision, and the
    events exported for the first time kept in the fragment they went to."""
    conn = backend.connection()
    with translated(backend.url), conn.transaction(), conn.cursor() as cursor:
        cursor.executemany(
            RECORD_HASH, [(key, sha256(data)) for each in weeks for key, data in each.files.items()]
        )
        cursor.executemany(
            "UPDATE tracker.weeks SET synced_revision = %s WHERE letter = %s",
            [(each.revision, each.week.letter) for each in weeks],
        )
        cursor.executemany(
            "UPDATE tracker.events SET file = %s WHERE week = %s AND file IS NULL AND seq <= %s",
            [(fragment, each.week.letter, each.last_new_event) for each in weeks],
        )
