"""``tracker claim [WEEK] [--type T] --agent NAME``: take the next ready task, atomically."""

from __future__ import annotations

import argparse

from tracker.agents.claims import claim_next
from tracker.cli import output
from tracker.cli.args import (
    add_json,
    add_lease,
    add_push,
    add_reason,
    add_task_type,
    change_line,
    open_backend,
)
from tracker.jsonout import change_json
from tracker.project import Project

HELP = "atomically take the next ready task for an agent (exit 3 when none is ready)"
NOTHING_READY = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks, A first)")
    add_task_type(parser, "--type", help="only this task type")
    parser.add_argument("--agent", required=True, help="who claims it")
    add_lease(parser)
    add_reason(parser)
    add_push(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    change = claim_next(
        open_backend(project, args),
        args.week,
        args.type,
        agent=args.agent,
        lease=args.lease,
        reason=args.reason,
    )
    if change is None:
        if args.json:
            output.write_json(None)
        else:
            output.write("nothing ready to claim")
        return NOTHING_READY
    if args.json:
        output.write_json(change_json(change))
    else:
        output.write(change_line(change))
    return 0
