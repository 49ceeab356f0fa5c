"""The rule contract: what a lint rule sees and what it yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from tracker.checking.diagnostics import Severity
from tracker.domain.dependencies import Violation, violations
from tracker.domain.models import WeekTracker
from tracker.domain.tasks import Loc, TaskRef, iter_tasks


@dataclass(frozen=True)
class LintContext:
    """One valid week file and what rules may need besides it; what several rules need
    (the tasks, the dependency violations) is computed once, when first asked for."""

    week: WeekTracker
    folder: str
    """The name of the folder holding the file (``00-A``)."""
    now: datetime
    repo_root: Path
    """Where ``output_file`` paths are relative to."""
    check_outputs: bool = False

    @cached_property
    def tasks(self) -> list[TaskRef]:
        """Every task record, removed items' too (:func:`iter_tasks`): walked once, shared by
        the rules."""
        return list(iter_tasks(self.week, removed=True))

    @cached_property
    def violations(self) -> list[Violation]:
        """The week's breaches of the dependency rule, found once for D001 and D002."""
        return list(violations(self.week))


@dataclass(frozen=True)
class Finding:
    """A problem at a data path; the runner turns it into a located Diagnostic."""

    loc: Loc
    message: str
    key: bool = False
    """Point at the key rather than the value."""
    severity: Severity | None = None
    """Overrides the rule's severity for this finding."""


Check = Callable[[LintContext], Iterator[Finding]]
Changes = Callable[[LintContext], Iterator[datetime]]
"""The moments after ``ctx.now`` at which a rule's answer on the week changes with time alone."""


@dataclass(frozen=True)
class Rule:
    """A lint rule: its ``check`` docstring's first line is its description.

    A rule that reads ``ctx.now`` declares ``changes``: when its answer will differ on the
    same file (a lease that will expire), so a cached answer (:mod:`tracker.checking.cache`)
    is not used past it.
    """

    id: str
    name: str
    severity: Severity
    check: Check
    changes: Changes | None = None

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]
