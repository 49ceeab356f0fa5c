"""``tracker render --out DIR``: publish the progress report as a static site."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import day, open_backend, time
from tracker.exceptions import TrackerError
from tracker.project import Project

HELP = "render the progress report: HTML pages, progress.md and progress.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default: site)"
    )
    parser.add_argument(
        "--templates", type=Path, help="folder of templates that override ours file by file"
    )
    parser.add_argument(
        "--now",
        type=time,
        help="the report's 'as of' time (default: the latest change in the data)",
    )
    parser.add_argument(
        "--series-start", type=day, metavar="DATE",
        help="week A's first day, e.g. 2026-11-02 (default: series_start in pyproject.toml)",
    )  # fmt: skip


def run(args: argparse.Namespace, project: Project) -> int:
    # Jinja2 is imported here, not at start-up: every other command stays cheap to launch.
    from tracker.report import publish

    tracker = open_backend(project)
    if not tracker.week_letters():
        raise TrackerError(
            f"{project.data_dir}: no NN-L/tracker.yaml there; nothing to render "
            "(give --data-dir, or set $TRACKER_DATA_DIR)"
        )
    files = publish(
        tracker, args.out, project.root,
        now=args.now, templates=args.templates, series_start=args.series_start,
    )  # fmt: skip
    output.write(f"wrote {len(files)} files to {args.out}/ (open {args.out / 'index.html'})")
    return 0
