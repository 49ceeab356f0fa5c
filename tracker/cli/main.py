"""``tracker`` command: argument parsing and the one error boundary.

The project (repository root, data folder, settings) is found once here and
passed to the subcommand. Exit codes: 0 success, 1 tracker error (one line
on stderr), 2 usage error, 3 nothing to claim (``tracker claim``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType

from tracker.cli import output
from tracker.cli.commands import (
    check,
    claim,
    db,
    fmt,
    import_landscape,
    lint,
    log,
    metrics,
    migrate,
    progress,
    ready,
    reclaim,
    render,
    renew,
    retry,
    rollback,
    schema,
    show,
    sync,
    transition,
    validate,
)
from tracker.exceptions import TrackerError, UsageError
from tracker.project import Project

Runner = Callable[[argparse.Namespace, Project], int]

COMMANDS: dict[str, ModuleType] = {
    "progress": progress,
    "show": show,
    "ready": ready,
    "sync": sync,
    "migrate": migrate,
    "import-landscape": import_landscape,
    "claim": claim,
    "renew": renew,
    "reclaim": reclaim,
    "retry": retry,
    "log": log,
    "rollback": rollback,
    "metrics": metrics,
    "check": check,
    "validate": validate,
    "lint": lint,
    "fmt": fmt,
    "schema": schema,
    "render": render,
    "db": db,
}
"""Subcommands by name; each module has ``HELP``, ``add_arguments`` and ``run(args, project)``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker", description="Git-native task tracker for the CNCF A-to-Z series."
    )
    parser.add_argument(
        "--data-dir", help="folder of NN-L week folders (default: $TRACKER_DATA_DIR or data/weeks)"
    )
    parser.add_argument(
        "--database-url", metavar="URL",
        help="a PostgreSQL database as the live store, postgresql://... (default: "
        "$TRACKER_DATABASE_URL; without either, the files are the store)",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    for name, help_text in transition.HELP.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        transition.add_arguments(command, name)
        command.set_defaults(run=partial(transition.run, command=name))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Runner = args.run
    try:
        config: Path | None = getattr(args, "config", None)
        project = Project.find(args.data_dir, config=config, database_url=args.database_url)
        for warning in project.settings.warnings:
            output.warn(warning)
        return run(args, project)
    except UsageError as error:
        output.error(str(error))
        return 2
    except TrackerError as error:
        output.error(str(error))
        return 1
    except OSError as error:
        output.error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        return 1
    except KeyboardInterrupt:
        output.error("interrupted")
        return 130
