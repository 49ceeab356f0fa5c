"""``tracker progress [WEEK]``: counts by status for one week or all, with a totals row."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, add_task_type, open_backend, store_name
from tracker.domain.models import TaskProgress, WeekTracker
from tracker.domain.progress import week_progress
from tracker.domain.tasktypes import TASK_TYPES
from tracker.jsonout import progress_json
from tracker.project import Project

HELP = "show progress for one week or all weeks"
TOTAL = "all"
"""The week column of the totals row."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_task_type(parser, "--type", help="count only this task type")
    add_json(parser)


class _Line:
    """One row of the table: a week's counts, or the totals."""

    def __init__(self, name: str, items: int, types: list[str]) -> None:
        self.name = name
        self.items = items
        self.overall = TaskProgress()
        self.by_task = {t: TaskProgress() for t in types}

    def add(self, week: WeekTracker, task_type: str | None) -> None:
        self.overall += week_progress(week, task_type)
        for t in self.by_task:
            self.by_task[t] += week_progress(week, t)

    def cells(self) -> list[object]:
        done = [f"{p.done}/{p.total}" for p in self.by_task.values()]
        last = [self.overall.failed, self.overall.in_progress]
        return [self.name, self.items, *done, *last, self.overall.done_percentage]

    def json(self) -> dict[str, object]:
        return {
            "items": self.items,
            "overall": progress_json(self.overall),
            "by_task": {t: progress_json(p) for t, p in self.by_task.items()},
        }


def run(args: argparse.Namespace, project: Project) -> int:
    tracker = open_backend(project)
    weeks = [tracker.load_tracker(args.week)] if args.week else list(tracker.iter_weeks())
    types = [args.type] if args.type else list(TASK_TYPES)
    lines = []
    total = _Line(TOTAL, 0, types)
    for week in weeks:
        line = _Line(week.week_letter, sum(1 for _ in week.active_items()), types)
        line.add(week, args.type)
        lines.append(line)
        total.add(week, args.type)
        total.items += line.items
    if args.json:
        output.write_json(
            {"weeks": [{"week": line.name, **line.json()} for line in lines], **total.json()}
        )
        return 0
    if not lines:
        output.write(f"no {store_name(project)}")
        return 0
    rows = [line.cells() for line in lines]
    if len(lines) > 1:
        rows.append(total.cells())
    headers = ["week", "items", *types, "failed", "in progress", "done %"]
    output.write_lines(output.table(headers, rows))
    return 0
