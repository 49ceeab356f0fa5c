"""The PostgreSQL schema: versioned migrations, applied once each, in order.

Everything lives in the ``tracker`` schema of the database:

- ``weeks``: one row per letter A-Z, made by the first migration. The row is
  the week's lock (``SELECT ... FOR UPDATE``); ``body`` is the week without
  its items (metadata and week tasks) as the models' JSON, NULL while the week
  has no tracker; ``revision`` counts writes and ``synced_revision`` is the
  revision last imported from or exported to files.
- ``items``: one row per item and week, in file order (``position``), the
  item's tasks as the models' JSON (``json`` keeps key order, ``jsonb`` would not).
- ``events``: the history, one row per event in the order written, with
  ``line`` exactly the history line the YAML backend writes, and ``file`` the
  history file it is in (``history/<writer>.jsonl`` under the week's folder;
  NULL until an export puts it in the exporting clone's fragment).
- ``files``: the SHA-256 of each file at the last import or export (and of
  what an export is writing, until it is done), so an export never overwrites
  a file changed since.
- ``migrations``: which versions are applied.

A new version is one more entry in :data:`MIGRATIONS`; ``tracker db init``
applies what is missing, in one transaction, under an advisory lock, so two
inits at once apply each step once.
"""

from __future__ import annotations

from typing import NamedTuple

from psycopg import Connection, sql
from psycopg.errors import UndefinedTable

from tracker.exceptions import DatabaseError


class Migration(NamedTuple):
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "weeks, items, events and file hashes", (
        """CREATE TABLE tracker.weeks (
            letter text PRIMARY KEY CHECK (letter ~ '^[A-Z]$'),
            body json,
            revision bigint NOT NULL DEFAULT 0,
            synced_revision bigint NOT NULL DEFAULT 0
        )""",
        "INSERT INTO tracker.weeks (letter) SELECT chr(65 + n) FROM generate_series(0, 25) AS n",
        """CREATE TABLE tracker.items (
            week text NOT NULL REFERENCES tracker.weeks,
            name text NOT NULL,
            position integer NOT NULL,
            doc json NOT NULL,
            PRIMARY KEY (week, name)
        )""",
        """CREATE TABLE tracker.events (
            seq bigserial PRIMARY KEY,
            week text NOT NULL REFERENCES tracker.weeks,
            event_id text NOT NULL,
            time timestamptz NOT NULL,
            item text,
            task text NOT NULL,
            to_status text NOT NULL,
            agent text,
            line text NOT NULL,
            file text
        )""",
        "CREATE INDEX events_by_week ON tracker.events (week, seq)",
        "CREATE INDEX events_by_id ON tracker.events (event_id)",
        """CREATE TABLE tracker.files (
            path text PRIMARY KEY,
            sha256 text NOT NULL,
            pending_sha256 text,
            recorded_at timestamptz NOT NULL DEFAULT now()
        )""",
    )),
)  # fmt: skip
"""Every schema version, oldest first. Never edit an applied one: add a new one."""

LATEST = MIGRATIONS[-1].version

_LOCK_KEY = 0x7472_6B72  # "trkr": serialises concurrent `tracker db init`s


def migrate(conn: Connection[tuple[object, ...]]) -> list[Migration]:
    """Bring the schema to :data:`LATEST`; returns the migrations applied (none if current)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("CREATE SCHEMA IF NOT EXISTS tracker")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS tracker.migrations (version integer PRIMARY KEY, "
            "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        current = _version(conn)
        _refuse_newer(current)
        applied = [m for m in MIGRATIONS if m.version > current]
        for migration in applied:
            for statement in migration.statements:
                conn.execute(sql.SQL(statement))  # our own constants, never user input
            conn.execute(
                "INSERT INTO tracker.migrations (version, description) VALUES (%s, %s)",
                (migration.version, migration.description),
            )
    return applied


def check_version(conn: Connection[tuple[object, ...]]) -> None:
    """Refuse a database whose schema is missing, older or newer than this tracker's."""
    try:
        with conn.transaction():
            current = _version(conn)
    except UndefinedTable:
        current = 0
    if current == 0:
        raise DatabaseError("the database has no tracker schema yet: run `tracker db init`")
    if current < LATEST:
        raise DatabaseError(
            f"the database's tracker schema is version {current}, this tracker needs "
            f"{LATEST}: run `tracker db init` to migrate it"
        )
    _refuse_newer(current)


def _version(conn: Connection[tuple[object, ...]]) -> int:
    row = conn.execute("SELECT coalesce(max(version), 0) FROM tracker.migrations").fetchone()
    return int(row[0]) if row else 0  # type: ignore[call-overload]


def _refuse_newer(current: int) -> None:
    if current > LATEST:
        raise DatabaseError(
            f"the database's tracker schema is version {current}, newer than this tracker "
            f"({LATEST}): upgrade the tracker"
        )
