"""The state machine: the one declaration of how a task may move, and the one place that moves it.

:data:`TRANSITIONS` lists every allowed ``(from, to)`` status pair with its
guards (what must hold, each with the error it raises) and whether it counts
as a retry; :data:`REQUIRED_FIELDS` says what a record in each status carries,
which the effects in :func:`move` always provide and the linter checks.
``update_task``, claims, renewals, retries, reclaims, rollback and sync all
move tasks through :func:`move` (or :func:`renew` / :func:`restore`), so a rule
stated here holds on every path.

Decisions worth knowing:

- ``pending -> completed`` is allowed: a person may mark work done that was
  done elsewhere (dependencies must still be completed).
- A task fails only from ``pending``, ``in_progress`` or ``failed``: a completed
  or skipped task is reset, not failed.
- Leaving ``failed`` for another attempt (``pending`` or ``in_progress``) is a
  retry: it needs a retry left under the type's ``max_retries`` and adds one to
  ``retry_count``, which survives every later transition. ``force`` lets a
  person go past the limit (the retry is still counted).
- A task in progress under another agent's unexpired lease can only be moved
  by that agent, or with ``force`` (a person cleaning up).
- ``pending -> pending`` and ``skipped -> skipped`` change nothing and record nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from tracker.domain.dependencies import broken_dependents, record_status, unmet_dependencies
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.outputs import fill_pattern, unsafe_output
from tracker.domain.tasks import TaskChange, TaskKey, find_record, iter_tasks, summarize
from tracker.domain.tasktypes import TASK_TYPES, TaskTypeConfig, get_task_config
from tracker.domain.timeutil import format_time
from tracker.domain.weeks import Week
from tracker.exceptions import (
    ClaimLostError,
    DependencyNotMetError,
    DependentsActiveError,
    InvalidTaskTypeError,
    InvalidTransitionError,
    ItemNotFoundError,
    ItemRemovedError,
    LeaseError,
    RetriesExhaustedError,
    TrackerError,
)

S = TaskStatus


class Guard(StrEnum):
    """A precondition of a transition."""

    ITEM_ACTIVE = "the item is not removed"
    DEPENDENCIES = "every dependency is completed"
    NO_ACTIVE_DEPENDENTS = "no task that depends on it is active (or --cascade resets them)"
    RETRY_LEFT = "a retry is left under the type's max_retries (or --force)"
    UNCLAIMED = "no other agent holds it under an unexpired lease (or --force)"
    ERROR_MESSAGE = "an error message says why"
    SAFE_OUTPUT = "the output file is relative and inside the repository"


@dataclass(frozen=True)
class Transition:
    """One allowed status change: what must hold, and whether it uses a retry."""

    source: TaskStatus
    target: TaskStatus
    guards: tuple[Guard, ...]
    retry: bool = False


_ACTIVE = (Guard.ITEM_ACTIVE, Guard.DEPENDENCIES)
_UNDO = (Guard.NO_ACTIVE_DEPENDENTS,)
_HELD = (Guard.UNCLAIMED,)
_FAIL = (Guard.ERROR_MESSAGE,)
_DONE = (*_ACTIVE, Guard.SAFE_OUTPUT)
_RETRY = (Guard.RETRY_LEFT,)


def _table(*rows: Transition) -> dict[tuple[TaskStatus, TaskStatus], Transition]:
    return {(row.source, row.target): row for row in rows}


TRANSITIONS: dict[tuple[TaskStatus, TaskStatus], Transition] = _table(
    Transition(S.PENDING, S.IN_PROGRESS, _ACTIVE),
    Transition(S.PENDING, S.COMPLETED, _DONE),
    Transition(S.PENDING, S.FAILED, _FAIL),
    Transition(S.PENDING, S.SKIPPED, ()),
    Transition(S.IN_PROGRESS, S.PENDING, _HELD),
    Transition(S.IN_PROGRESS, S.IN_PROGRESS, (*_HELD, *_ACTIVE)),
    Transition(S.IN_PROGRESS, S.COMPLETED, (*_HELD, *_DONE)),
    Transition(S.IN_PROGRESS, S.FAILED, (*_HELD, *_FAIL)),
    Transition(S.IN_PROGRESS, S.SKIPPED, _HELD),
    Transition(S.COMPLETED, S.PENDING, _UNDO),
    Transition(S.COMPLETED, S.IN_PROGRESS, (*_ACTIVE, *_UNDO)),
    Transition(S.COMPLETED, S.COMPLETED, (*_DONE, *_UNDO)),
    Transition(S.COMPLETED, S.SKIPPED, _UNDO),
    Transition(S.FAILED, S.PENDING, _RETRY, retry=True),
    Transition(S.FAILED, S.IN_PROGRESS, (*_RETRY, *_ACTIVE), retry=True),
    Transition(S.FAILED, S.COMPLETED, _DONE),
    Transition(S.FAILED, S.FAILED, _FAIL),
    Transition(S.FAILED, S.SKIPPED, ()),
    # A skipped item task counts as done for the week's fan-in: leaving it may break a dependent.
    Transition(S.SKIPPED, S.PENDING, _UNDO),
    Transition(S.SKIPPED, S.IN_PROGRESS, (*_ACTIVE, *_UNDO)),
    Transition(S.SKIPPED, S.COMPLETED, _DONE),
)
"""Every allowed status change. ``completed/skipped -> failed`` are not allowed (reset instead)."""

NO_OPS = frozenset({(S.PENDING, S.PENDING), (S.SKIPPED, S.SKIPPED)})
"""Requests that change nothing and record nothing."""

REQUIRED_FIELDS: dict[TaskStatus, tuple[str, ...]] = {
    S.IN_PROGRESS: ("started_at",),
    S.COMPLETED: ("completed_at", "output_file"),
    S.FAILED: ("error_message",),
}
"""What a record in each status carries: the effects below set it, the linter checks it."""


@dataclass(frozen=True)
class Request:
    """What a caller asks of one task."""

    target: TaskStatus
    agent: str | None = None
    output_file: str | None = None
    error_message: str | None = None
    lease: timedelta | None = None
    """For ``in_progress``: claim the task until now + lease."""
    force: bool = False
    """A person overriding the retry limit or another agent's unexpired lease."""
    cascade: bool = False
    """Reset active dependents to pending instead of refusing."""
    reason: str | None = None
    own_claim: bool = False
    """``agent`` finishes its own claim (as ``tracker work`` does): refused with
    :class:`ClaimLostError` unless the task is still in progress for ``agent``, so a claim lost
    meanwhile (reclaimed, taken over, reset, finished by someone else) is never finished twice."""


