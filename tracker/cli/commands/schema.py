"""``tracker schema [--check]``: write the JSON Schema, or fail when it is stale."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.checking.schema import schema_drift, write_schema
from tracker.cli import output
from tracker.project import SCHEMA_PATH, Project

HELP = "write schemas/tracker.schema.json from the models (--check: exit 1 if stale)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument(
        "--output", type=Path, help=f"schema file (default: <repository root>/{SCHEMA_PATH})"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    path: Path = args.output or project.schema_path
    if args.check:
        diff = schema_drift(path)
        for line in diff:
            output.write(line)
        return 1 if diff else 0
    changed = write_schema(path)
    output.write(f"{'wrote' if changed else 'unchanged'} {path}")
    return 0
