"""The task types, under the import path the README documents (``tracker.config``).

They are declared in :mod:`tracker.domain.tasktypes`; this module only re-exports them.
"""

from tracker.domain.tasktypes import (
    DEFAULT_ITEM_TASKS,
    DEFAULT_WEEK_TASKS,
    TASK_TYPE_BLOG_POST,
    TASK_TYPE_CONTENT,
    TASK_TYPE_RESEARCH,
    TASK_TYPES,
    TaskTypeConfig,
    dependents_of,
    get_task_config,
    is_valid_task_type,
)

__all__ = [
    "DEFAULT_ITEM_TASKS",
    "DEFAULT_WEEK_TASKS",
    "TASK_TYPES",
    "TASK_TYPE_BLOG_POST",
    "TASK_TYPE_CONTENT",
    "TASK_TYPE_RESEARCH",
    "TaskTypeConfig",
    "dependents_of",
    "get_task_config",
    "is_valid_task_type",
]
