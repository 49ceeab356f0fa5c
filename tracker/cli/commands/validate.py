"""``tracker validate [FILES]``: YAML syntax, refused YAML features and the schema."""

from __future__ import annotations

import argparse

from tracker.cli.checkargs import add_files, add_format, check_and_report, target_files
from tracker.project import Project

HELP = "validate tracker files: YAML syntax, duplicate keys, anchors/tags, schema"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files(parser)
    add_format(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    return check_and_report(args, project, target_files(args, project), rules=())
