"""The rule contract: what a lint rule sees and what it yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.checking.diagnostics import Severity
from tracker.domain.dependencies import describe
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.fileformat.positions import Loc


@dataclass(frozen=True)
class LintContext:
    """One valid week file and what rules may need besides it."""

    week: WeekTracker
    folder: str
    """The name of the folder holding the file (``00-A``)."""
    now: datetime
    repo_root: Path
    """Where ``output_file`` paths are relative to."""
    check_outputs: bool = False


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


@dataclass(frozen=True)
class Rule:
    """A lint rule: its ``check`` docstring's first line is its description."""

    id: str
    name: str
    severity: Severity
    check: Check

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]


@dataclass(frozen=True)
class TaskRef:
    """One task record of a week and where it is in the file."""

    item_name: str | None
    task_type: str
    record: TaskRecord

    @property
    def loc(self) -> Loc:
        if self.item_name is None:
            return ("week_tasks", "tasks", self.task_type)
        return ("items", self.item_name, "tasks", self.task_type)

    def describe(self) -> str:
        return describe((self.item_name, self.task_type))


def iter_tasks(week: WeekTracker, *, active_only: bool = False) -> Iterator[TaskRef]:
    """Every task record: items' in file order, then the week's."""
    for name, item in week.items.items():
        if active_only and item.removed:
            continue
        for task_type, record in item.tasks.items():
            yield TaskRef(name, task_type, record)
    for task_type, record in week.week_tasks.tasks.items():
        yield TaskRef(None, task_type, record)


def missing_when(ctx: LintContext, status: TaskStatus, field: str) -> Iterator[Finding]:
    """Findings for tasks in ``status`` whose ``field`` is unset or empty, at the status."""
    for ref in iter_tasks(ctx.week):
        if ref.record.status is status and not getattr(ref.record, field):
            yield Finding(
                (*ref.loc, "status"), f"{ref.describe()} is {status.value} without {field}"
            )
