"""Claims with leases: many agents take tasks at once, none twice, none lost.

A claim is a locked read-modify-write of one week (``edit_tasks``), so two
processes never get the same task. A claim carries a lease; the agent renews
it while working (a heartbeat) and :func:`reclaim_expired` returns the tasks
of agents that stopped renewing (crashed, killed) to pending.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial

from tracker.domain.dependencies import describe
from tracker.domain.models import ReadyTask, TaskRecord, TaskStatus, WeekTracker
from tracker.domain.names import normalize_week_letter
from tracker.domain.tasktypes import get_task_config
from tracker.domain.timeutil import format_time
from tracker.exceptions import ItemNotFoundError, LeaseError
from tracker.store.backend import TaskChange, TrackerBackend, apply_update, ready_in_week

DEFAULT_LEASE = timedelta(hours=2)


def ready_of_type(week: WeekTracker, task_type: str | None) -> Iterator[ReadyTask]:
    """The week's ready tasks, optionally of one type, in file order."""
    return (t for t in ready_in_week(week) if task_type is None or t.task_type == task_type)


def claim_in_week(
    week: WeekTracker, now: datetime, *, task_type: str | None, agent: str, lease: timedelta
) -> list[TaskChange]:
    """Start the week's first ready task for ``agent`` with a lease; no change if none."""
    task = next(ready_of_type(week, task_type), None)
    if task is None:
        return []
    ref = (task.item_name, task.task_type)
    change = apply_update(week, ref, TaskStatus.IN_PROGRESS, now=now, agent=agent)[0]
    claimed = change.after.model_copy(update={"lease_expires_at": now + lease})
    week.tasks_of(task.item_name)[task.task_type] = claimed
    return [change._replace(after=claimed)]


def claim_next(
    tracker: TrackerBackend,
    week: str | None = None,
    task_type: str | None = None,
    *,
    agent: str,
    lease: timedelta = DEFAULT_LEASE,
) -> TaskChange | None:
    """Atomically take the first ready task (week order, then file order), or None.

    The task becomes IN_PROGRESS for ``agent`` with a lease ending ``lease``
    from now. Two callers, in threads or processes, never get the same task.
    """
    if task_type is not None:
        get_task_config(task_type)
    letters = [normalize_week_letter(week)] if week is not None else tracker.week_letters()
    plan = partial(claim_in_week, task_type=task_type, agent=agent, lease=lease)
    for letter in letters:
        # An unlocked look first, so claimers do not queue on weeks with nothing ready;
        # the locked plan looks again.
        if next(ready_of_type(tracker.load_tracker(letter), task_type), None) is None:
            continue
        changes = tracker.edit_tasks(letter, plan)
        if changes:
            return changes[0]
    return None


def renew_in_week(
    week: WeekTracker,
    now: datetime,
    *,
    item: str | None,
    task_type: str,
    agent: str,
    lease: timedelta,
) -> TaskRecord:
    """Extend ``agent``'s lease; :class:`LeaseError` if the task is not theirs in progress."""
    if item is not None and item not in week.items:
        raise ItemNotFoundError(f"week {week.week_letter} has no item {item!r}")
    record = week.tasks_of(item).get(task_type)
    what = describe((item, task_type))
    if record is None or record.status is not TaskStatus.IN_PROGRESS:
        status = "pending" if record is None else record.status.value
        raise LeaseError(f"cannot renew {what} of week {week.week_letter}: it is {status}")
    if record.agent != agent:
        raise LeaseError(
            f"cannot renew {what} of week {week.week_letter}: claimed by {record.agent!r}, "
            f"not {agent!r}"
        )
    renewed = record.model_copy(update={"lease_expires_at": now + lease})
    week.tasks_of(item)[task_type] = renewed
    return renewed


def renew_lease(
    tracker: TrackerBackend,
    week: str,
    item: str | None,
    task_type: str,
    *,
    agent: str,
    lease: timedelta = DEFAULT_LEASE,
) -> TaskRecord:
    """Extend ``agent``'s claim (a heartbeat). A renewal is not a state change: no event."""
    get_task_config(task_type)
    renewed: list[TaskRecord] = []

    def plan(week_tracker: WeekTracker, now: datetime) -> list[TaskChange]:
        renewed.append(
            renew_in_week(
                week_tracker, now, item=item, task_type=task_type, agent=agent, lease=lease
            )
        )
        return []

    tracker.edit_tasks(week, plan, save_unchanged=True)
    return renewed[0]


def expired_leases(week: WeekTracker, now: datetime) -> list[tuple[str | None, str, TaskRecord]]:
    """In-progress tasks whose lease has ended by ``now`` (for ``reclaim`` and linters)."""
    return [
        (name, task_type, record)
        for name, task_type, record in week.all_tasks(removed=True)
        if record.status is TaskStatus.IN_PROGRESS
        and record.lease_expires_at is not None
        and record.lease_expires_at <= now
    ]


def reclaim_in_week(week: WeekTracker, now: datetime) -> list[TaskChange]:
    """In-progress tasks whose lease has ended by ``now``, put back to pending."""
    expired = expired_leases(week, now)
    changes: list[TaskChange] = []
    for name, task_type, record in expired:
        assert record.lease_expires_at is not None
        ended = format_time(record.lease_expires_at)
        reason = f"reclaimed: lease of {record.agent!r} expired at {ended}"
        # cascade: a dependent cannot be active while its dependency is in progress
        found = apply_update(week, (name, task_type), TaskStatus.PENDING, now=now, cascade=True)
        changes += [c._replace(reason=reason) for c in found]
    return changes


def reclaim_expired(tracker: TrackerBackend, week: str | None = None) -> list[TaskChange]:
    """Put in-progress tasks whose lease has expired back to pending, recording why."""
    letters = [normalize_week_letter(week)] if week is not None else tracker.week_letters()
    return [c for letter in letters for c in tracker.edit_tasks(letter, reclaim_in_week)]
