"""Timestamp rules: a record's times must tell a possible story."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext, iter_tasks, missing_when
from tracker.domain.models import TaskStatus

_EVENT_TIMES = ("started_at", "completed_at")
"""Times that record what happened; a lease expiry may lie ahead."""


def completed_without_time(ctx: LintContext) -> Iterator[Finding]:
    """A completed task has no ``completed_at``.

    Passes::

        research: {status: completed, completed_at: '2026-11-02T10:00:00Z'}

    Fails::

        research: {status: completed}
    """
    return missing_when(ctx, TaskStatus.COMPLETED, "completed_at")


def completed_before_started(ctx: LintContext) -> Iterator[Finding]:
    """``completed_at`` is before ``started_at``.

    Passes::

        research: {started_at: '2026-11-02T09:00:00Z', completed_at: '2026-11-02T10:00:00Z'}

    Fails::

        research: {started_at: '2026-11-02T11:00:00Z', completed_at: '2026-11-02T10:00:00Z'}
    """
    for ref in iter_tasks(ctx.week):
        started, completed = ref.record.started_at, ref.record.completed_at
        if started is not None and completed is not None and completed < started:
            yield Finding(
                (*ref.loc, "completed_at"),
                f"{ref.describe()} completed_at {completed:%Y-%m-%dT%H:%M:%SZ} is before "
                f"started_at {started:%Y-%m-%dT%H:%M:%SZ}",
            )


def in_progress_without_start(ctx: LintContext) -> Iterator[Finding]:
    """A task in progress has no ``started_at``.

    Passes::

        research: {status: in_progress, started_at: '2026-11-02T09:00:00Z'}

    Fails::

        research: {status: in_progress}
    """
    return missing_when(ctx, TaskStatus.IN_PROGRESS, "started_at")


def time_in_future(ctx: LintContext) -> Iterator[Finding]:
    """A start, completion, sync or creation time is later than now (leases may be).

    Passes::

        research: {completed_at: '2020-01-01T00:00:00Z'}

    Fails::

        research: {completed_at: '2999-01-01T00:00:00Z'}
    """
    meta = ctx.week.metadata
    for name in ("created_at", "last_synced"):
        value = getattr(meta, name)
        if value is not None and value > ctx.now:
            yield Finding(
                ("metadata", name), f"metadata.{name} {value:%Y-%m-%d %H:%M} is in the future"
            )
    for ref in iter_tasks(ctx.week):
        for name in _EVENT_TIMES:
            value = getattr(ref.record, name)
            if value is not None and value > ctx.now:
                yield Finding(
                    (*ref.loc, name),
                    f"{ref.describe()} {name} {value:%Y-%m-%d %H:%M} is in the future",
                )
