"""``tracker schema [--check]``: write the JSON Schema, or fail when it is stale."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.checking.schema import SCHEMA_PATH, schema_drift, write_schema
from tracker.cli import output

HELP = "write schemas/tracker.schema.json from the models (--check: exit 1 if stale)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument(
        "--output", type=Path, default=SCHEMA_PATH, help=f"schema file (default: {SCHEMA_PATH})"
    )


def run(args: argparse.Namespace) -> int:
    if args.check:
        diff = schema_drift(args.output)
        for line in diff:
            output.write(line)
        return 1 if diff else 0
    changed = write_schema(args.output)
    output.write(f"{'wrote' if changed else 'unchanged'} {args.output}")
    return 0
