"""``tracker metrics [WEEK]``: per task type and per agent, how the work went."""

from __future__ import annotations

import argparse

from tracker.agents.metrics import Stats, compute_metrics
from tracker.cli import output
from tracker.cli.args import add_json, backend

HELP = "counts, success rate, retries and p50/p90 durations per task type and per agent"
HEADERS = ["started", "completed", "failed", "retries", "success", "p50", "p90"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    add_json(parser)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _row(stats: Stats) -> list[object]:
    rate = "-" if stats.success_rate is None else f"{100 * stats.success_rate:.0f}%"
    return [
        stats.name, stats.started, stats.completed, stats.failed, stats.retries, rate,
        _duration(stats.p50_seconds), _duration(stats.p90_seconds),
    ]  # fmt: skip


def run(args: argparse.Namespace) -> int:
    tracker = backend(args)
    letters = [args.week.upper()] if args.week else tracker.week_letters()
    metrics = compute_metrics(e for letter in letters for e in tracker.read_history(letter))
    if args.json:
        output.write_json(
            {
                "by_task_type": [s._asdict() for s in metrics.by_task_type],
                "by_agent": [s._asdict() for s in metrics.by_agent],
            }
        )
        return 0
    output.write(output.table(["task type", *HEADERS], [_row(s) for s in metrics.by_task_type]))
    output.write()
    output.write(output.table(["agent", *HEADERS], [_row(s) for s in metrics.by_agent]))
    return 0
