"""``tracker merge-driver BASE OURS THEIRS [PATH]``: git's merge driver for tracker files.

Set up by ``tracker git-setup``; git runs it, people rarely do.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli import output
from tracker.git.mergedriver import merge_files
from tracker.project import Project

HELP = "merge a tracker file task by task (git runs it; see tracker git-setup)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", type=Path, help="the common ancestor's version (git's %%O)")
    parser.add_argument("ours", type=Path, help="our version; the result is written here (%%A)")
    parser.add_argument("theirs", type=Path, help="their version (%%B)")
    parser.add_argument("path", nargs="?", help="the file's path in the repository (%%P)")


def run(args: argparse.Namespace, project: Project) -> int:
    result = merge_files(args.base, args.ours, args.theirs, args.path or str(args.ours))
    if result.as_text:
        output.warn(f"not a valid tracker file, merged as text: {result.as_text}")
    for conflict in result.conflicts:
        output.error(f"conflict: {conflict}")
    return 1 if result.conflicts else 0
