"""Safe file writes: an exclusive lock per file, with a timeout, and atomic replacement.

A change is a locked read-modify-write: the lock is held across load, change
and save, so writers in separate processes never lose each other's updates.
A writer that waits longer than its timeout gives up with one line naming
the lock file and its holder (who writes pid, host, command and time into
the lock file once it holds it). New text goes to a temporary file in the
same folder, is fsynced and renamed over the old one, so a crash at any
moment leaves the old file or the new one, never a torn one; the new file
keeps the old one's permissions.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

from tracker.domain.timeutil import format_time, utc_now
from tracker.exceptions import LockTimeoutError, StorageError
from tracker.settings import DEFAULT_LOCK_TIMEOUT
from tracker.store.localfiles import LOCK_SUFFIX, TEMPORARY_SUFFIX

_HOLDER_BYTES = 4096
_COMMAND_CHARS = 200


def lock_path_for(path: Path) -> Path:
    """``tracker.yaml`` -> ``tracker.yaml.lock`` (git-ignored)."""
    return path.with_name(path.name + LOCK_SUFFIX)


LOCKS_HELD_ENV = "TRACKER_LOCKS_HELD"
"""Set by ``tracker commit`` for the git commit it runs: the data folder whose locks it holds,
so the hooks git runs (``tracker fmt``) do not wait for locks their parent holds."""


def _held_by_parent(path: Path) -> bool:
    held = os.environ.get(LOCKS_HELD_ENV)
    return held is not None and held != "" and path.resolve().is_relative_to(Path(held))


def temporary_prefix(path: Path) -> str:
    """Temporary files for ``path`` are named ``.<name>.<random>.tmp`` (git-ignored)."""
    return f".{path.name}."


def _holder_record() -> bytes:
    command = " ".join(sys.argv)
    if len(command) > _COMMAND_CHARS:
        command = command[:_COMMAND_CHARS] + "..."
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "since": format_time(utc_now()),
    }
    return json.dumps(record).encode("utf-8")


def describe_holder(lock_file: Path) -> str:
    """Who holds ``lock_file``, as its holder recorded it (``unknown`` when it did not)."""
    try:
        with lock_file.open("rb") as handle:
            record = json.loads(handle.read(_HOLDER_BYTES))
        return "pid {pid} on {host} ({command}) since {since}".format(
            **{key: record[key] for key in ("pid", "host", "command", "since")}
        )
    except (OSError, ValueError, KeyError, TypeError):
        return "holder unknown"


class _Waiter:
    """Waits in a blocking ``flock`` on a duplicate of a lock file's descriptor, in a thread.

    The duplicate is the same open file, so when the wait succeeds the lock is
    the caller's. A caller that gives up marks the waiter abandoned; if the
    lock comes later, the waiter closes its copy at once, which releases it
    once the caller has closed its own.
    """

    def __init__(self, fd: int, name: str) -> None:
        self.fd = os.dup(fd)
        self.done = threading.Event()
        self.gate = threading.Lock()
        self.abandoned = False
        self.error: OSError | None = None
        threading.Thread(target=self._wait, name=f"lock {name}", daemon=True).start()

    def _wait(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError as error:
            self.error = error
        with self.gate:
            self.done.set()
            if self.abandoned:
                os.close(self.fd)

    def result(self, seconds: float) -> bool:
        """Whether the lock was taken within ``seconds`` (else the wait is abandoned)."""
        self.done.wait(seconds)
        with self.gate:
            if not self.done.is_set():
                self.abandoned = True
                return False
        os.close(self.fd)
        if self.error is not None:
            raise self.error
        return True


def _acquire(fd: int, lock_file: Path, timeout: timedelta) -> None:
    """Take the lock on ``fd``, waiting at most ``timeout``.

    An uncontended lock is taken at once. Otherwise a blocking ``flock`` waits
    for it (:class:`_Waiter`): the kernel queues this writer with the others,
    so nobody polls and no waiter starves behind newcomers.
    """
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    if not _Waiter(fd, lock_file.name).result(timeout.total_seconds()):
        raise LockTimeoutError(
            f"{lock_file}: still locked after {timeout.total_seconds():g}s by "
            f"{describe_holder(lock_file)}; nothing was changed (if that process hangs, "
            "stop it; the lock is released when it exits)"
        )


@contextmanager
def exclusive_lock(path: Path, timeout: timedelta = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``'s lock file for the block.

    The kernel releases the lock when the process dies, so a killed writer
    never leaves a week locked; a hung one makes others fail after
    ``timeout`` with :class:`LockTimeoutError` naming it.
    """
    if _held_by_parent(path):
        yield
        return
    lock_file = lock_path_for(path)
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise StorageError(f"{lock_file}: cannot lock: {error.strerror or error}") from None
    acquired = False
    try:
        _acquire(fd, lock_file, timeout)
        acquired = True
        with suppress(OSError):  # who holds it is a courtesy to waiters, not a requirement
            os.ftruncate(fd, 0)
            os.pwrite(fd, _holder_record(), 0)
        yield
    finally:
        if acquired:  # a waiter that timed out must not erase the holder's record
            with suppress(OSError):
                os.ftruncate(fd, 0)
        os.close(fd)


def write_all(fd: int, data: bytes, path: Path) -> None:
    """Write every byte of ``data`` to ``fd``, or raise :class:`OSError` naming ``path``.

    ``os.write`` may write less than it was given (a full disk); the rest is
    retried, and a write that makes no progress is a full disk.
    """
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _failure(path: Path, error: OSError) -> StorageError:
    return StorageError(f"{path}: cannot write: {error.strerror or error}; nothing was changed")


def write_temporary(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """``data`` in a new temporary file next to ``path`` (fsynced when ``durable``), with
    ``path``'s permissions (a new file follows the umask). :class:`StorageError` naming
    ``path`` if it fails."""
    tmp = path.with_name(f"{temporary_prefix(path)}{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise _failure(path, error) from None
    try:
        with suppress(FileNotFoundError):
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        write_all(fd, data, path)
        if durable:
            os.fsync(fd)
    except OSError as error:
        os.close(fd)
        with suppress(OSError):
            os.unlink(tmp)
        raise _failure(path, error) from None
    os.close(fd)
    return tmp


def replace(tmp: Path, path: Path, *, durable: bool = True) -> None:
    """Rename ``tmp`` over ``path`` and (when ``durable``) make the rename durable."""
    try:
        os.replace(tmp, path)
    except OSError as error:
        with suppress(OSError):
            os.unlink(tmp)
        raise _failure(path, error) from None
    if durable:
        with suppress(OSError):  # the rename happened; a folder that cannot be fsynced keeps it
            _fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions; and durably (on
    disk before this returns) unless ``durable`` is False, for files made from others
    that can be made again (the report), where two fsyncs per file are most of the cost."""
    replace(write_temporary(path, data, durable=durable), path, durable=durable)


def remove_temporaries(path: Path) -> list[Path]:
    """Remove temporary files that writers of ``path`` killed mid-write left behind.

    Call it only while holding ``path``'s lock: every writer of ``path`` holds
    it, so no temporary file of ``path`` then belongs to a live writer.
    """
    prefix = temporary_prefix(path)
    removed = []
    with suppress(FileNotFoundError), os.scandir(path.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(TEMPORARY_SUFFIX):
                with suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed
