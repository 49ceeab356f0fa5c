"""The tracker's data: pydantic models that are both the API and the file format.

``Field(description=...)`` doubles as the JSON Schema's documentation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.timeutil import ISO_TIME_PATTERN, as_utc, check_iso_text

UtcTime = Annotated[
    datetime,
    BeforeValidator(check_iso_text),
    AfterValidator(as_utc),
    WithJsonSchema({"type": "string", "pattern": ISO_TIME_PATTERN}),
]
"""ISO 8601 text, with ``Z``/an offset or naive (taken as UTC); stored as aware UTC."""


class TaskStatus(StrEnum):
    """Where a task stands."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"


ACTIVE_STATUSES = frozenset({TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED})
"""Statuses a task may hold only while its dependencies are completed."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class TaskRecord(_Model):
    """The state of one task (of one item, or of the week)."""

    status: TaskStatus = Field(TaskStatus.PENDING, description="Where the task stands.")
    agent: str | None = Field(None, description="Who works (or worked) on the task.")
    started_at: UtcTime | None = Field(None, description="When the task last started (UTC).")
    completed_at: UtcTime | None = Field(None, description="When the task completed (UTC).")
    output_file: str | None = Field(
        None, description="The task's output, relative to the repository root."
    )
    error_message: str | None = Field(None, description="Why the task last failed.")
    retry_count: int = Field(
        0, strict=True, description="How often the task was restarted after failing."
    )
    lease_expires_at: UtcTime | None = Field(
        None, description="When an in-progress claim expires unless renewed (UTC)."
    )


class _TaskMap(_Model):
    """Mapping-style access to ``tasks``: ``x['research']``, ``x.get()``, ``in``, iteration."""

    tasks: dict[str, TaskRecord] = Field(default_factory=dict)

    def __getitem__(self, task_type: str) -> TaskRecord:
        return self.tasks[task_type]

    def get(self, task_type: str, default: TaskRecord | None = None) -> TaskRecord | None:
        return self.tasks.get(task_type, default)

    def __contains__(self, task_type: object) -> bool:
        return task_type in self.tasks

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)


class TaskKeyError(ValueError):
    """A ``tasks`` key that is not a task type of that level; ``key`` lets errors point at it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _check_task_keys(tasks: dict[str, TaskRecord], week_level: bool) -> dict[str, TaskRecord]:
    level = "a week" if week_level else "an item"
    for name in tasks:
        config = TASK_TYPES.get(name)
        if config is None:
            raise TaskKeyError(name, f"unknown task type {name!r}")
        if config.is_week_level != week_level:
            raise TaskKeyError(name, f"task type {name!r} is not {level}-level task")
    return tasks


class ItemTasks(_TaskMap):
    """One item (a landscape project) and its tasks."""

    tasks: dict[str, TaskRecord] = Field(
        default_factory=dict, description="The item's tasks, by item-level task type."
    )
    removed: bool = Field(
        False,
        strict=True,
        description="The item left the ETL list; kept for history, ignored in counts.",
    )

    @field_validator("tasks")
    @classmethod
    def _item_level_only(cls, tasks: dict[str, TaskRecord]) -> dict[str, TaskRecord]:
        return _check_task_keys(tasks, week_level=False)


class WeekTasks(_TaskMap):
    """The week-level tasks (the blog post)."""

    tasks: dict[str, TaskRecord] = Field(
        default_factory=dict, description="The week's tasks, by week-level task type."
    )

    @field_validator("tasks")
    @classmethod
    def _week_level_only(cls, tasks: dict[str, TaskRecord]) -> dict[str, TaskRecord]:
        return _check_task_keys(tasks, week_level=True)


class WeekMetadata(_Model):
    """Facts about the week's tracker file."""

    week_letter: str = Field(
        description="The week's letter, A-Z; matches the folder.", pattern="^[A-Z]$"
    )
    created_at: UtcTime | None = Field(None, description="When the tracker was created (UTC).")
    last_synced: UtcTime | None = Field(
        None, description="When a sync with the ETL list last changed the items (UTC)."
    )
    etl_item_count: int = Field(
        0, strict=True, description="How many distinct names the last sync listed."
    )


class WeekTracker(_Model):
    """One week's tracker file: ``data/weeks/NN-L/tracker.yaml``."""

    metadata: WeekMetadata = Field(description="Facts about this file.")
    items: dict[str, ItemTasks] = Field(
        default_factory=dict, description="The week's items by name, in file order."
    )
    week_tasks: WeekTasks = Field(default_factory=WeekTasks, description="The week-level tasks.")

    @property
    def week_letter(self) -> str:
        return self.metadata.week_letter

    def active_items(self) -> Iterator[tuple[str, ItemTasks]]:
        """Items not marked removed, in file order."""
        return ((name, item) for name, item in self.items.items() if not item.removed)

    def tasks_of(self, item_name: str | None) -> dict[str, TaskRecord]:
        """The task records of an item, or of the week when ``item_name`` is None."""
        return self.week_tasks.tasks if item_name is None else self.items[item_name].tasks


class TaskProgress(NamedTuple):
    """Counts of tasks by status. Skipped tasks count as done."""

    total: int = 0
    completed: int = 0
    pending: int = 0
    in_progress: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def completion_percentage(self) -> float:
        """Share of tasks completed or skipped, 0-100 (0 when there are none)."""
        if self.total == 0:
            return 0.0
        return round(100.0 * (self.completed + self.skipped) / self.total, 2)

    def __add__(self, other: object) -> TaskProgress:
        if not isinstance(other, TaskProgress):
            return NotImplemented
        return TaskProgress(*(a + b for a, b in zip(self, other, strict=True)))


class ReadyTask(NamedTuple):
    """A task that can start now."""

    week_letter: str
    item_name: str | None
    task_type: str
    agent: str
