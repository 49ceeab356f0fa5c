"""The models under the earlier tracker's import path (``src.tracker.models``).

They are declared in :mod:`tracker.domain.models`; this module only re-exports them.
"""

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

__all__ = [
    "ItemTasks",
    "ReadyTask",
    "TaskProgress",
    "TaskRecord",
    "TaskStatus",
    "WeekMetadata",
    "WeekTasks",
    "WeekTracker",
]
