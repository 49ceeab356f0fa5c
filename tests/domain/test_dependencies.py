"""What a task waits for, one dependency at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.dependencies import Unmet, unmet, unmet_dependencies
from tracker.domain.guards import Request
from tracker.domain.models import TaskStatus
from tracker.domain.statemachine import move
from tracker.domain.sync import sync_items
from tracker.domain.tasks import TaskKey

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
S = TaskStatus


def test_unmet_names_each_dependency_and_its_status():
    week = sync_items(None, "A", ["Argo", "Akri", "Antrea"], T0)[0]
    move(week, TaskKey("Argo", "research"), Request(S.FAILED, error_message="x"), T0)
    move(week, TaskKey("Akri", "research"), Request(S.COMPLETED), T0)
    move(week, TaskKey("Akri", "content"), Request(S.SKIPPED), T0)
    assert unmet(week, TaskKey("Argo", "content")) == [Unmet("Argo", "research", S.FAILED)]
    assert unmet(week, TaskKey("Akri", "content")) == []
    assert unmet(week, TaskKey(None, "blog_post")) == [
        Unmet("Argo", "content", S.PENDING), Unmet("Antrea", "content", S.PENDING),
    ]  # fmt: skip
    assert unmet_dependencies(week, TaskKey("Argo", "content")) == ["research of 'Argo' is failed"]


def test_a_week_without_active_items_cannot_start_its_week_task():
    week = sync_items(sync_items(None, "A", ["Argo"], T0)[0], "A", [], T0, allow_mass_removal=True)[
        0
    ]
    (missing,) = unmet(week, TaskKey(None, "blog_post"))
    assert missing.item is None
    assert unmet_dependencies(week, TaskKey(None, "blog_post")) == ["week A has no active items"]
