"""The audit trail as ``tracker log`` shows it: recorded events, and changes they miss.

Hand edits never reach the history. Two views of them: tasks whose record
differs from their last event now, and (with git) the committed changes no
event accounts for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from tracker.domain.events import HistoryEvent, select, unrecorded_changes
from tracker.domain.weeks import Week
from tracker.git.history import GitChange, git_history, unrecorded
from tracker.store.backend import TrackerBackend


class Audit(NamedTuple):
    events: list[HistoryEvent]
    """The recorded events that match the filters, in time order per week."""
    unrecorded: list[str]
    """``week A: research of 'Argo' is ... but its last event ...``: records changed by hand."""
    git_changes: list[GitChange]
    """Committed task changes that no recorded event accounts for (with ``git``)."""
    git_warnings: list[str]
    """Committed versions that could not be read (invalid, deleted), skipped."""


def audit(
    tracker: TrackerBackend,
    week: str | Week | None = None,
    *,
    item: str | None = None,
    task: str | None = None,
    since: datetime | None = None,
    git: Callable[[Week], Path] | None = None,
) -> Audit:
    """What the history of one week (or every week) says, filtered by item, task and time.

    ``git`` gives each week's committed tracker file, whose git history is compared
    with the recorded events (``Project.tracker_path``).
    """
    result = Audit([], [], [], [])
    for each in tracker.weeks(week):
        events = tracker.read_history(each)
        result.events.extend(select(events, item=item, task=task, since=since))
        current = tracker.load_tracker(each)
        result.unrecorded.extend(f"week {each}: {p}" for p in unrecorded_changes(current, events))
        if git is not None:
            history = git_history(git(each))
            result.git_warnings.extend(f"week {each}: {w}" for w in history.warnings)
            found = unrecorded(history.changes, events)
            result.git_changes.extend(
                c for c in found if item in (None, c.key.item) and task in (None, c.key.task_type)
            )
    return result
