"""The check cache's key and entries, on real files (the whole runs: tests/cli/commands/
test_check_cache.py)."""

from __future__ import annotations

import inspect
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import cachedir
from tracker.checking.cache import Entry, Horizon, data_entries, load, run_key, store
from tracker.checking.lint.registry import RULES
from tracker.cli.cachedcheck import CachedCheck


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "weeks" / "00-A"
    folder.mkdir(parents=True)
    (folder / "tracker.yaml").write_text("metadata: {}\n")
    return folder.parent


def test_entries_name_each_path_its_type_and_its_bytes(data: Path) -> None:
    (data / "00-A" / "history").mkdir()
    os.mkfifo(data / "00-A" / "pipe")  # listed, never opened (it would block)
    (data / "00-A" / "link").symlink_to("tracker.yaml")
    (data / "00-A" / "gone").symlink_to("nowhere")
    found = {path: (kind, digest) for path, kind, digest in data_entries(data) or []}
    assert found["00-A"] == ("d", None)
    assert found["00-A/history"] == ("d", None)
    assert found["00-A/tracker.yaml"][0] == "f"
    assert found["00-A/link"] == ("l", ["tracker.yaml", found["00-A/tracker.yaml"][1]])
    assert found["00-A/gone"] == ("l", ["nowhere", ""])
    assert found["00-A/pipe"][0] not in ("f", "d", "l")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tracker.yaml.journal", "{}"),  # an interrupted change: the check repairs it
        (".tracker.yaml.1a2b3c4d.tmp", ""),  # a writer mid-write, or killed there
        ("tracker.yaml.lock", '{"pid": 1}'),  # held right now
    ],
)
def test_a_write_in_flight_or_interrupted_means_no_cache(
    data: Path, name: str, content: str
) -> None:
    (data / "00-A" / name).write_text(content)
    assert data_entries(data) is None


def test_an_idle_lock_and_an_empty_journal_are_ordinary_files(data: Path) -> None:
    (data / "00-A" / "tracker.yaml.lock").write_text("")
    (data / "00-A" / "tracker.yaml.journal").write_text("")
    assert data_entries(data) is not None


def test_a_symlink_to_a_folder_means_no_cache(data: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (data / "01-B").symlink_to(tmp_path / "elsewhere")
    assert data_entries(data) is None


def test_a_change_to_the_tracker_s_own_code_changes_the_key(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "installed" / "tracker"
    shutil.copytree(REPO_ROOT / "tracker", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachedir, "__file__", str(package / "cachedir.py"))

    def key_of_a_new_process() -> str | None:
        cachedir.code_identity.cache_clear()  # each process looks at its code once
        return run_key(["check"], data, [])

    key = key_of_a_new_process()
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "new.pyc").write_bytes(b"")  # Python's bytecode: not code
    assert key_of_a_new_process() == key
    rules = package / "checking" / "lint" / "leases.py"
    info = rules.stat()
    os.utime(rules, ns=(info.st_atime_ns, info.st_mtime_ns + 1))  # edited, same size
    assert key_of_a_new_process() != key
    cachedir.code_identity.cache_clear()


def test_an_entry_holds_until_its_moment(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    entry = Entry((("err", "tracker: warning: x\n"), ("out", "é\udce9\n")), 1, 1000.0)
    store(path, "k", entry)
    assert load(path, "k", 999.0) == entry
    assert load(path, "k", 1000.0) is None
    assert load(path, "other", 999.0) is None
    store(path, "k", Entry(entry.writes, 1, None))
    assert load(path, "k", 10.0**12) == Entry(entry.writes, 1, None)


def test_the_horizon_is_the_earliest_moment_seen() -> None:
    horizon = Horizon()
    assert horizon.timestamp is None
    now = datetime(2026, 11, 2, tzinfo=UTC)
    horizon.see([now + timedelta(hours=2), now + timedelta(minutes=5)])
    horizon.see([])
    assert horizon.earliest == now + timedelta(minutes=5)


def test_every_rule_that_reads_the_time_says_when_its_answer_changes() -> None:
    for rule in RULES.values():
        if "ctx.now" in inspect.getsource(rule.check):
            assert rule.changes is not None, rule.id
    assert {rule.id for rule in RULES.values() if rule.changes} == {"L001", "T004"}


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--database-url", "postgresql://localhost/tracker"],
        ["check", "--no-cache"],
        ["check", "--check-outputs"],
    ],
)
def test_a_database_or_asked_not_to_is_never_cached(
    argv: list[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent.parent)
    assert CachedCheck.prepare(["check"]) is not None
    assert CachedCheck.prepare(argv) is None


def test_a_database_in_the_environment_is_never_cached(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent.parent)
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://localhost/tracker")
    assert CachedCheck.prepare(["check"]) is None
