# datetime.now(timezone.utc) is the README's one-line change for code like this:
# ruff: noqa: UP017
"""Tests written against the earlier tracker (``src.tracker``), run with the import path changed.

They are in that implementation's style on purpose: ``unittest`` classes,
models built by hand, ``save_tracker``, dict-style access to tasks and to
``metadata``. The only other change is the one the README asks for: times
are timezone-aware UTC, so ``datetime.now()`` became ``datetime.now(timezone.utc)``.
The backend finds its data folder in ``$TRACKER_DATA_DIR`` where the earlier
one was given a config.
"""

import os
import shutil
import tempfile
import unittest
from datetime import datetime, timezone
from pathlib import Path
from unittest.mock import patch

from tracker import get_tracker
from tracker.config import (
    TASK_TYPES,
    TaskTypeConfig,
    get_task_config,
    is_valid_task_type,
)
from tracker.exceptions import (
    DependencyNotMetError,
    InvalidTaskTypeError,
    TrackerError,
    WeekNotFoundError,
)
from tracker.models import (
    ItemTasks,
    TaskProgress,
    TaskRecord,
    TaskStatus,
    WeekTasks,
    WeekTracker,
)
from tracker.yaml_backend import YAMLTrackerBackend


def item(research, content):
    """An item with its research and content in these statuses."""
    return ItemTasks(
        tasks={"research": TaskRecord(status=research), "content": TaskRecord(status=content)}
    )


class TestTaskModels(unittest.TestCase):
    """Pydantic models for task tracking."""

    def test_task_status_enum(self):
        self.assertEqual(TaskStatus.PENDING, "pending")
        self.assertEqual(TaskStatus.IN_PROGRESS, "in_progress")
        self.assertEqual(TaskStatus.COMPLETED, "completed")

    def test_task_record_with_timestamps(self):
        started = datetime.now(timezone.utc)
        record = TaskRecord(
            status=TaskStatus.COMPLETED,
            started_at=started,
            completed_at=datetime.now(timezone.utc),
            output_file="research/test.yaml",
            agent="researcher",
        )
        self.assertEqual(record.started_at, started)
        self.assertLessEqual(record.started_at, datetime.now(timezone.utc))

    def test_item_tasks_dict_access(self):
        tasks = ItemTasks()
        self.assertEqual(len(tasks.tasks), 0)
        self.assertFalse(tasks.removed)
        tasks["research"] = TaskRecord(status=TaskStatus.PENDING)
        self.assertEqual(tasks["research"].status, TaskStatus.PENDING)
        self.assertEqual(tasks.get("research").status, TaskStatus.PENDING)
        self.assertIsNone(tasks.get("nonexistent"))
        self.assertIn("research", tasks)
        del tasks["research"]
        self.assertNotIn("research", tasks)
        with self.assertRaises(KeyError):
            del tasks["research"]

    def test_task_types_are_checked_on_assignment(self):
        with self.assertRaises(InvalidTaskTypeError):
            ItemTasks()["blog_post"] = TaskRecord()
        with self.assertRaises(InvalidTaskTypeError):
            WeekTasks()["research"] = TaskRecord()

    def test_week_tasks_dict_access(self):
        tasks = WeekTasks()
        tasks["blog_post"] = TaskRecord(status=TaskStatus.PENDING)
        self.assertEqual(tasks["blog_post"].status, TaskStatus.PENDING)
        del tasks["blog_post"]
        self.assertEqual(len(tasks), 0)

    def test_week_tracker_creation(self):
        tracker = WeekTracker()
        self.assertEqual(len(tracker.items), 0)
        self.assertIsInstance(tracker.week_tasks, WeekTasks)
        self.assertEqual(len(tracker.metadata), 0)
        tracker = WeekTracker(items={}, week_tasks=WeekTasks(), metadata={})
        self.assertEqual(dict(tracker.metadata), {})

    def test_metadata_is_a_dict(self):
        tracker = WeekTracker(metadata={"created_at": "2026-11-02T09:00:00", "owner": "Erin"})
        metadata = tracker.metadata
        self.assertEqual(metadata["created_at"], datetime(2026, 11, 2, 9, tzinfo=timezone.utc))
        self.assertEqual(metadata.get("owner"), "Erin")
        self.assertIsNone(metadata.get("last_synced"))
        self.assertNotIn("last_synced", metadata)
        metadata["last_synced"] = datetime.now(timezone.utc)
        metadata["sources"] = ["etl", "landscape"]
        self.assertIn("last_synced", metadata)
        del metadata["last_synced"]
        del metadata["owner"]
        self.assertEqual(list(metadata.keys()), ["created_at", "sources"])
        self.assertEqual(dict(metadata.items())["sources"], ["etl", "landscape"])
        with self.assertRaises(KeyError):
            metadata["owner"]

    def test_task_progress_calculation(self):
        progress = TaskProgress(
            total=10, pending=3, in_progress=2, completed=4, failed=1, skipped=0
        )
        self.assertEqual(progress.completion_percentage, 40.0)
        progress = TaskProgress(
            total=10, pending=6, in_progress=0, completed=3, failed=0, skipped=1
        )
        self.assertEqual(progress.completion_percentage, 30.0)
        self.assertEqual(progress.done_percentage, 40.0)
        empty = TaskProgress(total=0, pending=0, in_progress=0, completed=0, failed=0, skipped=0)
        self.assertEqual(empty.completion_percentage, 0.0)


