"""Rendering the site: golden Markdown, deterministic bytes, portable relative links."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.models import ItemTasks, TaskRecord, TaskStatus, WeekMetadata, WeekTracker
from tracker.domain.outputs import unsafe_output
from tracker.domain.weeks import ALL_WEEKS
from tracker.exceptions import RenderError
from tracker.report import build_report, make_environment, render_files, summary_data, write_site

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
SERIES_START = date(2026, 11, 9)
"""Week C (Nov 23-29) holds NOW."""
# The SVG namespace is a name, not a fetched address.
_EXTERNAL = re.compile(r"\b(?:https?:)?//(?!www\.w3\.org/2000/svg\")", re.IGNORECASE)
_LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
_MD_LINK = re.compile(r"\]\(([^)]*)\)")
_ID = re.compile(r'\bid="([^"]*)"')


def _site(weeks, templates: Path | None = None) -> dict[str, bytes]:
    report = build_report(weeks, now=NOW, series_start=SERIES_START)
    return render_files(report, make_environment(templates))


@pytest.mark.parametrize("name", ["progress.md", "progress.json"])
def test_golden(small_weeks, name):
    """Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change."""
    rendered = _site(small_weeks)[name].decode()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered)
    assert rendered == golden.read_text()


def test_same_data_same_bytes(small_weeks):
    assert _site(small_weeks) == _site(small_weeks)


def test_site_files(small_weeks):
    files = _site(small_weeks)
    assert sorted(files) == [
        "filter.js", "index.html", "progress.json", "progress.md", "style.css",
        "weeks/00-A.html", "weeks/01-B.html", "weeks/02-C.html",
    ]  # fmt: skip


def test_no_external_urls_and_every_site_link_resolves(small_weeks):
    """Pages and anchors: every relative link (HTML or Markdown) leads to a file, and its
    fragment to an element of that file."""
    files = _site(small_weeks)
    ids = {name: set(_ID.findall(data.decode())) for name, data in files.items()}
    fragments = 0
    for name, data in files.items():
        text = data.decode()
        assert not _EXTERNAL.search(text), name
        links = _LINK.findall(text) if name.endswith(".html") else _MD_LINK.findall(text)
        for target in links:
            path, _, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(name), path)) if path else name
            if resolved.startswith(".."):  # an output file, in the repository beside the site
                assert target.startswith("../../"), (name, target)
                continue
            assert resolved in files, (name, target)
            if fragment:
                assert fragment in ids[resolved], (name, target)
                fragments += 1
    assert fragments >= 4  # failures, ready tasks, on the index, week pages and progress.md


def test_json_is_the_summary(small_weeks):
    report = build_report(small_weeks, now=NOW, series_start=SERIES_START)
    data = json.loads(_site(small_weeks)["progress.json"])
    assert data == json.loads(json.dumps(summary_data(report)))
    assert data["overall"]["total"] == report.overall.total


def test_template_errors_name_the_file_and_line(small_weeks, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "index.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{% if %}")
    with pytest.raises(RenderError, match=r"index\.html:3: "):
        _site(small_weeks, folder)
    (folder / "index.html").write_text("{{ report.no_such_field }}")
    with pytest.raises(RenderError, match=r"index\.html: .*no_such_field"):
        _site(small_weeks, folder)


def test_write_site_writes_only_changes(small_weeks, tmp_path):
    out = tmp_path / "site"
    files = _site(small_weeks)
    written = write_site(files, out)
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(files)
    index = out / "index.html"
    os.utime(index, (0, 0))
    write_site(files, out)
    assert index.stat().st_mtime == 0  # unchanged, so not rewritten
    assert index.read_bytes() == files["index.html"]


def test_rendering_the_real_data_makes_every_page(exercised):
    """Every week of the real data gets its page (how fast is for scripts/bench.py)."""
    files = render_files(build_report(list(exercised.iter_weeks())), make_environment())
    assert len(files) == 5 + 26
    assert all(f"weeks/{w.folder}.html" in files for w in ALL_WEEKS)


_ENV = make_environment()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))


def _tags_of(name: str, agent: str, error: str, output: str) -> dict[str, list[object]]:
    record = TaskRecord(
        status=TaskStatus.FAILED, agent=agent, error_message=error, output_file=output
    )
    expired = TaskRecord(  # its note and the expired-leases lists name the agent
        status=TaskStatus.IN_PROGRESS, agent=agent, started_at=NOW, lease_expires_at=NOW
    )
    week = WeekTracker(
        metadata=WeekMetadata(week_letter="A"),
        items={name: ItemTasks(tasks={"research": record, "content": expired})},
    )
    files = render_files(build_report([week], now=NOW, series_start=SERIES_START), _ENV)
    shapes: dict[str, list[object]] = {}
    for path, data in files.items():
        if path.endswith(".html"):
            parser = _Tags()
            parser.feed(data.decode())
            shapes[path] = parser.tags
    return shapes


@settings(deadline=None)
@given(
    name=st.text(min_size=1),
    agent=st.text(),
    error=st.text(),
    output=st.text(min_size=1).filter(lambda path: unsafe_output(path) is None),
)
def test_untrusted_text_never_changes_the_markup(name, agent, error, output):
    """Whatever the text, the pages have exactly the elements and attributes of plain text.

    (An empty output file, or one outside the repository, makes no link; that is the one
    allowed difference, so not generated.)
    """
    assert _tags_of(name, agent, error, output) == _tags_of("x", "a", "e", "o")


def test_progress_md_has_the_metrics_tables_and_links_to_the_week_pages(exercised):
    weeks = list(exercised.iter_weeks())
    events = [e for w in weeks for e in exercised.read_history(w.week_letter)]
    report = build_report(weeks, events=events)
    text = render_files(report, _ENV)["progress.md"].decode()
    for label, rows in (("Task type", report.metrics_by_type), ("Agent", report.metrics_by_agent)):
        assert f"| {label} | Started | Completed | Failed | Retries | Success |" in text
        for row in rows:
            cells = [row.name.replace("_", "\\_"), str(row.started), str(row.completed)]
            assert f"| {' | '.join(cells)} |" in text
    for week in report.weeks:
        assert f"| [{week.letter}]({week.href}) |" in text
    assert f"From {len(events):,} changes recorded" in text
