"""``tracker log [WEEK] [--item NAME] [--task T] [--since TIME]``: the recorded history."""

from __future__ import annotations

import argparse

from tracker.agents.audit import audit
from tracker.cli import output
from tracker.cli.args import add_json, add_task_type, open_backend, since
from tracker.domain.events import HistoryEvent
from tracker.domain.timeutil import SINCE_FORMS, format_time
from tracker.git.history import GitChange
from tracker.jsonout import event_json, git_change_json
from tracker.project import Project

HELP = "show the history of task changes made through the tracker"
NOTE = (
    "history lists changes made with the tracker (library or CLI); edits made by hand to "
    "tracker.yaml, e.g. in a pull request, are not in it (see `git log -p` of the file)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    parser.add_argument("--item", help="only this item")
    add_task_type(parser, "--task", help="only this task type")
    parser.add_argument(
        "--since",
        type=since,
        metavar="TIME",
        help=f"only events from this time on: {SINCE_FORMS}; times are UTC unless they say",
    )
    parser.add_argument(
        "--git", action="store_true",
        help="also list task changes in the git history of tracker.yaml that history lacks",
    )  # fmt: skip
    add_json(parser)


def _line(event: HistoryEvent) -> str:
    before = event.from_status.value if event.from_status else "new"
    extra = [f"agent {event.agent}"] if event.agent else []
    extra += [f"retry {event.retry_count}"] if event.retry_count else []
    extra += [f"error: {event.error}"] if event.error else []
    extra += [event.reason] if event.reason else []
    return (
        f"{format_time(event.time)}  {event.week}  {event.describe()}: "
        f"{before} -> {event.to_status.value}  ({'; '.join(extra)})  [{event.event_id}]"
    )


def _git_line(change: GitChange) -> str:
    before, after = (r.status.value if r else "missing" for r in (change.before, change.after))
    return (
        f"{format_time(change.time)}  {change.key.describe()}: {before} -> {after}  "
        f"(commit {change.commit[:12]} by {change.author})"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    found = audit(
        open_backend(project), args.week, item=args.item, task=args.task, since=args.since,
        git=project.tracker_path if args.git else None,
    )  # fmt: skip
    if args.json:
        output.write_json(
            {
                "events": [event_json(e) for e in found.events],
                "unrecorded_changes": found.unrecorded,
                "git_changes_not_in_history": [git_change_json(c) for c in found.git_changes],
                "git_warnings": found.git_warnings,
                "note": NOTE,
            }
        )
        return 0
    for event in found.events:
        output.write(_line(event))
    output.write(f"{len(found.events)} event(s). Note: {NOTE}.")
    for change in found.git_changes:
        output.write(f"not in history: {_git_line(change)}")
    for problem in found.unrecorded:
        output.warn(f"changed outside the tracker: {problem}")
    for warning in found.git_warnings:
        output.warn(warning)
    return 0
