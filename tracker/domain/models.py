"""The tracker's data: pydantic models that are both the API and the file format.

``Field(description=...)`` doubles as the JSON Schema's documentation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticSerializationError, to_jsonable_python

from tracker.domain.tasktypes import TASK_TYPES
from tracker.domain.utctime import UtcTime
from tracker.exceptions import InvalidTaskTypeError


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


class _TaskMap(_Model, MutableMapping[str, TaskRecord]):
    """Dict-style access to ``tasks``: ``x['research']``, ``x['research'] = record``,
    ``del x['research']``, ``get``, ``in``, iteration, ``keys``/``items``."""

    _week_level: ClassVar[bool]

    tasks: dict[str, TaskRecord] = Field(default_factory=dict)

    def __getitem__(self, task_type: str) -> TaskRecord:
        return self.tasks[task_type]

    def __setitem__(self, task_type: str, record: TaskRecord) -> None:
        """Set a task's record (a :class:`TaskRecord`, or a mapping of its fields).

        :class:`InvalidTaskTypeError` for a type that is unknown or of the other level.
        """
        try:
            _check_task_keys({task_type: record}, self._week_level)
        except TaskKeyError as error:
            raise InvalidTaskTypeError(str(error)) from None
        self.tasks[task_type] = TaskRecord.model_validate(record)

    def __delitem__(self, task_type: str) -> None:
        del self.tasks[task_type]

    def __contains__(self, task_type: object) -> bool:
        return task_type in self.tasks

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)


class ItemTasks(_TaskMap):
    """One item (a landscape project) and its tasks."""

    _week_level: ClassVar[bool] = False

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

    _week_level: ClassVar[bool] = True

    tasks: dict[str, TaskRecord] = Field(
        default_factory=dict, description="The week's tasks, by week-level task type."
    )

    @field_validator("tasks")
    @classmethod
    def _week_level_only(cls, tasks: dict[str, TaskRecord]) -> dict[str, TaskRecord]:
        return _check_task_keys(tasks, week_level=True)


def _as_json_value(value: object) -> object:
    """Times (and other values with an obvious JSON form) as JSON data, so they round-trip."""
    try:
        return to_jsonable_python(value)
    except PydanticSerializationError:
        raise ValueError(
            f"a {type(value).__name__} cannot be stored in metadata: use text, numbers, "
            "true/false, null, lists or mappings"
        ) from None


MetadataValue = Annotated[JsonValue, BeforeValidator(_as_json_value)]
"""A value under an extra ``metadata`` key: JSON-like data (times become ISO text)."""
_METADATA_VALUE: TypeAdapter[JsonValue] = TypeAdapter(MetadataValue)

WEEK_LETTER_PATTERN = "^[A-Z]$"


class WeekMetadata(_Model, MutableMapping[str, Any]):
    """Facts about the week's tracker file; also a ``dict`` of them.

    ``metadata['created_at']``, ``.get()``, ``in``, ``del``, ``keys()``/``items()``
    work as on a dict: a key is present when it is set (a known key set to
    None is absent). Keys besides the four below are kept through load and
    save, as JSON-like data; the known keys keep their types.
    """

    model_config = ConfigDict(extra="allow", json_schema_extra={"required": ["week_letter"]})
    __pydantic_extra__: dict[str, MetadataValue] = Field(init=False)

    week_letter: Annotated[
        str | None, WithJsonSchema({"type": "string", "pattern": WEEK_LETTER_PATTERN})
    ] = Field(
        None,
        description="The week's letter, A-Z; matches the folder (filled from it on save).",
        pattern=WEEK_LETTER_PATTERN,
    )
    created_at: UtcTime | None = Field(None, description="When the tracker was created (UTC).")
    last_synced: UtcTime | None = Field(
        None, description="When a sync with the ETL list last changed the items (UTC)."
    )
    etl_item_count: int = Field(
        0, strict=True, description="How many distinct names the last sync listed."
    )

    def _extra(self) -> dict[str, Any]:
        extra = self.__pydantic_extra__
        assert extra is not None  # extra="allow"
        return extra

    def __getitem__(self, key: str) -> Any:
        if key in type(self).model_fields:
            value = getattr(self, key)
            if key in self.model_fields_set and value is not None:
                return value
            raise KeyError(key)
        return self._extra()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"metadata keys are text, got {key!r}")
        if key in type(self).model_fields:
            # Validated as on load, so the known keys keep their types.
            setattr(self, key, getattr(WeekMetadata.model_validate({key: value}), key))
        else:
            self._extra()[key] = _METADATA_VALUE.validate_python(value)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        field = type(self).model_fields.get(key)
        if field is None:
            del self._extra()[key]
            return
        setattr(self, key, field.default)
        self.__pydantic_fields_set__.discard(key)

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        for key in type(self).model_fields:
            if key in self.model_fields_set and getattr(self, key) is not None:
                yield key
        yield from self._extra()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping) and not isinstance(other, BaseModel):
            return dict(self) == dict(other)  # compared as the dict it stands for
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in type(self).model_fields:
            return key in self.model_fields_set and getattr(self, key) is not None
        return key in self._extra()


_FILE = {"tracker_file": True}
"""Validation context of data read from a tracker file (see :meth:`WeekTracker.from_file_data`)."""


def _refused(
    kind: Literal["missing", "string_type"], loc: tuple[str, ...], data: object
) -> ValidationError:
    return ValidationError.from_exception_data(
        "WeekTracker", [InitErrorDetails(type=kind, loc=loc, input=data)]
    )


class WeekTracker(_Model):
    """One week's tracker file: ``data/weeks/NN-L/tracker.yaml``.

    ``WeekTracker()`` (or ``WeekTracker(items={}, week_tasks=WeekTasks(), metadata={})``)
    builds an empty week; saving it fills ``metadata.week_letter`` from the week
    it is saved as. A file must name its week (:meth:`from_file_data`).
    """

    model_config = ConfigDict(json_schema_extra={"required": ["metadata"]})

    metadata: WeekMetadata = Field(
        default_factory=WeekMetadata, description="Facts about this file."
    )
    items: dict[str, ItemTasks] = Field(
        default_factory=dict, description="The week's items by name, in file order."
    )
    week_tasks: WeekTasks = Field(default_factory=WeekTasks, description="The week-level tasks.")

    @model_validator(mode="before")
    @classmethod
    def _files_name_their_week(cls, data: Any, info: ValidationInfo) -> Any:
        if not (info.context or {}).get("tracker_file") or not isinstance(data, dict):
            return data
        if "metadata" not in data:
            raise _refused("missing", ("metadata",), data)
        metadata = data["metadata"]
        if isinstance(metadata, dict) and metadata.get("week_letter") is None:
            loc = ("metadata", "week_letter")
            if "week_letter" not in metadata:
                raise _refused("missing", loc, metadata)
            raise _refused("string_type", loc, None)
        return data

    @classmethod
    def from_file_data(cls, data: Any) -> WeekTracker:
        """Validate data read from a tracker file: as the constructor, and the file must
        have ``metadata`` with ``week_letter`` (the JSON Schema requires both too)."""
        return cls.model_validate(data, context=_FILE)

    @property
    def week_letter(self) -> str:
        """The week's letter; ``ValueError`` for a week built by hand and not saved yet."""
        letter = self.metadata.week_letter
        if letter is None:
            raise ValueError("this week has no metadata.week_letter yet (it is set on save)")
        return letter

    def active_items(self) -> Iterator[tuple[str, ItemTasks]]:
        """Items not marked removed, in file order."""
        return ((name, item) for name, item in self.items.items() if not item.removed)

    def tasks_of(self, item_name: str | None) -> dict[str, TaskRecord]:
        """The task records of an item, or of the week when ``item_name`` is None."""
        return self.week_tasks.tasks if item_name is None else self.items[item_name].tasks


class TaskProgress(NamedTuple):
    """Counts of tasks by status."""

    total: int = 0
    completed: int = 0
    pending: int = 0
    in_progress: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def completion_percentage(self) -> float:
        """Share of tasks completed, 0-100 (0 when there are none); skipped ones are not."""
        return 100.0 * self.completed / self.total if self.total else 0.0

    @property
    def done(self) -> int:
        """Tasks completed or skipped: nothing is left to do for them."""
        return self.completed + self.skipped

    @property
    def done_percentage(self) -> float:
        """Share of tasks completed or skipped, 0-100: what the report and ``progress`` show."""
        return 100.0 * self.done / self.total if self.total else 0.0

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