class TestTaskConfig(unittest.TestCase):
    """Task type configuration."""

    def test_task_type_config_creation(self):
        config = TaskTypeConfig(
            name="test_task",
            depends_on=["research"],
            agent="writer",
            output_pattern="content/{sanitized_name}.md",
            description="Test task",
            is_week_level=False,
        )
        self.assertEqual(config.depends_on, ["research"])
        self.assertEqual(len({config, config}), 1)  # still hashable

    def test_get_task_config(self):
        config = get_task_config("research")
        self.assertEqual(config.depends_on, [])
        self.assertEqual(config.agent, "researcher")
        config = get_task_config("blog_post")
        self.assertEqual(config.depends_on, ["content"])
        self.assertTrue(config.is_week_level)
        self.assertIn("content", TASK_TYPES)

    def test_is_valid_task_type(self):
        self.assertTrue(is_valid_task_type("research"))
        self.assertFalse(is_valid_task_type("invalid_task"))


class TestYAMLTrackerBackend(unittest.TestCase):
    """The YAML backend, with models built by hand and saved."""

    def setUp(self):
        self.test_dir = tempfile.mkdtemp()
        self.weeks_dir = Path(self.test_dir) / "weeks"
        self.weeks_dir.mkdir()
        with patch.dict(os.environ, {"TRACKER_DATA_DIR": str(self.weeks_dir)}):
            self.backend = YAMLTrackerBackend()

    def tearDown(self):
        shutil.rmtree(self.test_dir)

    def test_tracker_exists(self):
        self.assertFalse(self.backend.tracker_exists("A"))
        week_dir = self.weeks_dir / "00-A"
        week_dir.mkdir()
        (week_dir / "tracker.yaml").write_text("items: {}")
        self.assertTrue(self.backend.tracker_exists("A"))

    def test_load_tracker_nonexistent(self):
        with self.assertRaises(WeekNotFoundError):
            self.backend.load_tracker("A")

    def test_save_and_load_tracker(self):
        tracker = WeekTracker(
            items={
                "TestItem": ItemTasks(
                    tasks={"research": TaskRecord(status=TaskStatus.PENDING, agent="researcher")}
                )
            },
            week_tasks=WeekTasks(tasks={"blog_post": TaskRecord(agent="writer")}),
            metadata={"test": "value"},
        )
        self.backend.save_tracker("A", tracker)
        loaded = self.backend.load_tracker("A")
        self.assertIn("TestItem", loaded.items)
        self.assertEqual(loaded.items["TestItem"]["research"].status, TaskStatus.PENDING)
        self.assertEqual(loaded.week_tasks["blog_post"].status, TaskStatus.PENDING)
        self.assertEqual(loaded.metadata["test"], "value")
        self.assertEqual(
            loaded.metadata, {"week_letter": "A", "etl_item_count": 0, "test": "value"}
        )
        self.assertEqual(loaded.metadata["week_letter"], "A")  # filled from the folder

    def test_missing_default_tasks_load_pending(self):
        self.backend.save_tracker("A", WeekTracker(items={"Item 1": ItemTasks()}))
        item = self.backend.load_tracker("A").items["Item 1"]
        self.assertEqual(item["research"].status, TaskStatus.PENDING)
        self.assertEqual(item["research"].agent, "researcher")
        self.assertEqual(item["content"].agent, "writer")

    def test_metadata_survives_load_modify_save(self):
        self.backend.sync_with_etl("A", ["Item1"])
        tracker = self.backend.load_tracker("A")
        self.assertIsInstance(tracker.metadata["created_at"], datetime)
        self.assertEqual(tracker.metadata.get("etl_item_count"), 1)
        del tracker.metadata["last_synced"]
        tracker.metadata["reviewed_by"] = {"name": "Erin", "rounds": 2}
        self.backend.save_tracker("A", tracker)
        loaded = self.backend.load_tracker("A")
        self.assertNotIn("last_synced", loaded.metadata)
        self.assertEqual(loaded.metadata["reviewed_by"], {"name": "Erin", "rounds": 2})

    def test_get_pending_items(self):
        tracker = WeekTracker(
            items={
                "Item1": ItemTasks(tasks={"research": TaskRecord(status=TaskStatus.COMPLETED)}),
                "Item2": ItemTasks(tasks={"research": TaskRecord(status=TaskStatus.PENDING)}),
                "Item3": ItemTasks(
                    tasks={"research": TaskRecord(status=TaskStatus.PENDING)}, removed=True
                ),
            }
        )
        self.backend.save_tracker("A", tracker)
        self.assertEqual(set(self.backend.get_pending_items("A", "research")), {"Item2"})
        # Item2's content is pending too, but its research is not done: it cannot start.
        self.assertEqual(self.backend.get_pending_items("A", "content"), ["Item1"])

    def test_can_start_task_with_dependencies(self):
        tracker = WeekTracker(items={"Item1": item(TaskStatus.COMPLETED, TaskStatus.PENDING)})
        self.backend.save_tracker("A", tracker)
        self.assertTrue(self.backend.can_start_task("A", "Item1", "content"))
        tracker.items["Item1"].tasks["research"].status = TaskStatus.PENDING
        self.backend.save_tracker("A", tracker)
        self.assertFalse(self.backend.can_start_task("A", "Item1", "content"))

    def test_can_start_week_task(self):
        tracker = WeekTracker(
            items={"Item1": item(TaskStatus.COMPLETED, TaskStatus.COMPLETED)},
            week_tasks=WeekTasks(tasks={"blog_post": TaskRecord(status=TaskStatus.PENDING)}),
        )
        self.backend.save_tracker("A", tracker)
        self.assertTrue(self.backend.can_start_task("A", None, "blog_post"))
        tracker.items["Item1"].tasks["content"].status = TaskStatus.PENDING
        self.backend.save_tracker("A", tracker)
        self.assertFalse(self.backend.can_start_task("A", None, "blog_post"))

    def test_update_task(self):
        tracker = WeekTracker(
            items={"Item1": ItemTasks(tasks={"research": TaskRecord(agent="researcher")})}
        )
        self.backend.save_tracker("A", tracker)
        self.backend.update_task("A", "Item1", "research", TaskStatus.IN_PROGRESS)
        task = self.backend.load_tracker("A").items["Item1"].tasks["research"]
        self.assertEqual(task.status, TaskStatus.IN_PROGRESS)
        self.assertLessEqual(task.started_at, datetime.now(timezone.utc))
        self.backend.update_task(
            "A", "Item1", "research", TaskStatus.COMPLETED, output_file="research/item1.yaml"
        )
        task = self.backend.load_tracker("A").items["Item1"].tasks["research"]
        self.assertEqual(task.output_file, "research/item1.yaml")

    def test_update_task_dependency_check(self):
        self.backend.save_tracker("A", WeekTracker(items={"Item1": ItemTasks()}))
        with self.assertRaises(DependencyNotMetError):
            self.backend.update_task("A", "Item1", "content", TaskStatus.IN_PROGRESS)

    def test_update_task_invalid_type(self):
        self.backend.save_tracker("A", WeekTracker())
        with self.assertRaises(InvalidTaskTypeError):
            self.backend.update_task("A", "Item1", "invalid_task", TaskStatus.PENDING)

    def test_sync_with_etl(self):
        tracker = WeekTracker(
            items={"OldItem": ItemTasks(tasks={"research": TaskRecord(status=TaskStatus.PENDING)})}
        )
        self.backend.save_tracker("A", tracker)
        self.backend.sync_with_etl("A", ["NewItem"])
        updated = self.backend.load_tracker("A")
        self.assertTrue(updated.items["OldItem"].removed)
        self.assertIn("research", updated.items["NewItem"].tasks)

    def test_get_progress(self):
        tracker = WeekTracker(
            items={
                "Item1": item(TaskStatus.COMPLETED, TaskStatus.PENDING),
                "Item2": ItemTasks(
                    tasks={
                        "research": TaskRecord(status=TaskStatus.FAILED, error_message="503"),
                        "content": TaskRecord(status=TaskStatus.SKIPPED),
                    }
                ),
            },
            week_tasks=WeekTasks(tasks={"blog_post": TaskRecord(status=TaskStatus.PENDING)}),
        )
        self.backend.save_tracker("A", tracker)
        progress = self.backend.get_progress("A")
        self.assertEqual(progress.total, 5)
        self.assertEqual(progress.completed, 1)
        self.assertEqual(progress.skipped, 1)
        self.assertEqual(progress.completion_percentage, 20.0)
        self.assertEqual(self.backend.get_progress("A", "research").failed, 1)

    def test_save_refuses_another_weeks_tracker(self):
        with self.assertRaises(TrackerError):
            self.backend.save_tracker("B", WeekTracker(metadata={"week_letter": "A"}))
        self.assertFalse(self.backend.tracker_exists("B"))


