"""Git-native task tracker for the CNCF Landscape A-to-Z series.

>>> from tracker import get_tracker, TaskStatus
>>> tracker = get_tracker()          # YAML files under data/weeks/ (or $TRACKER_DATA_DIR)
"""

from __future__ import annotations

from pathlib import Path

from tracker.domain.models import (
    ItemTasks,
    ReadyTask,
    TaskProgress,
    TaskRecord,
    TaskStatus,
    WeekMetadata,
    WeekTasks,
    WeekTracker,
)
from tracker.domain.names import sanitized_name
from tracker.domain.sync import SyncResult
from tracker.domain.tasktypes import (
    DEFAULT_ITEM_TASKS,
    DEFAULT_WEEK_TASKS,
    TASK_TYPE_BLOG_POST,
    TASK_TYPE_CONTENT,
    TASK_TYPE_RESEARCH,
    TASK_TYPES,
    TaskTypeConfig,
    get_task_config,
    is_valid_task_type,
)
from tracker.domain.timeutil import Clock, utc_now
from tracker.exceptions import TrackerError
from tracker.store.backend import TaskChange, TrackerBackend
from tracker.store.memory import InMemoryTrackerBackend
from tracker.store.yamlstore import YAMLTrackerBackend

__all__ = [
    "DEFAULT_ITEM_TASKS",
    "DEFAULT_WEEK_TASKS",
    "TASK_TYPES",
    "TASK_TYPE_BLOG_POST",
    "TASK_TYPE_CONTENT",
    "TASK_TYPE_RESEARCH",
    "InMemoryTrackerBackend",
    "ItemTasks",
    "ReadyTask",
    "SyncResult",
    "TaskChange",
    "TaskProgress",
    "TaskRecord",
    "TaskStatus",
    "TaskTypeConfig",
    "TrackerBackend",
    "TrackerError",
    "WeekMetadata",
    "WeekTasks",
    "WeekTracker",
    "YAMLTrackerBackend",
    "get_task_config",
    "get_tracker",
    "is_valid_task_type",
    "sanitized_name",
]


def get_tracker(data_dir: str | Path | None = None, clock: Clock = utc_now) -> YAMLTrackerBackend:
    """The YAML backend over ``data_dir`` (default ``$TRACKER_DATA_DIR`` or ``data/weeks``)."""
    return YAMLTrackerBackend(data_dir, clock=clock)
