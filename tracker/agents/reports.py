"""What an agent runner reports, and how it is told to work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from tracker.agents.scope import Scope
from tracker.domain.tasks import TaskKey


class Kind(StrEnum):
    """What happened (one line each)."""

    CLAIMED = "claimed"
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"
    RECLAIMED = "reclaimed"
    RETRIED = "retried"
    EXHAUSTED = "exhausted"
    WAITING = "waiting"
    WARNING = "warning"
    STOPPED = "stopped"
    DONE = "done"
    TICK = "tick"
    """Nothing new: the task in flight is still running (a terminal redraws its progress)."""


@dataclass(frozen=True)
class Progress:
    """Where the runner stands: tasks it completed and failed, what is left in scope."""

    done: int = 0
    failed: int = 0
    remaining: int | None = None
    current: str | None = None
    """The task in flight (``week A: research of 'Argo'``)."""
    seconds: float | None = None
    """How long the task in flight has run."""


@dataclass(frozen=True)
class WorkEvent:
    """One thing the runner did or saw."""

    kind: Kind
    message: str
    """The line a person reads (``claimed week A: research of 'Argo'``)."""
    progress: Progress
    week: str | None = None
    key: TaskKey | None = None
    """The task it is about (None for waiting, done, stopped)."""
    output: str | None = None
    error: str | None = None
    """Why a task failed or was skipped."""
    seconds: float | None = None
    """How long the command ran, for a finished task."""


@dataclass(frozen=True)
class WorkOptions:
    """How a runner works."""

    agent: str
    command: str
    scope: Scope = field(default_factory=Scope)
    lease: timedelta | None = None
    """The claim's lease (default: the repository's ``lease`` setting); renewed at half."""
    poll: float = 5.0
    """Seconds between looks while nothing is ready."""
    follow: bool = False
    """Keep waiting for new work when the scope is done."""
    reason: str | None = None
    grace: float = 10.0
    """Seconds a stopped command gets between SIGTERM and SIGKILL."""


Report = Callable[[WorkEvent], None]
