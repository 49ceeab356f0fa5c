"""``tracker progress [WEEK]``: counts by status for one week or all."""

from __future__ import annotations

import argparse

from tracker import output
from tracker.commands.common import add_json, add_task_type, backend
from tracker.config import TASK_TYPES
from tracker.models import TaskProgress
from tracker.progress import week_progress

HELP = "show progress for one week or all weeks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_task_type(parser, "--type", help="count only this task type")
    add_json(parser)


def progress_dict(progress: TaskProgress) -> dict[str, object]:
    return {**progress._asdict(), "completion_percentage": progress.completion_percentage}


def run(args: argparse.Namespace) -> int:
    tracker = backend(args)
    weeks = [tracker.load_tracker(args.week)] if args.week else list(tracker.iter_weeks())
    types = [args.type] if args.type else list(TASK_TYPES)
    report = []
    for week in weeks:
        entry: dict[str, object] = {
            "week": week.week_letter,
            "items": sum(1 for _ in week.active_items()),
            "overall": progress_dict(week_progress(week, args.type)),
        }
        entry["by_type"] = {t: progress_dict(week_progress(week, t)) for t in types}
        report.append(entry)
    if args.json:
        output.write_json(report)
        return 0
    headers = ["week", "items", *types, "failed", "in progress", "done %"]
    rows = []
    for entry, week in zip(report, weeks, strict=True):
        overall = week_progress(week, args.type)
        cells: list[object] = [entry["week"], entry["items"]]
        for t in types:
            p = week_progress(week, t)
            cells.append(f"{p.completed + p.skipped}/{p.total}")
        cells += [overall.failed, overall.in_progress, overall.completion_percentage]
        rows.append(cells)
    if not rows:
        output.write(f"no tracker files under {tracker.data_dir}")
        return 0
    output.write(output.table(headers, rows))
    return 0
