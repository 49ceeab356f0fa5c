"""``tracker retry [WEEK] [--type T]``: put retryable failed tasks back to pending."""

from __future__ import annotations

import argparse

from tracker.agents.retries import get_failed_tasks, retry_failed
from tracker.cli import output
from tracker.cli.args import (
    add_json,
    add_push,
    add_reason,
    add_task_type,
    change_line,
    open_backend,
)
from tracker.domain.tasks import TaskKey
from tracker.jsonout import change_json, failed_json
from tracker.project import Project

HELP = "retry failed tasks under their max_retries; report exhausted ones"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_task_type(parser, "--type", help="only this task type")
    add_reason(parser)
    add_push(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    tracker = open_backend(project, args)
    changes = retry_failed(tracker, args.week, args.type, reason=args.reason)
    exhausted = [t for t in get_failed_tasks(tracker, args.week, args.type) if t.exhausted]
    if args.json:
        output.write_json(
            {
                "retried": [change_json(c) for c in changes],
                "exhausted": [failed_json(t) for t in exhausted],
            }
        )
        return 0
    for change in changes:
        output.write(f"{change_line(change)}: {change.reason}")
    for task in exhausted:
        what = TaskKey(task.item_name, task.task_type).describe()
        output.write(
            f"week {task.week_letter}: {what} exhausted ({task.retry_count} of "
            f"{task.max_retries} retries used): {task.error_message}"
        )
    output.write(f"{len(changes)} retried, {len(exhausted)} exhausted")
    return 0
