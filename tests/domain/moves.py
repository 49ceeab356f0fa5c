"""Small weeks and moves shared by the state machine's tests."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.guards import Request
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskChange, TaskKey

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
ARGO_RESEARCH = TaskKey("Argo", "research")
ARGO_CONTENT = TaskKey("Argo", "content")
BLOG = TaskKey(None, "blog_post")


def week_of(*names: str) -> WeekTracker:
    """Week A with ``names`` as its items, every task pending."""
    return sync_items(None, "A", names, T0)[0]


def set_status(
    week: WeekTracker, key: TaskKey, status: TaskStatus, **kw: object
) -> list[TaskChange]:
    """Move ``key`` to ``status`` at :data:`T0`, with ``kw`` as the request's other fields."""
    return move(week, key, Request(status, **kw), T0)  # type: ignore[arg-type]


def record(week: WeekTracker, key: TaskKey) -> TaskRecord:
    return week.tasks_of(key.item)[key.task_type]
