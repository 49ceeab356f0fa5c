"""Git-native task tracker for the CNCF Landscape A-to-Z series.

>>> from tracker import get_tracker, TaskStatus
>>> tracker = get_tracker()          # YAML files under data/weeks/ (or $TRACKER_DATA_DIR)
>>> tracker = get_tracker("postgresql://localhost/tracker")   # or a PostgreSQL database

The package is laid out in wings: ``domain`` (pure rules and the state
machine), ``fileformat`` (YAML text <-> models), ``store`` (the backend
interface and its storages), ``agents`` (claims, retries, rollback, metrics),
``checking`` (validate, lint, schema, fmt), ``importers``, ``git``, ``report``
and ``cli``. What users need is re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from tracker.agents.claims import claim_next, reclaim_expired, renew_lease
from tracker.agents.retries import retry_failed
from tracker.agents.rollback import rollback
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
from tracker.domain.tasks import TaskChange, TaskKey
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
from tracker.domain.weeks import Week
from tracker.exceptions import TrackerError
from tracker.project import Project
from tracker.settings import Settings
from tracker.store.backend import TrackerBackend
from tracker.store.factory import open_store
from tracker.store.memory import InMemoryTrackerBackend
from tracker.store.pgconnect import is_database_url
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
    "Project",
    "ReadyTask",
    "Settings",
    "SyncResult",
    "TaskChange",
    "TaskKey",
    "TaskProgress",
    "TaskRecord",
    "TaskStatus",
    "TaskTypeConfig",
    "TrackerBackend",
    "TrackerError",
    "Week",
    "WeekMetadata",
    "WeekTasks",
    "WeekTracker",
    "YAMLTrackerBackend",
    "claim_next",
    "get_task_config",
    "get_tracker",
    "is_valid_task_type",
    "reclaim_expired",
    "renew_lease",
    "retry_failed",
    "rollback",
    "sanitized_name",
]


def get_tracker(data_dir: str | Path | None = None, clock: Clock = utc_now) -> TrackerBackend:
    """The tracker over ``data_dir`` (default ``$TRACKER_DATA_DIR`` or ``data/weeks``), with
    the settings of the repository that holds it.

    The YAML files are the store, unless a PostgreSQL URL is given instead of a folder
    (``get_tracker("postgresql://...")``) or ``$TRACKER_DATABASE_URL`` is set: then the
    database is (``pip install 'cncf-a2z-tracker[postgres]'``; ``tracker db init`` first).
    """
    if is_database_url(data_dir):
        return open_store(Project.find(database_url=str(data_dir)), clock)
    return open_store(Project.find(data_dir), clock)
