"""``tracker metrics [WEEK]``: per task type and per agent, how the work went."""

from __future__ import annotations

import argparse

from tracker.agents.metrics import Stats, metrics_of
from tracker.cli import output
from tracker.cli.args import add_json, open_backend
from tracker.domain.timeutil import format_seconds
from tracker.jsonout import metrics_json
from tracker.project import Project

HELP = "counts, success rate, retries and p50/p90 durations per task type and per agent"
HEADERS = ["started", "completed", "failed", "retries", "success", "p50", "p90"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_json(parser)


def _row(stats: Stats) -> list[object]:
    rate = "-" if stats.success_rate is None else f"{100 * stats.success_rate:.0f}%"
    return [
        stats.name, stats.started, stats.completed, stats.failed, stats.retries, rate,
        format_seconds(stats.p50_seconds) or "-", format_seconds(stats.p90_seconds) or "-",
    ]  # fmt: skip


def run(args: argparse.Namespace, project: Project) -> int:
    metrics = metrics_of(open_backend(project), args.week)
    if args.json:
        output.write_json(metrics_json(metrics.by_task_type, metrics.by_agent))
        return 0
    output.write_lines(
        output.table(["task type", *HEADERS], [_row(s) for s in metrics.by_task_type])
    )
    output.write()
    output.write_lines(output.table(["agent", *HEADERS], [_row(s) for s in metrics.by_agent]))
    return 0
