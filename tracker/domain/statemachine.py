"""How a task record changes when its status changes (pure functions)."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.models import TaskRecord, TaskStatus
from tracker.domain.names import sanitized_name, week_folder
from tracker.domain.tasktypes import TaskTypeConfig
from tracker.exceptions import InvalidTransitionError


def default_output_file(config: TaskTypeConfig, week_letter: str, item_name: str | None) -> str:
    """The task type's ``output_pattern`` filled in for this task."""
    return config.output_pattern.format(
        sanitized_name=sanitized_name(item_name) if item_name is not None else "",
        week_letter=week_letter,
        week_folder=week_folder(week_letter),
        task_type=config.name,
    )


def new_record(config: TaskTypeConfig) -> TaskRecord:
    """A pending record with the task type's agent."""
    return TaskRecord(agent=config.agent)


def transition(
    record: TaskRecord,
    status: TaskStatus,
    *,
    now: datetime,
    config: TaskTypeConfig,
    week_letter: str,
    item_name: str | None,
    agent: str | None = None,
    output_file: str | None = None,
    error_message: str | None = None,
) -> TaskRecord:
    """The record after moving to ``status``; dependency checks are the caller's.

    - IN_PROGRESS: ``started_at`` = now, finish data cleared; from FAILED the
      ``retry_count`` goes up by one.
    - COMPLETED: ``completed_at`` = now; ``output_file`` given or from the pattern.
    - FAILED: needs an ``error_message``, which is kept.
    - PENDING: start and finish data cleared. ``retry_count`` always survives.
    """
    if status is TaskStatus.FAILED and not error_message:
        raise InvalidTransitionError("a failed task needs an error message")
    changes: dict[str, object] = {
        "status": status,
        "agent": agent or record.agent or config.agent,
        "lease_expires_at": None,
    }
    if status is TaskStatus.IN_PROGRESS:
        changes |= {"started_at": now, "completed_at": None, "output_file": None}
        changes["error_message"] = None
        if record.status is TaskStatus.FAILED:
            changes["retry_count"] = record.retry_count + 1
    elif status is TaskStatus.COMPLETED:
        output = output_file or default_output_file(config, week_letter, item_name)
        changes |= {"completed_at": now, "output_file": output, "error_message": None}
    elif status is TaskStatus.FAILED:
        changes |= {"completed_at": None, "output_file": None, "error_message": error_message}
    elif status is TaskStatus.SKIPPED:
        changes |= {"completed_at": None, "output_file": None, "error_message": None}
    else:
        changes |= {"started_at": None, "completed_at": None, "output_file": None}
        changes["error_message"] = None
    return record.model_copy(update=changes)
