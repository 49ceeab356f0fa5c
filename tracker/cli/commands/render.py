"""``tracker render --out DIR``: publish the progress report as a static site."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import backend
from tracker.domain.timeutil import parse_time

HELP = "render the progress report: HTML pages, progress.md and progress.json"


def _time(text: str) -> datetime:
    try:
        return parse_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default: site)"
    )
    parser.add_argument(
        "--templates", type=Path, help="folder of templates that override ours file by file"
    )
    parser.add_argument(
        "--now", type=_time, help="the report's 'as of' time (default: the latest time in the data)"
    )


def run(args: argparse.Namespace) -> int:
    # Jinja2 is imported here, not at start-up: every other command stays cheap to launch.
    from tracker.report import build_report, make_environment, render_files, write_site

    tracker = backend(args)
    weeks = list(tracker.iter_weeks())
    events = [e for week in weeks for e in tracker.read_history(week.week_letter)]
    repo_root = tracker.data_dir.resolve().parent.parent
    # Output files are relative to the repository root; week pages sit one folder down.
    link_base = os.path.relpath(repo_root, (args.out / "weeks").resolve()) + "/"
    report = build_report(weeks, now=args.now, link_base=link_base, events=events)
    files = render_files(report, make_environment(args.templates))
    write_site(files, args.out)
    output.write(f"wrote {len(files)} files to {args.out}/ (open {args.out / 'index.html'})")
    return 0
