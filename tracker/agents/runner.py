"""The agent runner behind ``tracker work``: claim, run a command, report, repeat.

Each round it reads its scope once (unlocked), reclaims leases that ran out
and retries failed tasks that have retries left (so no one has to run
``reclaim`` or ``retry`` by hand), then claims the next ready task and runs
the command on it, renewing the lease while it runs (a heartbeat). Exit 0
completes the task with its output file; anything else fails it with the
last lines of the command's standard error. The finish is made as the
claim's holder (``Request.own_claim``): a claim lost meanwhile is never
finished, so a task is completed once even when its work ran twice.

What is skipped with one line and never stops the runner: a lost claim
(reclaimed, taken over, reset), an item removed, a dependency changed. It
waits while work in scope may still come (dependencies in progress
elsewhere, retries left) and returns when nothing in scope can be finished
any more, or never with ``follow``. :meth:`Runner.stop` (the CLI calls it
on SIGTERM and SIGINT) ends the command in flight (SIGTERM, then SIGKILL
after a grace period) and puts its task back to pending, so another agent
can take it at once.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from tracker.agents.claims import claim_next, reclaim_expired, renew_lease
from tracker.agents.command import Assignment, Execution
from tracker.agents.retries import retry_failed
from tracker.agents.scope import Look, Scope, look
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.statemachine import Request, default_output_file, move
from tracker.domain.tasks import TaskChange, TaskKey, with_reason
from tracker.exceptions import LeaseError, StorageError, TrackerError
from tracker.store.backend import TrackerBackend

FINISH_TRIES = 3
"""How often recording a finished task is tried when storage fails (the network, say)."""


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
    progress: Progress
    week: str | None = None
    key: TaskKey | None = None
    output: str | None = None
    error: str | None = None
    seconds: float | None = None


@dataclass(frozen=True)
class WorkOptions:
    """How a runner works."""

    agent: str
    command: str
    scope: Scope = field(default_factory=Scope)
    lease: timedelta | None = None
    """The claim's lease (default: the repository's ``lease`` setting); renewed every third."""
    poll: float = 5.0
    """Seconds between looks while nothing is ready."""
    follow: bool = False
    """Keep waiting for new work when the scope is done."""
    reason: str | None = None
    grace: float = 10.0
    """Seconds a stopped command gets between SIGTERM and SIGKILL."""


Report = Callable[[WorkEvent], None]


class Runner:
    """Works through a scope for one agent; :meth:`run` returns when it is done or stopped."""

    def __init__(
        self, tracker: TrackerBackend, options: WorkOptions, report: Report, root: Path,
        data_dir: Path,
    ) -> None:  # fmt: skip
        self.tracker = tracker
        self.options = options
        self.report = report
        self.root = root
        self.data_dir = data_dir
        self.lease = options.lease or tracker.settings.lease
        self.progress = Progress()
        self._stopping: str | None = None
        self._wake = threading.Event()
        self._told: set[str] = set()

    def stop(self, why: str) -> None:
        """Stop soon (safe from a signal handler): the task in flight goes back to pending."""
        self._stopping = why
        self._wake.set()

    # -- the loop -----------------------------------------------------------

    def run(self) -> None:
        """Work until the scope is done (never, with ``follow``) or :meth:`stop` is called."""
        try:
            while self._stopping is None:
                if self._round():
                    return
        except TrackerError as error:
            if self._stopping is None:
                raise
            self._say(Kind.WARNING, f"while stopping: {error}", error=str(error))
        self._say(Kind.STOPPED, f"stopped ({self._stopping})")

    def _round(self) -> bool:
        """Look, tidy up, claim and work (or wait); whether the scope is done."""
        self.tracker.refresh()
        seen = self._housekeeping()
        change = claim_next(
            self.tracker, self.options.scope.week, self.options.scope.task_type,
            agent=self.options.agent, lease=self.lease, reason=self.options.reason,
        )  # fmt: skip
        if change is not None:
            self._work(change)
            return False
        if seen.done and not self.options.follow:
            self._say(Kind.DONE, f"nothing left to do in {self.options.scope}")
            return True
        self._wait(seen)
        return False

    def _housekeeping(self) -> Look:
        """Reclaim leases that ran out and retry failures with retries left, in scope."""
        now = self.tracker.clock()
        seen = look(self.tracker, self.options.scope, now)
        for week in seen.expired:
            for change in reclaim_expired(self.tracker, week, reason=self.options.reason):
                self._said_change(Kind.RECLAIMED, change)
        for week in seen.retryable:
            retried = retry_failed(
                self.tracker, week, self.options.scope.task_type, reason=self.options.reason
            )
            for change in retried:
                self._said_change(Kind.RETRIED, change)
        for task in seen.exhausted:
            what = f"week {task.week_letter}: {TaskKey(task.item_name, task.task_type).describe()}"
            if what not in self._told:
                self._told.add(what)
                self._say(Kind.EXHAUSTED, f"{what} failed {task.retry_count + 1} times, no "
                          f"retries left: {task.error_message}", week=task.week_letter,
                          key=TaskKey(task.item_name, task.task_type))  # fmt: skip
        if seen.expired or seen.retryable:
            seen = look(self.tracker, self.options.scope, now)
        self.progress = replace(self.progress, remaining=len(seen.open))
        return seen

    def _wait(self, seen: Look) -> None:
        waiting = (
            f"nothing ready; {len(seen.open)} task(s) left in {self.options.scope}, "
            f"{seen.in_progress} in progress"
            if not seen.done
            else "nothing left; waiting for new work"
        )
        if waiting not in self._told:
            self._told = {told for told in self._told if not told.startswith("nothing ")}
            self._told.add(waiting)
            self._say(Kind.WAITING, waiting)
        pause = self.options.poll * random.uniform(0.8, 1.2)
        if seen.next_lease_end is not None:  # be there when a lease runs out
            until = (seen.next_lease_end - self.tracker.clock()).total_seconds() + 0.2
            pause = max(0.05, min(pause, until))
        self._wake.wait(pause)

    # -- one task -----------------------------------------------------------

    def _work(self, change: TaskChange) -> None:
        key, week = change.key, change.week_letter
        task = Assignment(week, key.item, key.task_type, self.options.agent,
                          default_output_file(week, key), change.after)  # fmt: skip
        what = f"week {week}: {key.describe()}"
        self.progress = replace(self.progress, current=what, seconds=0.0)
        self._say(Kind.CLAIMED, f"claimed {what}", week=week, key=key, output=task.output)
        if self._stopping is not None:  # stopped while claiming: nothing ran
            self._finish(week, key, TaskStatus.PENDING, 0.0, error=self._released())
            return
        execution = Execution(self.options.command, task, self.root, self.data_dir)
        try:
            status = self._supervise(execution, week, key)
            seconds = execution.seconds
            if status is None:
                return
            if status != 0:
                self._finish(week, key, TaskStatus.FAILED, seconds, error=execution.error(status))
            elif not (self.root / task.output).is_file():
                error = f"the command exited 0 but wrote no {task.output}"
                self._finish(week, key, TaskStatus.FAILED, seconds, error=error)
            else:
                self._finish(week, key, TaskStatus.COMPLETED, seconds, output=task.output)
        finally:
            execution.close()
            self.progress = replace(self.progress, current=None, seconds=None)

    def _supervise(self, execution: Execution, week: str, key: TaskKey) -> int | None:
        """Wait for the command, renewing the lease; its status, or None when it was stopped
        (the runner is stopping, or the claim was lost)."""
        every = max(self.lease.total_seconds() / 3, 0.05)
        renew_at = time.monotonic() + every
        tick_at = time.monotonic() + 1
        while (status := execution.wait(0.05)) is None:
            if self._stopping is not None:
                execution.stop(self.options.grace)
                self._finish(week, key, TaskStatus.PENDING, execution.seconds,
                             error=self._released())  # fmt: skip
                return None
            if time.monotonic() >= renew_at:
                renew_at = time.monotonic() + every
                try:
                    renew_lease(self.tracker, week, key.item, key.task_type,
                                agent=self.options.agent, lease=self.lease)  # fmt: skip
                except LeaseError as lost:
                    execution.stop(self.options.grace)
                    self._say(Kind.SKIPPED, f"lost the claim, command stopped: {lost}",
                              week=week, key=key, error=str(lost))  # fmt: skip
                    return None
                except TrackerError as error:  # the network, say: try again next time
                    self._say(Kind.WARNING, f"could not renew the lease: {error}", week=week,
                              key=key, error=str(error))  # fmt: skip
            if time.monotonic() >= tick_at:
                tick_at += 1
                self.progress = replace(self.progress, seconds=execution.seconds)
                self._say(Kind.TICK, "", week=week, key=key)
        return status

    def _released(self) -> str:
        return f"released: tracker work stopped ({self._stopping})"

    def _finish(
        self, week: str, key: TaskKey, target: TaskStatus, seconds: float, *,
        output: str | None = None, error: str | None = None,
    ) -> None:  # fmt: skip
        """Record the outcome as the claim's holder; a claim lost meanwhile is skipped."""
        released = target is TaskStatus.PENDING
        request = Request(
            target, agent=self.options.agent, output_file=output,
            error_message=None if released else error, own_claim=True,
            reason=with_reason(error, self.options.reason) if released else self.options.reason,
        )  # fmt: skip

        def plan(tracker_week: WeekTracker, now: datetime) -> list[TaskChange]:
            return move(tracker_week, key, request, now)

        what = f"week {week}: {key.describe()}"
        try:
            self._with_retries(lambda: self.tracker.edit_tasks(week, plan))
        except StorageError:
            raise  # the claim's lease runs out and the task is done again: at least once
        except TrackerError as refused:
            self._say(Kind.SKIPPED, f"{what}: {refused}", week=week, key=key, error=str(refused))
            if not isinstance(refused, LeaseError) and not released:
                self._release(week, key, f"released: {refused}")
            return
        if target is TaskStatus.COMPLETED:
            self.progress = replace(self.progress, done=self.progress.done + 1)
            self._say(Kind.COMPLETED, f"completed {what} in {seconds:.1f}s -> {output}",
                      week=week, key=key, output=output, seconds=seconds)  # fmt: skip
        elif target is TaskStatus.FAILED:
            self.progress = replace(self.progress, failed=self.progress.failed + 1)
            self._say(Kind.FAILED, f"failed {what} in {seconds:.1f}s: {error}", week=week,
                      key=key, error=error, seconds=seconds)  # fmt: skip
        else:
            self._say(Kind.STOPPED, f"put {what} back to pending ({error})", week=week, key=key)

    def _release(self, week: str, key: TaskKey, why: str) -> None:
        """Put a task this agent still holds back to pending (best effort)."""
        request = Request(TaskStatus.PENDING, agent=self.options.agent, own_claim=True,
                          reason=with_reason(why, self.options.reason))  # fmt: skip
        with suppress(TrackerError):  # not ours any more, or it cannot move: its lease runs out
            self.tracker.edit_tasks(week, lambda w, now: move(w, key, request, now))

    def _with_retries(self, write: Callable[[], object]) -> None:
        for attempt in range(FINISH_TRIES):
            try:
                write()
                return
            except StorageError as error:
                if attempt == FINISH_TRIES - 1:
                    raise
                self._say(Kind.WARNING, f"{error}; trying again", error=str(error))
                time.sleep(2**attempt)

    # -- reporting ----------------------------------------------------------

    def _said_change(self, kind: Kind, change: TaskChange) -> None:
        what = f"week {change.week_letter}: {change.key.describe()}"
        self._say(kind, f"{kind.value} {what}: {change.reason}", week=change.week_letter,
                  key=change.key)  # fmt: skip

    def _say(
        self, kind: Kind, message: str, *, week: str | None = None, key: TaskKey | None = None,
        output: str | None = None, error: str | None = None, seconds: float | None = None,
    ) -> None:  # fmt: skip
        self.report(WorkEvent(kind, message, self.progress, week, key, output, error, seconds))
