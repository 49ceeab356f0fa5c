"""``tracker sync WEEK NAME... | --file F``: make a week's items match a list of names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import add_json, open_backend
from tracker.domain.sync import SyncResult, names_from_text
from tracker.project import Project

HELP = "sync a week's items with a list of names (new added, missing marked removed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("names", nargs="*", help="item names")
    parser.add_argument("--file", help="read names from this file, one per line ('-' = stdin)")
    add_json(parser)


def report(results: list[SyncResult], as_json: bool) -> None:
    """Print what syncs did, as text or JSON."""
    if as_json:
        output.write_json([{**r._asdict(), "changed": r.changed} for r in results])
        return
    for r in results:
        if not r.changed:
            output.write(f"week {r.week_letter}: unchanged")
            continue
        created = " (created)" if r.created else ""
        output.write(
            f"week {r.week_letter}{created}: {len(r.added)} added, {len(r.removed)} removed, "
            f"{len(r.restored)} restored"
        )


def run(args: argparse.Namespace, project: Project) -> int:
    names = list(args.names)
    if args.file:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        names += names_from_text(text)
    report([open_backend(project).sync_with_etl(args.week, names)], args.json)
    return 0
