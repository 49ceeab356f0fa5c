"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from tracker.agents.notify import notify
from tracker.cli import output
from tracker.domain.dependencies import describe
from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import parse_duration
from tracker.exceptions import UsageError
from tracker.settings import load_agent_settings
from tracker.store.backend import TaskChange
from tracker.store.history import HistoryEvent
from tracker.store.yamlstore import YAMLTrackerBackend


def backend(args: argparse.Namespace) -> YAMLTrackerBackend:
    """The YAML backend over ``--data-dir`` (or its default), with ``on_change`` attached."""
    tracker = YAMLTrackerBackend(args.data_dir)
    command = load_agent_settings(tracker.data_dir).on_change
    if command:
        tracker.listeners.append(partial(_notify, command))
    return tracker


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


def _duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_lease(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lease", type=_duration, metavar="DURATION",
        help="how long the claim lasts unless renewed, e.g. 30m (default: [tool.tracker] "
        "lease in pyproject.toml, else 2h)",
    )  # fmt: skip


def lease(args: argparse.Namespace, tracker: YAMLTrackerBackend) -> timedelta:
    """``--lease``, else the repository's setting, else the default."""
    given: timedelta | None = args.lease
    return given if given is not None else load_agent_settings(tracker.data_dir).lease


def change_line(change: TaskChange) -> str:
    """``week A: research of 'Argo' pending -> in_progress (agent bot-1)``."""
    what = describe((change.item_name, change.task_type))
    before = change.before.status.value if change.before else "new"
    line = f"week {change.week_letter}: {what} {before} -> {change.after.status.value}"
    return line + (f" (agent {change.after.agent})" if change.after.agent else "")


def change_json(change: TaskChange) -> dict[str, object]:
    """A change as JSON: where, and the record after it."""
    return {
        "week": change.week_letter,
        "item": change.item_name,
        "task": change.task_type,
        "from_status": change.before.status.value if change.before else None,
        "reason": change.reason,
        "record": change.after.model_dump(mode="json", exclude_none=True),
    }
