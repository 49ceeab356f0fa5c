"""What subcommands share: the backend they open, argument types, and how a change prints."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import TypeVar

from tracker.agents.notify import notify
from tracker.cli import output
from tracker.domain.events import HistoryEvent
from tracker.domain.tasks import TaskChange
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import parse_date, parse_duration, parse_since, parse_time, utc_now
from tracker.exceptions import UsageError
from tracker.project import Project
from tracker.store.backend import TrackerBackend
from tracker.store.factory import open_store
from tracker.store.yamlstore import YAMLTrackerBackend

Backend = TypeVar("Backend", bound=TrackerBackend)


def open_backend(project: Project, args: argparse.Namespace | None = None) -> TrackerBackend:
    """The project's store (its files, or its database), with its ``on_change`` command; with
    ``--push`` (see :func:`add_push`), the files of the remote branch, changed by pushes."""
    push = getattr(args, "push", False)
    remote, branch = getattr(args, "remote", None), getattr(args, "branch", None)
    if (remote or branch) and not push:
        raise UsageError("--remote and --branch say where --push pushes; add --push")
    if not push:
        return _attached(open_store(project), project)
    if project.database_url:
        raise UsageError(
            "--push changes the tracker files of a git remote; a database is a store of its own "
            "(drop --database-url / $TRACKER_DATABASE_URL, or --push)"
        )
    from tracker.git.pushstore import RemoteTrackerBackend  # only when pushing

    pushing = RemoteTrackerBackend(project=project, remote=remote, branch=branch)
    return _attached(pushing, project)


def open_files(project: Project) -> YAMLTrackerBackend:
    """The project's files, for the commands that work on files even when a database is
    the store (``check``, ``commit``, ``migrate``)."""
    return _attached(YAMLTrackerBackend(project=project), project)


def _attached(tracker: Backend, project: Project) -> Backend:
    """``tracker`` printing its notices as warnings, and running ``on_change`` after writes."""
    tracker.on_notice = output.warn
    command = project.settings.on_change
    if command:
        tracker.listeners.append(partial(_notify, command))
    return tracker


def add_push(parser: argparse.ArgumentParser) -> None:
    """``--push`` (with ``--remote``, ``--branch``): the change is decided by a remote branch."""
    parser.add_argument(
        "--push", action="store_true",
        help="fetch the remote branch, apply the change to its tip, commit and push it (again "
        "on the new tip when someone pushed first): the remote decides, across every clone",
    )  # fmt: skip
    parser.add_argument(
        "--remote", metavar="NAME",
        help="with --push: the remote (default: push_remote in [tool.tracker], else the "
        "current branch's upstream)",
    )  # fmt: skip
    parser.add_argument(
        "--branch", metavar="NAME",
        help="with --push: the branch (default: push_branch, else the upstream's branch)",
    )  # fmt: skip


def store_name(project: Project) -> str:
    """What holds the project's weeks, for messages: its files, or its database."""
    if project.database_url:
        from tracker.store.pgconnect import describe

        return f"weeks in the database {describe(project.database_url)}"
    return f"tracker files under {project.data_dir}"


def _notify(command: str, events: Sequence[HistoryEvent]) -> None:
    for problem in notify(command, events):
        output.warn(problem)


def split_target(command: str, target: list[str]) -> tuple[str | None, str]:
    """``[ITEM] TASK`` words -> (item or None, task type)."""
    if len(target) > 2:
        raise UsageError(
            f"tracker {command}: expected [ITEM] TASK, got {len(target)} words "
            "(quote item names that contain spaces)"
        )
    return (None, target[0]) if len(target) == 1 else (target[0], target[1])


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts and agents")


def add_task_type(parser: argparse.ArgumentParser, *flags: str, **kwargs: object) -> None:
    parser.add_argument(*flags, choices=list(TASK_TYPES), metavar="TASK", **kwargs)  # type: ignore[arg-type]


def duration(text: str) -> timedelta:
    """An argparse type: ``2h``, ``90m``, ``1h30m``, ``45s``."""
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def day(text: str) -> date:
    """An argparse type: a calendar day, ``2026-11-02``."""
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def time(text: str) -> datetime:
    """An argparse type: an ISO 8601 time (UTC when it has no offset)."""
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} ({error}; e.g. 2026-11-24T10:00:00Z, or 2026-11-24)"
        ) from None


def add_mass_removal(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-mass-removal", action="store_true",
        help="allow a sync that marks more than half of a week's active items removed",
    )  # fmt: skip


def since(text: str) -> datetime:
    """An argparse type: a time as :func:`tracker.domain.timeutil.parse_since` reads it
    (``yesterday``, ``3d``, ``2026-11-24``, ...), relative to now."""
    try:
        return parse_since(text, utc_now())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_reason(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reason", metavar="TEXT",
        help="why: recorded in the history event(s), shown by log, diff and the report",
    )  # fmt: skip


def add_lease(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lease", type=duration, metavar="DURATION",
        help="how long the claim lasts unless renewed, e.g. 30m (default: [tool.tracker] "
        "lease in pyproject.toml, else 2h)",
    )  # fmt: skip


def ensure_schema(project: Project) -> str | None:
    """Write the project's JSON Schema when it is missing (a data folder's first write), so
    the modeline of its tracker files points at a file; what was done, or None."""
    from tracker.checking.schema import write_schema  # only when a week is created

    path = project.schema_path
    if path.exists():
        return None
    write_schema(path)
    return f"wrote {path}: the JSON Schema editors validate tracker files with (`tracker schema`)"


def change_line(change: TaskChange) -> str:
    """``week A: research of 'Argo' pending -> in_progress (agent bot-1)``."""
    before = change.before.status.value if change.before else "new"
    after = change.after.status.value
    line = f"week {change.week_letter}: {change.key.describe()} {before} -> {after}"
    return line + (f" (agent {change.after.agent})" if change.after.agent else "")
