"""``tracker reclaim [WEEK]``: put tasks whose lease expired back to pending."""

from __future__ import annotations

import argparse

from tracker.agents.claims import reclaim_expired
from tracker.cli import output
from tracker.cli.args import add_json, add_push, add_reason, change_line, open_backend
from tracker.jsonout import change_json
from tracker.project import Project

HELP = "return in-progress tasks whose lease expired to pending"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_reason(parser)
    add_push(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    changes = reclaim_expired(open_backend(project, args), args.week, reason=args.reason)
    if args.json:
        output.write_json([change_json(c) for c in changes])
        return 0
    for change in changes:
        output.write(f"{change_line(change)}: {change.reason}")
    output.write(f"{len(changes)} task(s) reclaimed")
    return 0