@dataclass(frozen=True)
class _Attempt:
    week: WeekTracker
    key: TaskKey
    record: TaskRecord
    config: TaskTypeConfig
    request: Request
    now: datetime


def _item_active(a: _Attempt) -> str | None:
    if a.key.item is not None and a.week.items[a.key.item].removed:
        return f"item {a.key.item!r} of week {a.week.week_letter} is removed"
    return None


def _dependencies(a: _Attempt) -> str | None:
    unmet = unmet_dependencies(a.week, a.key)
    return summarize(unmet) if unmet else None


def _retry_left(a: _Attempt) -> str | None:
    if a.request.force or retries_left(a.record.retry_count, a.config):
        return None
    return (
        f"it has used its {a.config.max_retries} retries (retry_count {a.record.retry_count}); "
        "force it to retry anyway"
    )


def _unclaimed(a: _Attempt) -> str | None:
    holder, until = a.record.agent, a.record.lease_expires_at
    if a.request.force or not held(a.record, a.now) or a.request.agent == holder:
        return None
    assert until is not None
    asker = f"not by {a.request.agent!r}" if a.request.agent else "give its agent"
    return f"it is claimed by {holder!r} until {format_time(until)} ({asker}, or force it)"


def _error_message(a: _Attempt) -> str | None:
    return None if a.request.error_message else "a failed task needs an error message"


def _safe_output(a: _Attempt) -> str | None:
    path = a.request.output_file
    problem = None if path is None else unsafe_output(path)
    return None if problem is None else f"output file {path!r} is not allowed: {problem}"


_CHECKS: dict[Guard, tuple[Callable[[_Attempt], str | None], type[TrackerError]]] = {
    Guard.ITEM_ACTIVE: (_item_active, ItemRemovedError),
    Guard.DEPENDENCIES: (_dependencies, DependencyNotMetError),
    Guard.RETRY_LEFT: (_retry_left, RetriesExhaustedError),
    Guard.UNCLAIMED: (_unclaimed, LeaseError),
    Guard.ERROR_MESSAGE: (_error_message, InvalidTransitionError),
    Guard.SAFE_OUTPUT: (_safe_output, InvalidTransitionError),
}
"""How each guard is checked before the change, and what it raises. NO_ACTIVE_DEPENDENTS is
checked on the changed week (see :func:`move`)."""


def parse_status(value: TaskStatus | str) -> TaskStatus:
    """A status from its value (``'completed'``); else an :class:`InvalidTransitionError`."""
    if isinstance(value, TaskStatus):
        return value
    try:
        return TaskStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in TaskStatus)
        raise InvalidTransitionError(f"unknown status {value!r} (known: {known})") from None


_TEXT_FIELDS = ("agent", "output_file", "error_message", "reason")


