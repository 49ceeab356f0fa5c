from __future__ import annotations

from dataclasses import replace

import pytest

from tracker.domain.tasktypes import (
    DEFAULT_ITEM_TASKS,
    DEFAULT_WEEK_TASKS,
    TASK_TYPES,
    TaskTypeConfig,
    _validated,
    dependents_of,
    get_task_config,
    is_valid_task_type,
)
from tracker.exceptions import ConfigError, InvalidTaskTypeError


def _type(name: str, *deps: str, week: bool = False) -> TaskTypeConfig:
    return TaskTypeConfig(name, list(deps), "agent", f"{name}/x", name, is_week_level=week)


def test_declared_types():
    assert DEFAULT_ITEM_TASKS == ("research", "content")
    assert DEFAULT_WEEK_TASKS == ("blog_post",)
    assert TASK_TYPES["research"].agent == "researcher"
    assert TASK_TYPES["content"].agent == "writer"
    assert dependents_of("research") == ("content",)
    assert dependents_of("content") == ("blog_post",)


def test_lookup():
    assert is_valid_task_type("content")
    assert not is_valid_task_type("review")
    with pytest.raises(InvalidTaskTypeError, match="unknown task type 'review'"):
        get_task_config("review")


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ([_type("a", "missing")], "depends on unknown type 'missing'"),
        ([_type("a", "b"), _type("b", "a")], "cycle: a -> b -> a"),
        ([_type("a", "a")], "cycle: a -> a"),
        ([_type("a"), _type("a")], "declared twice"),
        ([_type("w", week=True), _type("a", "w")], "depends on week-level type 'w'"),
        ([replace(_type("a"), output_pattern="a/{item}.md")], "unknown field 'item'"),
        ([replace(_type("a"), output_pattern="a/{sanitized_name")], "output_pattern: "),
        ([replace(_type("a"), max_retries=-1)], "max_retries must be 0 or more"),
    ],
)
def test_invalid_configurations_fail_at_validation(declared: list[TaskTypeConfig], message: str):
    with pytest.raises(ConfigError, match=message):
        _validated(declared)


def test_adding_a_type_is_one_declaration():
    types = _validated(
        [_type("a"), _type("b", "a"), _type("review", "b"), _type("w", "review", week=True)]
    )
    assert list(types) == ["a", "b", "review", "w"]
