"""``tracker sync WEEK NAME... | --file F``: make a week's items match a list of names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import add_json, ensure_schema, open_backend
from tracker.domain.sync import SyncResult, names_from_text
from tracker.jsonout import sync_json
from tracker.project import Project

HELP = "sync a week's items with a list of names (new added, missing marked removed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("names", nargs="*", help="item names")
    parser.add_argument("--file", help="read names from this file, one per line ('-' = stdin)")
    add_json(parser)


def result_line(result: SyncResult) -> str:
    """``week A (created): 3 added, 0 removed, 0 restored``, or ``week A: unchanged``."""
    if not result.changed:
        return f"week {result.week_letter}: unchanged"
    created = " (created)" if result.created else ""
    return (
        f"week {result.week_letter}{created}: {len(result.added)} added, "
        f"{len(result.removed)} removed, {len(result.restored)} restored"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    names = list(args.names)
    if args.file:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        names += names_from_text(text)
    result = open_backend(project).sync_with_etl(args.week, names)
    wrote_schema = ensure_schema(project) if result.created else None
    if args.json:
        output.write_json(sync_json(result))
        return 0
    output.write(result_line(result))
    if wrote_schema:
        output.write(wrote_schema)
    return 0
