"""Reviewing a change to a week: every transition between two snapshots, and what is wrong.

A snapshot is a week's tracker file and its history at one point (a git
revision, or the working tree). Between two, every task whose record changed
is a transition, explained by the new events that recorded it or made "by
hand". The state machine judges them: a transition it does not allow, a
dependency violation the change introduces, a history line edited or deleted
(history is append-only), or an event the file does not reflect is an error; a
state change with no event (a hand edit) is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tracker.domain.dependencies import violations
from tracker.domain.events import HistoryEvent, causal_order, comparable
from tracker.domain.models import TaskRecord, TaskStatus, WeekTracker
from tracker.domain.tasks import TaskKey, find_record, iter_tasks
from tracker.domain.transitions import NO_OPS, TRANSITIONS


class Problem(StrEnum):
    """What a review can find, by rule id (also the ids ``tracker diff`` prints)."""

    FORBIDDEN = "R001"
    BROKEN_DEPENDENCY = "R002"
    HISTORY_REWRITTEN = "R003"
    EVENT_NOT_APPLIED = "R004"
    HAND_EDIT = "R005"
    ITEM_DELETED = "R006"


PROBLEMS: dict[Problem, tuple[str, str]] = {
    Problem.FORBIDDEN: ("error", "a transition the state machine does not allow"),
    Problem.BROKEN_DEPENDENCY: ("error", "a dependency violation the change introduces"),
    Problem.HISTORY_REWRITTEN: ("error", "a history line edited or deleted (append-only)"),
    Problem.EVENT_NOT_APPLIED: ("error", "a new event whose change the tracker file does not show"),
    Problem.HAND_EDIT: ("warning", "a state change with no event: made by hand"),
    Problem.ITEM_DELETED: ("error", "an item deleted from the file (removal marks, never deletes)"),
}
"""Severity and meaning of each problem."""


HistoryLine = tuple[str, int]
"""A history file's name and a line in it."""


@dataclass(frozen=True)
class Snapshot:
    """A week's tracker file (None when it does not exist) and its history, at one point."""

    week: WeekTracker | None
    events: Sequence[HistoryEvent] = ()
    event_lines: dict[str, HistoryLine] = field(default_factory=dict)
    """Where each event id stands: its history file and line (1-based), for messages."""


@dataclass(frozen=True)
class Transition:
    """One task's change between the two snapshots."""

    key: TaskKey
    before: TaskRecord | None
    after: TaskRecord | None
    events: tuple[HistoryEvent, ...]
    """The new events that recorded it, oldest first; empty: by hand."""

    @property
    def by_hand(self) -> bool:
        return not self.events or comparable(self.events[-1].after) != comparable(self.after)

    @property
    def reason(self) -> str | None:
        reasons = [e.reason for e in self.events if e.reason]
        return "; ".join(reasons) if reasons else None


@dataclass(frozen=True)
class Finding:
    """A problem found, at a task (or an item, or a history line)."""

    problem: Problem
    message: str
    key: TaskKey | None = None
    item: str | None = None
    history_line: HistoryLine | None = None


@dataclass
class Review:
    """What changed in one week and what is wrong with it."""

    week_letter: str
    transitions: list[Transition] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _status(record: TaskRecord | None) -> TaskStatus | None:
    return None if record is None else record.status


def _allowed(before: TaskStatus | None, after: TaskStatus | None) -> bool:
    if before is None or after is None:
        return after in (None, TaskStatus.PENDING)
    return (before, after) in TRANSITIONS or (before, after) in NO_OPS or before == after


def _keys(*weeks: WeekTracker | None) -> list[TaskKey]:
    found = {key: None for week in weeks if week for key, _ in iter_tasks(week, removed=True)}
    return list(found)


def _items(review: Review, base: WeekTracker | None, head: WeekTracker | None) -> None:
    before = base.items if base is not None else {}
    after = head.items if head is not None else {}
    for name, item in after.items():
        old = before.get(name)
        if old is None:
            review.added.append(name)
        elif item.removed and not old.removed:
            review.removed.append(name)
        elif old.removed and not item.removed:
            review.restored.append(name)
    for name in before:
        if name not in after:
            review.findings.append(
                Finding(Problem.ITEM_DELETED, f"item {name!r} was deleted from the file", item=name)
            )


