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
from tracker.project import Project

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
    """Every tracker and history file under ``folder``, by path under it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for pattern in ("*/tracker.yaml", "*/history.jsonl", "*/history/*.jsonl")
        for path in sorted(folder.glob(pattern))
    }


def yaml_weeks(project: Project, clock: FakeClock) -> YAMLTrackerBackend:
    """Two weeks worked on through the YAML backend in ``project``: files with a history."""
    backend = YAMLTrackerBackend(project=project, clock=clock)
    backend.sync_with_etl("A", ["Argo", "Backstage", "OPA/Gatekeeper"])
    backend.sync_with_etl("B", ["Buildpacks"])
    claim_next(backend, agent="bot-1")
    clock.advance(minutes=5)
    backend.update_task("A", "Argo", "research", S.COMPLETED, agent="bot-1")
    backend.update_task("B", "Buildpacks", "research", S.FAILED, error_message="HTTP 503")
    return backend


def test_the_committed_weeks_come_back_byte_for_byte(pgfiles: Any, pg_backend: Any, data_dir):
    committed = REPO_ROOT / "data" / "weeks"
    result = pgfiles.import_files(pg_backend, committed)
    assert len(result.weeks) == 26
    pgfiles.export_files(pg_backend, data_dir)
    assert files_of(data_dir) == files_of(committed)


def test_history_and_state_come_back_byte_for_byte(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    written = files_of(data_dir)
    assert "00-A/history/local.jsonl" in written  # the YAML store's fragment outside git
    pgfiles.import_files(pg_backend, data_dir)
    assert [len(pg_backend.read_history(w)) for w in "AB"] == [9, 4]
    shutil.rmtree(data_dir)
    pgfiles.export_files(pg_backend, data_dir)
    assert files_of(data_dir) == written


def test_each_line_goes_back_to_its_file_and_new_events_to_this_clones(
    pgfiles, pg_backend, data_dir, clock
):
    yaml_weeks(pg_backend.project, clock)
    fragment = data_dir / "00-A" / "history" / "local.jsonl"
    fragment.rename(fragment.with_name("0a1b2c3d-feature.jsonl"))  # another clone's branch
    pgfiles.import_files(pg_backend, data_dir)
    pg_backend.update_task("A", "Backstage", "research", S.SKIPPED)
    pgfiles.export_files(pg_backend, data_dir, writer="ffff0000-main")
    theirs = (data_dir / "00-A" / "history" / "0a1b2c3d-feature.jsonl").read_text()
    ours = (data_dir / "00-A" / "history" / "ffff0000-main.jsonl").read_text()
    assert len(theirs.splitlines()) == 9 and "skipped" not in theirs
    assert len(ours.splitlines()) == 1 and '"to_status":"skipped"' in ours
    pgfiles.export_files(pg_backend, data_dir, writer="other-clone")  # stays where it went
    assert not (data_dir / "00-A" / "history" / "other-clone.jsonl").exists()


def test_export_writes_only_what_changed(pgfiles, pg_backend, data_dir: Path, clock):
    pg_backend.sync_with_etl("A", ["Argo"])
    pg_backend.sync_with_etl("B", ["Buildpacks"])
    first = pgfiles.export_files(pg_backend, data_dir)
    assert len(first.files) == 4 and first.unchanged == []
    pg_backend.update_task("B", "Buildpacks", "research", S.IN_PROGRESS)
    second = pgfiles.export_files(pg_backend, data_dir)
    assert sorted(p.relative_to(data_dir).as_posix() for p in second.files) == [
        "01-B/history/local.jsonl",
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
    assert refused.value.refused == [f"{edited} changed on disk since the last import or export"]
    assert refused.value.problems[-1] == (
        "nothing written: import it with `tracker db import`, or overwrite with --force"
    )
    assert files_of(data_dir) == before  # week B was not written either
    forced = pgfiles.export_files(pg_backend, data_dir, force=True)
    assert edited in forced.files
    assert b"status: skipped" not in edited.read_bytes()


def test_export_refuses_files_it_never_wrote_or_read(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    pg_backend.sync_with_etl("A", ["Argo"])
    with pytest.raises(pgfiles.SyncRefusedError) as refused:
        pgfiles.export_files(pg_backend, data_dir)
    assert refused.value.refused == [
        f"{data_dir}/00-A/{name} changed on disk since the last import or export"
        for name in ("tracker.yaml", "history/local.jsonl")
    ]


def test_an_unchanged_import_may_be_overwritten_by_export(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    path = data_dir / "00-A" / "tracker.yaml"
    path.write_text(path.read_text().replace("'", '"'))  # not canonical: double quotes
    pgfiles.import_files(pg_backend, data_dir)
    pg_backend.update_task("A", "Backstage", "research", S.SKIPPED)
    written = pgfiles.export_files(pg_backend, data_dir).files
    assert path in written and '"' not in path.read_text()


def test_import_refuses_weeks_with_changes_not_exported(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    pgfiles.import_files(pg_backend, data_dir)
    pg_backend.update_task("B", "Buildpacks", "research", S.PENDING)  # a retry, in the database
    with pytest.raises(pgfiles.SyncRefusedError) as refused:
        pgfiles.import_files(pg_backend, data_dir)
    assert refused.value.refused == ["week B has 1 change(s) in the database not exported yet"]
    assert pg_backend.load_tracker("B").items["Buildpacks"]["research"].status is S.PENDING
    assert pgfiles.unexported_weeks(pg_backend) == {"B": 1}
    pgfiles.export_files(pg_backend, data_dir)
    assert pgfiles.unexported_weeks(pg_backend) == {}
    pgfiles.import_files(pg_backend, data_dir)  # in sync again: allowed


def test_import_force_replaces_the_database_state(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    pgfiles.import_files(pg_backend, data_dir)
    pg_backend.update_task("B", "Buildpacks", "research", S.PENDING)
    pgfiles.import_files(pg_backend, data_dir, force=True)
    assert pg_backend.load_tracker("B").items["Buildpacks"]["research"].status is S.FAILED
    assert len(pg_backend.read_history("B")) == 4


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("tracker.yaml", "metadata: [\n", r"00-A/tracker.yaml:\d+:\d+: invalid YAML"),
        ("tracker.yaml", "metadata:\n  week_letter: B\n", "week_letter is 'B', not 'A'"),
        ("history/local.jsonl", "{}\n", r"00-A/history/local.jsonl:1: event_id"),
    ],
)
def test_bad_files_are_named_and_nothing_is_imported(
    pgfiles, pg_backend, data_dir, tmp_path, clock, file, text, message
):
    yaml_weeks(pg_backend.project, clock)
    pgfiles.import_files(pg_backend, data_dir)
    before = {w: (pg_backend.load_tracker(w), pg_backend.read_history(w)) for w in "AB"}
    shutil.copytree(data_dir, tmp_path / "bad")
    (tmp_path / "bad" / "01-B" / "tracker.yaml").write_text("metadata:\n  week_letter: B\n")
    (tmp_path / "bad" / "00-A" / file).write_text(text)
    with pytest.raises(TrackerFileError, match=message):
        pgfiles.import_files(pg_backend, tmp_path / "bad")
    assert {w: (pg_backend.load_tracker(w), pg_backend.read_history(w)) for w in "AB"} == before


def test_an_event_of_another_week_is_refused(pgfiles, pg_backend, data_dir, clock):
    yaml_weeks(pg_backend.project, clock)
    line = (data_dir / "01-B" / "history" / "local.jsonl").read_text().splitlines()[0]
    with (data_dir / "00-A" / "history" / "local.jsonl").open("a") as history:
        history.write(line + "\n")
    with pytest.raises(TrackerFileError, match=r"00-A/history/local.jsonl:10: an event of week B"):
        pgfiles.import_files(pg_backend, data_dir)
