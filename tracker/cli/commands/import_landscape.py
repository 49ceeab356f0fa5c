"""``tracker import-landscape PATH``: sync all 26 weeks from a CNCF ``landscape.yml``."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli import output
from tracker.cli.args import add_json, add_mass_removal, add_reason, ensure_schema, open_backend
from tracker.cli.commands.sync import result_line
from tracker.importers.landscape import import_landscape
from tracker.jsonout import sync_json
from tracker.project import Project

HELP = "sync all 26 weeks from a CNCF landscape.yml (case variants of a name merged)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="path to landscape.yml")
    parser.add_argument("--include-archived", action="store_true", help="keep archived projects")
    parser.add_argument(
        "--all", action="store_true", help="keep items without a repo_url (members, products)"
    )
    add_mass_removal(parser)
    add_reason(parser)
    add_json(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    done = import_landscape(
        open_backend(project),
        args.path,
        include_archived=args.include_archived,
        require_repo=not args.all,
        allow_mass_removal=args.allow_mass_removal,
        limits=project.read_limits,
        reason=args.reason,
    )
    wrote_schema = ensure_schema(project) if any(r.created for r in done.results) else None
    if args.json:
        output.write_json(
            {
                "weeks": [sync_json(r) for r in done.results],
                "merged": [m._asdict() for m in done.merged],
            }
        )
        return 0
    for result in done.results:
        output.write(result_line(result))
    for kept, dropped in done.merged:
        output.write(f"merged {dropped!r} into {kept!r}: the same name but for case")
    if wrote_schema:
        output.write(wrote_schema)
    return 0
