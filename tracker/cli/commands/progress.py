"""``tracker progress [WEEK]``: counts by status for one week or all."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, add_task_type, open_backend, store_name
from tracker.domain.models import TaskProgress
from tracker.domain.progress import week_progress
from tracker.domain.tasktypes import TASK_TYPES
from tracker.project import Project

HELP = "show progress for one week or all weeks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_task_type(parser, "--type", help="count only this task type")
    add_json(parser)


def progress_dict(progress: TaskProgress) -> dict[str, object]:
    return {**progress._asdict(), "completion_percentage": progress.completion_percentage}


def run(args: argparse.Namespace, project: Project) -> int:
    tracker = open_backend(project)
    weeks = [tracker.load_tracker(args.week)] if args.week else list(tracker.iter_weeks())
    types = [args.type] if args.type else list(TASK_TYPES)
    counted = [
        (week, week_progress(week, args.type), {t: week_progress(week, t) for t in types})
        for week in weeks
    ]
    if args.json:
        output.write_json(
            [
                {
                    "week": week.week_letter,
                    "items": sum(1 for _ in week.active_items()),
                    "overall": progress_dict(overall),
                    "by_type": {t: progress_dict(p) for t, p in by_type.items()},
                }
                for week, overall, by_type in counted
            ]
        )
        return 0
    headers = ["week", "items", *types, "failed", "in progress", "done %"]
    rows = []
    for week, overall, by_type in counted:
        cells: list[object] = [week.week_letter, sum(1 for _ in week.active_items())]
        for p in by_type.values():
            cells.append(f"{p.completed + p.skipped}/{p.total}")
        cells += [overall.failed, overall.in_progress, overall.completion_percentage]
        rows.append(cells)
    if not rows:
        output.write(f"no {store_name(project)}")
        return 0
    output.write(output.table(headers, rows))
    return 0
