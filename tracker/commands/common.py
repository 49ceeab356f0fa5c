"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse

from tracker.config import TASK_TYPES
from tracker.yaml_backend import YAMLTrackerBackend


def backend(args: argparse.Namespace) -> YAMLTrackerBackend:
    """The YAML backend over ``--data-dir`` (or its default)."""
    return YAMLTrackerBackend(args.data_dir)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts and agents")


def add_task_type(parser: argparse.ArgumentParser, *flags: str, **kwargs: object) -> None:
    parser.add_argument(*flags, choices=list(TASK_TYPES), metavar="TASK", **kwargs)  # type: ignore[arg-type]
