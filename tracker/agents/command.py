"""The user's command run on one task: what it is told, and how it ended.

The command runs through the shell in the repository root, in a session of
its own (so stopping it stops what it started, and a terminal's Ctrl-C goes
to the runner, which decides). It gets the task as JSON on stdin and as
environment variables, its standard output goes to the runner's standard
error (the runner's standard output is its own report), and its standard
error is kept in a temporary file whose last lines become a failure's
error message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.models import TaskRecord

TAIL_LINES = 5
"""How many of the last lines of standard error a failure keeps."""
TAIL_CHARS = 2000
_TAIL_BYTES = 16 * 1024


@dataclass(frozen=True)
class Assignment:
    """What the command is told about its task."""

    week: str
    item: str | None
    task_type: str
    agent: str
    output: str
    """Where its work goes, relative to the repository root (the task type's pattern)."""
    record: TaskRecord

    def as_json(self) -> dict[str, Any]:
        """The task as the command reads it on stdin (the names of every ``--json`` output)."""
        return {
            "week": self.week, "item": self.item, "task": self.task_type, "agent": self.agent,
            "output": self.output, "retry_count": self.record.retry_count,
            "record": self.record.model_dump(mode="json", exclude_none=True),
        }  # fmt: skip

    def environment(self, root: Path, data_dir: Path) -> dict[str, str]:
        """``TRACKER_*`` variables: the task, where its output goes, where the tracker is."""
        return {
            "TRACKER_WEEK": self.week,
            "TRACKER_ITEM": self.item or "",
            "TRACKER_TASK": self.task_type,
            "TRACKER_AGENT": self.agent,
            "TRACKER_OUTPUT": self.output,
            "TRACKER_RETRY_COUNT": str(self.record.retry_count),
            "TRACKER_ROOT": str(root.resolve()),
            "TRACKER_DATA_DIR": str(data_dir.resolve()),
        }


class Execution:
    """One run of ``command`` on a task, started at once; poll it with :meth:`wait`."""

    def __init__(self, command: str, task: Assignment, root: Path, data_dir: Path) -> None:
        (root / task.output).parent.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._process = subprocess.Popen(
            command, shell=True, cwd=root, stdin=subprocess.PIPE, stdout=2, stderr=self._stderr,
            env={**os.environ, **task.environment(root, data_dir)}, start_new_session=True,
        )  # fmt: skip
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(task.as_json()).encode("utf-8") + b"\n")
            self._process.stdin.close()
        except BrokenPipeError:  # the command does not read its task from stdin
            pass

    @property
    def seconds(self) -> float:
        """How long it has run."""
        return time.monotonic() - self.started

    def wait(self, timeout: float) -> int | None:
        """Its exit status, or None if it still runs after ``timeout`` seconds."""
        try:
            return self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, grace: float) -> None:
        """End it and everything it started: SIGTERM, then SIGKILL after ``grace`` seconds."""
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
            with suppress(ProcessLookupError):
                os.killpg(self._process.pid, sig)
            try:
                self._process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue

    def error(self, status: int) -> str:
        """Why the command failed: the last lines of its standard error, else its status."""
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - _TAIL_BYTES))
        text = self._stderr.read().decode("utf-8", "replace")
        lines = [line.rstrip() for line in text.splitlines() if line.strip()][-TAIL_LINES:]
        if lines:
            return "\n".join(lines)[-TAIL_CHARS:]
        if status < 0:
            return f"killed by {signal.Signals(-status).name}"
        return f"exit status {status}"

    def close(self) -> None:
        """Release what it holds (its standard error file); the command has ended."""
        self._stderr.close()
