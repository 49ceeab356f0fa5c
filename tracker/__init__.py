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

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.names import sanitized_name
from tracker.domain.timeutil import Clock, utc_now
from tracker.domain.weeks import Week
from tracker.exceptions import InvalidArgumentError, TrackerError
from tracker.project import Project
from tracker.settings import Settings

if TYPE_CHECKING:  # the names of _LATER, for type checkers (tests/test_api_exports.py)
    from tracker.agents.claims import claim_next, finish_claim, reclaim_expired, renew_lease
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
    from tracker.store.backend import TrackerBackend
    from tracker.store.memory import InMemoryTrackerBackend
    from tracker.store.yamlstore import YAMLTrackerBackend

_LATER: dict[str, tuple[str, ...]] = {
    "tracker.agents.claims": ("claim_next", "finish_claim", "reclaim_expired", "renew_lease"),
    "tracker.agents.retries": ("retry_failed",),
    "tracker.agents.rollback": ("rollback",),
    "tracker.domain.models": (
        "ItemTasks",
        "ReadyTask",
        "TaskProgress",
        "TaskRecord",
        "TaskStatus",
        "WeekMetadata",
        "WeekTasks",
        "WeekTracker",
    ),
    "tracker.domain.sync": ("SyncResult",),
    "tracker.domain.tasks": ("TaskChange", "TaskKey"),
    "tracker.domain.tasktypes": (
        "DEFAULT_ITEM_TASKS",
        "DEFAULT_WEEK_TASKS",
        "TASK_TYPE_BLOG_POST",
        "TASK_TYPE_CONTENT",
        "TASK_TYPE_RESEARCH",
        "TASK_TYPES",
        "TaskTypeConfig",
        "get_task_config",
        "is_valid_task_type",
    ),
    "tracker.store.backend": ("TrackerBackend",),
    "tracker.store.memory": ("InMemoryTrackerBackend",),
    "tracker.store.yamlstore": ("YAMLTrackerBackend",),
}
"""Names imported when first used, by the module that defines them: the models (pydantic), the
storages and the agents' operations. ``tracker.cli.main`` loads through this package, and a
``tracker check`` answered from its cache (:mod:`tracker.checking.cache`) must not pay for
pydantic; the other commands that only read or check files do not run the storages."""

_HOME = {name: module for module, names in _LATER.items() for name in names}

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
    "finish_claim",
    "get_task_config",
    "get_tracker",
    "is_valid_task_type",
    "reclaim_expired",
    "renew_lease",
    "retry_failed",
    "rollback",
    "sanitized_name",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'tracker' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def get_tracker(
    data_dir: str | Path | None = None,
    clock: Clock = utc_now,
    *,
    push: bool = False,
    remote: str | None = None,
    branch: str | None = None,
) -> TrackerBackend:
    """The tracker over ``data_dir`` (default ``$TRACKER_DATA_DIR`` or ``data/weeks``), with
    the settings of the repository that holds it.

    The YAML files are the store, unless a PostgreSQL URL is given instead of a folder
    (``get_tracker("postgresql://...")``) or ``$TRACKER_DATABASE_URL`` is set: then the
    database is (``pip install 'cncf-a2z-tracker[postgres]'``; ``tracker db init`` first).

    With ``push=True``, the tracker files of a remote branch instead (``remote`` and
    ``branch``, default the ``push_remote``/``push_branch`` settings, else the current
    branch's upstream): every write is fetched, decided on the branch's tip and pushed
    (:class:`tracker.git.pushstore.RemoteTrackerBackend`).
    """
    from tracker.store.factory import open_store
    from tracker.store.pgconnect import is_database_url

    if push:
        if is_database_url(data_dir):
            raise InvalidArgumentError("push=True changes a git remote's files, not a database")
        from tracker.git.pushstore import RemoteTrackerBackend

        return RemoteTrackerBackend(data_dir, clock, remote=remote, branch=branch)
    if remote is not None or branch is not None:
        raise InvalidArgumentError("remote and branch say where to push; pass push=True")
    if is_database_url(data_dir):
        return open_store(Project.find(database_url=str(data_dir)), clock)
    return open_store(Project.find(data_dir), clock)
