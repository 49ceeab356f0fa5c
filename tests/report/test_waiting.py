"""Why a task waits, who holds it, what retries are left: each note, on real tracker files."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import FakeClock
from tracker import YAMLTrackerBackend
from tracker.agents.claims import claim_next
from tracker.domain.tasks import TaskKey
from tracker.report.display import NoteKind
from tracker.report.waiting import task_note


def _note(backend: YAMLTrackerBackend, item: str | None, task: str, now=None):
    """The note, as (kind, text); a ready one is checked against ``get_ready_tasks``."""
    week = backend.load_tracker("A")
    record = week.tasks_of(item).get(task)
    note = task_note(week, TaskKey(item, task), record, now or backend.clock())
    ready = (item, task) in {(t.item_name, t.task_type) for t in backend.get_ready_tasks("A")}
    assert (note.kind is NoteKind.READY) == (ready and now is None)
    return note.kind, note.text


@pytest.fixture
def week(backend: YAMLTrackerBackend) -> YAMLTrackerBackend:
    backend.sync_with_etl("A", ["Argo", "Akri", "Antrea", "Athenz"])
    return backend


def test_pending_tasks_say_why_they_wait(week: YAMLTrackerBackend):
    week.update_task("A", "Argo", "research", "failed", error_message="404")
    week.update_task("A", "Akri", "research", "skipped")
    week.update_task("A", "Athenz", "research", "completed")
    assert _note(week, "Argo", "content") == (NoteKind.BLOCKED, "research failed")
    assert _note(week, "Akri", "content") == (NoteKind.BLOCKED, "research skipped")
    assert _note(week, "Antrea", "content") == (NoteKind.WAITING, "waiting on research")
    assert _note(week, "Antrea", "research") == (NoteKind.READY, "ready to start")
    assert _note(week, "Athenz", "content") == (NoteKind.READY, "ready to start")
    assert _note(week, None, "blog_post") == (NoteKind.WAITING, "waiting on content of 4 items")
    week.update_task("A", "Athenz", "content", "failed", error_message="empty draft")
    assert _note(week, None, "blog_post") == (NoteKind.BLOCKED, "content failed for 1 item")


def test_removed_items_and_empty_weeks_are_blocked(week: YAMLTrackerBackend):
    week.sync_with_etl("A", ["Akri", "Antrea", "Athenz"])
    assert _note(week, "Argo", "research") == (NoteKind.BLOCKED, "item removed")
    week.sync_with_etl("A", [], allow_mass_removal=True)
    assert _note(week, None, "blog_post") == (NoteKind.BLOCKED, "no active items")


def test_in_progress_tasks_say_who_holds_them_until_when(
    week: YAMLTrackerBackend, clock: FakeClock
):
    claim_next(week, "A", "research", agent="bot-1", lease=timedelta(minutes=30))
    assert _note(week, "Argo", "research") == (
        NoteKind.HELD, "held by bot-1 until 2026-11-02 09:30 UTC",
    )  # fmt: skip
    later = clock.now + timedelta(minutes=30)
    assert _note(week, "Argo", "research", later) == (
        NoteKind.EXPIRED, "lease of bot-1 expired 2026-11-02 09:30 UTC",
    )  # fmt: skip
    week.update_task("A", "Akri", "research", "in_progress")  # by hand: no lease
    assert _note(week, "Akri", "research") == (NoteKind.NONE, "")


def test_failed_tasks_say_what_retries_are_left(week: YAMLTrackerBackend):
    week.update_task("A", "Argo", "research", "failed", error_message="404")
    assert _note(week, "Argo", "research") == (NoteKind.RETRYABLE, "can be retried (0 of 3 used)")
    for _ in range(3):
        week.update_task("A", "Argo", "research", "pending")
        week.update_task("A", "Argo", "research", "failed", error_message="404")
    assert _note(week, "Argo", "research") == (NoteKind.EXHAUSTED, "no retries left (3 of 3 used)")
    week.update_task("A", "Akri", "research", "completed")
    assert _note(week, "Akri", "research") == (NoteKind.NONE, "")
