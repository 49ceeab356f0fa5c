from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.models import TaskStatus
from tracker.domain.sync import sync_items, unique_names

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
