"""``tracker git-setup``: configure this clone's merge driver for tracker files."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.git.setup import setup_clone
from tracker.project import Project

HELP = "set up this clone: the task-by-task merge driver for tracker.yaml and .gitattributes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace, project: Project) -> int:
    for line in setup_clone(project):
        output.write(line)
    return 0
