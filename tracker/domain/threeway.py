"""Three-way merge of a week, task by task: what git's merge driver for tracker files does.

A task changed on one side takes that side; the same change on both sides is
fine; different changes to the same task are a conflict, never a silent pick.
A merged week that breaks the dependency rule where neither side did is a
conflict too, reported at the task it leaves invalid. Records are compared
without their lease (renewals are not changes); the later lease wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from tracker.domain.dependencies import violations
from tracker.domain.events import comparable
from tracker.domain.models import ItemTasks, TaskRecord, WeekMetadata, WeekTasks, WeekTracker
from tracker.domain.tasks import TaskKey, find_record

T = TypeVar("T")


@dataclass(frozen=True)
class Conflict:
    """One task (or the week's metadata, ``key`` None) the merge cannot decide."""

    key: TaskKey | None
    ours: TaskRecord | None
    theirs: TaskRecord | None
    reason: str

    def describe(self, week_letter: str) -> str:
        what = self.key.describe() if self.key else "the week's metadata"
        return f"week {week_letter}: {what}: {self.reason}"


@dataclass
class MergedWeek:
    """The merged week (a conflicting task keeps our record) and the conflicts."""

    week: WeekTracker
    conflicts: list[Conflict] = field(default_factory=list)


def _pick(base: T, ours: T, theirs: T) -> tuple[T, bool]:
    """The three-way choice for one value, and whether both sides changed it differently."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _later_lease(a: TaskRecord, b: TaskRecord | None) -> TaskRecord:
    if b is None or b.lease_expires_at is None:
        return a
    if a.lease_expires_at is None or b.lease_expires_at > a.lease_expires_at:
        return a.model_copy(update={"lease_expires_at": b.lease_expires_at})
    return a


def _status(record: TaskRecord | None) -> str:
    if record is None:
        return "missing"
    who = f" by {record.agent}" if record.agent else ""
    return f"{record.status.value}{who}"


def _merge_task(
    key: TaskKey, base: TaskRecord | None, ours: TaskRecord | None, theirs: TaskRecord | None
) -> tuple[TaskRecord | None, Conflict | None]:
    chosen, clash = _pick(comparable(base), comparable(ours), comparable(theirs))
    if clash:
        reason = f"changed on both sides: ours {_status(ours)}, theirs {_status(theirs)}"
        return ours, Conflict(key, ours, theirs, reason)
    if chosen is None:
        return None, None
    source = ours if comparable(ours) == chosen else theirs
    assert source is not None
    other = theirs if source is ours else ours
    return _later_lease(source, other), None


def _tasks_of(week: WeekTracker | None, item: str | None) -> dict[str, TaskRecord]:
    if week is None:
        return {}
    if item is None:
        return week.week_tasks.tasks
    found = week.items.get(item)
    return found.tasks if found is not None else {}


def _removed(week: WeekTracker | None, item: str) -> bool | None:
    found = week.items.get(item) if week is not None else None
    return None if found is None else found.removed


def _metadata(
    base: WeekTracker | None, ours: WeekTracker, theirs: WeekTracker, active: int
) -> tuple[WeekMetadata, list[Conflict]]:
    b = base.metadata if base is not None else None
    o, t = ours.metadata, theirs.metadata
    conflicts = []
    if o.week_letter != t.week_letter:
        reason = f"week_letter is {o.week_letter!r} on our side, {t.week_letter!r} on theirs"
        conflicts.append(Conflict(None, None, None, reason))
    times = [x for x in (o.last_synced, t.last_synced) if x is not None]
    synced: datetime | None = max(times) if times else None
    created = min((x for x in (o.created_at, t.created_at) if x is not None), default=None)
    # A sync on either side changes the count; after merging both lists, it is the merged
    # week's number of active items (what lint W003 checks).
    synced_since = (
        b is None
        or b.etl_item_count not in (o.etl_item_count, t.etl_item_count)
        or (o.etl_item_count != t.etl_item_count)
    )
    count = active if synced_since else o.etl_item_count
    metadata = o.model_copy(
        update={"created_at": created, "last_synced": synced, "etl_item_count": count}
    )
    return metadata, conflicts


def merge_weeks(base: WeekTracker | None, ours: WeekTracker, theirs: WeekTracker) -> MergedWeek:
    """Merge ``ours`` and ``theirs`` against their common ancestor ``base`` (None: both new)."""
    conflicts: list[Conflict] = []
    items: dict[str, ItemTasks] = {}
    names = list(dict.fromkeys([*ours.items, *theirs.items]))
    for name in names:
        removed, clash = _pick(_removed(base, name), _removed(ours, name), _removed(theirs, name))
        if clash:
            removed = False
            conflicts.append(
                Conflict(None, None, None, f"item {name!r} was added on both sides, removed on one")
            )
        tasks = _merge_tasks(name, base, ours, theirs, conflicts)
        items[name] = ItemTasks(tasks=tasks, removed=bool(removed))
    week_tasks = WeekTasks(tasks=_merge_tasks(None, base, ours, theirs, conflicts))
    active = sum(1 for item in items.values() if not item.removed)
    metadata, problems = _metadata(base, ours, theirs, active)
    merged = WeekTracker(metadata=metadata, items=items, week_tasks=week_tasks)
    conflicts += problems
    conflicts += _rule_breaks(merged, ours, theirs, {c.key for c in conflicts})
    return MergedWeek(merged, conflicts)


def _merge_tasks(
    item: str | None,
    base: WeekTracker | None,
    ours: WeekTracker,
    theirs: WeekTracker,
    conflicts: list[Conflict],
) -> dict[str, TaskRecord]:
    b, o, t = _tasks_of(base, item), _tasks_of(ours, item), _tasks_of(theirs, item)
    tasks: dict[str, TaskRecord] = {}
    for task_type in dict.fromkeys([*o, *t]):
        key = TaskKey(item, task_type)
        record, conflict = _merge_task(key, b.get(task_type), o.get(task_type), t.get(task_type))
        if conflict is not None:
            conflicts.append(conflict)
        if record is not None:
            tasks[task_type] = record
    return tasks


def _rule_breaks(
    merged: WeekTracker, ours: WeekTracker, theirs: WeekTracker, known: set[TaskKey | None]
) -> list[Conflict]:
    """Dependency violations the merge creates (neither side had them)."""
    before = {key for week in (ours, theirs) for key, _, _ in violations(week)}
    found = []
    for key, record, unmet in violations(merged):
        if key in before or key in known:
            continue
        reason = (
            f"the merge would leave it {record.status.value} while {unmet[0]} "
            f"(ours {_status(find_record(ours, key))}, theirs {_status(find_record(theirs, key))})"
        )
        found.append(Conflict(key, find_record(ours, key), find_record(theirs, key), reason))
    return found
