"""What a caller asks of a task (:class:`Request`), and whether it may go on: the request's
values, its target, and each guard of its transition, checked before anything changes.

The guards themselves are declared with the transitions (:mod:`tracker.domain.transitions`);
this module says how each is checked and which error it raises. NO_ACTIVE_DEPENDENTS is
checked on the changed week, by :func:`tracker.domain.statemachine.move`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from tracker.domain.dependencies import unmet_dependencies
from tracker.domain.leases import held
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.outputs import unsafe_output
from tracker.domain.tasks import TaskKey, find_record, summarize
from tracker.domain.tasktypes import TaskTypeConfig, get_task_config
from tracker.domain.timeutil import format_time
from tracker.domain.transitions import NO_OPS, TRANSITIONS, Guard, initial_record, retries_left
from tracker.exceptions import (
    ClaimLostError,
    DependencyNotMetError,
    InvalidTaskTypeError,
    InvalidTransitionError,
    ItemNotFoundError,
    ItemRemovedError,
    LeaseError,
    RetriesExhaustedError,
    TrackerError,
)

S = TaskStatus


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
"""How each guard is checked before the change, and what it raises."""

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


class Blocked(NamedTuple):
    """Why a move would be refused: the guard that does not hold, and the error."""

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
    """The error a move would raise before changing anything, or None when it may go on."""
    found = blocked(week, key, request, now)
    return None if found is None else found.error