class TestTrackerIntegration(unittest.TestCase):
    """A workflow as the documentation describes it."""

    def setUp(self):
        self.test_dir = tempfile.mkdtemp()
        os.environ["TRACKER_DATA_DIR"] = str(Path(self.test_dir) / "weeks")

    def tearDown(self):
        del os.environ["TRACKER_DATA_DIR"]
        shutil.rmtree(self.test_dir)

    def test_start_every_pending_item(self):
        tracker = get_tracker()
        tracker.sync_with_etl("A", ["Project1", "Project2"])
        tracker.update_task("A", "Project1", "research", TaskStatus.COMPLETED)
        for item in tracker.get_pending_items("A", "content"):  # none raises
            tracker.update_task("A", item, "content", TaskStatus.IN_PROGRESS)
        for item in tracker.get_pending_items("A", "research"):
            tracker.update_task("A", item, "research", TaskStatus.IN_PROGRESS)
        progress = tracker.get_progress("A")
        self.assertEqual((progress.completed, progress.in_progress), (1, 2))

    def test_claim_next_is_a_method(self):
        tracker = get_tracker()
        tracker.sync_with_etl("A", ["Project1"])
        task = tracker.claim_next(agent="researcher-1")
        self.assertEqual(
            (task.week_letter, task.item_name, task.task_type), ("A", "Project1", "research")
        )
        self.assertIsNone(tracker.claim_next(agent="researcher-2"))


if __name__ == "__main__":
    unittest.main()
