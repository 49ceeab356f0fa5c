"""The agent runner behind ``tracker work``: claim, run a command, report, repeat.

It claims the next ready task in its scope and runs the command on it,
renewing the lease while it runs (a heartbeat). Exit 0 with the output file
written completes the task; anything else fails it with the last lines of the
command's standard error. Finishing is one write of the week with the rest
of the runner's turn there (:mod:`tracker.agents.turn`): leases that ran out
are reclaimed, failed tasks with retries left go back to pending, and the
next ready task of the week is claimed, so nobody has to run ``reclaim`` or
``retry`` by hand. The finish is made as the claim's holder
(``Request.own_claim``): a claim lost meanwhile is never finished, so a task
is completed once even when its work ran twice.

Skipped with one line, never stopping the runner: a lost claim (reclaimed,
taken over, reset), an item removed, a dependency changed. While nothing is
ready it waits, as long as work in scope may still come (dependencies in
progress elsewhere, retries left); it returns when nothing in scope can be
finished any more (never, with ``follow``). :meth:`Runner.stop` (the CLI
calls it on SIGTERM and SIGINT) ends the command in flight (SIGTERM, then
SIGKILL after a grace period) and puts its task back to pending, so another
agent can take it at once.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from tracker.agents.claims import claim_next, renew_lease
from tracker.agents.command import Assignment, Execution
from tracker.agents.reports import Kind, Progress, Report, WorkEvent, WorkOptions
from tracker.agents.scope import Look, look
from tracker.agents.turn import Outcome, Turn, take_turn
from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus
from tracker.domain.statemachine import default_output_file
from tracker.domain.tasks import TaskChange, TaskKey, with_reason
from tracker.domain.weeks import Week
from tracker.exceptions import LeaseError, StorageError, TrackerError
from tracker.store.backend import TrackerBackend

FINISH_TRIES = 3
"""How often recording a finished task is tried when storage fails (the network, say)."""

T = TypeVar("T")


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
            claimed: TaskChange | None = None
            while self._stopping is None:
                if claimed is None:
                    claimed = self._claim()
                    if claimed is None and self._idle():
                        return
                if claimed is not None:
                    claimed = self._work(claimed)
        except TrackerError as error:
            if self._stopping is None:
                raise
            self._say(Kind.WARNING, f"while stopping: {error}", error=str(error))
        self._say(Kind.STOPPED, f"stopped ({self._stopping})")

    def _claim(self) -> TaskChange | None:
        """Look at the scope, tidy up the weeks that need it, claim the next ready task."""
        self.tracker.refresh()
        seen = self._look()
        for week in sorted({*seen.expired, *seen.retryable}):
            claimed = self._tidied(self._turn(week, self._turn_of()))
            if claimed is not None:
                return claimed
        scope = self.options.scope
        return claim_next(self.tracker, scope.week, scope.task_type, agent=self.options.agent,
                          lease=self.lease, reason=self.options.reason)  # fmt: skip

    def _idle(self) -> bool:
        """Nothing was claimed: whether the scope is done (else wait a while)."""
        seen = self._look()
        if seen.done and not self.options.follow:
            self._say(Kind.DONE, f"nothing left to do in {self.options.scope}")
            return True
        waiting = (
            "nothing left; waiting for new work"
            if seen.done
            else f"nothing ready; {len(seen.open)} task(s) left in {self.options.scope}, "
            f"{seen.in_progress} in progress"
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
        return False

    def _look(self) -> Look:
        seen = look(self.tracker, self.options.scope, self.tracker.clock())
        self.progress = replace(self.progress, remaining=len(seen.open))
        for task in seen.exhausted:
            key = TaskKey(task.item_name, task.task_type)
            what = f"week {task.week_letter}: {key.describe()}"
            if what not in self._told:
                self._told.add(what)
                self._say(Kind.EXHAUSTED, f"{what} failed {task.retry_count + 1} times, no "
                          f"retries left: {task.error_message}", week=task.week_letter,
                          key=key)  # fmt: skip
        return seen

    def _turn_of(
        self, finish: tuple[TaskKey, Request] | None = None, *, claim: bool = True
    ) -> Turn:
        return Turn(self.options.agent, self.options.scope.task_type, self.lease, finish, claim,
                    self.options.reason)  # fmt: skip

    def _turn(self, week: Week | str, turn: Turn) -> Outcome:
        """One write of ``week`` (see :mod:`tracker.agents.turn`)."""
        return self._persist(lambda: take_turn(self.tracker, week, turn))

    def _tidied(self, outcome: Outcome) -> TaskChange | None:
        """Report what a turn reclaimed and retried; the task it claimed."""
        for change in outcome.reclaimed:
            self._said_change(Kind.RECLAIMED, change)
        for change in outcome.retried:
            self._said_change(Kind.RETRIED, change)
        return outcome.claimed

    # -- one task -----------------------------------------------------------

    def _work(self, change: TaskChange) -> TaskChange | None:
        """Run the command on a claimed task and finish it; the next task claimed, if any."""
        key, week = change.key, change.week_letter
        task = Assignment(week, key.item, key.task_type, self.options.agent,
                          default_output_file(week, key), change.after)  # fmt: skip
        what = f"week {week}: {key.describe()}"
        self.progress = replace(self.progress, current=what, seconds=0.0)
        self._say(Kind.CLAIMED, f"claimed {what}", week=week, key=key, output=task.output)
        if self._stopping is not None:  # stopped while claiming: nothing ran
            return self._finish(week, key, TaskStatus.PENDING, 0.0, self._released())
        execution = Execution(self.options.command, task, self.root, self.data_dir)
        try:
            status = self._supervise(execution, week, key)
            seconds = execution.seconds
            if status is None:
                if self._stopping is not None:
                    return self._finish(week, key, TaskStatus.PENDING, seconds, self._released())
                return None
            if status != 0:
                return self._finish(week, key, TaskStatus.FAILED, seconds, execution.error(status))
            if not (self.root / task.output).is_file():
                error = f"the command exited 0 but wrote no {task.output}"
                return self._finish(week, key, TaskStatus.FAILED, seconds, error)
            return self._finish(week, key, TaskStatus.COMPLETED, seconds, task.output)
        finally:
            execution.close()
            self.progress = replace(self.progress, current=None, seconds=None)

    def _supervise(self, execution: Execution, week: str, key: TaskKey) -> int | None:
        """Wait for the command, renewing the lease; its status, or None when it was stopped
        (the runner is stopping, or the claim was lost)."""
        # Renewed at half the lease (with --push each renewal is a commit), and soon again
        # after a renewal that failed, so one failure does not cost the claim.
        every = max(self.lease.total_seconds() / 2, 0.05)
        soon = max(self.lease.total_seconds() / 10, 0.05)
        renew_at = time.monotonic() + every
        tick_at = time.monotonic() + 1
        while (status := execution.wait(0.05)) is None:
            if self._stopping is not None:
                execution.stop(self.options.grace)
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
                except TrackerError as error:  # the network, say: try again soon
                    renew_at = time.monotonic() + soon
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
        self, week: str, key: TaskKey, target: TaskStatus, seconds: float, said: str
    ) -> TaskChange | None:
        """Record the outcome as the claim's holder, and take the rest of the turn in the week
        (the next claim among it); a claim lost meanwhile is skipped. ``said`` is the output
        file (completed), the error (failed) or why it is released (pending)."""
        what = f"week {week}: {key.describe()}"
        done, failed = target is TaskStatus.COMPLETED, target is TaskStatus.FAILED
        request = Request(
            target, agent=self.options.agent, own_claim=True,
            output_file=said if done else None, error_message=said if failed else None,
            reason=with_reason(None if done or failed else said, self.options.reason),
        )  # fmt: skip
        try:
            outcome = self._turn(week, self._turn_of((key, request), claim=self._stopping is None))
        except StorageError:
            raise  # the claim's lease runs out and the task is done again: at least once
        except TrackerError as refused:
            self._say(Kind.SKIPPED, f"{what}: {refused}", week=week, key=key, error=str(refused))
            if not isinstance(refused, LeaseError) and target is not TaskStatus.PENDING:
                self._release(week, key, f"released: {refused}")
            return None
        if target is TaskStatus.COMPLETED:
            self.progress = replace(self.progress, done=self.progress.done + 1)
            self._say(Kind.COMPLETED, f"completed {what} in {seconds:.1f}s -> {said}",
                      week=week, key=key, output=said, seconds=seconds)  # fmt: skip
        elif target is TaskStatus.FAILED:
            self.progress = replace(self.progress, failed=self.progress.failed + 1)
            self._say(Kind.FAILED, f"failed {what} in {seconds:.1f}s: {said}", week=week,
                      key=key, error=said, seconds=seconds)  # fmt: skip
        else:
            self._say(Kind.STOPPED, f"put {what} back to pending ({said})", week=week, key=key)
        claimed = self._tidied(outcome)
        self._look()  # what is left now, for the progress shown
        return claimed

    def _release(self, week: str, key: TaskKey, why: str) -> None:
        """Put a task this agent still holds back to pending (best effort)."""
        request = Request(TaskStatus.PENDING, agent=self.options.agent, own_claim=True,
                          reason=with_reason(why, self.options.reason))  # fmt: skip
        with suppress(TrackerError):  # not ours any more, or it cannot move: its lease runs out
            take_turn(self.tracker, week, self._turn_of((key, request), claim=False))

    def _persist(self, write: Callable[[], T]) -> T:
        """``write()``, tried again a few times when storage fails (the network, say)."""
        for attempt in range(FINISH_TRIES - 1):
            try:
                return write()
            except StorageError as error:
                self._say(Kind.WARNING, f"{error}; trying again", error=str(error))
                time.sleep(2**attempt)
        return write()

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
