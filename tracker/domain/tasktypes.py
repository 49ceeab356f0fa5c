"""Task types: the one place where the workflow's steps are declared.

Adding a task type means adding a :class:`TaskTypeConfig` to ``_DECLARED``;
:func:`_validated` checks the set at import (unknown dependencies, cycles,
week-level types depending on each other, output patterns with unknown fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn, SupportsIndex

from tracker.domain.outputs import PATTERN_FIELDS, pattern_fields
from tracker.exceptions import ConfigError, InvalidTaskTypeError


class TaskNames(list[str]):
    """A list of task type names that cannot change: ``depends_on``.

    A list, as the documented API has it (``config.depends_on == []``), yet
    hashable and immutable, so a frozen :class:`TaskTypeConfig` stays both.
    """

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a task type's depends_on cannot change; declare the task type anew")

    append = extend = insert = remove = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def pop(self, index: SupportsIndex = -1) -> NoReturn:
        self._refuse()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))


@dataclass(frozen=True)
class TaskTypeConfig:
    """One step of the workflow.

    A week-level task that depends on an item-level type waits for that type
    on every active item of the week (fan-in). ``depends_on`` may be given as
    any sequence of names; it is kept as an unchangeable list.
    """

    name: str
    depends_on: list[str]
    agent: str
    output_pattern: str
    description: str
    is_week_level: bool = False
    max_retries: int = 3

    def __post_init__(self) -> None:
        if isinstance(self.depends_on, str):
            raise ConfigError(f"task type {self.name!r}: depends_on must be a list of names")
        object.__setattr__(self, "depends_on", TaskNames(self.depends_on))


TASK_TYPE_RESEARCH = "research"
TASK_TYPE_CONTENT = "content"
TASK_TYPE_BLOG_POST = "blog_post"

_DECLARED: tuple[TaskTypeConfig, ...] = (
    TaskTypeConfig(
        name=TASK_TYPE_RESEARCH,
        depends_on=[],
        agent="researcher",
        output_pattern="research/{sanitized_name}.yaml",
        description="Research the project and collect facts",
    ),
    TaskTypeConfig(
        name=TASK_TYPE_CONTENT,
        depends_on=[TASK_TYPE_RESEARCH],
        agent="writer",
        output_pattern="content/{sanitized_name}.md",
        description="Write the project's article from its research",
    ),
    TaskTypeConfig(
        name=TASK_TYPE_BLOG_POST,
        depends_on=[TASK_TYPE_CONTENT],
        agent="writer",
        output_pattern="blog/{week_folder}.md",
        description="Write the week's blog post once every item has its content",
        is_week_level=True,
    ),
)


def _check_acyclic(types: dict[str, TaskTypeConfig]) -> None:
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            cycle = " -> ".join((*path[path.index(name) :], name))
            raise ConfigError(f"task types form a cycle: {cycle}")
        if name in done:
            return
        for dep in types[name].depends_on:
            visit(dep, (*path, name))
        done.add(name)

    for name in types:
        visit(name, ())


def _check_pattern(config: TaskTypeConfig) -> None:
    try:
        fields = pattern_fields(config.output_pattern)
    except ValueError as error:
        raise ConfigError(f"task type {config.name!r}: output_pattern: {error}") from None
    unknown = [field for field in fields if field not in PATTERN_FIELDS]
    if unknown:
        known = ", ".join(PATTERN_FIELDS)
        raise ConfigError(
            f"task type {config.name!r}: output_pattern uses unknown field {unknown[0]!r} "
            f"(known: {known})"
        )


def _validated(declared: Iterable[TaskTypeConfig]) -> dict[str, TaskTypeConfig]:
    types: dict[str, TaskTypeConfig] = {}
    for config in declared:
        if config.name in types:
            raise ConfigError(f"task type {config.name!r} is declared twice")
        types[config.name] = config
    for config in types.values():
        _check_pattern(config)
        if config.max_retries < 0:
            raise ConfigError(f"task type {config.name!r}: max_retries must be 0 or more")
        for dep in config.depends_on:
            if dep not in types:
                raise ConfigError(f"task type {config.name!r} depends on unknown type {dep!r}")
            if types[dep].is_week_level:
                raise ConfigError(
                    f"task type {config.name!r} depends on week-level type {dep!r}; "
                    "only item-level types can be depended on"
                )
    _check_acyclic(types)
    return types


TASK_TYPES: dict[str, TaskTypeConfig] = _validated(_DECLARED)
DEFAULT_ITEM_TASKS: tuple[str, ...] = tuple(n for n, c in TASK_TYPES.items() if not c.is_week_level)
DEFAULT_WEEK_TASKS: tuple[str, ...] = tuple(n for n, c in TASK_TYPES.items() if c.is_week_level)


def is_valid_task_type(name: str) -> bool:
    """Whether ``name`` is a declared task type."""
    return name in TASK_TYPES


def get_task_config(name: str) -> TaskTypeConfig:
    """The configuration of task type ``name``; :class:`InvalidTaskTypeError` if unknown."""
    try:
        return TASK_TYPES[name]
    except KeyError:
        known = ", ".join(TASK_TYPES)
        raise InvalidTaskTypeError(f"unknown task type {name!r} (known: {known})") from None


def dependents_of(name: str) -> tuple[str, ...]:
    """The task types that depend directly on ``name``."""
    return tuple(c.name for c in TASK_TYPES.values() if name in c.depends_on)
