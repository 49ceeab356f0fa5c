from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.dependencies import violations
from tracker.domain.models import TaskStatus
from tracker.domain.sync import STALE_REASON, sync_changes, sync_items, unique_names
from tracker.exceptions import InvalidNameError, MassRemovalError

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
T1 = datetime(2026, 11, 3, 9, tzinfo=UTC)


def test_creates_a_week_with_default_tasks():
    week, result = sync_items(None, "A", ["Argo", "Argo", "argo"], T0)
    assert result.created and result.added == ["Argo", "argo"]
    assert list(week.items) == ["Argo", "argo"]
    assert list(week.items["Argo"].tasks) == ["research", "content"]
    assert week.week_tasks["blog_post"].status is TaskStatus.PENDING
    meta = week.metadata
    assert (meta.week_letter, meta.created_at, meta.last_synced, meta.etl_item_count) == (
        "A", T0, T0, 2,
    )  # fmt: skip


def test_removes_by_marking_and_restores():
    week, _ = sync_items(None, "A", ["Argo", "Backstage"], T0)
    week.items["Argo"].tasks["research"].status = TaskStatus.COMPLETED
    week2, result = sync_items(week, "A", ["Backstage", "Cilium"], T1)
    assert (result.added, result.removed, result.restored) == (["Cilium"], ["Argo"], [])
    assert week2.items["Argo"].removed
    assert week2.items["Argo"]["research"].status is TaskStatus.COMPLETED  # history kept
    assert not week.items["Argo"].removed  # input untouched
    week3, result = sync_items(week2, "A", ["Argo", "Backstage", "Cilium"], T1)
    assert result.restored == ["Argo"] and not week3.items["Argo"].removed
    assert week3.metadata.created_at == T0 and week3.metadata.last_synced == T1


def test_unchanged_sync_changes_nothing():
    week, _ = sync_items(None, "A", ["Argo"], T0)
    week2, result = sync_items(week, "A", ["Argo", "Argo"], T1)
    assert not result.changed
    assert week2 == week


def test_unique_names_keeps_first_order():
    assert unique_names(["b", "a", "b", "A"]) == ["b", "a", "A"]


def test_a_sync_that_would_remove_most_active_items_is_refused_unless_allowed():
    week, _ = sync_items(None, "A", ["Argo", "Backstage", "Cilium", "Dapr"], T0)
    sync_items(week, "A", ["Argo", "Backstage"], T1)  # half: allowed
    with pytest.raises(MassRemovalError, match="would mark 3 of its 4 active items removed"):
        sync_items(week, "A", ["Argo"], T1)
    with pytest.raises(MassRemovalError, match="--allow-mass-removal"):
        sync_items(week, "A", [], T1)
    sync_items(sync_items(None, "A", ["Argo"], T0)[0], "A", [], T1)  # one item: ordinary churn
    week2, result = sync_items(week, "A", [], T1, allow_mass_removal=True)
    assert result.removed == ["Argo", "Backstage", "Cilium", "Dapr"]
    assert all(item.removed for item in week2.items.values())


def test_names_are_cleaned_and_bad_ones_refused():
    week, _ = sync_items(None, "A", ["\ufeffArgo", " Backstage ", "Argo"], T0)
    assert list(week.items) == ["Argo", "Backstage"]
    with pytest.raises(InvalidNameError):
        sync_items(week, "A", ["Argo", "Back\x1bstage"], T1)
    with pytest.raises(InvalidNameError, match="single string 'Argo'"):
        sync_items(week, "A", "Argo", T1)


def _finished(week, *names):
    for name in names:
        for task in ("research", "content"):
            record = week.items[name].tasks[task]
            week.items[name].tasks[task] = record.model_copy(
                update={"status": TaskStatus.COMPLETED, "completed_at": T0, "output_file": "x"}
            )
    blog = week.week_tasks.tasks["blog_post"]
    week.week_tasks.tasks["blog_post"] = blog.model_copy(
        update={"status": TaskStatus.COMPLETED, "completed_at": T0, "output_file": "blog/00-A.md"}
    )
    return week


def test_items_joining_after_the_blog_post_put_it_back_to_pending():
    week = _finished(sync_items(None, "A", ["Argo"], T0)[0], "Argo")
    after, result = sync_items(week, "A", ["Argo", "Backstage"], T1)
    assert result.reset == ["blog_post"]
    assert after.week_tasks["blog_post"].status is TaskStatus.PENDING
    assert not list(violations(after))  # no write leaves the dependency rule broken
    [change] = [c for c in sync_changes(week, after, result) if c.item_name is None]
    assert change.before is not None and change.before.status is TaskStatus.COMPLETED
    assert change.reason == STALE_REASON


def test_a_blog_post_broken_by_hand_is_not_mended_silently_by_a_sync():
    week, _ = sync_items(None, "A", ["Argo"], T0)
    week = _finished(week)  # the post completed, Argo's content still pending: a hand edit
    after, result = sync_items(week, "A", ["Argo", "Backstage"], T1)
    assert result.reset == []  # left for the write guard to refuse, naming it
    assert after.week_tasks["blog_post"].status is TaskStatus.COMPLETED
