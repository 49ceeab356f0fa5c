"""Dependency rules: what JSON Schema cannot see across records.

Both D001 and D002 report :func:`tracker.domain.dependencies.violations`, the
same rule the state machine enforces on every write.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.dependencies import describe_violation
from tracker.domain.models import TaskStatus
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import TASK_TYPES


def _violations(ctx: LintContext, *, week_level: bool) -> Iterator[Finding]:
    for violation in ctx.violations:
        key = violation[0]
        if (key.item is None) == week_level:
            yield Finding((*key.loc, "status"), describe_violation(violation))


def item_dependency(ctx: LintContext) -> Iterator[Finding]:
    """An item's task is in progress or completed while a dependency is not completed.

    Passes::

        research: {status: completed}
        content: {status: in_progress}

    Fails::

        research: {status: pending}
        content: {status: in_progress}
    """
    return _violations(ctx, week_level=False)


def week_fan_in(ctx: LintContext) -> Iterator[Finding]:
    """The week task is started or completed while an active item's required task is not done.

    Passes (every active item's content completed or skipped)::

        items: {Argo: {tasks: {content: {status: completed}}}}
        week_tasks: {tasks: {blog_post: {status: in_progress}}}

    Fails::

        items: {Argo: {tasks: {content: {status: pending}}}}
        week_tasks: {tasks: {blog_post: {status: completed}}}
    """
    return _violations(ctx, week_level=True)


def stale_week_task(ctx: LintContext) -> Iterator[Finding]:
    """The week task completed before an item's required task did, or before the last sync.

    An item added (or finished) after the blog post was written is missing
    from it: the post is stale and should be redone.

    Passes::

        items: {Argo: {tasks: {content: {completed_at: '2026-11-02T10:00:00Z'}}}}
        week_tasks: {tasks: {blog_post: {completed_at: '2026-11-03T10:00:00Z'}}}

    Fails::

        items: {Argo: {tasks: {content: {completed_at: '2026-11-04T10:00:00Z'}}}}
        week_tasks: {tasks: {blog_post: {completed_at: '2026-11-03T10:00:00Z'}}}
    """
    week = ctx.week
    for task_type, record in week.week_tasks.tasks.items():
        key, done_at = TaskKey(None, task_type), record.completed_at
        if record.status is not TaskStatus.COMPLETED or done_at is None:
            continue
        synced = week.metadata.last_synced
        if synced is not None and synced > done_at:
            yield Finding(
                (*key.loc, "completed_at"),
                f"{key.describe()} completed at {done_at:%Y-%m-%d %H:%M} but items were "
                f"synced later ({synced:%Y-%m-%d %H:%M}); the post may miss new items",
            )
        for name, item in week.active_items():
            for dep in TASK_TYPES[key.task_type].depends_on:
                dep_record = item.tasks.get(dep)
                if (
                    dep_record is not None
                    and dep_record.completed_at
                    and (dep_record.completed_at > done_at)
                ):
                    yield Finding(
                        ("items", name, "tasks", dep, "completed_at"),
                        f"{dep} of {name!r} completed after {key.describe()} "
                        f"({done_at:%Y-%m-%d %H:%M}); the post is stale",
                    )