def _found(
    review: Review,
    problem: Problem,
    message: str,
    key: TaskKey | None,
    line: HistoryLine | None = None,
) -> None:
    review.findings.append(Finding(problem, message, key, history_line=line))


def _history(review: Review, base: Snapshot, head: Snapshot) -> list[HistoryEvent]:
    """The events new in ``head``; findings for base events edited or deleted."""
    now = {event.event_id: event for event in head.events}
    for event in base.events:
        what = f"({event.describe()}, event {event.event_id})"
        if event.event_id not in now:
            line = base.event_lines.get(event.event_id)
            message = f"history line {_at(line)} {what} was deleted"
            _found(review, Problem.HISTORY_REWRITTEN, message, event.key, line)
        elif now[event.event_id] != event:
            line = head.event_lines.get(event.event_id)
            message = f"history line {_at(line)} {what} was edited"
            _found(review, Problem.HISTORY_REWRITTEN, message, event.key, line)
    seen = {event.event_id for event in base.events}
    return [event for event in head.events if event.event_id not in seen]


def _at(line: HistoryLine | None) -> str:
    return "?" if line is None else f"{line[0]}:{line[1]}"


def _judge(review: Review, change: Transition, head: Snapshot) -> None:
    what = change.key.describe()
    if change.by_hand:
        moved = f"{_name(change.before)} -> {_name(change.after)}"
        if change.events:
            last = change.events[-1]
            message = (
                f"{what} is {_name(change.after)} but its last new event ({last.event_id}) "
                f"left it {last.to_status.value}"
            )
            line = head.event_lines.get(last.event_id)
            _found(review, Problem.EVENT_NOT_APPLIED, message, change.key, line)
        else:
            _found(review, Problem.HAND_EDIT, f"{what}: {moved} with no event", change.key)
        if not _allowed(_status(change.before), _status(change.after)):
            _found(review, Problem.FORBIDDEN, f"{what}: {moved} is not allowed", change.key)
    for event in change.events:
        if not _allowed(event.from_status, event.to_status):
            message = (
                f"{what}: event {event.event_id} records {_name(event.before)} -> "
                f"{event.to_status.value}, which is not an allowed transition"
            )
            _found(review, Problem.FORBIDDEN, message, change.key)


def _name(record: TaskRecord | HistoryEvent | None) -> str:
    if record is None:
        return "missing"
    return record.status.value if isinstance(record, TaskRecord) else record.to_status.value


def review_week(letter: str, base: Snapshot, head: Snapshot) -> Review:
    """Every transition from ``base`` to ``head``, and the problems it brings."""
    review = Review(letter)
    _items(review, base.week, head.week)
    new_events = causal_order(_history(review, base, head))
    by_key: dict[TaskKey, list[HistoryEvent]] = {}
    for event in new_events:
        by_key.setdefault(event.key, []).append(event)
    for key in _keys(base.week, head.week):
        before = find_record(base.week, key) if base.week else None
        after = find_record(head.week, key) if head.week else None
        events = tuple(by_key.pop(key, []))
        if comparable(before) == comparable(after) and not events:
            continue
        change = Transition(key, before, after, events)
        review.transitions.append(change)
        _judge(review, change, head)
    for key, left in by_key.items():  # events for tasks the file does not have
        last = left[-1]
        message = f"event {last.event_id} records {key.describe()}, which the tracker file lacks"
        _found(review, Problem.EVENT_NOT_APPLIED, message, key, head.event_lines.get(last.event_id))
    _dependencies(review, base.week, head.week)
    return review


def _dependencies(review: Review, base: WeekTracker | None, head: WeekTracker | None) -> None:
    if head is None:
        return
    known = {key for key, _, _ in violations(base)} if base is not None else set()
    for key, record, unmet in violations(head):
        if key not in known:
            message = f"{key.describe()} is {record.status.value} but {unmet[0]}"
            _found(review, Problem.BROKEN_DEPENDENCY, message, key)


def errors(reviews: Iterable[Review]) -> int:
    """How many findings are errors."""
    return sum(1 for r in reviews for f in r.findings if PROBLEMS[f.problem][0] == "error")
