#!/usr/bin/env python3
"""An agent loop: claim a task, run a command on it, complete or fail it, repeat.

    python scripts/agent_loop.py --agent researcher-1 --type research -- ./research.sh

The command runs once per task with these environment variables:
TRACKER_WEEK, TRACKER_ITEM (empty for a week-level task), TRACKER_TASK and
TRACKER_OUTPUT (where the output is expected). Exit 0 completes the task;
anything else fails it with the last line of the command's stderr. While the
command runs, the claim's lease is renewed, so only a dead agent loses it.
The loop ends when nothing is ready to claim.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from tracker import TaskKey, TaskStatus, get_tracker
from tracker.agents.claims import claim_next, renew_lease
from tracker.domain.statemachine import default_output_file
from tracker.exceptions import LeaseError


def work(
    command: list[str], env: dict[str, str], renew: Callable[[], object], every: float
) -> str | None:
    """Run ``command``, renewing the lease every ``every`` seconds; the error, or None.

    If the claim was lost meanwhile (the lease expired and the task was
    reclaimed), the command is stopped and LeaseError raised.
    """
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    while True:
        try:
            _, stderr = process.communicate(timeout=every)
            break
        except subprocess.TimeoutExpired:
            try:
                renew()
            except LeaseError:
                process.kill()
                process.communicate()
                raise
    if process.returncode == 0:
        return None
    last = stderr.strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
    return last[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", required=True)
    parser.add_argument("--week")
    parser.add_argument("--type")
    parser.add_argument("--data-dir")
    parser.add_argument("--lease-minutes", type=float, default=120)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()

    tracker = get_tracker(args.data_dir)
    lease = timedelta(minutes=args.lease_minutes)
    done = 0
    while task := claim_next(tracker, args.week, args.type, agent=args.agent, lease=lease):
        week, item, kind = task.week_letter, task.item_name, task.task_type
        output = default_output_file(week, TaskKey(item, kind))
        env = os.environ | {
            "TRACKER_WEEK": week, "TRACKER_ITEM": item or "",
            "TRACKER_TASK": kind, "TRACKER_OUTPUT": output,
        }  # fmt: skip
        renew = partial(renew_lease, tracker, week, item, kind, agent=args.agent, lease=lease)
        try:
            error = work(args.command, env, renew, every=lease.total_seconds() / 3)
        except LeaseError as lost:
            print(f"{args.agent}: gave up {kind} of {item or week}: {lost}", file=sys.stderr)
            continue
        if error is None:
            tracker.update_task(
                week, item, kind, TaskStatus.COMPLETED, output_file=output, agent=args.agent
            )
        else:
            tracker.update_task(
                week, item, kind, TaskStatus.FAILED, error_message=error, agent=args.agent
            )
        done += 1
    print(f"{args.agent}: {done} task(s) handled, nothing left to claim", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
