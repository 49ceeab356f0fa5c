"""Claims with leases: many agents take tasks at once, none twice, none lost.

A claim is a locked read-modify-write of one week (``edit_tasks``) that moves
the first ready task to in progress through the state machine, with a lease.
The agent renews the lease while working (a heartbeat); :func:`reclaim_expired`
returns the tasks of agents that stopped renewing (crashed, killed) to pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache, partial

from tracker.domain.guards import Request
from tracker.domain.leases import expired_leases
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.ready import ready_in_week
from tracker.domain.statemachine import move, renew
from tracker.domain.tasks import TaskChange, TaskKey, with_reason
from tracker.domain.tasktypes import get_task_config
from tracker.domain.timeutil import format_time
from tracker.domain.transitions import parse_status
from tracker.domain.weeks import Week
from tracker.settings import DEFAULT_LEASE
from tracker.store.backend import TrackerBackend, WeekTest

__all__ = ["DEFAULT_LEASE", "claim_next", "finish_claim", "reclaim_expired", "renew_lease"]


def claim_in_week(
    week: WeekTracker,
    now: datetime,
    *,
    task_type: str | None,
    agent: str,
    lease: timedelta,
    reason: str | None = None,
) -> list[TaskChange]:
    """Start the week's first ready task for ``agent`` with a lease; no change if none."""
    task = next(ready_in_week(week, now, task_type), None)
    if task is None:
        return []
    request = Request(TaskStatus.IN_PROGRESS, agent=agent, lease=lease, reason=reason)
    return move(week, TaskKey(task.item_name, task.task_type), request, now)[:1]


def claim_next(
    tracker: TrackerBackend,
    week: str | Week | None = None,
    task_type: str | None = None,
    *,
    agent: str,
    lease: timedelta | None = None,
    reason: str | None = None,
) -> TaskChange | None:
    """Atomically take the first ready task (week order, then file order), or None.

    The task becomes IN_PROGRESS for ``agent`` with a lease ending ``lease``
    from now (default: the repository's ``lease`` setting, else 2 hours). Two
    callers, in threads or processes, never get the same task.
    """
    if task_type is not None:
        get_task_config(task_type)
    plan = partial(
        claim_in_week,
        task_type=task_type,
        agent=agent,
        lease=tracker.settings.lease if lease is None else lease,
        reason=reason,
    )
    changes = tracker.edit_first(tracker.weeks(week), plan, _ready_look(task_type))
    return changes[0] if changes else None


@cache
def _ready_look(task_type: str | None) -> WeekTest:
    """Whether a week has a ready task: one object per task type, so a storage may remember
    its answer for a week until the week changes (only a change makes a task ready)."""
    return partial(_has_ready, task_type)


def _has_ready(task_type: str | None, week: WeekTracker, now: datetime) -> bool:
    return next(ready_in_week(week, now, task_type), None) is not None


def renew_lease(
    tracker: TrackerBackend,
    week: str | Week,
    item: str | None,
    task_type: str,
    *,
    agent: str,
    lease: timedelta | None = None,
) -> TaskRecord:
    """Extend ``agent``'s claim (a heartbeat). A renewal is not a state change: no event."""
    renewed: list[TaskRecord] = []
    key = TaskKey(item, task_type)
    length = tracker.settings.lease if lease is None else lease

    def plan(week_tracker: WeekTracker, now: datetime) -> list[TaskChange]:
        renewed.append(renew(week_tracker, key, agent=agent, lease=length, now=now))
        return []

    tracker.edit_tasks(week, plan, save_unchanged=True)
    return renewed[-1]  # a plan runs again when a pushed write lost the race


def reclaim_in_week(week: WeekTracker, now: datetime, why: str | None = None) -> list[TaskChange]:
    """In-progress tasks whose lease has ended by ``now``, put back to pending."""
    changes: list[TaskChange] = []
    for key, record in expired_leases(week, now):
        assert record.lease_expires_at is not None
        ended = format_time(record.lease_expires_at)
        reason = with_reason(f"reclaimed: lease of {record.agent!r} expired at {ended}", why)
        # cascade: a dependent cannot be active while its dependency is in progress
        changes += move(week, key, Request(TaskStatus.PENDING, cascade=True, reason=reason), now)
    return changes


def reclaim_expired(
    tracker: TrackerBackend, week: str | Week | None = None, *, reason: str | None = None
) -> list[TaskChange]:
    """Put in-progress tasks whose lease has expired back to pending, recording why."""
    plan = partial(reclaim_in_week, why=reason)
    return [c for w in tracker.weeks(week) for c in tracker.edit_tasks(w, plan)]


def finish_claim(
    tracker: TrackerBackend,
    week: str | Week,
    item: str | None,
    task_type: str,
    status: TaskStatus | str,
    *,
    agent: str,
    output_file: str | None = None,
    error_message: str | None = None,
    reason: str | None = None,
) -> TaskRecord:
    """Complete, fail or release (``pending``) a task ``agent`` claimed, only while it still
    holds the claim: :class:`~tracker.exceptions.ClaimLostError` when it was reclaimed, taken
    over or finished meanwhile (its work is then not recorded twice)."""
    key = TaskKey(item, task_type)
    request = Request(parse_status(status), agent=agent, output_file=output_file,
                      error_message=error_message, reason=reason, own_claim=True)  # fmt: skip
    records: list[TaskRecord] = []

    def plan(week_tracker: WeekTracker, now: datetime) -> list[TaskChange]:
        changes = move(week_tracker, key, request, now)
        records.append(week_tracker.tasks_of(item)[task_type])
        return changes

    tracker.edit_tasks(week, plan)
    return records[-1]
