"""``tracker`` command: argument parsing and the one error boundary.

The project (repository root, data folder, settings) is found once here and
passed to the subcommand. Exit codes: 0 success (also when the reader of the
output goes away, as ``| head`` does), 1 tracker error (one line on stderr),
2 usage error, 3 nothing to claim (``tracker claim``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from functools import partial
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from tracker.cli import output
from tracker.cli.commands import (
    check,
    claim,
    commit,
    db,
    diff,
    fmt,
    git_setup,
    import_landscape,
    lint,
    log,
    merge_driver,
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
    work,
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
    "commit": commit,
    "diff": diff,
    "git-setup": git_setup,
    "merge-driver": merge_driver,
    "db": db,
    "work": work,
}
"""Subcommands by name; each module has ``HELP``, ``add_arguments`` and ``run(args, project)``."""


DISTRIBUTION = "cncf-a2z-tracker"


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        try:
            version = metadata.version(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            version = "(not installed: pip install -e .)"
        output.write(f"tracker {version}")
        parser.exit()


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options of the tracker as a whole. Every one is accepted before the command's name
    and after it (``tracker check --data-dir x``): add new ones here."""
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument(
        "--data-dir", help="folder of NN-L week folders (default: $TRACKER_DATA_DIR or data/weeks)"
    )
    parser.add_argument(
        "--database-url", metavar="URL",
        help="a PostgreSQL database as the live store, postgresql://... (default: "
        "$TRACKER_DATABASE_URL; without either, the files are the store)",
    )  # fmt: skip


def _after_command() -> argparse.ArgumentParser:
    """The global options again, for each command's parser. Their defaults are dropped,
    so an option not given after the command keeps the value given before it."""
    parser = argparse.ArgumentParser(add_help=False)
    add_global_options(parser)
    for action in parser._actions:
        action.default = argparse.SUPPRESS
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker", description="Git-native task tracker for the CNCF A-to-Z series."
    )
    add_global_options(parser)
    shared = [_after_command()]
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=shared)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    for name, help_text in transition.HELP.items():
        command = sub.add_parser(name, help=help_text, description=help_text, parents=shared)
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
        status = run(args, project)
        output.flush()  # inside the boundary: a reader that went away shows up here too
        return status
    except BrokenPipeError:
        output.drop_stdout()  # `tracker show A | head -1`: the reader has all it wanted
        return 0
    except UsageError as error:
        output.error(str(error))
        return 2
    except TrackerError as error:
        for problem in error.problems:
            output.error(problem)
        return 1
    except OSError as error:
        output.error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        return 1
    except KeyboardInterrupt:
        output.error("interrupted")
        return 130
