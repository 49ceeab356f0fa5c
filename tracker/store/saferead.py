"""Reading files anyone may commit: only regular files, inside the repository, never too big.

Tracker files, histories and landscape files come from pull requests. Read
naively, a ``tracker.yaml`` that is a symlink to ``/dev/zero``, a FIFO, or a
file of gigabytes makes a command read until memory runs out, and a symlink
to a file outside the repository would show that file in error messages.
Every reader of such files goes through :func:`read_limited`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from tracker.exceptions import UnsafeFileError

DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
"""16 MiB: about 300 times the largest real week, and about 25,000 history events."""
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ReadLimits:
    """What a reader accepts."""

    max_bytes: int = DEFAULT_MAX_FILE_SIZE
    """``max_file_size`` of ``[tool.tracker]``."""
    root: Path | None = None
    """The repository: a file inside it may not be a symlink that leads out of it."""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _check_inside(path: Path, root: Path | None) -> None:
    """A path inside ``root`` must resolve inside it (a path named outside it was chosen)."""
    if root is None or not Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root)):
        return
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(root)):
        raise UnsafeFileError(
            f"{path}: a symlink that leads outside the repository (to {real}); not read"
        )


def _too_big(path: Path, limit: int) -> UnsafeFileError:
    return UnsafeFileError(
        f"{path}: larger than max_file_size ({limit:,} bytes); not read "
        "(raise max_file_size under [tool.tracker] if the file is genuine)"
    )


def read_limited(path: Path, limits: ReadLimits) -> bytes:
    """The bytes of the regular file ``path``.

    Raises ``FileNotFoundError`` when it does not exist, and
    :class:`UnsafeFileError` naming the file when it is not a regular file,
    is a symlink leading out of ``limits.root``, is larger than
    ``limits.max_bytes``, or cannot be read.
    """
    _check_inside(path, limits.root)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise UnsafeFileError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd)
        if not stat.S_ISREG(mode.st_mode):
            raise UnsafeFileError(f"{path}: {_kind(mode.st_mode)}, not a regular file; not read")
        if mode.st_size > limits.max_bytes:
            raise _too_big(path, limits.max_bytes)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.max_bytes:  # it grew while we read
                raise _too_big(path, limits.max_bytes)
        return b"".join(chunks)
    except OSError as error:
        raise UnsafeFileError(f"{path}: cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)
