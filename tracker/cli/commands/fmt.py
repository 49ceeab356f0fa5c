"""``tracker fmt [--check] [FILES]``: rewrite tracker files in canonical form."""

from __future__ import annotations

import argparse

from tracker.checking.fmt import format_file
from tracker.cli import output
from tracker.cli.checkargs import add_files, report, target_files
from tracker.project import Project

HELP = "rewrite tracker files in canonical form (--check: only list files that would change)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files(parser)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any would")


def run(args: argparse.Namespace, project: Project) -> int:
    results = [
        format_file(
            path, check=args.check, schema_ref=project.schema_ref(path.parent),
            limits=project.read_limits, lock_timeout=project.settings.lock_timeout,
        )
        for path in target_files(args, project)
    ]  # fmt: skip
    status = report([d for r in results for d in r.diagnostics], "text")
    verb = "would reformat" if args.check else "reformatted"
    for result in results:
        if result.changed:
            output.write(f"{verb} {result.path}")
        for comment in result.dropped:
            removed = "would remove" if args.check else "removed"
            output.warn(f"{removed} {comment}: the tracker does not keep comments")
    changed = any(r.changed for r in results)
    return 1 if status or (args.check and changed) else 0
