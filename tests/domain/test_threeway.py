"""Three-way merge of weeks: one side's change wins, equal changes agree, the rest conflict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus, WeekTracker
from tracker.domain.statemachine import move
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskKey
from tracker.domain.threeway import merge_weeks

S = TaskStatus
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


def base_week() -> WeekTracker:
    return sync_items(None, "A", ["Argo", "Backstage"], T0)[0]


def changed(week: WeekTracker, *moves: tuple[str | None, str, S], **kw: object) -> WeekTracker:
    copy = week.model_copy(deep=True)
    for item, task, status in moves:
        move(copy, TaskKey(item, task), Request(status, error_message="boom", **kw), T0)  # type: ignore[arg-type]
    return copy


def status(week: WeekTracker, item: str, task: str) -> S:
    return week.items[item].tasks[task].status


def test_each_side_keeps_its_own_changes():
    base = base_week()
    ours = changed(base, ("Argo", "research", S.IN_PROGRESS))
    theirs = changed(base, ("Argo", "research", S.COMPLETED), ("Backstage", "research", S.SKIPPED))
    merged = merge_weeks(base, ours, base.model_copy(deep=True))
    assert merged.conflicts == [] and status(merged.week, "Argo", "research") is S.IN_PROGRESS
    merged = merge_weeks(base, base.model_copy(deep=True), theirs)
    assert merged.conflicts == []
    assert status(merged.week, "Backstage", "research") is S.SKIPPED


def test_adjacent_tasks_of_one_item_merge():
    """Lines next to each other conflict for git's text merge; tasks do not."""
    base = changed(base_week(), ("Argo", "research", S.COMPLETED))
    ours = changed(base, ("Argo", "content", S.IN_PROGRESS))
    theirs = changed(base, ("Backstage", "research", S.IN_PROGRESS))
    merged = merge_weeks(base, ours, theirs)
    assert merged.conflicts == []
    assert status(merged.week, "Argo", "content") is S.IN_PROGRESS
    assert status(merged.week, "Backstage", "research") is S.IN_PROGRESS


def test_the_same_change_on_both_sides_is_fine():
    base = base_week()
    both = changed(base, ("Argo", "research", S.SKIPPED))
    assert merge_weeks(base, both, both.model_copy(deep=True)).conflicts == []


def test_different_changes_to_one_task_conflict_and_say_both():
    base = base_week()
    ours = changed(base, ("Argo", "research", S.COMPLETED))
    theirs = changed(base, ("Argo", "research", S.FAILED))
    (conflict,) = merge_weeks(base, ours, theirs).conflicts
    assert conflict.key == TaskKey("Argo", "research")
    assert conflict.describe("A") == (
        "week A: research of 'Argo': changed on both sides: ours completed by researcher, "
        "theirs failed by researcher"
    )


def test_a_merge_that_breaks_the_dependency_rule_is_a_conflict():
    """One side resets research, the other completes content: git merges the text cleanly."""
    base = changed(base_week(), ("Argo", "research", S.COMPLETED))
    ours = changed(base, ("Argo", "research", S.PENDING))
    theirs = changed(base, ("Argo", "content", S.COMPLETED))
    (conflict,) = merge_weeks(base, ours, theirs).conflicts
    assert conflict.key == TaskKey("Argo", "content")
    assert "leave it completed while research of 'Argo' is pending" in conflict.reason


def test_lease_renewals_are_not_changes_and_the_later_lease_wins():
    base = changed(
        base_week(), ("Argo", "research", S.IN_PROGRESS), agent="bot", lease=timedelta(hours=1)
    )
    later = base.model_copy(deep=True)
    record = later.items["Argo"].tasks["research"]
    assert record.lease_expires_at is not None
    later.items["Argo"].tasks["research"] = record.model_copy(
        update={"lease_expires_at": record.lease_expires_at + timedelta(hours=1)}
    )
    merged = merge_weeks(base, base.model_copy(deep=True), later)
    assert merged.conflicts == []
    assert merged.week.items["Argo"].tasks["research"].lease_expires_at == (
        later.items["Argo"].tasks["research"].lease_expires_at
    )


def test_syncs_on_both_sides_merge_items_and_count_the_active_ones():
    base = base_week()
    ours = sync_items(base, "A", ["Argo", "Backstage", "Cilium"], T0 + timedelta(hours=1))[0]
    theirs = sync_items(base, "A", ["Argo"], T0 + timedelta(hours=2))[0]
    merged = merge_weeks(base, ours, theirs)
    assert merged.conflicts == []
    assert list(merged.week.items) == ["Argo", "Backstage", "Cilium"]
    assert merged.week.items["Backstage"].removed
    assert merged.week.metadata.etl_item_count == 2
    assert merged.week.metadata.last_synced == T0 + timedelta(hours=2)


def test_no_common_ancestor():
    ours, theirs = base_week(), changed(base_week(), ("Argo", "research", S.SKIPPED))
    (conflict,) = merge_weeks(None, ours, theirs).conflicts
    assert conflict.key == TaskKey("Argo", "research")
