"""Agent rules."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checking.lint.base import Finding, LintContext
from tracker.domain.tasktypes import TASK_TYPES


def is_instance_of(agent: str, expected: str) -> bool:
    """``researcher`` and its instances ``researcher-1``, ``researcher/eu`` ... are one agent."""
    return agent == expected or (
        agent.startswith(expected) and agent[len(expected) : len(expected) + 1] in _SEPARATORS
    )


_SEPARATORS = frozenset("-_/:@.")


def agent_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A task's ``agent`` is another task type's agent (or an instance of it), not its own.

    Agents may have any name (``bot-1``, ``claude-eu``); only one that names
    the role of another task type is likely a mistake.

    Passes::

        research: {agent: researcher}
        research: {agent: researcher-7}
        research: {agent: bot-1}

    Fails::

        research: {agent: writer}
    """
    roles = {config.agent for config in TASK_TYPES.values()}
    for key, record in ctx.tasks:
        expected = TASK_TYPES[key.task_type].agent
        agent = record.agent
        if agent is None or is_instance_of(agent, expected):
            continue
        other = next((role for role in sorted(roles) if is_instance_of(agent, role)), None)
        if other is not None:
            role = "" if agent == other else f" (a {other})"
            yield Finding(
                (*key.loc, "agent"),
                f"{key.describe()} has agent {agent!r}{role}; "
                f"its task type's agent is {expected!r}",
            )
