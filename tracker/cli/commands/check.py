"""``tracker check``: schema drift, validate and lint over every week, in one process.

The single entry point for hooks and CI. It ignores file names on purpose:
cross-file consistency needs every week, not only the changed ones.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.checking.pipeline import check_files, drift_diagnostics, week_files
from tracker.checking.schema import SCHEMA_PATH
from tracker.cli.checkargs import (
    add_format,
    add_rule_options,
    data_dir,
    options,
    report,
    rules_from_args,
)

HELP = "check everything: schema drift, validation and lint over all weeks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser)
    add_rule_options(parser)
    parser.add_argument(
        "--schema",
        type=Path,
        default=SCHEMA_PATH,
        help=f"committed schema to check for drift when it exists (default: {SCHEMA_PATH})",
    )
    parser.add_argument(
        "files", nargs="*", help="ignored (pre-commit may pass them); every week is checked"
    )


def run(args: argparse.Namespace) -> int:
    rules = rules_from_args(args)
    found = drift_diagnostics(args.schema) if args.schema.is_file() else []
    found += check_files(week_files(data_dir(args)), options(args, rules))
    return report(found, args.format)
