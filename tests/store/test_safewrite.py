"""Safe writes under real concurrency: separate processes, and writers killed with SIGKILL."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker import TaskStatus, YAMLTrackerBackend
from tracker.exceptions import LockTimeoutError, StorageError
from tracker.store.safewrite import atomic_write, exclusive_lock, lock_path_for

WORKERS = 6
ITEMS_PER_WORKER = 8


def _worker(data_dir: str, worker: int) -> None:
    backend = YAMLTrackerBackend(data_dir)
    for i in range(ITEMS_PER_WORKER):
        name = f"item-{worker}-{i}"
        backend.update_task("A", name, "research", TaskStatus.IN_PROGRESS)
        backend.update_task("A", name, "research", TaskStatus.COMPLETED)


@pytest.mark.slow
def test_concurrent_processes_never_lose_updates(data_dir: Path):
    names = [f"item-{w}-{i}" for w in range(WORKERS) for i in range(ITEMS_PER_WORKER)]
    YAMLTrackerBackend(data_dir).sync_with_etl("A", names)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(str(data_dir), w)) for w in range(WORKERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    week = YAMLTrackerBackend(data_dir).load_tracker("A")
    statuses = {name: week.items[name]["research"].status for name in names}
    assert set(statuses.values()) == {TaskStatus.COMPLETED}


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from tracker import TaskStatus, YAMLTrackerBackend
    backend = YAMLTrackerBackend(sys.argv[1])
    names = list(backend.load_tracker("A").items)
    print("ready", flush=True)
    while True:
        for name in names:
            backend.update_task("A", name, "research", TaskStatus.IN_PROGRESS)
            backend.update_task("A", name, "research", TaskStatus.PENDING)
    """
)


@pytest.mark.slow
def test_writer_killed_at_random_moments_never_leaves_a_torn_file(data_dir: Path):
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", [f"Project {i}" for i in range(150)])
    path = data_dir / "00-A" / "tracker.yaml"
    rng = random.Random(1234)
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(data_dir)],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        week = backend.load_tracker("A")  # must parse and validate every time
        assert len(week.items) == 150
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # A kill between creating and renaming may leave a temp file (git-ignored); the next
    # write removes it (see test_temporary_files_a_killed_writer_left_are_removed...).
    assert all(name.startswith(".tracker.yaml.") for name in leftovers)


def test_atomic_write_replaces_the_whole_file(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_text("old")
    atomic_write(path, b"new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_lock_is_exclusive_across_processes(tmp_path: Path):
    path = tmp_path / "f.yaml"
    probe = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR)\n"
        "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\n"
        "except BlockingIOError:\n    print('held')"
    )
    with exclusive_lock(path):
        held = subprocess.run(
            [sys.executable, "-c", probe, str(lock_path_for(path))], capture_output=True, text=True
        )
    free = subprocess.run(
        [sys.executable, "-c", probe, str(lock_path_for(path))], capture_output=True, text=True
    )
    assert (held.stdout.strip(), free.stdout.strip()) == ("held", "free")


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tracker.store.safewrite import exclusive_lock
    with exclusive_lock(Path(sys.argv[1])):
        print("holding", flush=True)
        time.sleep(120)  # a writer that hangs
    """
)


@pytest.fixture
def hung_writer(data_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process that holds week A's lock and never lets go."""
    YAMLTrackerBackend(data_dir).sync_with_etl("A", ["Argo"])
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir / "00-A" / "tracker.yaml")],
        stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline() == b"holding\n"
    yield proc
    proc.kill()
    proc.wait()


def test_a_hung_writer_makes_others_fail_after_the_timeout_naming_it(
    data_dir: Path, hung_writer: subprocess.Popen[bytes]
) -> None:
    backend = YAMLTrackerBackend(data_dir)
    backend.settings = replace(backend.settings, lock_timeout=timedelta(milliseconds=300))
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    with pytest.raises(LockTimeoutError) as waited:
        backend.update_task("A", "Argo", "research", TaskStatus.IN_PROGRESS)
    message = str(waited.value)
    assert message.startswith(f"{data_dir / '00-A' / 'tracker.yaml.lock'}: still locked after 0.3s")
    assert f"pid {hung_writer.pid} on {socket.gethostname()}" in message
    assert f"(-c {data_dir / '00-A' / 'tracker.yaml'}) since 20" in message
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before


def test_a_waiter_that_gives_up_leaves_the_holder_named_and_the_lock_free_after(
    data_dir: Path, hung_writer: subprocess.Popen[bytes]
) -> None:
    path = data_dir / "00-A" / "tracker.yaml"
    record = lock_path_for(path).read_bytes()
    for _ in range(3):  # waits given up while the writer hangs
        with pytest.raises(LockTimeoutError), exclusive_lock(path, timedelta(milliseconds=50)):
            pass
    assert lock_path_for(path).read_bytes() == record  # the next waiter still learns who
    hung_writer.kill()
    hung_writer.wait()
    # The abandoned waits took the lock when the writer died and gave it straight back.
    with exclusive_lock(path, timedelta(seconds=5)):
        pass


def test_the_timeout_is_a_setting_and_the_cli_says_it_in_one_line(
    data_dir: Path, hung_writer: subprocess.Popen[bytes]
) -> None:
    root = data_dir.parent.parent
    (root / "pyproject.toml").write_text('[tool.tracker]\nlock_timeout = "1s"\n')
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "start", "A", "Argo",
         "research"],
        capture_output=True, text=True, cwd=root, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "still locked after 1s by pid" in done.stderr


def test_writes_keep_the_file_mode_and_new_files_follow_the_umask(
    backend: YAMLTrackerBackend, data_dir: Path
) -> None:
    old = os.umask(0o022)
    try:
        backend.sync_with_etl("A", ["Argo"])
        path = data_dir / "00-A" / "tracker.yaml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        backend.update_task("A", "Argo", "research", TaskStatus.IN_PROGRESS)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
        site = data_dir / "page.html"
        atomic_write(site, b"one")
        assert stat.S_IMODE(site.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_temporary_files_a_killed_writer_left_are_removed_by_the_next_write(
    backend: YAMLTrackerBackend, data_dir: Path
) -> None:
    backend.sync_with_etl("A", ["Argo"])
    folder = data_dir / "00-A"
    stale = [folder / ".tracker.yaml.dead0001.tmp", folder / ".tracker.yaml.dead0002.tmp"]
    for path in stale:
        path.write_text("half a file")
    other = folder / ".notes.md.abcd.tmp"  # not ours to remove
    other.write_text("x")
    backend.update_task("A", "Argo", "research", TaskStatus.IN_PROGRESS)
    assert not any(path.exists() for path in stale) and other.exists()


def test_short_writes_are_retried_and_a_full_disk_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("old")
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:2])))
    atomic_write(path, b"new text")
    monkeypatch.setattr(os, "write", lambda fd, data: 0)
    with pytest.raises(StorageError, match=r"f\.yaml: cannot write: No space left on device"):
        atomic_write(path, b"other text")
    monkeypatch.undo()
    assert path.read_text() == "new text"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_a_file_made_from_others_is_written_atomically_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    path = tmp_path / "page.html"
    atomic_write(path, b"one", durable=False)
    atomic_write(path, b"two", durable=False)
    assert path.read_bytes() == b"two" and synced == []
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
    atomic_write(path, b"three")
    assert len(synced) == 2  # the file, then its folder
