"""Safe file writes: an exclusive lock per file and atomic replacement.

A change is a locked read-modify-write: the lock is held across load, change
and save, so writers in separate processes never lose each other's updates;
the new text goes to a unique temporary file in the same folder, is fsynced
and renamed over the old one, so a crash at any moment leaves the old file
or the new one, never a torn one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def lock_path_for(path: Path) -> Path:
    """``tracker.yaml`` -> ``tracker.yaml.lock`` (git-ignored)."""
    return path.with_name(path.name + ".lock")


LOCKS_HELD_ENV = "TRACKER_LOCKS_HELD"
"""Set by ``tracker commit`` for the git commit it runs: the data folder whose locks it holds,
so the hooks git runs (``tracker fmt``) do not wait for locks their parent holds."""


def _held_by_parent(path: Path) -> bool:
    held = os.environ.get(LOCKS_HELD_ENV)
    return held is not None and held != "" and path.resolve().is_relative_to(Path(held))


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``'s lock file for the block.

    The kernel releases the lock when the process dies, so a killed writer
    never leaves a week locked.
    """
    if _held_by_parent(path):
        yield
        return
    fd = os.open(lock_path_for(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)
