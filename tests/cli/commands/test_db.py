"""``tracker db`` and ``--database-url`` / ``TRACKER_DATABASE_URL`` on every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.commands.conftest import Cli


@pytest.fixture
def db(cli: Cli, pg_url: str) -> Cli:
    """``tracker --data-dir <tmp> --database-url <fresh database> ARGS``."""
    return lambda *args: cli("--database-url", pg_url, *args)


def test_db_init_creates_then_keeps_the_schema(cli: Cli, empty_pg_url: str):
    first = cli("--database-url", empty_pg_url, "db", "init")
    assert first.code == 0 and "applied version 1: weeks, items, events" in first.out
    again = cli("db", "init", "--database-url", empty_pg_url)  # after the command too
    assert again.code == 0 and "schema is up to date (version 1)" in again.out


def test_commands_use_the_database_and_leave_the_files_alone(
    db: Cli, data_dir: Path, tmp_path: Path
):
    assert db("sync", "A", "Argo", "Backstage").code == 0
    assert db("claim", "--agent", "bot-1", "--type", "research").code == 0
    assert db("complete", "A", "Argo", "research", "--agent", "bot-1").code == 0
    assert db("fail", "A", "Backstage", "research", "--error", "HTTP 503").code == 0
    assert db("retry", "--json").json()["retried"][0]["item"] == "Backstage"
    assert list(data_dir.iterdir()) == []  # nothing on disk: the database is the store
    assert "Argo" in db("show", "A").out
    assert db("ready", "--json").json()[0]["item"] == "Argo"
    assert "A" in db("progress").out
    log = db("log", "A", "--item", "Argo").out
    assert "pending -> in_progress" in log and "in_progress -> completed" in log
    assert db("metrics", "--json").code == 0
    assert db("start", "A", "Argo", "content", "--agent", "w").code == 0
    assert db("renew", "A", "Argo", "content", "--agent", "w").code == 0
    assert db("reclaim").code == 0
    assert db("rollback", "A", "--to", "2026-01-01T00:00:00Z").code == 1  # before the history
    assert db("render", "--out", str(tmp_path / "site")).code == 0
    assert "Argo" in (tmp_path / "site" / "weeks" / "00-A.html").read_text()
    assert list(data_dir.iterdir()) == []


def test_the_environment_variable_names_the_database(
    cli: Cli, pg_url: str, monkeypatch: pytest.MonkeyPatch, data_dir: Path
):
    monkeypatch.setenv("TRACKER_DATABASE_URL", pg_url)
    assert cli("sync", "A", "Argo").code == 0
    assert not (data_dir / "00-A").exists()
    monkeypatch.delenv("TRACKER_DATABASE_URL")
    assert cli("show", "A").code == 1  # the files have no week A


def test_export_then_import_through_the_cli(db: Cli, data_dir: Path, tmp_path: Path):
    db("sync", "A", "Argo")
    exported = db("db", "export")
    assert exported.code == 0
    assert "exported 1 week(s)" in exported.out and "2 file(s) written" in exported.out
    assert (data_dir / "00-A" / "tracker.yaml").is_file()
    assert (data_dir / "00-A" / "history" / "local.jsonl").is_file()
    assert "every week's changes are exported" in db("db", "status").out
    db("start", "A", "Argo", "research")
    assert "changes not exported yet (week (writes)): A (1)" in db("db", "status").out
    imported = db("db", "import")
    assert imported.code == 1
    assert imported.err.splitlines() == [
        "tracker: error: week A has 1 change(s) in the database not exported yet",
        "tracker: error: nothing written: export them first with `tracker db export`, "
        "or discard them with --force",
    ]
    assert db("db", "export", str(tmp_path / "elsewhere")).code == 0
    assert (tmp_path / "elsewhere" / "00-A" / "tracker.yaml").is_file()


def test_export_names_each_file_changed_on_disk(db: Cli, data_dir: Path):
    db("sync", "A", "Argo")
    db("sync", "B", "Buildpacks")
    db("db", "export")
    for folder in ("00-A", "01-B"):
        path = data_dir / folder / "tracker.yaml"
        path.write_text(path.read_text() + "# a note\n")
    refused = db("db", "export")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.splitlines() == [
        f"tracker: error: {data_dir}/00-A/tracker.yaml changed on disk since the last import "
        "or export",
        f"tracker: error: {data_dir}/01-B/tracker.yaml changed on disk since the last import "
        "or export",
        "tracker: error: nothing written: import it with `tracker db import`, or overwrite "
        "with --force",
    ]
    forced = db("db", "export", "--force")
    assert forced.code == 0 and "# a note" not in (data_dir / "00-A" / "tracker.yaml").read_text()


def test_db_needs_a_database(cli: Cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    done = cli("db", "export")
    assert done.code == 2
    assert done.err == (
        "tracker: error: tracker db export: no database: give --database-url URL "
        "or set TRACKER_DATABASE_URL\n"
    )


def test_an_unreachable_database_is_one_line(cli: Cli, pg_server: str):
    done = cli("--database-url", "postgresql://bob:s3cret@127.0.0.1:1/x", "progress")
    assert done.code == 1
    assert done.err.startswith("tracker: error: cannot connect to postgresql://bob@127.0.0.1:1/x: ")
    assert done.err.count("\n") == 1 and "s3cret" not in done.err


def test_migrate_says_it_works_on_files(db: Cli):
    done = db("migrate")
    assert done.code == 2 and "run it without --database-url" in done.err


def test_check_and_fmt_still_check_the_files(db: Cli, data_dir: Path):
    db("sync", "A", "Argo")
    db("db", "export")
    assert db("check").code == 0
    assert db("fmt", "--check").code == 0


@pytest.mark.parametrize("extra", [["somewhere"], ["--force"]])
def test_init_and_status_take_no_folder_and_no_force(db: Cli, extra: list[str]):
    for action in ("init", "status"):
        done = db("db", action, *extra)
        assert done.code == 2
        assert done.err == f"tracker: error: tracker db {action} takes no DIR and no --force\n"
