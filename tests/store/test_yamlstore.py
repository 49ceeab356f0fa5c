from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, FakeClock
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.exceptions import StorageError, TrackerFileError, WeekNotFoundError
from tracker.fileformat.emitter import DEFAULT_SCHEMA_REF, schema_header
from tracker.fileformat.reader import parse_canonical, parse_week

DOC_EXAMPLE = """\
metadata:
  week_letter: A
  created_at: 2025-01-06T10:00:00
  last_synced: 2025-01-06T10:00:00
  etl_item_count: 1
items:
  MyProject:
    tasks:
      research:
        status: completed
        agent: researcher
        started_at: 2025-01-06T10:05:00
        completed_at: 2025-01-06T10:15:00
        output_file: research/myproject.yaml
        error_message: null
        retry_count: 0
      content:
        status: pending
        agent: writer
        started_at: null
        completed_at: null
        output_file: null
        error_message: null
        retry_count: 0
    removed: false
week_tasks:
  tasks:
    blog_post:
      status: pending
      agent: writer
"""


def write_week(data_dir: Path, text: str, folder: str = "00-A") -> Path:
    path = data_dir / folder / "tracker.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_naive_timestamps_load_as_utc_and_reading_never_writes(backend, data_dir: Path):
    path = write_week(data_dir, DOC_EXAMPLE)
    before = path.stat().st_mtime_ns
    week = backend.load_tracker("A")
    record = week.items["MyProject"]["research"]
    assert record.started_at is not None and record.started_at.utcoffset().total_seconds() == 0
    assert record.started_at.isoformat() == "2025-01-06T10:05:00+00:00"
    backend.get_progress("A")
    backend.get_ready_tasks()
    assert path.stat().st_mtime_ns == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["tracker.yaml"]


def test_written_files_are_canonical_with_z_times(backend, data_dir: Path):
    path = write_week(data_dir, DOC_EXAMPLE)
    backend.update_task("A", "MyProject", "content", TaskStatus.IN_PROGRESS)
    text = path.read_text()
    assert text.startswith(schema_header(DEFAULT_SCHEMA_REF))
    assert "started_at: '2025-01-06T10:05:00Z'" in text
    assert "started_at: '2026-11-02T09:00:00Z'" in text
    assert "null" not in text and "retry_count: 0" not in text


