"""The report context agrees with the tracker's own counts, week by week."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.report.conftest import SAMPLE_AS_OF, SAMPLE_START
from tests.report.scenario import XSS_ERROR, XSS_NAME
from tracker import TASK_TYPES, YAMLTrackerBackend
from tracker.domain.timeutil import format_time
from tracker.report.context import NEXT_UP, build_report, latest_change
from tracker.report.display import NoteKind


def _figures(counts) -> tuple[int, ...]:
    return (counts.total, counts.completed, counts.pending, counts.in_progress, counts.failed,
            counts.skipped)  # fmt: skip


@pytest.mark.parametrize("fixture", ["real_weeks", "exercised"])
def test_every_week_agrees_with_get_progress(fixture, request):
    backend: YAMLTrackerBackend = request.getfixturevalue(fixture)
    weeks = list(backend.iter_weeks())
    report = build_report(weeks)
    assert [w.letter for w in report.weeks] == backend.week_letters()
    assert len(report.weeks) == 26
    for summary in report.weeks:
        progress = backend.get_progress(summary.letter)
        assert _figures(summary.overall) == progress[:6], summary.letter
        assert summary.overall.percent == progress.done_percentage
        for by_type in summary.by_type:
            expected = backend.get_progress(summary.letter, by_type.task_type)
            assert _figures(by_type.counts) == expected[:6], (summary.letter, by_type.task_type)
        assert summary.ready == len(backend.get_ready_tasks(summary.letter))
    for series in report.by_type:
        total = [backend.get_progress(w.letter, series.task_type) for w in report.weeks]
        assert series.counts.done == sum(p.completed + p.skipped for p in total)
    assert report.overall.total == sum(backend.get_progress(w.letter).total for w in report.weeks)
    assert report.ready == len(backend.get_ready_tasks())


def test_week_page_keeps_removed_items_apart_and_lists_failures(exercised):
    week = exercised.load_tracker("A")
    page = build_report([week]).pages[0]
    removed = [name for name, item in week.items.items() if item.removed]
    assert [r.name for r in page.removed] == removed and len(removed) == 1
    assert [r.name for r in page.items] == [n for n, _ in week.active_items()]
    assert page.summary.items == len(page.items) and page.summary.removed == 1
    assert [(f.item, f.task_type, f.error) for f in page.failures] == [
        (XSS_NAME, "content", XSS_ERROR)
    ]
    xss = next(r for r in page.items if r.name == XSS_NAME)
    research, content = xss.tasks
    assert research.output_href == "../../javascript%3Aalert%281%29"
    assert (content.status.label, content.error) == ("failed", XSS_ERROR)
    assert xss.filter_statuses == "completed failed"


def test_task_cells_show_every_field(exercised):
    page = build_report([exercised.load_tracker("B")]).pages[0]
    cell = page.items[0].tasks[0]
    assert (cell.task_type, cell.status.value, cell.agent) == (
        "research",
        "completed",
        "researcher",
    )
    assert cell.duration == "2h 00m" and cell.retries == 0
    assert cell.started_iso.endswith("Z") and cell.completed > cell.started
    assert cell.output_file.startswith("research/") and cell.output_href.startswith(
        "../../research/"
    )
    assert [c.status.value for c in page.summary.week_tasks] == ["completed"]
    assert page.summary.overall.percent_text == "100.0%"


def test_as_of_comes_from_the_data_or_now(small_weeks):
    latest = max(
        r.completed_at or r.started_at or datetime.min.replace(tzinfo=UTC)
        for w in small_weeks
        for r in [*(t for i in w.items.values() for t in i.tasks.values()),
                  *w.week_tasks.tasks.values()]
    )  # fmt: skip
    assert build_report(small_weeks).as_of_iso == latest.isoformat().replace("+00:00", "Z")
    now = datetime(2027, 1, 2, 3, 4, tzinfo=UTC)
    assert build_report(small_weeks, now=now).as_of == "2027-01-02 03:04 UTC"
    assert build_report([]).as_of == "no recorded time"


def test_segments_cover_the_bar(exercised):
    counts = build_report([exercised.load_tracker("A")]).weeks[0].overall
    assert sum(s.count for s in counts.segments) == counts.total
    assert abs(sum(float(s.width) for s in counts.segments) - 100) < 0.1
    assert [s.status.value for s in counts.segments] == [
        "completed", "skipped", "in_progress", "failed", "pending",
    ]  # fmt: skip
    assert {t.task_type for t in build_report([]).by_type} == set(TASK_TYPES)


def test_metrics_come_from_the_history(exercised):
    from tracker.agents.metrics import compute_metrics

    weeks = list(exercised.iter_weeks())
    events = [e for w in weeks for e in exercised.read_history(w.week_letter)]
    report = build_report(weeks, events=events)
    assert report.history_events == len(events) > 0
    assert report.metrics == compute_metrics(events)
    rows = {row.name: row for row in report.metrics_by_type}
    assert rows["content"].failed == 1 and rows["content"].success.endswith("%")
    assert (rows["research"].p50, rows["research"].completed) == ("2h 00m", 25)
    assert "researcher-2" in {row.name for row in report.metrics_by_agent}


def test_as_of_is_the_latest_change_not_the_last_sync(backend, clock):
    backend.sync_with_etl("A", ["Argo", "Akri"])
    clock.advance(hours=1)
    backend.update_task("A", "Argo", "research", "completed")
    completed = clock.now
    clock.advance(hours=1)
    backend.update_task("A", "Akri", "research", "failed", error_message="404")  # no time in it
    failed = clock.now
    week = backend.load_tracker("A")
    assert latest_change([week]) == completed
    assert latest_change([week], backend.read_history("A")) == failed
    assert build_report([week], events=backend.read_history("A")).as_of_iso == format_time(failed)
    stale = week.model_copy(
        update={"metadata": week.metadata.model_copy(update={"last_synced": failed})}
    )
    assert latest_change([stale]) == completed  # a later sync time does not count


def test_as_of_of_an_untouched_import_is_its_sync(real_weeks):
    weeks = list(real_weeks.iter_weeks())
    assert latest_change(weeks) == max(w.metadata.last_synced for w in weeks)


@pytest.mark.parametrize(
    ("now", "current", "schedule"),
    [
        (SAMPLE_AS_OF, "D", "Week D is this week: 2026-11-23 to 2026-11-29."),
        (datetime(2026, 11, 1, tzinfo=UTC), None,
         "The series starts on 2026-11-02 with week A."),
        (datetime(2027, 5, 3, tzinfo=UTC), None, "The series ended on 2027-05-02 with week Z."),
    ],
)  # fmt: skip
def test_series_start_dates_the_weeks_and_marks_the_current_one(sample, now, current, schedule):
    report = build_report(list(sample.iter_weeks()), now=now, series_start=SAMPLE_START)
    assert report.schedule == schedule
    assert [w.letter for w in report.weeks if w.current] == ([current] if current else [])
    assert (report.current.letter if report.current else None) == current
    assert [w.dates for w in report.weeks[:5]] == [
        "Nov 2\u20138", "Nov 9\u201315", "Nov 16\u201322", "Nov 23\u201329", "Nov 30 \u2013 Dec 6",
    ]  # fmt: skip
    assert report.weeks[3].dates_full == "2026-11-23 to 2026-11-29"


def test_without_a_recorded_time_no_week_is_current(sample):
    """ "As of" would be the wall clock and the output would change by itself: no week is marked."""
    week = sample.load_tracker("E")  # all pending: no task time
    times = {"created_at": None, "last_synced": None}
    bare = week.model_copy(update={"metadata": week.metadata.model_copy(update=times)})
    report = build_report([bare], series_start=SAMPLE_START)
    assert report.as_of == "no recorded time" and report.current is None
    assert report.schedule == "Week A starts on 2026-11-02."
    assert report.weeks[0].dates == "Nov 30 \u2013 Dec 6" and not report.weeks[0].current


def test_without_series_start_there_are_no_dates(sample):
    report = build_report(list(sample.iter_weeks()))
    assert (report.schedule, report.current, report.series_start) == ("", None, "")
    assert {w.dates for w in report.weeks} == {""}


def test_week_pages_link_to_their_neighbours(sample):
    pages = build_report(list(sample.iter_weeks())).pages
    assert pages[0].previous is None and pages[-1].next is None
    for before, page, after in zip(pages, pages[1:], pages[2:], strict=False):
        assert page.previous is not None and page.next is not None
        assert (page.previous.href, page.next.href) == (before.summary.href, after.summary.href)


@pytest.mark.parametrize("fixture", ["sample", "exercised"])
def test_ready_and_blocked_are_what_the_state_machine_says(fixture, request):
    backend: YAMLTrackerBackend = request.getfixturevalue(fixture)
    report = build_report(list(backend.iter_weeks()), now=backend.clock())
    ready = backend.get_ready_tasks()
    assert [(t.letter, t.item or None, t.task_type) for t in report.next_up] == [
        (t.week_letter, t.item_name, t.task_type) for t in ready[:NEXT_UP]
    ]
    for page in report.pages:
        letter = page.summary.letter
        marked, blocked = set(), 0
        rows = [(r.name, c) for r in page.items for c in r.tasks]
        for name, cell in [*rows, *((None, c) for c in page.summary.week_tasks)]:
            if cell.note.kind is NoteKind.READY:
                marked.add((name, cell.task_type))
            if cell.note.kind in (NoteKind.BLOCKED, NoteKind.WAITING):
                assert cell.status.value == "pending"
                assert not backend.can_start_task(letter, name, cell.task_type)
                blocked += cell.note.kind is NoteKind.BLOCKED
        assert marked == {(t.item_name, t.task_type) for t in ready if t.week_letter == letter}
        assert page.summary.blocked == blocked
        for row in page.items:
            kinds = {c.note.kind for c in row.tasks}
            for mark in (NoteKind.READY, NoteKind.BLOCKED):
                assert (mark.value in row.filter_statuses.split()) == (mark in kinds)


def test_the_sample_shows_what_needs_attention(sample):
    report = build_report(list(sample.iter_weeks()), series_start=SAMPLE_START)
    assert report.as_of_iso == "2026-11-26T15:00:00Z"
    week_d = report.pages[3]
    anchors = {row.name: row.anchor for row in week_d.items}
    assert [(f.item, f.task_type, f.note) for f in report.failures] == [
        ("Dapr", "content", "can be retried (0 of 3 used)"),
        ("Dart", "research", "no retries left (3 of 3 used)"),
        ("Databend", "research", "can be retried (0 of 3 used)"),
    ]
    (expired,) = report.expired
    assert (expired.item, expired.note) == (
        "DatenLord", "lease of researcher-2 expired 2026-11-26 10:30 UTC",
    )  # fmt: skip
    for task in (*report.failures, expired):
        assert task.href == f"weeks/03-D.html#{anchors[task.item]}"
    notes = {(r.name, c.task_type): c.note.text for r in week_d.items for c in r.tasks}
    assert notes[("Dart", "content")] == "research failed"
    assert notes[("Dapr SDK", "content")] == "held by writer-2 until 2026-11-26 17:00 UTC"
    assert week_d.summary.week_tasks[0].note.text == "content failed for 1 item"
    assert [w.blocked for w in report.weeks[:5]] == [0, 0, 0, 3, 0]
    assert [w.letter for w in report.weeks if w.overall.done == w.overall.total] == ["A", "B", "C"]
