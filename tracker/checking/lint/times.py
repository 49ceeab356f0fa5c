"""Timestamp rules: a record's times must tell a possible story (T001 and T003, times a
status requires, are field rules)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.tasks import Loc

_EVENT_TIMES = ("started_at", "completed_at")
"""Times that record what happened; a lease expiry may lie ahead."""


def completed_before_started(ctx: LintContext) -> Iterator[Finding]:
    """``completed_at`` is before ``started_at``.

    Passes::

        research: {started_at: '2026-11-02T09:00:00Z', completed_at: '2026-11-02T10:00:00Z'}

    Fails::

        research: {started_at: '2026-11-02T11:00:00Z', completed_at: '2026-11-02T10:00:00Z'}
    """
    for key, record in ctx.tasks:
        started, completed = record.started_at, record.completed_at
        if started is not None and completed is not None and completed < started:
            yield Finding(
                (*key.loc, "completed_at"),
                f"{key.describe()} completed_at {completed:%Y-%m-%dT%H:%M:%SZ} is before "
                f"started_at {started:%Y-%m-%dT%H:%M:%SZ}",
            )


def time_in_future(ctx: LintContext) -> Iterator[Finding]:
    """A start, completion, sync or creation time is later than now (leases may be).

    Passes::

        research: {completed_at: '2020-01-01T00:00:00Z'}

    Fails::

        research: {completed_at: '2999-01-01T00:00:00Z'}
    """
    for loc, what, value in _recorded_times(ctx):
        if value > ctx.now:
            yield Finding(loc, f"{what} {value:%Y-%m-%d %H:%M} is in the future")


def times_ahead(ctx: LintContext) -> Iterator[datetime]:
    """The times :func:`time_in_future` finds, each the moment it stops finding it."""
    return (value for _, _, value in _recorded_times(ctx) if value > ctx.now)


def _recorded_times(ctx: LintContext) -> Iterator[tuple[Loc, str, datetime]]:
    """Every time :func:`time_in_future` looks at: where, its wording, its value."""
    meta = ctx.week.metadata
    for name in ("created_at", "last_synced"):
        value = getattr(meta, name)
        if value is not None:
            yield ("metadata", name), f"metadata.{name}", value
    for key, record in ctx.tasks:
        for name in _EVENT_TIMES:
            value = getattr(record, name)
            if value is not None:
                yield (*key.loc, name), f"{key.describe()} {name}", value
