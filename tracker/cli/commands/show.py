"""``tracker show WEEK [--status S] [--removed]``: a week's items, their tasks, and failures."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, open_backend
from tracker.domain.models import ItemTasks, TaskRecord, TaskStatus
from tracker.domain.tasks import iter_tasks
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, TASK_TYPES
from tracker.exceptions import UsageError
from tracker.jsonout import week_json
from tracker.project import Project

HELP = "show one week's items and tasks, with the errors of failed tasks"
STATUSES = [s.value for s in TaskStatus]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", help="week letter")
    parser.add_argument("--removed", action="store_true", help="include removed items")
    parser.add_argument(
        "--status", action="append", default=[], metavar="STATUS",
        help=f"only items with a task in this status ({', '.join(STATUSES)}; repeatable or "
        "comma-separated)",
    )  # fmt: skip
    add_json(parser)


def _statuses(values: list[str]) -> set[TaskStatus]:
    wanted = {v.strip() for value in values for v in value.split(",") if v.strip()}
    unknown = sorted(wanted - set(STATUSES))
    if unknown:
        raise UsageError(f"unknown status {unknown[0]!r} (known: {', '.join(STATUSES)})")
    return {TaskStatus(v) for v in wanted}


def _row(name: str, item: ItemTasks) -> list[str]:
    label = f"{name} (removed)" if item.removed else name
    return [label, *(item.tasks[t].status.value if t in item else "-" for t in DEFAULT_ITEM_TASKS)]


def run(args: argparse.Namespace, project: Project) -> int:
    wanted = _statuses(args.status)
    week = open_backend(project).load_tracker(args.week)

    def matches(tasks: dict[str, TaskRecord]) -> bool:
        return not wanted or any(r.status in wanted for r in tasks.values())

    items = [
        name
        for name, item in week.items.items()
        if (args.removed or not item.removed) and matches(item.tasks)
    ]
    week_tasks = {t: r for t, r in week.week_tasks.tasks.items() if matches({t: r})}
    if args.json:
        output.write_json(week_json(week, items, list(week_tasks)))
        return 0
    rows = [_row(name, week.items[name]) for name in items]
    if rows:
        output.write_lines(output.table(["item", *DEFAULT_ITEM_TASKS], rows))
    elif wanted:
        output.write(f"week {week.week_letter}: no items with a task {' or '.join(sorted(wanted))}")
    for task_type, record in week_tasks.items():
        output.write()
        output.write(f"week {week.week_letter} {task_type}: {record.status.value}")
    shown = set(items)
    failed = [
        (key, record)
        for key, record in iter_tasks(week, removed=True)
        if record.status is TaskStatus.FAILED
        and (key.item in shown if key.item is not None else key.task_type in week_tasks)
    ]
    if failed:
        output.write()
        output.write("failed:")
    for key, record in failed:
        limit = TASK_TYPES[key.task_type].max_retries
        output.write(
            f"  {key.describe()}: {record.error_message or '(no error message)'} "
            f"(retry {record.retry_count} of {limit} used)"
        )
    return 0
