"""The result cache of ``tracker check``: a run's exact output, replayed while nothing changed.

A run's **key** is a SHA-256 over everything its answer depends on:

- what was asked: the arguments, the working directory (paths in messages are relative
  to it), the ``TRACKER_*`` and ``GITHUB_ACTIONS`` variables (the data folder, the
  output format), the output streams' encodings, and the Python that runs it;
- the tracker's own code: the relative path, size and modification time of every file
  of the installed ``tracker`` package (an editable install keeps its version when its
  code changes), and the installed libraries' folders (an upgrade changes them);
- the files read beside the data: the root's ``pyproject.toml`` (or ``--config``) and
  the schema, byte for byte;
- every entry under the data folder: its relative path, its type (from ``lstat``: a
  file replaced by a symlink, a folder or a pipe changes the key) and the SHA-256 of
  each regular file's bytes (a symlink's target too).

The **entry** stored under it is the output the run printed (stdout and stderr, in
order), its exit status, and until when it holds: the earliest moment ahead at which a
rule that depends on the time (an expiring lease, a time that stops being in the
future) may answer differently (:class:`Horizon`). A later run uses the entry only when
its key is the same and that moment has not come.

Entries live in the user's private cache folder (:func:`tracker.cachedir.cache_folder`:
``$XDG_CACHE_HOME/tracker/``, default ``~/.cache/tracker/``; what is replayed from there
is printed, so a folder others could write is not used), one small JSON file per
repository, arguments and working directory, written atomically; never inside the
repository. Anything unreadable, corrupt, of another format or another key
is a miss, and a cache that cannot be written is no cache: never an error.

Some data is never answered from the cache (:func:`data_entries` returns None): a week
whose change was interrupted (a non-empty journal, which the run repairs), a temporary
file a writer left or is writing, a lock held right now, a symlink to a folder.

Only the standard library (and :mod:`tracker.cachedir`) is imported here: a hit must cost
less than the check.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.cachedir import cache_folder, code_identity
from tracker.store.localfiles import JOURNAL_SUFFIX, LOCK_SUFFIX, TEMPORARY_SUFFIX

FORMAT = 1
"""The entries' layout; an entry of any other format is a miss."""
_ENV_PREFIX = "TRACKER_"
_OTHER_ENV = ("GITHUB_ACTIONS",)
"""Variables besides ``TRACKER_*`` that change what ``check`` prints (its default format)."""
_CHUNK = 1 << 20


class Horizon:
    """The earliest moment ahead at which a check's answer may change with time alone."""

    def __init__(self) -> None:
        self.earliest: datetime | None = None

    def see(self, moments: Iterable[datetime]) -> None:
        """Note moments at which a rule's answer changes (each still ahead of the check)."""
        for moment in moments:
            if self.earliest is None or moment < self.earliest:
                self.earliest = moment

    @property
    def timestamp(self) -> float | None:
        """:attr:`earliest` in seconds since the epoch (None: nothing lies ahead)."""
        return None if self.earliest is None else self.earliest.timestamp()


@dataclass(frozen=True)
class Entry:
    """What a run printed, in order (``("out" | "err", text)``), and its exit status."""

    writes: tuple[tuple[str, str], ...]
    status: int
    valid_until: float | None
    """Seconds since the epoch before which the entry holds; None: for as long as its key."""


def entry_path(root: Path, argv: Sequence[str]) -> Path | None:
    """The file holding the entry of ``argv`` run here on the repository ``root``; None
    when there is no cache folder, or it lies inside the repository (never written there)."""
    folder = cache_folder(outside=root)
    if folder is None:
        return None
    name = _digest_of([os.path.abspath(root), list(argv), os.getcwd()])
    return folder / f"check-{name[:40]}.json"


def _digest_of(value: object) -> str:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode("ascii")).hexdigest()


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _busy(name: str, info: os.stat_result) -> bool:
    """Whether a file means a write is in flight or was interrupted (see the module doc)."""
    if name.endswith(TEMPORARY_SUFFIX):  # a write in flight, or a killed writer's leftover
        return True
    return name.endswith((JOURNAL_SUFFIX, LOCK_SUFFIX)) and info.st_size > 0


