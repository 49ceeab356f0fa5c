"""Writes never go over a file they would make worse: what validate rejects, a week filed
under the wrong folder, or a workflow rule broken by hand (unless the change mends it)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tracker import YAMLTrackerBackend
from tracker.checking.diagnostics import format_text
from tracker.checking.lint.registry import RULES
from tracker.checking.pipeline import CheckOptions, check_file
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.fileformat.emitter import SCHEMA_MODELINE

COMPLETED_RESEARCH = """\
      research:
        status: completed
        agent: researcher
        started_at: '2026-11-02T09:00:00Z'
        completed_at: '2026-11-02T09:00:00Z'
        output_file: research/argo.yaml
"""


@pytest.fixture
def week(data_dir: Path, clock: FakeClock) -> YAMLTrackerBackend:
    """Week A: Argo's research completed; Backstage and Cilium pending."""
    backend = YAMLTrackerBackend(data_dir, clock=clock)
    backend.sync_with_etl("A", ["Argo", "Backstage", "Cilium"])
    backend.update_task("A", "Argo", "research", "completed")
    return backend


def _edit(backend: YAMLTrackerBackend, change: Callable[[str], str]) -> tuple[bytes, bytes]:
    path = backend.tracker_path("A")
    text = change(path.read_text())
    path.write_text(text)
    return path.read_bytes(), backend.history_path("A").read_bytes()


def _after(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, old + new, 1)

    return change


REFUSED: dict[str, tuple[Callable[[str], str], str]] = {
    # A sloppy hand merge: the second Argo shadows the first, with its completed research.
    "duplicate item": (_after("items:\n", "  Argo:\n    tasks: {}\n"), "Y002"),
    "duplicate field": (_after("        status: completed\n", "        status: pending\n"), "Y002"),
    "anchor and alias": (
        lambda text: text.replace(
            "  Backstage:\n    tasks:", "  Backstage:\n    tasks: &t"
        ).replace("  Cilium:\n    tasks:\n", "  Cilium:\n    tasks: *t\n    x:\n", 1),
        "Y003",
    ),
    "merge key": (_after("items:\n", "  <<: {Zot: {tasks: {}}}\n"), "Y003"),
    "custom tag": (lambda text: text.replace("etl_item_count: 3", "etl_item_count: !n 3"), "Y004"),
    "comment": (_after("  Argo:", "  # checked with the maintainers"), "Y006"),
    "schema": (_after("    tasks:\n", "      review: {status: pending}\n"), "S002"),
    "folder and week letter disagree": (
        lambda text: text.replace("week_letter: A", "week_letter: B"),
        "W002",
    ),
    "blog post completed by hand while content is pending": (
        lambda text: text.replace(
            "week_tasks:\n  tasks:\n    blog_post:\n      status: pending\n",
            "week_tasks:\n  tasks:\n    blog_post:\n      status: completed\n"
            "      completed_at: '2026-11-02T09:00:00Z'\n      output_file: blog/00-A.md\n",
        ),
        "D002",
    ),
    "content completed by hand while research is pending": (
        lambda text: text.replace(
            "  Backstage:\n    tasks:\n      research:\n        status: pending\n"
            "        agent: researcher\n      content:\n        status: pending\n",
            "  Backstage:\n    tasks:\n      research:\n        status: pending\n"
            "        agent: researcher\n      content:\n        status: completed\n"
            "        completed_at: '2026-11-02T09:00:00Z'\n        output_file: x.md\n",
        ),
        "D001",
    ),
}


def _expected_lines(backend: YAMLTrackerBackend, rule: str) -> list[str]:
    """What ``tracker validate`` / ``tracker lint`` print for the file, for ``rule``."""
    path = backend.tracker_path("A")
    options = CheckOptions(now=backend.clock(), repo_root=path.parent, rules=tuple(RULES.values()))
    return [format_text([d]) for d in check_file(path, options) if d.rule == rule]


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_unrelated_write_refuses_and_names_every_problem(
    week: YAMLTrackerBackend, case: str
) -> None:
    change, rule = REFUSED[case]
    before = _edit(week, change)
    expected = _expected_lines(week, rule)
    assert expected, "the case must be one that validate or lint reports"
    with pytest.raises(TrackerFileError) as refused:
        week.update_task("A", "Cilium", "research", "in_progress")
    problems = refused.value.problems
    assert len(problems) == len(expected)
    for line, diagnostic in zip(problems, expected, strict=True):
        assert line.startswith(diagnostic), (line, diagnostic)
    assert (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes()) == before


@pytest.mark.parametrize("case", list(REFUSED))
def test_every_write_path_refuses(week: YAMLTrackerBackend, case: str) -> None:
    from tracker import claim_next, reclaim_expired, retry_failed, rollback

    change, _ = REFUSED[case]
    before = _edit(week, change)
    for write in (
        lambda: week.sync_with_etl("A", ["Argo", "Backstage", "Cilium", "Dapr"]),
        lambda: claim_next(week, "A", "research", agent="bot"),
        lambda: week.update_task("A", "Backstage", "research", "skipped"),
        lambda: rollback(week, "A", "2026-11-02T09:00:00Z"),
    ):
        with pytest.raises(TrackerError):
            write()
        assert (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes()) == before
    for nothing_to_do in (lambda: reclaim_expired(week, "A"), lambda: retry_failed(week, "A")):
        with contextlib.suppress(TrackerError):
            nothing_to_do()
        assert (week.tracker_path("A").read_bytes(), week.history_path("A").read_bytes()) == before


def test_a_change_that_mends_the_broken_rule_goes_through(week: YAMLTrackerBackend) -> None:
    change, _ = REFUSED["blog post completed by hand while content is pending"]
    _edit(week, change)
    with pytest.raises(TrackerFileError, match="D002"):
        week.update_task("A", "Cilium", "research", "in_progress")
    week.update_task("A", None, "blog_post", "pending")  # the mend: reset the post
    week.update_task("A", "Cilium", "research", "in_progress")
    assert week.load_tracker("A").items["Cilium"]["research"].status == "in_progress"


def test_unquoted_times_are_quoted_by_a_write_not_refused(week: YAMLTrackerBackend) -> None:
    _edit(week, lambda text: text.replace("'2026-11-02T09:00:00Z'", "2026-11-02T09:00:00Z"))
    week.update_task("A", "Cilium", "research", "in_progress")
    text = week.tracker_path("A").read_text()
    assert text.startswith(SCHEMA_MODELINE) and "completed_at: '2026-11-02T09:00:00Z'" in text


def test_the_cli_prints_one_error_line_per_problem(
    week: YAMLTrackerBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.cli.main import main

    _edit(week, _after("items:\n", "  Argo:\n    tasks: {}\n  Cilium:\n    tasks: {}\n"))
    code = main(["--data-dir", str(week.data_dir), "start", "A", "Backstage", "research"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 2
    assert all(line.startswith(f"tracker: error: {week.tracker_path('A')}:") for line in err)
    assert [line.split(": ")[3].split()[0] for line in err] == ["Y002", "Y002"]


def test_reading_a_week_filed_under_another_letter_is_refused(week: YAMLTrackerBackend) -> None:
    _edit(week, lambda text: text.replace("week_letter: A", "week_letter: B"))
    with pytest.raises(TrackerFileError, match=r"00-A/tracker\.yaml:3:16: W002"):
        week.load_tracker("A")
    with pytest.raises(TrackerFileError, match="W002"):
        list(week.iter_weeks())
