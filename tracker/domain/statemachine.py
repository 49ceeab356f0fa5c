"""The state machine: the one place that moves a task.

``update_task``, claims, renewals, retries, reclaims, rollback and sync all
move tasks through :func:`move` (or :func:`renew` / :func:`restore`), so a rule
stated in the declaration (:mod:`tracker.domain.transitions`) and checked by its
guards (:mod:`tracker.domain.guards`) holds on every path. :func:`move` applies
a transition's effects, which always provide the record's
:data:`~tracker.domain.transitions.REQUIRED_FIELDS`, and resets or refuses the
dependents it would break.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.domain.dependencies import broken_dependents, record_status
from tracker.domain.guards import Request, check_target, refusal
from tracker.domain.leases import lease_end
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.outputs import fill_pattern
from tracker.domain.tasks import TaskChange, TaskKey, find_record
from tracker.domain.tasktypes import TASK_TYPES, TaskTypeConfig, get_task_config
from tracker.domain.transitions import NO_OPS, TRANSITIONS, Guard, Transition, initial_record
from tracker.domain.weeks import Week
from tracker.exceptions import DependentsActiveError, LeaseError

S = TaskStatus


def default_output_file(week: str | Week, key: TaskKey) -> str:
    """Where the task's work goes unless it says otherwise: its type's ``output_pattern``."""
    config = get_task_config(key.task_type)
    return fill_pattern(config.output_pattern, Week.parse(week), key.item, key.task_type)


def _effects(
    record: TaskRecord, transition: Transition, request: Request, config: TaskTypeConfig,
    week: WeekTracker, key: TaskKey, now: datetime,
) -> TaskRecord:  # fmt: skip
    """The record after ``transition``: timestamps, retry count, lease, output path."""
    target = transition.target
    update: dict[str, object] = {
        "status": target,
        "agent": request.agent or record.agent or config.agent,
        "lease_expires_at": None,
    }
    if transition.retry:
        update["retry_count"] = record.retry_count + 1
    finish = {"completed_at": None, "output_file": None, "error_message": None}
    if target is S.IN_PROGRESS:
        update |= finish | {"started_at": now}
        if request.lease is not None:
            update["lease_expires_at"] = lease_end(now, request.lease)
    elif target is S.COMPLETED:
        output = request.output_file or default_output_file(week.week_letter, key)
        update |= {"completed_at": now, "output_file": output, "error_message": None}
    elif target is S.FAILED:
        update |= finish | {"error_message": request.error_message}
    elif target is S.SKIPPED:
        update |= finish
    else:
        update |= finish | {"started_at": None}
    return record.model_copy(update=update)


def move(week: WeekTracker, key: TaskKey, request: Request, now: datetime) -> list[TaskChange]:
    """Move one task of ``week`` (changed in place) as ``request`` asks.

    Returns the changes made, the task's first, then any dependents a cascade
    reset; none for a no-op. Raises (with ``week`` unchanged) when the
    transition is not allowed or a guard does not hold.
    """
    error = refusal(week, key, request, now)
    if error is not None:
        raise error
    config = TASK_TYPES[key.task_type]
    before = find_record(week, key)
    record = before or initial_record(config)
    if (record.status, request.target) in NO_OPS:
        return []
    transition = TRANSITIONS[(record.status, request.target)]
    tasks = week.tasks_of(key.item)
    tasks[key.task_type] = _effects(record, transition, request, config, week, key, now)
    changes = [TaskChange(week.week_letter, key.item, key.task_type, before, tasks[key.task_type],
                          request.reason)]  # fmt: skip
    broken = broken_dependents(week, key) if Guard.NO_ACTIVE_DEPENDENTS in transition.guards else []
    if broken and not request.cascade:
        if before is None:
            del tasks[key.task_type]
        else:
            tasks[key.task_type] = before
        active = ", ".join(
            f"{d.describe()} ({record_status(find_record(week, d)).value})" for d in broken
        )
        raise DependentsActiveError(
            f"cannot set {key.describe()} to {request.target.value}: {active} depend on it "
            "(reset them first, or cascade)"
        )
    cascade = Request(S.PENDING, cascade=True, force=True,
                      reason=request.reason or f"cascade: {key.describe()} reset")  # fmt: skip
    for dependent in broken:
        changes += move(week, dependent, cascade, now)
    return changes


def renew(
    week: WeekTracker, key: TaskKey, *, agent: str, lease: timedelta, now: datetime
) -> TaskRecord:
    """Extend ``agent``'s lease on a task it holds in progress (a heartbeat; not a transition).

    :class:`LeaseError` when the task is not in progress or is held by another agent.
    """
    check_target(week, key)
    record = find_record(week, key)
    what = f"cannot renew {key.describe()} of week {week.week_letter}"
    if record is None or record.status is not S.IN_PROGRESS:
        raise LeaseError(f"{what}: it is {record_status(record).value}")
    if record.agent != agent:
        raise LeaseError(f"{what}: claimed by {record.agent!r}, not {agent!r}")
    renewed = record.model_copy(update={"lease_expires_at": lease_end(now, lease)})
    week.tasks_of(key.item)[key.task_type] = renewed
    return renewed


def restore(week: WeekTracker, key: TaskKey, record: TaskRecord, reason: str) -> TaskChange | None:
    """Put back a whole earlier record (rollback); None when it is already that record.

    Transition guards do not apply (the record was reached legally once); the
    caller checks the restored week against the dependency rule.
    """
    before = find_record(week, key)
    if before == record:
        return None
    week.tasks_of(key.item)[key.task_type] = record
    return TaskChange(week.week_letter, key.item, key.task_type, before, record, reason)
