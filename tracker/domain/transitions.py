"""The declaration of how a task may move: every allowed status change, its guards, and what
a record in each status carries.

:data:`TRANSITIONS` lists every allowed ``(from, to)`` status pair with its
guards (what must hold) and whether it counts as a retry; :data:`REQUIRED_FIELDS`
says what a record in each status carries, which the effects in
:func:`tracker.domain.statemachine.move` always provide and the linter checks.
How each guard is checked is :mod:`tracker.domain.guards`.

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

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.models import TaskRecord, TaskStatus
from tracker.domain.tasktypes import TaskTypeConfig
from tracker.exceptions import InvalidTransitionError

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
"""What a record in each status carries: the effects of a move set it, the linter checks it."""


def parse_status(value: TaskStatus | str) -> TaskStatus:
    """A status from its value (``'completed'``); else an :class:`InvalidTransitionError`."""
    if isinstance(value, TaskStatus):
        return value
    try:
        return TaskStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in TaskStatus)
        raise InvalidTransitionError(f"unknown status {value!r} (known: {known})") from None


def initial_record(config: TaskTypeConfig) -> TaskRecord:
    """A new task's record: pending, with the task type's agent."""
    return TaskRecord(agent=config.agent)


def retries_left(retry_count: int, config: TaskTypeConfig) -> int:
    """How many more times a failed task with ``retry_count`` may be retried."""
    return max(0, config.max_retries - retry_count)
