"""Failure bookkeeping rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext, iter_tasks, missing_when
from tracker.domain.models import TaskStatus


def failed_without_error(ctx: LintContext) -> Iterator[Finding]:
    """A failed task has no ``error_message`` saying why.

    Passes::

        research: {status: failed, error_message: source site down}

    Fails::

        research: {status: failed}
    """
    return missing_when(ctx, TaskStatus.FAILED, "error_message")


def negative_retry_count(ctx: LintContext) -> Iterator[Finding]:
    """``retry_count`` is negative.

    Passes::

        research: {status: pending, retry_count: 2}

    Fails::

        research: {status: pending, retry_count: -1}
    """
    for ref in iter_tasks(ctx.week):
        if ref.record.retry_count < 0:
            yield Finding(
                (*ref.loc, "retry_count"),
                f"{ref.describe()} has negative retry_count {ref.record.retry_count}",
            )
