"""``tracker work --agent NAME --exec CMD``: the agent runner (see :mod:`tracker.agents.runner`).

Parsing and printing only: on a terminal, a line per event and a progress
line redrawn below them; otherwise one line per event (``--json``: one JSON
object per line). SIGTERM and SIGINT stop the runner cleanly.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from tracker.agents.reports import Kind, Progress, WorkEvent, WorkOptions
from tracker.agents.runner import Runner
from tracker.agents.scope import Scope
from tracker.cli import output
from tracker.cli.args import add_json, add_lease, add_push, add_reason, add_task_type, open_backend
from tracker.domain.weeks import Week
from tracker.git.pushstore import RemoteTrackerBackend
from tracker.project import Project

HELP = "claim tasks and run a command on each until nothing is left (the agent runner)"


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds (``0.5``, ``5``)."""
    try:
        value = float(text.removesuffix("s"))
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("week", nargs="?", help="only this week (default: every week, A first)")
    add_task_type(parser, "--type", help="only this task type")
    parser.add_argument("--agent", required=True, help="who claims the tasks")
    parser.add_argument(
        "--exec", dest="command", required=True, metavar="COMMAND",
        help="shell command run on each task, in the repository root: the task as JSON on "
        "stdin and in TRACKER_* variables; exit 0 with $TRACKER_OUTPUT written completes it",
    )  # fmt: skip
    parser.add_argument(
        "--follow", action="store_true",
        help="when nothing is left, keep waiting for new work (until SIGTERM or Ctrl-C)",
    )  # fmt: skip
    add_push(parser)
    add_lease(parser)
    add_reason(parser)
    add_json(parser)
    parser.add_argument(
        "--poll", type=seconds, default=5.0, metavar="SECONDS",
        help="how often to look again while nothing is ready (default 5)",
    )  # fmt: skip
    parser.add_argument(
        "--grace", type=seconds, default=10.0, metavar="SECONDS",
        help="when stopped: how long the command in flight gets after SIGTERM (default 10)",
    )  # fmt: skip


class Printer:
    """Prints the runner's events: JSON lines, plain lines, or lines and a progress line."""

    def __init__(self, agent: str, *, json: bool, terminal: bool, pushes: list[int]) -> None:
        self.agent = agent
        self.json = json
        self.terminal = terminal and not json
        self.pushes = pushes
        self._seen = len(pushes)

    def __call__(self, event: WorkEvent) -> None:
        if self.json:
            if event.kind is not Kind.TICK:
                attempts = self.pushes[self._seen :]  # the pushes since the last line
                self._seen = len(self.pushes)
                output.write_json_line(self._json(event, attempts))
            return
        if self.terminal:
            output.clear_status()
        if event.kind is not Kind.TICK:
            output.write(f"{self.agent}: {event.message}")
        if self.terminal:
            output.status(self._status(event.progress))
        output.flush()

    def finish(self) -> None:
        if self.terminal:
            output.clear_status()
            output.flush()

    def _status(self, progress: Progress) -> str:
        left = "?" if progress.remaining is None else str(progress.remaining)
        line = f"{self.agent}: {progress.done} done, {progress.failed} failed, {left} left"
        if progress.current:
            line += f" | now {progress.current} ({progress.seconds or 0:.0f}s)"
        return line

    def _json(self, event: WorkEvent, attempts: list[int]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event": event.kind.value, "agent": self.agent, "time": _now(),
            "week": event.week, "item": event.key.item if event.key else None,
            "task": event.key.task_type if event.key else None, "message": event.message,
            "done": event.progress.done, "failed": event.progress.failed,
            "remaining": event.progress.remaining,
        }  # fmt: skip
        extra = {"output": event.output, "error": event.error, "seconds": event.seconds}
        data |= {name: value for name, value in extra.items() if value is not None}
        if attempts:
            data["push_attempts"] = attempts
        return data


def _now() -> str:
    """UTC now with milliseconds (events come faster than a second apart)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@contextmanager
def stopped_by_signals(runner: Runner) -> Iterator[None]:
    """SIGTERM and SIGINT ask the runner to stop (the task in flight goes back to pending)."""

    def stop(number: int, frame: object) -> None:
        runner.stop(signal.Signals(number).name)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace, project: Project) -> int:
    tracker = open_backend(project, args)
    options = WorkOptions(
        agent=args.agent, command=args.command,
        scope=Scope(Week.parse(args.week) if args.week else None, args.type),
        lease=args.lease, poll=args.poll, follow=args.follow, reason=args.reason,
        grace=args.grace,
    )  # fmt: skip
    pushing = tracker if isinstance(tracker, RemoteTrackerBackend) else None
    if pushing is not None:
        pushing.forward_after_push = False  # once, at the end: the runner reads the remote
    printer = Printer(args.agent, json=args.json, terminal=sys.stdout.isatty(),
                      pushes=pushing.pushes if pushing else [])  # fmt: skip
    runner = Runner(tracker, options, printer, project.root, project.data_dir)
    try:
        with stopped_by_signals(runner):
            runner.run()
    finally:
        printer.finish()
        if pushing is not None:
            pushing.bring_forward()
    return 0
