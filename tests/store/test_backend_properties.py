"""Random sequences of operations against the backend; the invariants hold after every step."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.conftest import FakeClock
from tracker import (
    InMemoryTrackerBackend,
    TaskStatus,
    TrackerBackend,
    TrackerError,
    WeekTracker,
    YAMLTrackerBackend,
)
from tracker.domain.dependencies import unmet_dependencies
from tracker.domain.models import ACTIVE_STATUSES
from tracker.domain.tasks import TaskKey
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, TASK_TYPES
from tracker.exceptions import MassRemovalError

NAMES = ["Argo", "Backstage", "Cilium", "Dapr", "etcd"]
TYPES = list(TASK_TYPES)


class TrackerMachine(RuleBasedStateMachine):
    backend: TrackerBackend

    def make_backend(self, clock: FakeClock) -> TrackerBackend:
        return InMemoryTrackerBackend(clock=clock)

    @initialize(names=st.lists(st.sampled_from(NAMES), min_size=1, unique=True))
    def start(self, names: list[str]) -> None:
        self.clock = FakeClock()
        self.backend = self.make_backend(self.clock)
        self.backend.sync_with_etl("A", names)
        self.ever_listed = set(names)

    def week(self) -> WeekTracker:
        return self.backend.load_tracker("A")

    @rule(
        item=st.sampled_from(NAMES),
        task_type=st.sampled_from(TYPES),
        status=st.sampled_from(list(TaskStatus)),
        cascade=st.booleans(),
    )
    def update(self, item: str, task_type: str, status: TaskStatus, cascade: bool) -> None:
        self.clock.advance(minutes=1)
        before = self.week()
        target = None if TASK_TYPES[task_type].is_week_level else item
        try:
            record = self.backend.update_task(
                "A", target, task_type, status, cascade=cascade, error_message="boom"
            )
        except TrackerError:
            assert self.week() == before, "a refused change must write nothing"
            return
        assert record.status is status

    @rule(names=st.lists(st.sampled_from(NAMES), unique=True), allow=st.booleans())
    def sync(self, names: list[str], allow: bool) -> None:
        before = self.week()
        try:
            result = self.backend.sync_with_etl("A", names, allow_mass_removal=allow)
        except MassRemovalError:
            assert not allow and self.week() == before, "a refused sync must write nothing"
            return
        self.ever_listed |= set(names)
        if result.reset:
            # Items joined (or all left) under a running or finished blog post: it goes
            # back to pending, so the dependency rule holds after every write.
            assert self.week().week_tasks["blog_post"].status is TaskStatus.PENDING

    @invariant()
    def dependency_rule(self) -> None:
        if not hasattr(self, "backend"):
            return
        week = self.week()
        for name, item in week.active_items():
            for task_type, record in item.tasks.items():
                if record.status in ACTIVE_STATUSES:
                    assert not unmet_dependencies(week, TaskKey(name, task_type)), (name, task_type)
        blog = week.week_tasks["blog_post"]
        if blog.status in ACTIVE_STATUSES:
            assert not unmet_dependencies(week, TaskKey(None, "blog_post"))

    @invariant()
    def counts_add_up_and_nothing_is_lost(self) -> None:
        if not hasattr(self, "backend"):
            return
        week = self.week()
        assert set(week.items) == self.ever_listed
        active = sum(1 for _ in week.active_items())
        progress = self.backend.get_progress("A")
        assert progress.total == active * len(DEFAULT_ITEM_TASKS) + 1
        assert progress.total == sum(progress[1:])
        by_type = [self.backend.get_progress("A", t) for t in TYPES]
        assert sum(p.total for p in by_type) == progress.total
        for item in week.items.values():
            assert set(item.tasks) == set(DEFAULT_ITEM_TASKS)


class YAMLTrackerMachine(TrackerMachine):
    """The same machine on real files: every step is a locked write and a fresh parse."""

    def make_backend(self, clock: FakeClock) -> TrackerBackend:
        self.tmp = TemporaryDirectory()
        return YAMLTrackerBackend(Path(self.tmp.name), clock=clock)

    def teardown(self) -> None:
        if hasattr(self, "tmp"):
            self.tmp.cleanup()


TestInMemoryBackend = TrackerMachine.TestCase
TestInMemoryBackend.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestYAMLBackend = YAMLTrackerMachine.TestCase
TestYAMLBackend.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
