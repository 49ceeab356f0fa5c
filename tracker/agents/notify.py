"""Notifications: a command run after each state change, the event as JSON on stdin.

A failing command is reported to the caller and never undoes or blocks the
change (it runs after the week's lock is released).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from tracker.domain.events import HistoryEvent
from tracker.store.history import to_line

TIMEOUT_SECONDS = 30


def notify(command: str, events: Sequence[HistoryEvent]) -> list[str]:
    """Run ``command`` (a shell command) once per event; what went wrong, one line each."""
    problems: list[str] = []
    for event in events:
        try:
            done = subprocess.run(
                command, shell=True, input=to_line(event) + "\n", text=True,
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as error:
            problems.append(f"on_change command {command!r} failed: {error}")
            continue
        if done.returncode != 0:
            said = done.stderr.strip().splitlines()[-1:] or ["no message"]
            problems.append(
                f"on_change command {command!r} exited {done.returncode} for event "
                f"{event.event_id}: {said[0]}"
            )
    return problems
