"""The static progress report: context, Jinja2 environment, chart, rendering.

>>> from tracker.report import build_report, make_environment, render_files
"""

from __future__ import annotations

from tracker.report.context import Report, build_report
from tracker.report.environment import make_environment
from tracker.report.render import publish, render_files, summary_data, write_site

__all__ = [
    "Report",
    "build_report",
    "make_environment",
    "publish",
    "render_files",
    "summary_data",
    "write_site",
]
