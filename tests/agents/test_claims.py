"""Claims, lease renewal and reclaiming, with a controllable clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker import InMemoryTrackerBackend, TaskStatus, YAMLTrackerBackend
from tracker.agents.claims import claim_next, finish_claim, reclaim_expired, renew_lease
from tracker.exceptions import ClaimLostError, LeaseError


def test_claim_takes_first_ready_task_in_file_order_with_a_lease(week_a: YAMLTrackerBackend, clock):
    change = claim_next(week_a, agent="bot-1")
    assert change is not None
    assert (change.item_name, change.task_type) == ("ProjectA", "research")
    record = week_a.load_tracker("A").items["ProjectA"]["research"]
    assert record.status is TaskStatus.IN_PROGRESS
    assert record.agent == "bot-1"
    assert record.lease_expires_at == clock.now + timedelta(hours=2)
    second = claim_next(week_a, agent="bot-2")
    assert second is not None and second.item_name == "ProjectB"


def test_claim_by_type_and_none_when_nothing_is_ready(week_a: YAMLTrackerBackend):
    assert claim_next(week_a, "A", "content", agent="w") is None
    assert claim_next(week_a, None, "blog_post", agent="w") is None
    for _ in range(3):
        assert claim_next(week_a, task_type="research", agent="r") is not None
    assert claim_next(week_a, task_type="research", agent="r") is None


def test_lease_expiry_returns_task_to_pending_and_records_why(week_a: YAMLTrackerBackend, clock):
    claim_next(week_a, agent="crashy", lease=timedelta(minutes=30))
    claim_next(week_a, agent="alive", lease=timedelta(minutes=30))
    clock.advance(minutes=20)
    renew_lease(week_a, "A", "ProjectB", "research", agent="alive", lease=timedelta(minutes=30))
    clock.advance(minutes=11)
    reclaimed = reclaim_expired(week_a)
    assert [(c.item_name, c.after.status) for c in reclaimed] == [("ProjectA", TaskStatus.PENDING)]
    assert reclaim_expired(week_a, "A") == []
    week = week_a.load_tracker("A")
    assert week.items["ProjectA"]["research"].status is TaskStatus.PENDING
    assert week.items["ProjectB"]["research"].status is TaskStatus.IN_PROGRESS
    last = week_a.read_history("A")[-1]
    assert (last.item, last.from_status, last.to_status) == (
        "ProjectA", TaskStatus.IN_PROGRESS, TaskStatus.PENDING,
    )  # fmt: skip
    assert last.reason == "reclaimed: lease of 'crashy' expired at 2026-11-02T09:30:00Z"


def test_lease_not_expired_is_not_reclaimed(week_a: YAMLTrackerBackend, clock):
    claim_next(week_a, agent="bot")
    clock.advance(hours=1, minutes=59)
    assert reclaim_expired(week_a) == []


@pytest.mark.parametrize(
    ("item", "agent", "message"),
    [
        ("ProjectA", "other", "claimed by 'bot', not 'other'"),
        ("ProjectB", "bot", "it is pending"),
        ("Nope", "bot", "has no item 'Nope'"),
    ],
)
def test_renew_refused_unless_the_agent_holds_the_claim(week_a, item, agent, message):
    claim_next(week_a, agent="bot")
    with pytest.raises(Exception, match=message):
        renew_lease(week_a, "A", item, "research", agent=agent)


def test_renew_is_not_a_history_event(week_a: YAMLTrackerBackend, clock):
    claim_next(week_a, agent="bot")
    before = len(week_a.read_history("A"))
    clock.advance(hours=1)
    record = renew_lease(week_a, "A", "ProjectA", "research", agent="bot")
    assert record.lease_expires_at == clock.now + timedelta(hours=2)
    assert len(week_a.read_history("A")) == before
    with pytest.raises(LeaseError):
        renew_lease(week_a, "A", "ProjectA", "content", agent="bot")


def test_claims_work_on_any_backend(clock):
    memory = InMemoryTrackerBackend(clock)
    memory.sync_with_etl("B", ["One"])
    first = claim_next(memory, agent="m")
    assert first is not None and (first.week_letter, first.item_name) == ("B", "One")
    assert claim_next(memory, agent="m") is None


def test_an_agent_finishes_only_a_claim_it_still_holds(week_a: YAMLTrackerBackend, clock):
    claim_next(week_a, agent="slow", lease=timedelta(minutes=5))
    clock.advance(minutes=6)
    assert len(reclaim_expired(week_a)) == 1
    claim_next(week_a, agent="quick")  # the same task, now quick's
    finish_claim(week_a, "A", "ProjectA", "research", "completed", agent="quick")
    for status in ("completed", "failed", "pending"):
        with pytest.raises(ClaimLostError, match="'slow' no longer holds its claim"):
            finish_claim(week_a, "A", "ProjectA", "research", status, agent="slow",
                         error_message="late")  # fmt: skip
    history = week_a.read_history("A")
    assert [e.agent for e in history if e.to_status is TaskStatus.COMPLETED] == ["quick"]


def test_finishing_a_held_claim_goes_through_the_state_machine(week_a: YAMLTrackerBackend):
    claim_next(week_a, agent="bot")
    record = finish_claim(week_a, "A", "ProjectA", "research", "pending", agent="bot",
                          reason="released")  # fmt: skip
    assert (record.status, record.lease_expires_at) == (TaskStatus.PENDING, None)
    claim_next(week_a, agent="bot")
    record = finish_claim(week_a, "A", "ProjectA", "research", TaskStatus.FAILED, agent="bot",
                          error_message="503")  # fmt: skip
    assert (record.status, record.error_message) == (TaskStatus.FAILED, "503")
    with pytest.raises(ClaimLostError, match="it is failed by 'bot'"):
        finish_claim(week_a, "A", "ProjectA", "research", "completed", agent="bot")
