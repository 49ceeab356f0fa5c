"""Render the report: every page to memory first, then write the site.

Output is deterministic (same data, same bytes) and uses relative links only,
so the site works opened from disk and under any sub-path of a web server.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from tracker.domain.models import TaskProgress
from tracker.exceptions import RenderError
from tracker.fileformat.gcpause import gc_paused
from tracker.jsonout import metrics_json, progress_json
from tracker.report.context import Report, build_report
from tracker.report.display import Counts
from tracker.report.environment import make_environment
from tracker.report.weekpage import TaskLink
from tracker.store.backend import TrackerBackend
from tracker.store.safewrite import atomic_write

PAGES: dict[str, str] = {
    "index.html": "index.html",
    "style.css": "style.css",
    "filter.js": "filter.js",
    "progress.md": "progress.md",
}
"""Site file -> template, for the pages rendered once; week pages use ``week.html``."""
WEEK_TEMPLATE = "week.html"


def _counts_data(c: Counts) -> dict[str, Any]:
    return progress_json(
        TaskProgress(c.total, c.completed, c.pending, c.in_progress, c.failed, c.skipped)
    )


def _task_data(link: TaskLink) -> dict[str, Any]:
    """A task named on the index (a failure, an expired lease), named as in every JSON."""
    data = asdict(link)
    task = {"week": data.pop("letter"), "item": data.pop("item") or None,
            "task": data.pop("task_type")}  # fmt: skip
    return task | data


def summary_data(report: Report) -> dict[str, Any]:
    """``progress.json``: the index's figures as data, in the vocabulary of every JSON
    output (:mod:`tracker.jsonout`)."""
    return {
        "as_of": report.as_of_iso or None,
        "series_start": report.series_start or None,
        "current_week": report.current.letter if report.current else None,
        "overall": _counts_data(report.overall),
        "by_task": {t.task_type: _counts_data(t.counts) for t in report.by_type},
        "ready": report.ready,
        "blocked": report.blocked,
        "weeks": [
            {
                "week": w.letter,
                "dates": [w.first_day, w.last_day] if w.first_day else None,
                "items": w.items,
                "removed": w.removed,
                "ready": w.ready,
                "blocked": w.blocked,
                "overall": _counts_data(w.overall),
                "by_task": {t.task_type: _counts_data(t.counts) for t in w.by_type},
                "week_tasks": {c.task_type: c.status.value for c in w.week_tasks},
            }
            for w in report.weeks
        ],
        "failures": [_task_data(f) for f in report.failures],
        "expired_leases": [_task_data(e) for e in report.expired],
        "metrics": {
            "history_events": report.history_events,
            **metrics_json(report.metrics.by_task_type, report.metrics.by_agent),
        },
    }


def _render(env: Environment, template: str, context: Mapping[str, Any]) -> str:
    try:
        return env.get_template(template).render(context)
    except TemplateNotFound as error:
        raise RenderError(f"template not found: {error.name}") from None
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise RenderError(f"{where}: {error.message}") from None
    except TemplateError as error:
        raise RenderError(f"{template}: {error.message or error}") from None


def render_files(report: Report, env: Environment) -> dict[str, bytes]:
    """Every file of the site by relative path; nothing is written."""
    files: dict[str, bytes] = {}
    for name, template in PAGES.items():
        files[name] = _render(env, template, {"report": report, "root": ""}).encode()
    for page in report.pages:
        context = {"report": report, "page": page, "root": "../"}
        files[page.summary.href] = _render(env, WEEK_TEMPLATE, context).encode()
    text = json.dumps(summary_data(report), indent=2, sort_keys=True, ensure_ascii=False)
    files["progress.json"] = (text + "\n").encode()
    return files


def write_site(files: Mapping[str, bytes], out_dir: Path) -> list[Path]:
    """Write ``files`` under ``out_dir``, each atomically; unchanged files are left alone.

    Not fsynced: the site is made from the tracker files and rendered again
    after a crash; readers never see half a page either way.
    """
    written: list[Path] = []
    for name, data in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            atomic_write(path, data, durable=False)
        written.append(path)
    return written


def publish(
    tracker: TrackerBackend,
    out_dir: Path,
    repo_root: Path,
    *,
    now: datetime | None = None,
    templates: Path | None = None,
    series_start: date | None = None,
) -> dict[str, bytes]:
    """Render every week of ``tracker`` (and its history's metrics) to ``out_dir``.

    Output-file links lead from the week pages to ``repo_root``, which output
    files are relative to. ``series_start`` defaults to the tracker's
    ``[tool.tracker] series_start``. Returns the files written, by relative path.
    """
    weeks = list(tracker.iter_weeks())
    events = [e for week in tracker.weeks() for e in tracker.read_history(week)]
    # Week pages sit one folder down from the site root.
    link_base = os.path.relpath(repo_root.resolve(), (out_dir / "weeks").resolve()) + "/"
    start = series_start or tracker.settings.series_start
    with gc_paused():  # the pages' objects are many and live until written: nothing to collect
        report = build_report(
            weeks, now=now, link_base=link_base, events=events, series_start=start
        )
        files = render_files(report, make_environment(templates))
    write_site(files, out_dir)
    return files
