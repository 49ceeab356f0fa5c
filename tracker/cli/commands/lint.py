"""``tracker lint [FILES]``: validation plus the consistency rules."""

from __future__ import annotations

import argparse

from tracker.checking.pipeline import check_files
from tracker.cli.checkargs import (
    add_files,
    add_format,
    add_rule_options,
    options,
    output_format,
    report,
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
    rules = rules_from_args(args, project)
    files = target_files(args, project)
    found = check_files(files, options(args, project, rules))
    return report(found, output_format(args), len(files))
