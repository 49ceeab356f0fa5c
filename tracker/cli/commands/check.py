"""``tracker check``: schema drift, validate and lint over every week, in one process.

The single entry point for hooks and CI. It ignores file names on purpose:
cross-file consistency needs every week, not only the changed ones.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tracker.cachedir import NO_CACHE_ENV
from tracker.checking.pipeline import drift_diagnostics, history_diagnostics
from tracker.cli.args import open_files
from tracker.cli.cachedcheck import add_no_cache
from tracker.cli.checkargs import (
    add_format,
    add_rule_options,
    check_and_report,
    rules_from_args,
    week_files,
)
from tracker.domain.weeks import Week
from tracker.project import SCHEMA_PATH, Project, history_files_in

HELP = "check everything: schema drift, validation and lint over all weeks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser)
    add_rule_options(parser)
    parser.add_argument(
        "--schema",
        type=Path,
        help=f"committed schema to check for drift when it exists (default: <root>/{SCHEMA_PATH})",
    )
    add_no_cache(parser)
    parser.add_argument(
        "files", nargs="*", help="ignored (pre-commit may pass them); every week is checked"
    )
    parser.set_defaults(horizon=None)  # a Horizon when the result cache stores this run


def run(args: argparse.Namespace, project: Project) -> int:
    if args.no_cache:  # no cache of any kind: proofs of canonical texts included
        os.environ[NO_CACHE_ENV] = "1"
    rules = rules_from_args(args, project)
    files = week_files(project)
    backend = open_files(project)
    for path in files:  # finish (or undo) changes a crash interrupted, and say so
        week = Week.from_folder(path.parent.name)
        if week is not None:
            backend.repair(week)
    schema: Path = args.schema or project.schema_path
    found = drift_diagnostics(schema, project.read_limits) if schema.exists() else []
    for path in files:
        for history in history_files_in(path.parent):
            found += history_diagnostics(history, project.read_limits)
    return check_and_report(args, project, files, rules, found)
