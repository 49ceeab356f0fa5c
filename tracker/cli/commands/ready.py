"""``tracker ready [WEEK]``: tasks that can start now."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, add_task_type, open_backend
from tracker.jsonout import ready_json
from tracker.project import Project

HELP = "list tasks that can start now"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_task_type(parser, "--type", help="only this task type")
    parser.add_argument("--limit", type=int, help="at most this many")
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    tasks = open_backend(project).get_ready_tasks(args.week, args.limit, args.type)
    if args.json:
        output.write_json([ready_json(t) for t in tasks])
        return 0
    rows = [[t.week_letter, t.item_name or "(week)", t.task_type, t.agent] for t in tasks]
    output.write_lines(output.table(["week", "item", "task", "agent"], rows))
    return 0
