"""``tracker check``: schema drift, validate and lint over every week, in one process.

The single entry point for hooks and CI. It ignores file names on purpose:
cross-file consistency needs every week, not only the changed ones.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.checking.pipeline import drift_diagnostics
from tracker.cli.checkargs import add_format, add_rule_options, check_and_report, rules_from_args
from tracker.project import SCHEMA_PATH, Project

HELP = "check everything: schema drift, validation and lint over all weeks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser)
    add_rule_options(parser)
    parser.add_argument(
        "--schema",
        type=Path,
        help=f"committed schema to check for drift when it exists (default: <root>/{SCHEMA_PATH})",
    )
    parser.add_argument(
        "files", nargs="*", help="ignored (pre-commit may pass them); every week is checked"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    rules = rules_from_args(args, project)
    schema: Path = args.schema or project.schema_path
    drift = drift_diagnostics(schema) if schema.is_file() else []
    return check_and_report(args, project, project.week_files(), rules, drift)
