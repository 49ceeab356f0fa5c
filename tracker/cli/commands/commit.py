"""``tracker commit [-m MSG]``: commit tracker state safely while agents keep working."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import open_files
from tracker.git.commit import commit
from tracker.project import Project

HELP = "commit the tracker files (and new outputs) under the week locks, hooks included"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-m", "--message", help="commit message (default: a summary of the transitions)"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    done = commit(open_files(project), args.message)
    if done.sha is None:
        output.write("nothing to commit")
        return 0
    output.write(f"[{done.sha[:12]}] {done.message}")
    for name in done.outputs:
        output.write(f"  with output {name}")
    return 0
