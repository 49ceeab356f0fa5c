"""``tracker`` command: argument parsing and the one error boundary.

The project (repository root, data folder, settings) is found once here and
passed to the subcommand. Exit codes: 0 success (also when the reader of the
output goes away, as ``| head`` does), 1 tracker error (one line on stderr),
2 usage error, 3 nothing to claim (``tracker claim``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from tracker.cli import output
from tracker.exceptions import TrackerError, UsageError
from tracker.project import Project

Runner = Callable[[argparse.Namespace, Project], int]

COMMANDS: dict[str, str] = {
    "progress": "progress",
    "show": "show",
    "ready": "ready",
    "sync": "sync",
    "migrate": "migrate",
    "import-landscape": "import_landscape",
    "claim": "claim",
    "renew": "renew",
    "reclaim": "reclaim",
    "retry": "retry",
    "log": "log",
    "rollback": "rollback",
    "metrics": "metrics",
    "check": "check",
    "validate": "validate",
    "lint": "lint",
    "fmt": "fmt",
    "schema": "schema",
    "render": "render",
    "commit": "commit",
    "diff": "diff",
    "git-setup": "git_setup",
    "merge-driver": "merge_driver",
    "db": "db",
    "work": "work",
}
"""Subcommands by name: each module of ``tracker.cli.commands`` named here has ``HELP``,
``add_arguments`` and ``run(args, project)``. Only the module of the command run is
imported (all of them for the help listing), so each command pays for its own imports."""


def command_module(name: str) -> ModuleType:
    """The module of the subcommand ``name`` (a key of :data:`COMMANDS`)."""
    return import_module(f"tracker.cli.commands.{COMMANDS[name]}")


DISTRIBUTION = "cncf-a2z-tracker"


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib import metadata  # ~15 ms: only when asked

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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the other commands' modules are not imported
    (their parsers are left empty: they are not the one run)."""
    from tracker.cli.commands import transition  # its names are parsed, not at import

    parser = argparse.ArgumentParser(
        prog="tracker", description="Git-native task tracker for the CNCF A-to-Z series."
    )
    add_global_options(parser)
    shared = [_after_command()]
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        module = command_module(name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=shared)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    for name, help_text in transition.HELP.items():
        command = sub.add_parser(name, help=help_text, description=help_text, parents=shared)
        transition.add_arguments(command, name)
        command.set_defaults(run=partial(transition.run, command=name))
    return parser


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, if it names one of :data:`COMMANDS` (read past the global
    options, as the full parser does); None otherwise."""
    first = argparse.ArgumentParser(add_help=False)
    add_global_options(first)
    first.add_argument("command", nargs="?")
    name = first.parse_known_args(argv)[0].command
    return name if name in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = named_command(argv)
    cached = None
    if command == "check":  # before the parser: building it costs more than a cached answer
        from tracker.cli.cachedcheck import CachedCheck, replay

        cached = CachedCheck.prepare(argv)
        entry = cached.lookup() if cached is not None else None
        if entry is not None:
            return _guarded(partial(replay, entry))
    args = build_parser(command).parse_args(argv)
    if cached is not None and cached.agrees(args):
        return _guarded(partial(cached.run, args, partial(_run, args, cached.project)))
    return _guarded(partial(_run, args))


def _run(args: argparse.Namespace, project: Project | None = None) -> int:
    """Run the command ``args`` name on ``project`` (found from ``args`` unless given)."""
    run: Runner = args.run
    if project is None:
        config: Path | None = getattr(args, "config", None)
        project = Project.find(args.data_dir, config=config, database_url=args.database_url)
    for warning in project.settings.warnings:
        output.warn(warning)
    status = run(args, project)
    output.flush()  # inside the boundary: a reader that went away shows up here too
    return status


def _guarded(action: Callable[[], int]) -> int:
    """The error boundary: ``action``'s exit status, or the one its exception maps to."""
    try:
        return action()
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
