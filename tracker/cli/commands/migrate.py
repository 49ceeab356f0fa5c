"""``tracker migrate [WEEK...]``: turn legacy ``tasks.yaml`` files into ``tracker.yaml``."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, add_reason, ensure_schema, open_files
from tracker.cli.commands.sync import result_line
from tracker.exceptions import UsageError
from tracker.importers.legacy import legacy_weeks, migrate_week
from tracker.jsonout import sync_json
from tracker.project import Project

HELP = "migrate legacy tasks.yaml files to tracker.yaml (the legacy file is kept)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("weeks", nargs="*", help="week letters (default: every legacy week)")
    add_reason(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    if project.database_url:
        raise UsageError(
            "tracker migrate turns legacy tasks.yaml files into tracker files: run it without "
            "--database-url (and TRACKER_DATABASE_URL), then load them with `tracker db import`"
        )
    tracker = open_files(project)
    letters = args.weeks or legacy_weeks(tracker)
    if not letters and not args.json:
        output.write("nothing to migrate")
        return 0
    results = [migrate_week(tracker, letter, reason=args.reason) for letter in letters]
    wrote_schema = ensure_schema(project) if results else None
    if args.json:
        output.write_json([sync_json(r) for r in results])
        return 0
    for result in results:
        output.write(result_line(result))
    if wrote_schema:
        output.write(wrote_schema)
    return 0
