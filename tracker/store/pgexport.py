"""``tracker db export``: the database's weeks as the files the YAML backend writes.

Each week's ``tracker.yaml`` goes through the canonical emitter and its
``history.jsonl`` is each recorded line as it was written, from one consistent
snapshot: byte for byte what the YAML backend would have written for the same
operations. See :mod:`tracker.store.pgsync` for what it refuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.weeks import Week
from tracker.fileformat.emitter import dump_week
from tracker.project import HISTORY_FILE, TRACKER_FILE
from tracker.store.pgconnect import translated
from tracker.store.pgrows import READ_WEEK, week_from_rows
from tracker.store.pgsync import (
    RECORD_HASH,
    SyncRefusedError,
    SyncResult,
    read_bytes,
    sha256,
)
from tracker.store.postgres import PostgresTrackerBackend
from tracker.store.safewrite import atomic_write, exclusive_lock


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
                current = read_bytes(path)
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
        cursor.executemany(RECORD_HASH, list(hashes.items()))
        cursor.executemany(
            "UPDATE tracker.weeks SET synced_revision = %s WHERE letter = %s",
            [(revision, week.letter) for week, revision in revisions.items()],
        )
