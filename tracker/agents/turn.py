"""A runner's turn at one week: everything it has to write there, in one write.

Finishing a task, reclaiming the week's leases that ran out, putting its
failed tasks with retries left back to pending, and claiming the next ready
task are one locked edit of the week, so one write (one commit and push with
``--push``) instead of four. Each part goes through the state machine; if
finishing is refused (the claim was lost meanwhile), nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tracker.agents.claims import claim_in_week, reclaim_in_week
from tracker.agents.retries import retry_in_week
from tracker.domain.guards import Request
from tracker.domain.models import WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.tasks import TaskChange, TaskKey
from tracker.domain.weeks import Week
from tracker.store.backend import TrackerBackend


@dataclass(frozen=True)
class Turn:
    """What to do in a week."""

    agent: str
    task_type: str | None
    """The runner's task type (None: any): what it retries and claims."""
    lease: timedelta
    finish: tuple[TaskKey, Request] | None = None
    """The agent's own claim to finish first (its request has ``own_claim``)."""
    claim: bool = True
    reason: str | None = None


@dataclass
class Outcome:
    """What a turn changed, by part."""

    finished: list[TaskChange] = field(default_factory=list)
    reclaimed: list[TaskChange] = field(default_factory=list)
    retried: list[TaskChange] = field(default_factory=list)
    claimed: TaskChange | None = None


def take_turn(tracker: TrackerBackend, week: str | Week, turn: Turn) -> Outcome:
    """Make ``turn``'s changes to ``week`` in one write; what changed."""
    outcome = Outcome()

    def plan(tracker_week: WeekTracker, now: datetime) -> list[TaskChange]:
        nonlocal outcome
        outcome = Outcome()  # a push that lost the race runs the plan again, afresh
        if turn.finish is not None:
            outcome.finished = move(tracker_week, *turn.finish, now)
        outcome.reclaimed = reclaim_in_week(tracker_week, now, turn.reason)
        outcome.retried = retry_in_week(
            tracker_week, now, task_type=turn.task_type, why=turn.reason
        )
        claimed = []
        if turn.claim:
            claimed = claim_in_week(tracker_week, now, task_type=turn.task_type, agent=turn.agent,
                                    lease=turn.lease, reason=turn.reason)  # fmt: skip
            outcome.claimed = claimed[0] if claimed else None
        return [*outcome.finished, *outcome.reclaimed, *outcome.retried, *claimed]

    tracker.edit_tasks(week, plan)
    return outcome