def data_entries(folder: Path) -> list[list[Any]] | None:
    """Every entry under ``folder``, sorted by path: ``[path, type, digest]``, the type from
    ``lstat`` (``f`` file, ``d`` folder, ``l`` symlink with its target, else the mode's
    kind). None when the data must be checked in full (see the module doc)."""
    found: list[list[Any]] = []
    pending = [""]
    try:  # a folder that is missing or cannot be listed: the check says so, in full
        while pending:
            relative = pending.pop()
            with os.scandir(os.path.join(folder, relative)) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            for entry in entries:
                path = os.path.join(relative, entry.name)
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    if _busy(entry.name, info):
                        return None
                    found.append([path, "f", _file_digest(entry.path)])
                elif stat.S_ISDIR(info.st_mode):
                    found.append([path, "d", None])
                    pending.append(path)
                elif stat.S_ISLNK(info.st_mode):
                    link = _link(entry.path)
                    if link is None:
                        return None
                    found.append([path, "l", link])
                else:
                    found.append([path, stat.S_IFMT(info.st_mode), None])
    except OSError:
        return None
    return sorted(found)


def _link(path: str) -> list[str] | None:
    """A symlink's target and what it points to (a file's digest); None for a folder, whose
    contents a check would read too."""
    target = os.readlink(path)
    try:
        info = os.stat(path)
    except OSError:
        return [target, ""]  # dangling (or a loop): the check says it cannot read it
    if stat.S_ISDIR(info.st_mode):
        return None
    return [target, _file_digest(path) if stat.S_ISREG(info.st_mode) else str(info.st_mode)]


def _file_state(path: Path) -> str | None:
    """A file read beside the data (settings, schema): its bytes' digest, None if absent."""
    try:
        return _file_digest(os.fspath(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"unreadable: {error.errno}"


def _streams() -> list[str | None]:
    return [
        getattr(stream, attribute, None)
        for stream in (sys.stdout, sys.stderr)
        for attribute in ("encoding", "errors")
    ]


def run_key(argv: Sequence[str], data_dir: Path, inputs: Sequence[Path]) -> str | None:
    """The key of a check of ``data_dir`` asked with ``argv`` that also reads ``inputs``
    (settings, schema); None when the data must be checked in full (:func:`data_entries`)."""
    data = data_entries(data_dir)
    if data is None:
        return None
    environment = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith(_ENV_PREFIX) or name in _OTHER_ENV
    )
    return _digest_of(
        {
            "format": FORMAT,
            "argv": list(argv),
            "cwd": os.getcwd(),
            "environment": environment,
            "streams": _streams(),
            "code": code_identity(),
            "inputs": [[os.fspath(path), _file_state(path)] for path in inputs],
            "data_dir": os.path.abspath(data_dir),
            "data": data,
        }
    )


def load(path: Path, key: str, now: float) -> Entry | None:
    """The entry stored at ``path`` for ``key`` that still holds at ``now``; None otherwise
    (absent, unreadable, corrupt, of another format or key, or out of date)."""
    try:
        with open(path, "rb") as handle:
            stored = json.loads(handle.read())
        if stored["format"] != FORMAT or stored["key"] != key:
            return None
        valid_until = stored["valid_until"]
        if valid_until is not None and not now < float(valid_until):
            return None
        writes = tuple((str(stream), str(text)) for stream, text in stored["writes"])
        status = stored["status"]
        if not isinstance(status, int) or any(s not in ("out", "err") for s, _ in writes):
            return None
        return Entry(writes, status, valid_until)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, key: str, entry: Entry) -> None:
    """Write ``entry`` for ``key`` at ``path``, atomically; a failure is silently ignored
    (the cache is a convenience: a read-only or full home still checks)."""
    record = {
        "format": FORMAT,
        "key": key,
        "valid_until": entry.valid_until,
        "status": entry.status,
        "writes": [list(write) for write in entry.writes],
    }
    data = json.dumps(record).encode("ascii")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
