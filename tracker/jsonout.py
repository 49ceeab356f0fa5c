"""The one JSON vocabulary of every ``--json`` output and of the report's ``progress.json``.

A task is named by ``week`` (its letter), ``item`` (the item's name, null for
a week-level task) and ``task`` (its task type); ``agent``, ``status``,
``error`` and ``reason`` mean the same everywhere. Groupings are ``by_task``
and ``by_agent``; counts are those of :class:`TaskProgress` plus ``done``
(completed or skipped) and the two shares, ``completion_percentage``
(completed) and ``done_percentage`` (completed or skipped). A whole task
record (``record``, ``before``, ``after``, ``show --json``) keeps the field
names of the tracker file.
"""

from __future__ import annotations

from typing import Any

from tracker.agents.metrics import Stats
from tracker.agents.retries import FailedTask
from tracker.domain.events import HistoryEvent
from tracker.domain.models import ReadyTask, TaskProgress, TaskRecord, WeekTracker
from tracker.domain.sync import SyncResult
from tracker.domain.tasks import TaskChange
from tracker.domain.timeutil import format_time
from tracker.git.history import GitChange

JSON = dict[str, Any]


def record_json(record: TaskRecord | None) -> JSON | None:
    """A task record under the file's field names, unset fields left out."""
    return None if record is None else record.model_dump(mode="json", exclude_none=True)


def event_json(event: HistoryEvent) -> JSON:
    """A recorded event: every field (null when unset), the records under the file's names."""
    data = event.model_dump(mode="json", exclude={"before", "after"})
    return {**data, "before": record_json(event.before), "after": record_json(event.after)}


def progress_json(progress: TaskProgress) -> JSON:
    """Counts by status, ``done``, and both shares (0-100, two decimals)."""
    return {
        **progress._asdict(),
        "done": progress.done,
        "completion_percentage": round(progress.completion_percentage, 2),
        "done_percentage": round(progress.done_percentage, 2),
    }


def ready_json(task: ReadyTask) -> JSON:
    """A task that can start now, and the agent it is for."""
    return {"week": task.week_letter, "item": task.item_name, "task": task.task_type,
            "agent": task.agent}  # fmt: skip


def change_json(change: TaskChange) -> JSON:
    """A change: where, the move, why, and the record after it."""
    return {
        "week": change.week_letter,
        "item": change.item_name,
        "task": change.task_type,
        "from_status": change.before.status.value if change.before else None,
        "to_status": change.after.status.value,
        "reason": change.reason,
        "record": record_json(change.after),
    }


def failed_json(task: FailedTask) -> JSON:
    """A failed task and how many retries it has used."""
    return {
        "week": task.week_letter, "item": task.item_name, "task": task.task_type,
        "retry_count": task.retry_count, "max_retries": task.max_retries,
        "error": task.error_message,
    }  # fmt: skip


def stats_json(stats: Stats, group: str) -> JSON:
    """One row of the metrics, named by its ``group`` (``task`` or ``agent``)."""
    row = stats._asdict()
    return {group: row.pop("name"), **row}


def metrics_json(by_task: list[Stats], by_agent: list[Stats]) -> JSON:
    """The metrics tables."""
    return {
        "by_task": [stats_json(s, "task") for s in by_task],
        "by_agent": [stats_json(s, "agent") for s in by_agent],
    }


def sync_json(result: SyncResult) -> JSON:
    """What a sync did to one week."""
    return {
        "week": result.week_letter, "created": result.created, "added": result.added,
        "removed": result.removed, "restored": result.restored, "reset": result.reset,
        "changed": result.changed,
    }  # fmt: skip


def git_change_json(change: GitChange) -> JSON:
    """A committed task change that no recorded event accounts for."""
    return {
        "week": change.week, "item": change.key.item, "task": change.key.task_type,
        "commit": change.commit, "author": change.author, "time": format_time(change.time),
        "before": record_json(change.before), "after": record_json(change.after),
    }  # fmt: skip


def week_json(week: WeekTracker, items: list[str], week_tasks: list[str]) -> JSON:
    """A week as its file has it (``metadata``, ``items``, ``week_tasks``), with ``week``;
    only the items and week tasks named."""
    metadata = week.metadata.model_dump(mode="json")
    tasks = week.week_tasks.tasks
    return {
        "week": week.week_letter,
        "metadata": {key: metadata[key] for key in week.metadata},
        "items": {
            name: week.items[name].model_dump(mode="json", exclude_none=True) for name in items
        },
        "week_tasks": {"tasks": {task: record_json(tasks[task]) for task in week_tasks}},
    }
