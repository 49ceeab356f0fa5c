"""Lease rules: claims whose agent stopped renewing them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.leases import expired_leases, held
from tracker.domain.timeutil import format_time


def expired_lease(ctx: LintContext) -> Iterator[Finding]:
    """An in-progress task's lease has expired (its agent is likely dead; ``tracker reclaim``).

    Passes::

        research: {status: in_progress, lease_expires_at: '2099-01-01T00:00:00Z'}

    Fails::

        research: {status: in_progress, lease_expires_at: '2026-01-01T00:00:00Z'}
    """
    for key, record in expired_leases(ctx.week, ctx.now):
        assert record.lease_expires_at is not None
        yield Finding(
            (*key.loc, "lease_expires_at"),
            f"{key.describe()} is in progress for {record.agent!r} but its lease expired at "
            f"{format_time(record.lease_expires_at)}; run 'tracker reclaim'",
        )


def lease_ends(ctx: LintContext) -> Iterator[datetime]:
    """When each lease still held ends: then :func:`expired_lease` finds it."""
    for _, record in ctx.tasks:
        if held(record, ctx.now):
            assert record.lease_expires_at is not None
            yield record.lease_expires_at
