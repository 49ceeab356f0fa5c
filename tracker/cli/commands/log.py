"""``tracker log [WEEK] [--item NAME] [--task T] [--since TIME]``: the recorded history."""

from __future__ import annotations

import argparse

from tracker.cli import output
from tracker.cli.args import add_json, add_task_type, backend
from tracker.domain.dependencies import describe
from tracker.domain.timeutil import format_time, parse_time
from tracker.git import history as githistory
from tracker.git.history import GitChange, git_changes
from tracker.store.history import HistoryEvent, select, unrecorded_changes

HELP = "show the history of task changes made through the tracker"
NOTE = (
    "history lists changes made with the tracker (library or CLI); edits made by hand to "
    "tracker.yaml, e.g. in a pull request, are not in it (see `git log -p` of the file)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="week letter (default: all weeks)")
    parser.add_argument("--item", help="only this item")
    add_task_type(parser, "--task", help="only this task type")
    parser.add_argument("--since", type=parse_time, metavar="TIME", help="from this time (UTC)")
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
        f"{format_time(change.time)}  {describe(change.key)}: {before} -> {after}  "
        f"(commit {change.commit[:12]} by {change.author})"
    )


def _git_json(change: GitChange) -> dict[str, object]:
    return {
        "commit": change.commit, "author": change.author, "time": format_time(change.time),
        "item": change.key[0], "task": change.key[1],
        "before": change.before.model_dump(mode="json") if change.before else None,
        "after": change.after.model_dump(mode="json") if change.after else None,
    }  # fmt: skip


def run(args: argparse.Namespace) -> int:
    tracker = backend(args)
    letters = [args.week.upper()] if args.week else tracker.week_letters()
    shown: list[HistoryEvent] = []
    unrecorded: list[str] = []
    hand_edits: list[GitChange] = []
    for letter in letters:
        events = tracker.read_history(letter)
        shown += select(events, item=args.item, task=args.task, since=args.since)
        unrecorded += [
            f"week {letter}: {p}" for p in unrecorded_changes(tracker.load_tracker(letter), events)
        ]
        if args.git:
            found = githistory.unrecorded(git_changes(tracker.tracker_path(letter)), events)
            hand_edits += [c for c in found if args.item in (None, c.key[0])]
    hand_edits = [c for c in hand_edits if args.task in (None, c.key[1])]
    if args.json:
        output.write_json(
            {
                "events": [e.model_dump(mode="json", exclude_none=True) for e in shown],
                "unrecorded_changes": unrecorded,
                "git_changes_not_in_history": [_git_json(c) for c in hand_edits],
                "note": NOTE,
            }
        )
        return 0
    for event in shown:
        output.write(_line(event))
    output.write(f"{len(shown)} event(s). Note: {NOTE}.")
    for change in hand_edits:
        output.write(f"not in history: {_git_line(change)}")
    for problem in unrecorded:
        output.warn(f"changed outside the tracker: {problem}")
    return 0
