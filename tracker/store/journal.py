"""Keeping ``tracker.yaml`` and its history in agreement through crashes and full disks.

One change writes two files, and no file system replaces two files at once.
A small write-ahead journal next to them (``tracker.yaml.journal``,
git-ignored, local to the checkout) says what a change will do before either
file changes: the history's size before it, the exact lines it appends, and
a digest of the new tracker text. :func:`write_change` then

1. writes the journal (fsynced);
2. writes the new tracker text to a temporary file (fsynced);
3. appends the events to the history (fsynced; every byte, or an error);
4. renames the temporary file over ``tracker.yaml`` (the folder fsynced);
5. empties the journal.

A failure in steps 1-4 (disk full, no permission) undoes what was done -
cutting the history back needs no new disk space - and raises
:class:`StorageError`: the command reports failure only when nothing changed.
A crash at any point leaves the journal behind, and :func:`recover` (run
under the week's lock by the next operation on the week, by a read of its
history, and by ``tracker check``) completes or undoes the change: if
``tracker.yaml`` holds the new text, the change happened and the history
gets the events it lacks; otherwise it did not, and events it appended are
cut off. Either way the two files agree again, and the repair is reported.

Nothing in ``tracker.yaml`` changes for this (no sequence number), so two
branches' tracker files never conflict over bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from tracker.exceptions import StorageError
from tracker.store import history
from tracker.store.localfiles import JOURNAL_SUFFIX
from tracker.store.saferead import ReadLimits, read_limited
from tracker.store.safewrite import atomic_write, replace, write_all, write_temporary

_MAX_JOURNAL = 64 * 1024 * 1024


class WeekFiles(NamedTuple):
    """The files of one week that change together."""

    tracker: Path
    history: Path

    @property
    def journal(self) -> Path:
        """``tracker.yaml.journal``, next to the tracker file (git-ignored)."""
        return self.tracker.with_name(self.tracker.name + JOURNAL_SUFFIX)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_journal(path: Path, text: bytes) -> None:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise StorageError(f"{path}: cannot write: {error.strerror}; nothing was changed") from None
    try:
        os.ftruncate(fd, 0)
        write_all(fd, text, path)
        os.fsync(fd)
    except OSError as error:
        with suppress(OSError):
            os.ftruncate(fd, 0)
        raise StorageError(f"{path}: cannot write: {error.strerror}; nothing was changed") from None
    finally:
        os.close(fd)


def _clear(path: Path) -> None:
    """Empty the journal: no change is in flight (kept, so the next change needs no new entry)."""
    with suppress(FileNotFoundError):
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)


def pending(files: WeekFiles) -> bool:
    """Whether a change to the week was interrupted (its journal is not empty)."""
    try:
        return os.lstat(files.journal).st_size > 0
    except FileNotFoundError:
        return False


def _undo_append(files: WeekFiles, size: int, existed: bool) -> None:
    if existed:
        history.truncate(files.history, size)
    else:
        with suppress(FileNotFoundError):
            os.unlink(files.history)


def write_change(files: WeekFiles, text: bytes, lines: bytes) -> None:
    """Replace the tracker text with ``text`` and append ``lines`` to the history, together.

    Raises :class:`StorageError` naming the file when storage fails; then
    nothing has changed (or, if even the undo failed, the journal stays and
    the next operation repairs the week).
    """
    if not lines:
        atomic_write(files.tracker, text)
        return
    files.history.parent.mkdir(exist_ok=True)  # history/ for a week's first fragment
    existed = os.path.lexists(files.history)
    size = history.size_of(files.history)
    data = history.separator(files.history) + lines
    plan = {
        "history": files.history.relative_to(files.tracker.parent).as_posix(),
        "history_size": size,
        "append": data.decode("utf-8"),
        "tracker_sha256": _digest(text),
    }
    _write_journal(files.journal, json.dumps(plan).encode("utf-8"))
    try:
        tmp = write_temporary(files.tracker, text)
    except StorageError:
        _clear(files.journal)
        raise
    try:
        history.append(files.history, data)
    except OSError as error:
        with suppress(OSError):
            os.unlink(tmp)
        _undo_append(files, size, existed)
        _clear(files.journal)
        raise StorageError(
            f"{files.history}: cannot write: {error.strerror or error}; nothing was changed"
        ) from None
    try:
        replace(tmp, files.tracker)
    except StorageError:
        _undo_append(files, size, existed)
        _clear(files.journal)
        raise
    _clear(files.journal)


def _missing_lines(history_bytes: bytes, planned: bytes) -> bytes:
    """The planned lines whose events the history lacks (it changed beyond the plan)."""
    present = history.recorded_ids(history_bytes)
    missing = [
        line + b"\n"
        for line in planned.split(b"\n")
        if line.strip() and not history.recorded_ids(line) <= present
    ]
    return b"".join(missing)


def _planned_history(files: WeekFiles, plan: dict[str, object]) -> Path:
    """The history file the interrupted change appended to (this process may write another
    fragment, on another branch); only a file in the week's folder is trusted."""
    name = plan.get("history")
    if not isinstance(name, str) or ".." in Path(name).parts or Path(name).is_absolute():
        return files.history
    return files.tracker.parent / name


def _read_plan(files: WeekFiles, limits: ReadLimits) -> tuple[Path, int, bytes, str] | None:
    try:
        raw = read_limited(files.journal, ReadLimits(_MAX_JOURNAL, limits.root))
        plan = json.loads(raw)
        return (
            _planned_history(files, plan),
            int(plan["history_size"]),
            plan["append"].encode("utf-8"),
            str(plan["tracker_sha256"]),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # torn while being written: the change had not started


def recover(files: WeekFiles, limits: ReadLimits) -> str | None:
    """Complete or undo an interrupted change (the caller holds the week's lock).

    Returns what was repaired, or None when nothing was.
    """
    if not pending(files):
        return None
    plan = _read_plan(files, limits)
    if plan is None:
        _clear(files.journal)
        return None
    written_to, size, planned, digest = plan
    files = files._replace(history=written_to)
    try:
        current: bytes | None = read_limited(files.tracker, limits)
    except FileNotFoundError:
        current = None
    try:
        recorded = read_limited(files.history, limits)
    except FileNotFoundError:
        recorded = b""
    tail = recorded[size:] if len(recorded) >= size else None
    message = None
    try:
        if current is not None and _digest(current) == digest:
            fits = tail is not None and planned.startswith(tail)
            missing = planned[len(tail) :] if fits and tail is not None else b""
            if not fits:
                missing = _missing_lines(recorded, planned)
                missing = history.separator(files.history) + missing if missing else b""
            if missing.strip():
                history.append(files.history, missing)
                count = sum(1 for line in missing.split(b"\n") if line.strip())
                message = (
                    f"{files.history}: recorded {count} event line(s) of a change to "
                    f"{files.tracker.name} that an interrupted write had saved but not recorded"
                )
        elif tail and planned.startswith(tail):
            history.truncate(files.history, size)
            message = (
                f"{files.history}: removed the events of a change to {files.tracker.name} "
                "that an interrupted write never saved"
            )
    except OSError as error:
        raise StorageError(
            f"{files.history}: cannot repair after an interrupted write: {error.strerror or error}"
        ) from None
    _clear(files.journal)
    return message
