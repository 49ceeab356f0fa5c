"""Agent rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.config import TASK_TYPES
from tracker.lint.base import Finding, LintContext, iter_tasks


def agent_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A task's ``agent`` differs from its task type's agent.

    Passes::

        research: {agent: researcher}

    Fails::

        research: {agent: writer}
    """
    for ref in iter_tasks(ctx.week):
        expected = TASK_TYPES[ref.task_type].agent
        agent = ref.record.agent
        if agent is not None and agent != expected:
            yield Finding(
                (*ref.loc, "agent"),
                f"{ref.describe()} has agent {agent!r}; its task type's agent is {expected!r}",
            )
