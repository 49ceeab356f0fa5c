"""``tracker show WEEK``: every item of a week and its tasks."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, open_backend
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS
from tracker.project import Project

HELP = "show one week's items and tasks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("--removed", action="store_true", help="include removed items")
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    week = open_backend(project).load_tracker(args.week)
    if args.json:
        output.write_json(week.model_dump(mode="json", exclude_none=True))
        return 0
    rows = []
    for name, item in week.items.items():
        if item.removed and not args.removed:
            continue
        label = f"{name} (removed)" if item.removed else name
        rows.append(
            [label, *(item.tasks[t].status.value if t in item else "-" for t in DEFAULT_ITEM_TASKS)]
        )
    output.write_lines(output.table(["item", *DEFAULT_ITEM_TASKS], rows))
    for task_type, record in week.week_tasks.tasks.items():
        output.write()
        output.write(f"week {week.week_letter} {task_type}: {record.status.value}")
    return 0
