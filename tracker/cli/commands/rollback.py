"""``tracker rollback WEEK --to TIME|EVENT_ID``: restore a week's task states from history."""

from __future__ import annotations

import argparse

from tracker.agents.rollback import rollback
from tracker.cli import output
from tracker.cli.args import add_json, add_push, add_reason, change_line, open_backend
from tracker.jsonout import change_json
from tracker.project import Project

HELP = "restore a week's task states as they were at a time or event (recorded as events)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument(
        "--to", required=True, metavar="TIME|EVENT_ID",
        help="an ISO 8601 time (UTC if no offset) or an event id from `tracker log`",
    )  # fmt: skip
    add_reason(parser)
    add_push(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    changes = rollback(open_backend(project, args), args.week, args.to, reason=args.reason)
    if args.json:
        output.write_json([change_json(c) for c in changes])
        return 0
    for change in changes:
        output.write(change_line(change))
    output.write(f"{len(changes)} task(s) restored")
    return 0
