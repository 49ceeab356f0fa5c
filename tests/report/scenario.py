"""A scripted history of tracker changes with every status, and hostile text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker import YAMLTrackerBackend

if TYPE_CHECKING:
    from tests.conftest import FakeClock

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_ERROR = "crawler said <script>document.title='pwned'</script> | 502\nBad Gateway"


def exercise(backend: YAMLTrackerBackend, clock: FakeClock) -> None:
    """Move week A's and B's tasks through every status, an hour or so apart.

    Week A gets an item named like an HTML tag whose output file is a
    ``javascript:`` URL and whose content failed with a ``<script>`` error.
    """
    week_a = list(backend.load_tracker("A").items)
    backend.sync_with_etl("A", [*week_a[1:], XSS_NAME])  # week_a[0] becomes removed
    done, *rest = week_a[1:]
    for name in (done, *rest[:2]):
        for task in ("research", "content"):
            clock.advance(minutes=47)
            backend.update_task("A", name, task, "in_progress")
            clock.advance(hours=1, minutes=13)
            backend.update_task("A", name, task, "completed")
    clock.advance(hours=3)
    backend.update_task("A", XSS_NAME, "research", "in_progress")
    backend.update_task("A", XSS_NAME, "research", "completed", output_file="javascript:alert(1)")
    backend.update_task("A", XSS_NAME, "content", "in_progress")
    clock.advance(minutes=5)
    backend.update_task("A", XSS_NAME, "content", "failed", error_message=XSS_ERROR)
    backend.update_task("A", rest[2], "research", "in_progress", agent="researcher-2")
    backend.update_task("A", rest[3], "research", "skipped")
    for name in backend.load_tracker("B").items:
        for task in ("research", "content"):
            clock.advance(hours=5)
            backend.update_task("B", name, task, "in_progress")
            clock.advance(hours=2)
            backend.update_task("B", name, task, "completed")
    backend.update_task("B", None, "blog_post", "in_progress")
    clock.advance(days=1)
    backend.update_task("B", None, "blog_post", "completed")
