"""Arguments and reporting shared by ``validate``, ``lint``, ``check`` and ``fmt``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from tracker.checking.diagnostics import FORMATTERS, Diagnostic, format_summary, has_errors
from tracker.checking.lint.base import Rule
from tracker.checking.lint.selection import Selection, selected_rules
from tracker.checking.pipeline import CheckOptions, check_files
from tracker.cli import output
from tracker.domain.timeutil import utc_now
from tracker.exceptions import TrackerError
from tracker.project import Project


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=list(FORMATTERS),
        help="output format (default: github inside GitHub Actions, else text)",
    )


def output_format(args: argparse.Namespace) -> str:
    """``--format``, else ``github`` when run by GitHub Actions (annotations on the pull
    request), else ``text``."""
    chosen: str | None = args.format
    if chosen is not None:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


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
        "--config",
        type=Path,
        help="read [tool.tracker] from this file (default: the repository's pyproject.toml)",
    )
    parser.add_argument(
        "--check-outputs", action="store_true", help="also check output files exist on disk"
    )


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def rules_from_args(args: argparse.Namespace, project: Project) -> list[Rule]:
    cli = Selection(_split(args.select), _split(args.ignore))
    return selected_rules(Selection.of(project.settings), cli)


def week_files(project: Project) -> list[Path]:
    """Every week's tracker file; an error when there is none, so a wrong path fails CI."""
    found = project.week_files()
    if not found:
        where = "does not exist" if not project.data_dir.is_dir() else "holds no NN-L/tracker.yaml"
        raise TrackerError(
            f"{project.data_dir}: the data folder {where}; nothing to check "
            "(give --data-dir, or set $TRACKER_DATA_DIR)"
        )
    return found


def target_files(args: argparse.Namespace, project: Project) -> list[Path]:
    """The files named on the command line, else every week under the data folder."""
    files: list[Path] = args.files
    return files or week_files(project)


def options(args: argparse.Namespace, project: Project, rules: Sequence[Rule]) -> CheckOptions:
    return CheckOptions(
        now=utc_now(),
        repo_root=project.root,
        rules=tuple(rules),
        check_outputs=getattr(args, "check_outputs", False),
        limits=project.read_limits,
        horizon=getattr(args, "horizon", None),
    )


def check_and_report(
    args: argparse.Namespace,
    project: Project,
    files: Sequence[Path],
    rules: Sequence[Rule],
    found: Sequence[Diagnostic] = (),
) -> int:
    """Check ``files`` with ``rules`` (none: validation only) and print what was ``found``
    and found now, in the format asked for, with the summary; the exit status."""
    problems = [*found, *check_files(files, options(args, project, rules))]
    return report(problems, output_format(args), len(files))


def report(diagnostics: Sequence[Diagnostic], fmt: str, files: int | None = None) -> int:
    """Print diagnostics in ``fmt`` (one line each, made visible, unless JSON), then (as
    text, when ``files`` are counted) a summary line; 1 if any is an error."""
    if fmt == "json":
        output.write_raw(FORMATTERS[fmt](diagnostics))
    else:
        output.write_lines([FORMATTERS[fmt]([d]) for d in diagnostics])
    if fmt == "text" and files is not None:
        output.write(format_summary(diagnostics, files))
    return 1 if has_errors(diagnostics) else 0