def test_the_modeline_names_the_projects_schema_from_where_the_file_is(tmp_path: Path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    backend = YAMLTrackerBackend(repo / "ops" / "tracking" / "weeks")
    backend.sync_with_etl("A", ["Argo"])
    text = backend.tracker_path("A").read_text()
    assert text.startswith(schema_header("../../../../schemas/tracker.schema.json"))
    assert parse_canonical(text) == parse_week(text, "t")  # the fast reader reads it


def test_same_state_gives_same_bytes(data_dir: Path, clock: FakeClock, tmp_path: Path):
    texts = []
    for name in ("one", "two"):
        backend = YAMLTrackerBackend(tmp_path / name, clock=clock)
        backend.sync_with_etl("A", ["Zeta", "alpha", "Ænix", "yes", "a: b", "#x"])
        backend.update_task("A", "alpha", "research", TaskStatus.IN_PROGRESS)
        texts.append((tmp_path / name / "00-A" / "tracker.yaml").read_bytes())
    assert texts[0] == texts[1]


def test_sync_writes_nothing_when_nothing_changed(backend, data_dir: Path, clock: FakeClock):
    backend.sync_with_etl("A", ["Argo"])
    path = data_dir / "00-A" / "tracker.yaml"
    before = (path.read_bytes(), path.stat().st_ino)
    clock.advance(days=1)
    assert not backend.sync_with_etl("A", ["Argo"]).changed
    assert (path.read_bytes(), path.stat().st_ino) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("metadata: [unclosed\n", r"00-A/tracker.yaml:2:1: invalid YAML: did not find expected"),
        ("- a\n- b\n", "expected a mapping with 'metadata' and 'items', got a list"),
        ("", "got empty"),
        ("items: {}\n", "metadata: Field required"),
        (DOC_EXAMPLE.replace("status: pending\n        agent: writer\n        started_at: null",
                             "status: done\n        agent: writer\n        started_at: null"),
         "items.MyProject.tasks.content.status: Input should be"),
        (DOC_EXAMPLE.replace("      content:", "      review:"),
         "items.MyProject.tasks: unknown task type 'review'"),
        (DOC_EXAMPLE.replace("retry_count: 0", "retry_count: many", 1), "retry_count"),
        (DOC_EXAMPLE.replace("removed: false", "removed: false\n    note: hi"),
         "items.MyProject.note: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_bad_files_raise_tracker_file_error_naming_the_file(
    backend, data_dir: Path, text: str, message: str
):
    write_week(data_dir, text)
    with pytest.raises(TrackerFileError, match=message) as info:
        backend.load_tracker("A")
    assert "00-A/tracker.yaml" in str(info.value)


def test_update_of_a_broken_file_leaves_it_untouched(backend, data_dir: Path):
    path = write_week(data_dir, "metadata: [unclosed\n")
    with pytest.raises(TrackerFileError):
        backend.update_task("A", "Argo", "research", TaskStatus.IN_PROGRESS)
    assert path.read_text() == "metadata: [unclosed\n"


def test_missing_week_creates_nothing(backend, data_dir: Path):
    with pytest.raises(WeekNotFoundError):
        backend.update_task("B", "Argo", "research", TaskStatus.IN_PROGRESS)
    assert not (data_dir / "01-B").exists()


def test_week_letters_ignore_stray_folders(backend, data_dir: Path):
    backend.sync_with_etl("C", ["Cilium"])
    (data_dir / "99-Q").mkdir()
    (data_dir / "01-C").mkdir()
    (data_dir / "notes").mkdir()
    (data_dir / "03-D").mkdir()  # no tracker file
    assert backend.week_letters() == ["C"]


def test_data_dir_defaults_to_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path))
    assert YAMLTrackerBackend().data_dir == tmp_path
    monkeypatch.delenv("TRACKER_DATA_DIR")
    assert YAMLTrackerBackend().data_dir == Path("data/weeks")


def test_lock_files_are_git_ignored():
    ignore = (REPO_ROOT / ".gitignore").read_text().split()
    assert "*.lock" in ignore and "*.tmp" in ignore


def test_temp_files_are_cleaned_when_a_write_fails(backend, data_dir: Path, monkeypatch):
    backend.sync_with_etl("A", ["Argo"])

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    history = backend.history_path("A").read_bytes()
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match=r"tracker\.yaml: cannot write: No space left on device"):
        backend.update_task("A", "Argo", "research", TaskStatus.IN_PROGRESS)
    monkeypatch.undo()
    assert not [p.name for p in (data_dir / "00-A").iterdir() if p.name.endswith(".tmp")]
    assert backend.load_tracker("A").items["Argo"]["research"].status is TaskStatus.PENDING
    assert backend.history_path("A").read_bytes() == history


def test_an_update_emits_the_week_once_its_save(
    week_a: YAMLTrackerBackend, monkeypatch: pytest.MonkeyPatch
):
    """The locked re-read of what this process wrote needs no second emission of the week:
    each update dumps the week once (its save). The first read, of a text not known (no
    shared store here: tests/fileformat/test_known.py), proves nothing either: the write
    guard's validation reads it with the strict block reader."""
    from tracker.fileformat import emitter, known, reader
    from tracker.store import yamlstore

    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    known.forget_all()
    dumps: list[str] = []
    proof, save = emitter.is_dump_of, emitter.dump_week
    monkeypatch.setattr(reader, "is_dump_of", lambda *a: dumps.append("proof") or proof(*a))
    monkeypatch.setattr(yamlstore, "dump_week", lambda *a: dumps.append("save") or save(*a))
    for item in ("ProjectA", "ProjectB", "ProjectC"):
        week_a.update_task("A", item, "research", "in_progress")
    assert dumps == ["save", "save", "save"]
