"""The fleet benchmark's audit finds what it is there to find; its section of BENCHMARKS.md."""

from __future__ import annotations

from benchmarks.fleet import FleetOptions, FleetRun
from benchmarks.fleetcheck import Audit, audit_week
from benchmarks.fleetreport import HEADING, replace_section, section
from tests.conftest import FakeClock
from tracker import InMemoryTrackerBackend
from tracker.domain.models import TaskStatus

S = TaskStatus


def _week_done() -> InMemoryTrackerBackend:
    tracker = InMemoryTrackerBackend(clock=FakeClock())
    tracker.sync_with_etl("A", ["Argo"])
    for item, task in (("Argo", "research"), ("Argo", "content"), (None, "blog_post")):
        tracker.update_task("A", item, task, S.IN_PROGRESS, agent="one")
        tracker.update_task("A", item, task, S.COMPLETED, agent="one")
    return tracker


def _audit(tracker: InMemoryTrackerBackend, events=None) -> Audit:
    audit = Audit()
    audit_week(tracker.load_tracker("A"), events or tracker.read_history("A"), audit)
    return audit


def test_a_clean_week_passes():
    audit = _audit(_week_done())
    assert audit.clean and audit.tasks == 3


def test_a_task_completed_twice_is_a_duplicate():
    tracker = _week_done()
    tracker.update_task("A", None, "blog_post", S.PENDING)
    tracker.update_task("A", None, "blog_post", S.COMPLETED, agent="two")
    assert _audit(tracker).duplicates == ["week A: the week's blog_post completed 2 times"]


def test_a_claim_taken_from_its_holder_is_an_overlap():
    tracker = InMemoryTrackerBackend(clock=FakeClock())
    tracker.sync_with_etl("A", ["Argo"])
    tracker.update_task("A", "Argo", "research", S.IN_PROGRESS, agent="one")
    tracker.update_task("A", "Argo", "research", S.IN_PROGRESS, agent="two", force=True)
    tracker.update_task("A", "Argo", "research", S.COMPLETED, agent="three", force=True)
    audit = _audit(tracker)
    assert audit.overlapping == [
        "week A: research of 'Argo': two took it from one",
        "week A: research of 'Argo': completed by three, claimed by two",
    ]
    assert "week A: content of 'Argo' is pending" in audit.not_completed


def test_a_blog_post_done_before_the_content_is_too_early():
    tracker = _week_done()
    week = tracker.load_tracker("A")
    content = week.items["Argo"]["content"]
    week.items["Argo"]["content"] = content.model_copy(update={"status": S.IN_PROGRESS})
    audit = Audit()
    audit_week(week, tracker.read_history("A"), audit)
    assert audit.blog_too_early == [
        "week A: the week's blog_post is completed but content of 'Argo' is in_progress"
    ]


def test_the_section_replaces_its_old_self_and_keeps_the_rest():
    run = FleetRun("fleet", 4, tasks=10, wall=5.0, attempts=[1, 1, 2, 9])
    single = FleetRun("single", 4, tasks=10, wall=4.0)
    text = section(run, single, FleetOptions())
    assert "| push attempts per operation, p99 | 9 | <= 5 | **missed** |" in text
    assert "| fleet / single-clone throughput, same agents | 0.80x | >= 0.50x | met |" in text
    document = "# Benchmarks\n\nfigures\n"
    once = replace_section(document, text)
    assert once == document + "\n" + text
    twice = replace_section(once + "\n## Later\n\nmore\n", section(single, single, FleetOptions()))
    assert twice.count(HEADING) == 1 and twice.endswith("## Later\n\nmore\n")
    assert "| 9 |" not in twice
