"""The rule contract: what a lint rule sees and what it yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.checking.diagnostics import Severity
from tracker.domain.models import WeekTracker
from tracker.domain.tasks import Loc


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
