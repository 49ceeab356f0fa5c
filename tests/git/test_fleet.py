"""A small fleet with real git: 2 clones x 2 runners of ``tracker work --push`` on one week."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.fleet import fleet, quick_options
from tracker.domain.models import TaskStatus
from tracker.git.repo import Repo
from tracker.store.history import merge_histories, parse_events


@pytest.mark.slow
def test_two_clones_of_two_runners_do_every_task_exactly_once(tmp_path: Path):
    options = replace(quick_options(), items=5, kills=0.25)  # one of the four runners dies
    run = fleet(tmp_path, options, lambda message: None)
    assert run.killed == 1
    assert run.runner_errors == []
    audit = run.audit
    assert (audit.tasks, audit.duplicates, audit.not_completed) == (11, [], [])
    assert (audit.overlapping, audit.merges, audit.conflict_markers) == ([], 0, 0)
    assert audit.check_errors == [] and audit.blog_too_early == []
    # Read the server's main again here: one completion per task, every clone's fragment.
    server = Repo(tmp_path / "server.git")
    names = list(server.list_files("main", "data/weeks/00-A/history"))
    events, warnings = merge_histories(
        (n, parse_events(server.show("main", n) or b"")) for n in names
    )
    assert warnings == []
    done = Counter(e.key for e in events if e.to_status is TaskStatus.COMPLETED)
    assert len(done) == 11 and set(done.values()) == {1}
    pushed = [n for n in names if Path(n).name.startswith("push-")]
    assert len(pushed) == 2 and len(names) == 3  # one fragment per clone, and the import's
    assert server.text("rev-list", "--merges", "main") == ""
    (reclaim,) = [e for e in events if e.reason and e.reason.startswith("reclaimed")]
    assert run.reclaim_latency and reclaim.from_status is TaskStatus.IN_PROGRESS
