"""``tracker import-landscape PATH``: sync all 26 weeks from a CNCF ``landscape.yml``."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.args import add_json, add_mass_removal, open_backend
from tracker.cli.commands.sync import report
from tracker.importers.landscape import import_landscape
from tracker.project import Project

HELP = "sync all 26 weeks from a CNCF landscape.yml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="path to landscape.yml")
    parser.add_argument("--include-archived", action="store_true", help="keep archived projects")
    parser.add_argument(
        "--all", action="store_true", help="keep items without a repo_url (members, products)"
    )
    add_mass_removal(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    results = import_landscape(
        open_backend(project),
        args.path,
        include_archived=args.include_archived,
        require_repo=not args.all,
        allow_mass_removal=args.allow_mass_removal,
        limits=project.read_limits,
    )
    report(results, args.json)
    return 0
