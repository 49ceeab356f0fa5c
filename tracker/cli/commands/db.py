"""``tracker db init|import|export|status``: the PostgreSQL store and the committed files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cli import output
from tracker.cli.args import ensure_schema
from tracker.exceptions import UsageError
from tracker.project import Project

if TYPE_CHECKING:  # psycopg is imported only when the command runs
    from tracker.store.postgres import PostgresTrackerBackend

HELP = "the PostgreSQL store: create or migrate its schema, import or export the files"


ACTIONS = {
    "init": "create the schema, or migrate it to this version (safe to repeat)",
    "import": "load each week's tracker.yaml and history.jsonl from DIR into the database",
    "export": "write the database's weeks to DIR as canonical files and history",
    "status": "the schema version, and the weeks with changes not exported yet",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=list(ACTIONS), metavar="ACTION",
        help="; ".join(f"{name}: {text}" for name, text in ACTIONS.items()),
    )  # fmt: skip
    parser.add_argument(
        "folder", nargs="?", type=Path, metavar="DIR",
        help="import/export: folder of NN-L week folders (default: --data-dir)",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true",
        help="import/export: overwrite what would be lost: files changed on disk (export), "
        "database changes not exported (import)",
    )  # fmt: skip


def run(args: argparse.Namespace, project: Project) -> int:
    if not project.database_url:
        raise UsageError(
            f"tracker db {args.action}: no database: give --database-url URL "
            "or set TRACKER_DATABASE_URL"
        )
    url = project.database_url
    if args.action in ("init", "status") and (args.folder or args.force):
        raise UsageError(f"tracker db {args.action} takes no DIR and no --force")
    if args.action == "init":
        return _init(url)
    from tracker.store.postgres import PostgresTrackerBackend

    with PostgresTrackerBackend(url, project=project) as backend:
        backend.on_notice = output.warn
        if args.action == "status":
            return _status(backend)
        folder: Path = args.folder or project.data_dir
        if args.action == "import":
            return _import(backend, folder, args.force)
        return _export(backend, folder, args.force, project)


def _init(url: str) -> int:
    from tracker.store.pgconnect import connect, describe, translated
    from tracker.store.pgschema import LATEST, migrate

    with connect(url) as conn, translated(url):
        applied = migrate(conn)
    where = describe(url)
    if not applied:
        output.write(f"{where}: schema is up to date (version {LATEST})")
    for migration in applied:
        output.write(f"{where}: applied version {migration.version}: {migration.description}")
    return 0


def _import(backend: PostgresTrackerBackend, folder: Path, force: bool) -> int:
    from tracker.store.pgimport import import_files

    result = import_files(backend, folder, force=force)
    output.write(
        f"imported {len(result.weeks)} week(s) from {folder} ({len(result.files)} files) "
        f"into {backend.where}"
    )
    return 0


def _export(backend: PostgresTrackerBackend, folder: Path, force: bool, project: Project) -> int:
    from tracker.store.pgexport import export_files

    result = export_files(backend, folder, force=force)
    for path in result.files:
        output.write(f"wrote {path}")
    output.write(
        f"exported {len(result.weeks)} week(s) to {folder}: {len(result.files)} file(s) "
        f"written, {len(result.unchanged)} unchanged"
    )
    wrote_schema = ensure_schema(project) if result.files and folder == project.data_dir else None
    if wrote_schema:  # the files' modeline points at it
        output.write(wrote_schema)
    return 0


def _status(backend: PostgresTrackerBackend) -> int:
    from tracker.store.pgschema import LATEST
    from tracker.store.pgsync import unexported_weeks

    weeks = backend.week_letters()
    output.write(
        f"{backend.where}: schema version {LATEST}, {len(weeks)} week(s) "
        f"({''.join(weeks) or 'none'})"
    )
    pending = unexported_weeks(backend)
    if pending:
        listed = ", ".join(f"{week} ({count})" for week, count in pending.items())
        output.write(f"changes not exported yet (week (writes)): {listed}")
    else:
        output.write("every week's changes are exported")
    return 0
