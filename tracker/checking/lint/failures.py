"""Failure bookkeeping rules (F001, a failed task's error message, is a field rule)."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext


def negative_retry_count(ctx: LintContext) -> Iterator[Finding]:
    """``retry_count`` is negative.

    Passes::

        research: {status: pending, retry_count: 2}

    Fails::

        research: {status: pending, retry_count: -1}
    """
    for key, record in ctx.tasks:
        if record.retry_count < 0:
            yield Finding(
                (*key.loc, "retry_count"),
                f"{key.describe()} has negative retry_count {record.retry_count}",
            )
