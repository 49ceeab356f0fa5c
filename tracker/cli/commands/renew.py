"""``tracker renew WEEK [ITEM] TASK --agent NAME``: extend a claim's lease (a heartbeat)."""

from __future__ import annotations

import argparse

from tracker.agents.claims import renew_lease
from tracker.cli import output
from tracker.cli.args import add_lease, add_push, open_backend, split_target
from tracker.domain.timeutil import format_time
from tracker.project import Project

HELP = "extend the lease of a task you claimed"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("target", nargs="+", metavar="[ITEM] TASK", help="item name and task type")
    parser.add_argument("--agent", required=True, help="the agent holding the claim")
    add_lease(parser)
    add_push(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    item, task_type = split_target("renew", args.target)
    record = renew_lease(
        open_backend(project, args), args.week, item, task_type, agent=args.agent, lease=args.lease
    )
    assert record.lease_expires_at is not None
    output.write(f"lease held by {args.agent} until {format_time(record.lease_expires_at)}")
    return 0
