"""The same random operations through the YAML backend and the PostgreSQL backend.

Both run with the same fake clock and the same event ids; after every step
they agree on every outcome (result or error) and every week, and at the end
``tracker db export`` of the database writes the YAML backend's files byte
for byte (``tracker.yaml`` and ``history.jsonl`` of every week).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.conftest import FakeClock
from tracker import TaskStatus, TrackerBackend, TrackerError, YAMLTrackerBackend
from tracker.agents.claims import claim_next, reclaim_expired, renew_lease
from tracker.agents.retries import retry_failed
from tracker.agents.rollback import rollback
from tracker.domain.tasktypes import TASK_TYPES
from tracker.exceptions import WeekNotFoundError
from tracker.project import Project

NAMES = ["Argo", "Backstage", "Cilium", "Dapr", "etcd", "OPA/Gatekeeper", "Ænix (member)"]
WEEKS = ["A", "B"]
AGENTS = ["bot-1", "bot-2", None]
TYPES = list(TASK_TYPES)


def outcome(call: Callable[[], Any]) -> tuple[str, object]:
    """What a call did: its result, or the error it raised (type and message; a missing
    week's message names the storage, e.g. the YAML file, and is compared without it)."""
    try:
        return "ok", call()
    except WeekNotFoundError as error:
        return type(error).__name__, str(error).split(" (")[0]
    except TrackerError as error:
        return type(error).__name__, str(error)


def reset(backend: Any) -> None:
    """Empty the database between examples (cheaper than a new database each time)."""
    with backend.connection().transaction():
        backend.connection().execute(
            "TRUNCATE tracker.items, tracker.events, tracker.files; "
            "UPDATE tracker.weeks SET body = NULL, revision = 0, synced_revision = 0"
        )


class SameOnBothBackends(RuleBasedStateMachine):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    @initialize(
        first=st.lists(st.sampled_from(NAMES), min_size=1, unique=True),
        second=st.lists(st.sampled_from(NAMES), unique=True),
    )
    def start(self, first: list[str], second: list[str]) -> None:
        from tracker.store.postgres import PostgresTrackerBackend

        self.folder = TemporaryDirectory()
        root = Path(self.folder.name)
        self.clock = FakeClock()
        self.yaml = YAMLTrackerBackend(root / "yaml", clock=self.clock)
        self.pg = PostgresTrackerBackend(
            self.url, self.clock, project=Project.find(root / "export")
        )
        reset(self.pg)
        for backend in self.both:  # the same ids on both sides
            counter = itertools.count(1)
            backend.event_ids = lambda counter=counter: f"{next(counter):032x}"
        self.sync("A", first)
        self.sync("B", second)

    @property
    def both(self) -> tuple[TrackerBackend, TrackerBackend]:
        return self.yaml, self.pg

    def same(self, action: Callable[[TrackerBackend], Any]) -> None:
        first, second = (outcome(lambda b=b: action(b)) for b in self.both)
        assert first == second

    @rule(week=st.sampled_from(WEEKS), names=st.lists(st.sampled_from(NAMES), unique=True))
    def sync(self, week: str, names: list[str]) -> None:
        self.same(lambda b: b.sync_with_etl(week, names))

    @rule(
        week=st.sampled_from(WEEKS), item=st.sampled_from(NAMES), task=st.sampled_from(TYPES),
        status=st.sampled_from(list(TaskStatus)), agent=st.sampled_from(AGENTS),
        cascade=st.booleans(), force=st.booleans(),
    )  # fmt: skip
    def update(self, week: str, item: str, task: str, status: TaskStatus, agent: str | None,
               cascade: bool, force: bool) -> None:  # fmt: skip
        target = None if TASK_TYPES[task].is_week_level else item
        self.same(
            lambda b: b.update_task(
                week,
                target,
                task,
                status,
                agent=agent,
                cascade=cascade,
                force=force,
                error_message='HTTP 503: it\'s "down"' if status is TaskStatus.FAILED else None,
            )
        )

    @rule(week=st.sampled_from([*WEEKS, None]), task=st.sampled_from([*TYPES, None]),
          agent=st.sampled_from(AGENTS[:2]))  # fmt: skip
    def claim(self, week: str | None, task: str | None, agent: str) -> None:
        self.same(lambda b: claim_next(b, week, task, agent=agent))

    @rule(
        week=st.sampled_from(WEEKS), item=st.sampled_from(NAMES), agent=st.sampled_from(AGENTS[:2])
    )
    def renew(self, week: str, item: str, agent: str) -> None:
        self.same(lambda b: renew_lease(b, week, item, "research", agent=agent))

    @rule(minutes=st.integers(1, 200))
    def wait(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule()
    def reclaim(self) -> None:
        self.same(lambda b: reclaim_expired(b))

    @rule(task=st.sampled_from([*TYPES, None]))
    def retry(self, task: str | None) -> None:
        self.same(lambda b: retry_failed(b, None, task))

    @rule(week=st.sampled_from(WEEKS), back=st.integers(0, 5))
    def roll_back(self, week: str, back: int) -> None:
        events = self.yaml.read_history(week) if self.yaml.tracker_exists(week) else []
        target = events[-1 - back].event_id if len(events) > back else "0" * 32
        self.same(lambda b: rollback(b, week, target))

    @invariant()
    def same_weeks_and_history(self) -> None:
        if not hasattr(self, "pg"):
            return
        assert self.pg.week_letters() == self.yaml.week_letters()
        for week in self.yaml.week_letters():
            assert self.pg.load_tracker(week) == self.yaml.load_tracker(week)
            assert self.pg.read_history(week) == self.yaml.read_history(week)

    def teardown(self) -> None:
        if not hasattr(self, "pg"):
            return
        from tracker.store.pgexport import export_files

        try:
            out = Path(self.folder.name) / "export"
            export_files(self.pg, out)
            assert files_of(out) == files_of(Path(self.folder.name) / "yaml")
        finally:
            self.pg.close()
            self.folder.cleanup()


def files_of(folder: Path) -> dict[str, bytes]:
    """Every tracker and history file under ``folder``, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for pattern in ("*/tracker.yaml", "*/history.jsonl", "*/history/*.jsonl")
        for path in folder.glob(pattern)
    }


@pytest.mark.slow
def test_postgres_writes_what_the_yaml_backend_writes(pg_url: str):
    run_state_machine_as_test(
        lambda: SameOnBothBackends(pg_url),
        settings=settings(max_examples=40, stateful_step_count=30, deadline=None),
    )
