"""The report context agrees with the tracker's own counts, week by week."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.report.scenario import XSS_ERROR, XSS_NAME
from tracker import TASK_TYPES, YAMLTrackerBackend
from tracker.report.context import build_report


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
