"""Agent rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.tasks import iter_tasks
from tracker.domain.tasktypes import TASK_TYPES


def is_instance_of(agent: str, expected: str) -> bool:
    """``researcher`` and its instances ``researcher-1``, ``researcher/eu`` ... are one agent."""
    return agent == expected or (
        agent.startswith(expected) and agent[len(expected) : len(expected) + 1] in _SEPARATORS
    )


_SEPARATORS = frozenset("-_/:@.")


def agent_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A task's ``agent`` is neither its task type's agent nor an instance of it.

    Passes::

        research: {agent: researcher}
        research: {agent: researcher-7}

    Fails::

        research: {agent: writer}
    """
    for key, record in iter_tasks(ctx.week, removed=True):
        expected = TASK_TYPES[key.task_type].agent
        agent = record.agent
        if agent is not None and not is_instance_of(agent, expected):
            yield Finding(
                (*key.loc, "agent"),
                f"{key.describe()} has agent {agent!r}; its task type's agent is {expected!r}",
            )
