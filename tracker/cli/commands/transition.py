"""``tracker start|complete|fail|skip|reset WEEK [ITEM] TASK``: change one task.

Week-level tasks take no item: ``tracker start A blog_post``.
"""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_push, add_reason, open_backend, split_target
from tracker.domain.models import TaskStatus
from tracker.domain.tasks import TaskKey
from tracker.domain.weeks import Week
from tracker.project import Project

STATUS_BY_COMMAND = {
    "start": TaskStatus.IN_PROGRESS,
    "complete": TaskStatus.COMPLETED,
    "fail": TaskStatus.FAILED,
    "skip": TaskStatus.SKIPPED,
    "reset": TaskStatus.PENDING,
}
HELP = {
    "start": "mark a task in progress (its dependencies must be completed)",
    "complete": "mark a task completed",
    "fail": "mark a task failed, with --error",
    "skip": "mark a task skipped",
    "reset": "put a task back to pending",
}


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("target", nargs="+", metavar="[ITEM] TASK", help="item name and task type")
    parser.add_argument("--agent", help="who does it (default: the task type's agent)")
    if command == "complete":
        parser.add_argument("--output", help="output file (default: the task type's pattern)")
    if command == "fail":
        parser.add_argument("--error", required=True, help="what went wrong")
    parser.add_argument(
        "--cascade", action="store_true", help="reset active dependents instead of refusing"
    )
    parser.add_argument(
        "--force", action="store_true",
        help="a person overriding the retry limit or another agent's unexpired claim",
    )  # fmt: skip
    add_reason(parser)
    add_push(parser)
    parser.add_argument("--json", action="store_true", help="print the task and its new record")


def run(args: argparse.Namespace, project: Project, command: str) -> int:
    item, task_type = split_target(command, args.target)
    week = Week.parse(args.week)
    record = open_backend(project, args).update_task(
        week, item, task_type, STATUS_BY_COMMAND[command],
        agent=args.agent, output_file=getattr(args, "output", None),
        error_message=getattr(args, "error", None), cascade=args.cascade, force=args.force,
        reason=args.reason,
    )  # fmt: skip
    if args.json:
        from tracker.jsonout import record_json  # the JSON vocabulary loads git and agent code

        output.write_json(
            {"week": week.letter, "item": item, "task": task_type, "record": record_json(record)}
        )
    else:
        what = TaskKey(item, task_type).describe()
        output.write(f"week {week}: {what} is now {record.status.value}")
    return 0
