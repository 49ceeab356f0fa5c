"""Dependency rules: what JSON Schema cannot see across records."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext, iter_tasks
from tracker.domain.dependencies import unmet_dependencies
from tracker.domain.models import ACTIVE_STATUSES, TaskStatus
from tracker.domain.tasktypes import TASK_TYPES


def item_dependency(ctx: LintContext) -> Iterator[Finding]:
    """An item's task is in progress or completed while a dependency is not completed.

    Passes::

        research: {status: completed}
        content: {status: in_progress}

    Fails::

        research: {status: pending}
        content: {status: in_progress}
    """
    for ref in iter_tasks(ctx.week):
        if ref.item_name is None or ref.record.status not in ACTIVE_STATUSES:
            continue
        unmet = unmet_dependencies(ctx.week, ref.item_name, ref.task_type)
        if unmet:
            yield Finding(
                (*ref.loc, "status"),
                f"{ref.describe()} is {ref.record.status.value} but {'; '.join(unmet)}",
            )


def week_fan_in(ctx: LintContext) -> Iterator[Finding]:
    """The week task is started or completed while an active item's required task is not done.

    Passes (every active item's content completed or skipped)::

        items: {Argo: {tasks: {content: {status: completed}}}}
        week_tasks: {tasks: {blog_post: {status: in_progress}}}

    Fails::

        items: {Argo: {tasks: {content: {status: pending}}}}
        week_tasks: {tasks: {blog_post: {status: completed}}}
    """
    for ref in iter_tasks(ctx.week):
        if ref.item_name is not None or ref.record.status not in ACTIVE_STATUSES:
            continue
        unmet = unmet_dependencies(ctx.week, None, ref.task_type)
        if unmet:
            more = f" (and {len(unmet) - 3} more)" if len(unmet) > 3 else ""
            yield Finding(
                (*ref.loc, "status"),
                f"{ref.describe()} is {ref.record.status.value} but {'; '.join(unmet[:3])}{more}",
            )


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
    for ref in iter_tasks(week):
        done_at = ref.record.completed_at
        if ref.item_name is not None or ref.record.status is not TaskStatus.COMPLETED:
            continue
        if done_at is None:
            continue
        synced = week.metadata.last_synced
        if synced is not None and synced > done_at:
            yield Finding(
                (*ref.loc, "completed_at"),
                f"{ref.describe()} completed at {done_at:%Y-%m-%d %H:%M} but items were "
                f"synced later ({synced:%Y-%m-%d %H:%M}); the post may miss new items",
            )
        for name, item in week.active_items():
            for dep in TASK_TYPES[ref.task_type].depends_on:
                record = item.tasks.get(dep)
                if record is not None and record.completed_at and record.completed_at > done_at:
                    yield Finding(
                        ("items", name, "tasks", dep, "completed_at"),
                        f"{dep} of {name!r} completed after {ref.describe()} "
                        f"({done_at:%Y-%m-%d %H:%M}); the post is stale",
                    )