def check_request(request: Request) -> None:
    """Refuse a request whose values are not what they say (:class:`InvalidTransitionError`):
    text that is not text, or holds lone surrogates (they cannot be written as UTF-8), and a
    lease that is not a duration."""
    if not isinstance(request.target, TaskStatus):
        raise InvalidTransitionError(f"unknown status {request.target!r}")
    for name in _TEXT_FIELDS:
        value = getattr(request, name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidTransitionError(f"{name} must be text, got {value!r}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidTransitionError(
                f"{name} {value!r} is not valid Unicode text (a lone surrogate; "
                "was it read with the wrong encoding?)"
            ) from None
    if request.lease is not None and not isinstance(request.lease, timedelta):
        raise InvalidTransitionError(f"a lease must be a duration, got {request.lease!r}")


def check_target(week: WeekTracker, key: TaskKey) -> TaskTypeConfig:
    """The task type's configuration, once the key names a task the week can have."""
    if not isinstance(key.task_type, str):
        raise InvalidTaskTypeError(f"task type must be text, got {key.task_type!r}")
    if key.item is not None and not isinstance(key.item, str):
        raise ItemNotFoundError(f"item name must be text, got {key.item!r}")
    config = get_task_config(key.task_type)
    if config.is_week_level and key.item is not None:
        raise InvalidTaskTypeError(f"{key.task_type!r} is a week-level task; give no item")
    if not config.is_week_level and key.item is None:
        raise InvalidTaskTypeError(f"{key.task_type!r} is an item-level task; give an item")
    if key.item is not None and key.item not in week.items:
        raise ItemNotFoundError(f"week {week.week_letter} has no item {key.item!r}")
    return config


def default_output_file(week: str | Week, key: TaskKey) -> str:
    """Where the task's work goes unless it says otherwise: its type's ``output_pattern``."""
    config = get_task_config(key.task_type)
    return fill_pattern(config.output_pattern, Week.parse(week), key.item, key.task_type)


def initial_record(config: TaskTypeConfig) -> TaskRecord:
    """A new task's record: pending, with the task type's agent."""
    return TaskRecord(agent=config.agent)


class Blocked(NamedTuple):
    """Why :func:`move` would refuse a request: the guard that does not hold, and the error."""

    guard: Guard | None
    """None when the status change itself is not in :data:`TRANSITIONS`, or the request
    finishes a claim its agent no longer holds (``Request.own_claim``)."""
    error: TrackerError


def blocked(week: WeekTracker, key: TaskKey, request: Request, now: datetime) -> Blocked | None:
    """What stops the request before anything changes, or None when it may go on.

    Guards are checked in the transition's order; the first that does not hold
    is returned. Dependents are not looked at here: they only matter once the
    change is made.
    """
    check_request(request)
    config = check_target(week, key)
    record = find_record(week, key) or initial_record(config)
    source, target = record.status, request.target
    what = f"cannot set {key.describe()} to {target.value}"
    if request.own_claim and (source is not S.IN_PROGRESS or record.agent != request.agent):
        now_by = f" by {record.agent!r}" if source is not S.PENDING and record.agent else ""
        return Blocked(None, ClaimLostError(
            f"{what}: {request.agent!r} no longer holds its claim (it is {source.value}{now_by})"
        ))  # fmt: skip
    if (source, target) in NO_OPS:
        return None
    transition = TRANSITIONS.get((source, target))
    if transition is None:
        return Blocked(None, InvalidTransitionError(
            f"{what}: it is {source.value}, and a {source.value} task cannot become "
            f"{target.value} (reset it first)"
        ))  # fmt: skip
    attempt = _Attempt(week, key, record, config, request, now)
    for guard in transition.guards:
        if guard in _CHECKS:
            check, error = _CHECKS[guard]
            reason = check(attempt)
            if reason is not None:
                return Blocked(guard, error(f"{what}: {reason}"))
    return None


def refusal(
    week: WeekTracker, key: TaskKey, request: Request, now: datetime
) -> TrackerError | None:
    """The error :func:`move` would raise before changing anything, or None when it may go on."""
    found = blocked(week, key, request, now)
    return None if found is None else found.error


def _lease_end(now: datetime, lease: timedelta) -> datetime:
    if not isinstance(lease, timedelta):
        raise InvalidTransitionError(f"a lease must be a duration, got {lease!r}")
    if lease < timedelta(0):
        raise InvalidTransitionError(f"a lease cannot be negative, got {lease}")
    try:
        return now + lease
    except OverflowError:
        raise InvalidTransitionError(f"a lease of {lease} ends after the year 9999") from None


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
            update["lease_expires_at"] = _lease_end(now, request.lease)
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
    renewed = record.model_copy(update={"lease_expires_at": _lease_end(now, lease)})
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


def held(record: TaskRecord, now: datetime) -> bool:
    """Whether the task is claimed: in progress under a lease that has not ended by ``now``."""
    until = record.lease_expires_at
    return record.status is S.IN_PROGRESS and until is not None and until > now


def expired_leases(week: WeekTracker, now: datetime) -> list[tuple[TaskKey, TaskRecord]]:
    """In-progress tasks whose lease has ended by ``now`` (for ``reclaim`` and the linter)."""
    return [
        (key, record)
        for key, record in iter_tasks(week, removed=True)
        if record.status is S.IN_PROGRESS
        and record.lease_expires_at is not None
        and not held(record, now)
    ]


def retries_left(retry_count: int, config: TaskTypeConfig) -> int:
    """How many more times a failed task with ``retry_count`` may be retried."""
    return max(0, config.max_retries - retry_count)
