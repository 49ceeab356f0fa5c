"""``tracker lint [FILES]``: validation plus the consistency rules."""

from __future__ import annotations

import argparse

from tracker.cli.checkargs import (
    add_files,
    add_format,
    add_rule_options,
    check_and_report,
    rules_from_args,
    target_files,
)
from tracker.project import Project

HELP = "validate and lint tracker files (dependencies, times, outputs, names, metadata)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files(parser)
    add_format(parser)
    add_rule_options(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    return check_and_report(
        args, project, target_files(args, project), rules_from_args(args, project)
    )
