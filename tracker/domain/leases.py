"""Leases: when a task in progress is claimed, until when, and when the claim has lapsed."""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, iter_tasks
from tracker.exceptions import InvalidTransitionError


def held(record: TaskRecord, now: datetime) -> bool:
    """Whether the task is claimed: in progress under a lease that has not ended by ``now``."""
    until = record.lease_expires_at
    return record.status is TaskStatus.IN_PROGRESS and until is not None and until > now


def expired_leases(week: WeekTracker, now: datetime) -> list[tuple[TaskKey, TaskRecord]]:
    """In-progress tasks whose lease has ended by ``now`` (for ``reclaim`` and the linter)."""
    return [
        (key, record)
        for key, record in iter_tasks(week, removed=True)
        if record.status is TaskStatus.IN_PROGRESS
        and record.lease_expires_at is not None
        and not held(record, now)
    ]


def lease_end(now: datetime, lease: timedelta) -> datetime:
    """When a lease of ``lease`` taken at ``now`` ends; :class:`InvalidTransitionError` for a
    lease that is not a duration, is negative, or ends after the year 9999."""
    if not isinstance(lease, timedelta):
        raise InvalidTransitionError(f"a lease must be a duration, got {lease!r}")
    if lease < timedelta(0):
        raise InvalidTransitionError(f"a lease cannot be negative, got {lease}")
    try:
        return now + lease
    except OverflowError:
        raise InvalidTransitionError(f"a lease of {lease} ends after the year 9999") from None
