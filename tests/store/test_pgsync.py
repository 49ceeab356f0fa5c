"""``tracker db import`` and ``export`` as a library: real files, a real database."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import REPO_ROOT, FakeClock
from tracker import TaskStatus, YAMLTrackerBackend, claim_next
from tracker.exceptions import TrackerFileError

S = TaskStatus


@pytest.fixture
def pgfiles() -> Any:
    """Import, export and their refusals, as one namespace."""
    pytest.importorskip("psycopg")
    from tracker.store import pgexport, pgimport, pgsync

    return SimpleNamespace(
        import_files=pgimport.import_files,
        export_files=pgexport.export_files,
        unexported_weeks=pgsync.unexported_weeks,
        SyncRefusedError=pgsync.SyncRefusedError,
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for pattern in ("*/tracker.yaml", "*/history.jsonl")
        for path in sorted(folder.glob(pattern))
    }


def yaml_weeks(folder: Path, clock: FakeClock) -> YAMLTrackerBackend:
    """Two weeks worked on through the YAML backend: files with a history."""
    backend = YAMLTrackerBackend(folder, clock=clock)
    backend.sync_with_etl("A", ["Argo", "Backstage", "OPA/Gatekeeper"])
    backend.sync_with_etl("B", ["Buildpacks"])
    claim_next(backend, agent="bot-1")
    clock.advance(minutes=5)
    backend.update_task("A", "Argo", "research", S.COMPLETED, agent="bot-1")
    backend.update_task("B", "Buildpacks", "research", S.FAILED, error_message="HTTP 503")
    return backend


def test_the_committed_weeks_come_back_byte_for_byte(pgfiles: Any, pg_backend: Any, tmp_path):
    committed = REPO_ROOT / "data" / "weeks"
    result = pgfiles.import_files(pg_backend, committed)
    assert len(result.weeks) == 26
    out = tmp_path / "out"
    pgfiles.export_files(pg_backend, out)
    assert files_of(out) == files_of(committed)


def test_history_and_state_come_back_byte_for_byte(pgfiles, pg_backend, tmp_path, clock):
    yaml_weeks(tmp_path / "files", clock)
    pgfiles.import_files(pg_backend, tmp_path / "files")
    assert [len(pg_backend.read_history(w)) for w in "AB"] == [9, 4]
    pgfiles.export_files(pg_backend, tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(tmp_path / "files")


def test_export_writes_only_what_changed(pgfiles, pg_backend, data_dir: Path, clock):
    pg_backend.sync_with_etl("A", ["Argo"])
    pg_backend.sync_with_etl("B", ["Buildpacks"])
    first = pgfiles.export_files(pg_backend, data_dir)
    assert len(first.files) == 4 and first.unchanged == []
    pg_backend.update_task("B", "Buildpacks", "research", S.IN_PROGRESS)
    second = pgfiles.export_files(pg_backend, data_dir)
    assert sorted(p.relative_to(data_dir).as_posix() for p in second.files) == [
        "01-B/history.jsonl",
        "01-B/tracker.yaml",
    ]
    assert len(second.unchanged) == 2


def test_export_refuses_files_changed_since_and_writes_nothing(pgfiles, pg_backend, data_dir):
    pg_backend.sync_with_etl("A", ["Argo"])
    pg_backend.sync_with_etl("B", ["Buildpacks"])
    pgfiles.export_files(pg_backend, data_dir)
    edited = data_dir / "00-A" / "tracker.yaml"
    edited.write_text(edited.read_text().replace("status: pending", "status: skipped", 1))
    pg_backend.update_task("A", "Argo", "research", S.IN_PROGRESS)
    pg_backend.update_task("B", "Buildpacks", "research", S.IN_PROGRESS)
    before = files_of(data_dir)
    with pytest.raises(pgfiles.SyncRefusedError) as refused:
        pgfiles.export_files(pg_backend, data_dir)
    assert refused.value.problems == [f"{edited} changed on disk since the last import or export"]
    assert "--force" in str(refused.value)
    assert files_of(data_dir) == before  # week B was not written either
    forced = pgfiles.export_files(pg_backend, data_dir, force=True)
    assert edited in forced.files
    assert b"status: skipped" not in edited.read_bytes()


def test_export_refuses_files_it_never_wrote_or_read(pgfiles, pg_backend, tmp_path, clock):
    pg_backend.sync_with_etl("A", ["Argo"])
    foreign = yaml_weeks(tmp_path / "files", clock).tracker_path("A")
    with pytest.raises(pgfiles.SyncRefusedError) as refused:
        pgfiles.export_files(pg_backend, tmp_path / "files")
    assert refused.value.problems[0] == f"{foreign} changed on disk since the last import or export"


def test_an_unchanged_import_may_be_overwritten_by_export(pgfiles, pg_backend, tmp_path, clock):
    yaml_weeks(tmp_path / "files", clock)
    path = tmp_path / "files" / "00-A" / "tracker.yaml"
    path.write_text("# edited by hand, not canonical\n" + path.read_text())
    pgfiles.import_files(pg_backend, tmp_path / "files")
    pg_backend.update_task("A", "Backstage", "research", S.SKIPPED)
    written = pgfiles.export_files(pg_backend, tmp_path / "files").files
    assert path in written and b"# edited by hand" not in path.read_bytes()


def test_import_refuses_weeks_with_changes_not_exported(pgfiles, pg_backend, tmp_path, clock):
    yaml_weeks(tmp_path / "files", clock)
    pgfiles.import_files(pg_backend, tmp_path / "files")
    pg_backend.update_task("B", "Buildpacks", "research", S.PENDING)  # a retry, in the database
    with pytest.raises(pgfiles.SyncRefusedError) as refused:
        pgfiles.import_files(pg_backend, tmp_path / "files")
    assert refused.value.problems == ["week B has 1 change(s) in the database not exported yet"]
    assert pg_backend.load_tracker("B").items["Buildpacks"]["research"].status is S.PENDING
    assert pgfiles.unexported_weeks(pg_backend) == {"B": 1}
    pgfiles.export_files(pg_backend, tmp_path / "files")
    assert pgfiles.unexported_weeks(pg_backend) == {}
    pgfiles.import_files(pg_backend, tmp_path / "files")  # in sync again: allowed


def test_import_force_replaces_the_database_state(pgfiles, pg_backend, tmp_path, clock):
    yaml_weeks(tmp_path / "files", clock)
    pgfiles.import_files(pg_backend, tmp_path / "files")
    pg_backend.update_task("B", "Buildpacks", "research", S.PENDING)
    pgfiles.import_files(pg_backend, tmp_path / "files", force=True)
    assert pg_backend.load_tracker("B").items["Buildpacks"]["research"].status is S.FAILED
    assert len(pg_backend.read_history("B")) == 4


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("tracker.yaml", "metadata: [\n", r"00-A/tracker.yaml:\d+:\d+: invalid YAML"),
        ("tracker.yaml", "metadata:\n  week_letter: B\n", "week_letter is 'B', not 'A'"),
        ("history.jsonl", "{}\n", r"00-A/history.jsonl:1: event_id"),
    ],
)
def test_bad_files_are_named_and_nothing_is_imported(
    pgfiles, pg_backend, tmp_path, clock, file, text, message
):
    yaml_weeks(tmp_path / "files", clock)
    pgfiles.import_files(pg_backend, tmp_path / "files")
    before = {w: (pg_backend.load_tracker(w), pg_backend.read_history(w)) for w in "AB"}
    shutil.copytree(tmp_path / "files", tmp_path / "bad")
    (tmp_path / "bad" / "01-B" / "tracker.yaml").write_text("metadata:\n  week_letter: B\n")
    (tmp_path / "bad" / "00-A" / file).write_text(text)
    with pytest.raises(TrackerFileError, match=message):
        pgfiles.import_files(pg_backend, tmp_path / "bad")
    assert {w: (pg_backend.load_tracker(w), pg_backend.read_history(w)) for w in "AB"} == before


def test_an_event_of_another_week_is_refused(pgfiles, pg_backend, tmp_path, clock):
    yaml_weeks(tmp_path / "files", clock)
    line = (tmp_path / "files" / "01-B" / "history.jsonl").read_text().splitlines()[0]
    with (tmp_path / "files" / "00-A" / "history.jsonl").open("a") as history:
        history.write(line + "\n")
    with pytest.raises(TrackerFileError, match=r"00-A/history.jsonl:10: an event of week B"):
        pgfiles.import_files(pg_backend, tmp_path / "files")
