"""Arguments and reporting shared by ``validate``, ``lint`` and ``check``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from tracker.checking.diagnostics import FORMATTERS, Diagnostic, has_errors
from tracker.checking.lint.base import Rule
from tracker.checking.lint.selection import Selection, read_config, selected_rules
from tracker.checking.pipeline import CheckOptions, week_files
from tracker.cli import output
from tracker.domain.timeutil import utc_now
from tracker.store.yamlstore import default_data_dir


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=list(FORMATTERS), default="text", help="output format (default: text)"
    )


def add_files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, help="tracker files (default: every week under --data-dir)"
    )


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--select", action="append", default=[], metavar="CODE", help="run only these rules"
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODE", help="skip these rules"
    )
    parser.add_argument(
        "--config", type=Path, default=Path("pyproject.toml"), help="reads [tool.tracker]"
    )
    parser.add_argument(
        "--check-outputs", action="store_true", help="also check output files exist on disk"
    )


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def rules_from_args(args: argparse.Namespace) -> list[Rule]:
    cli = Selection(_split(args.select), _split(args.ignore))
    return selected_rules(read_config(args.config), cli)


def data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def target_files(args: argparse.Namespace) -> list[Path]:
    """The files named on the command line, else every week under ``--data-dir``."""
    files: list[Path] = args.files
    return files or week_files(data_dir(args))


def options(args: argparse.Namespace, rules: Sequence[Rule]) -> CheckOptions:
    return CheckOptions(
        now=utc_now(),
        repo_root=Path.cwd(),
        rules=tuple(rules),
        check_outputs=getattr(args, "check_outputs", False),
    )


def report(diagnostics: Sequence[Diagnostic], fmt: str) -> int:
    """Print diagnostics in ``fmt``; 1 if any is an error."""
    if diagnostics or fmt == "json":
        output.write(FORMATTERS[fmt](diagnostics))
    return 1 if has_errors(diagnostics) else 0
