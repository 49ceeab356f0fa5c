"""The audit trail: one JSON line per task change, in a week's history files.

Events are immutable and only ever appended, each writer to its own fragment
(``history/<writer>.jsonl``, see :mod:`tracker.store.writer`), so branches'
histories merge without conflicts. The YAML backend appends them under the
week's lock, in step with the tracker file (see :mod:`tracker.store.journal`).
A line that cannot be read (torn by a crash, mangled by a merge or a hand
edit) is skipped and reported with its ``file:N``; it never hides the other events.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import TypeAdapter

from tracker.domain.errortext import error_text
from tracker.domain.events import HistoryEvent, causal_order
from tracker.fileformat.gcpause import gc_paused
from tracker.store.saferead import ReadLimits, read_limited
from tracker.store.safewrite import write_all


class BadLine(NamedTuple):
    """A line of a history file that is not an event."""

    line: int
    """1-based."""
    problem: str

    def describe(self, source: Path | str) -> str:
        return f"{source}:{self.line}: {self.problem}; line skipped"


class History(NamedTuple):
    """A history file's events in time order, and the lines that are not events."""

    events: list[HistoryEvent]
    bad_lines: list[BadLine]


def to_line(event: HistoryEvent) -> str:
    """One compact JSON line (no newline inside, so a union merge keeps lines whole)."""
    return event.model_dump_json(exclude_none=True)


def encode(events: Iterable[HistoryEvent]) -> bytes:
    """The lines that record ``events``."""
    return "".join(to_line(e) + "\n" for e in events).encode("utf-8")


def _event(raw: bytes) -> HistoryEvent | str:
    """The event on one line, or what is wrong with it."""
    try:
        return HistoryEvent.model_validate_json(raw)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        errors = getattr(error, "errors", None)
        if errors is None:
            return str(error)
        first = errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where + ': ' if where else ''}{error_text(first)}"


def parse_events(data: bytes | str) -> History:
    """Events of a history file in time order (file order among equal times).

    Lines are split on newline bytes only: a JSON string may hold other line
    separators (U+2028, NEL) raw. Lines are validated a chunk at a time, in one
    call per chunk; only a chunk where that fails is validated line by line, to
    tell which lines are not events.
    """
    events: list[HistoryEvent] = []
    with gc_paused():  # many objects, none freed: collections would only rescan them
        bad = _scan(data, events.extend)
        events.sort(key=lambda e: e.time)
    return History(events, bad)


def find_bad_lines(data: bytes | str) -> list[BadLine]:
    """The lines of a history file that are not events (``tracker check``'s H001), found
    without keeping the events: memory stays within one chunk of lines."""
    with gc_paused():  # each chunk's events are freed by reference counting, none cyclic
        return _scan(data, lambda events: None)


_CHUNK = 4096
"""Lines validated in one call."""


def _scan(data: bytes | str, keep: Callable[[list[HistoryEvent]], None]) -> list[BadLine]:
    """Validate every line of ``data``, handing the events to ``keep`` chunk by chunk; the
    lines that are not events."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    lines = raw.split(b"\n")
    bad: list[BadLine] = []
    for first in range(0, len(lines), _CHUNK):
        numbered = [
            (number, line)
            for number, line in enumerate(lines[first : first + _CHUNK], start=first + 1)
            if line.strip()
        ]
        events = _all_events([line for _, line in numbered])
        if events is not None:
            keep(events)
            continue
        for number, line in numbered:
            found = _event(line)
            if isinstance(found, HistoryEvent):
                keep([found])
            elif number == len(lines):  # no newline after it: cut short
                problem = f"incomplete last line (a write was interrupted): {found}"
                bad.append(BadLine(number, problem))
            else:
                bad.append(BadLine(number, found))
    return bad


_EVENTS: TypeAdapter[list[HistoryEvent]] = TypeAdapter(list[HistoryEvent])


def _all_events(lines: list[bytes]) -> list[HistoryEvent] | None:
    """The event of every line, if each holds exactly one; else None.

    Joined, lines could pair up differently (``{...}, {"event_id": ...`` and the
    rest of an object on the next line): a line must start with ``{`` and end
    with ``}``, and there must be as many events as lines. An event that ran
    over two such lines would need a list to open in one and close in the
    next, and no field of an event is a list, so it fails validation.
    """
    if not all(line.lstrip().startswith(b"{") and line.rstrip().endswith(b"}") for line in lines):
        return None
    try:
        events = _EVENTS.validate_json(b"[" + b",".join(lines) + b"]")
    except ValueError:  # pydantic's ValidationError is a ValueError
        return None
    return events if len(events) == len(lines) else None


def read_bad_lines(path: Path, limits: ReadLimits) -> list[BadLine]:
    """The lines of the history file ``path`` that are not events (none when it is absent)."""
    try:
        data = read_limited(path, limits)
    except FileNotFoundError:
        return []
    return find_bad_lines(data)


def read_history(path: Path, limits: ReadLimits) -> History:
    """The history in ``path`` (empty when it does not exist)."""
    try:
        data = read_limited(path, limits)
    except FileNotFoundError:
        return History([], [])
    return parse_events(data)


def read_histories(
    paths: Iterable[Path], limits: ReadLimits
) -> tuple[list[HistoryEvent], list[str]]:
    """Every history file of a week as one log, and one warning per line that is not an event
    (see :func:`merge_histories`)."""
    return merge_histories((path, read_history(path, limits)) for path in paths)


def merge_histories(
    files: Iterable[tuple[Path | str, History]],
) -> tuple[list[HistoryEvent], list[str]]:
    """The events of a week's history files (named, for warnings) as one log, and one
    warning per line that is not an event.

    The files' events are merged in causal order
    (:func:`tracker.domain.events.causal_order`); an event found in two files
    (copied by hand) counts once.
    """
    found: dict[str, HistoryEvent] = {}
    warnings: list[str] = []
    with gc_paused():  # ordering allocates as much again while every event is alive
        for source, read in files:
            warnings += describe_bad_lines(source, read.bad_lines)
            for event in read.events:
                found.setdefault(event.event_id, event)
        return causal_order(found.values()), warnings


def recorded_ids(data: bytes) -> set[str]:
    """The ``event_id`` of every line that has one (other lines are ignored)."""
    found = set()
    for line in data.split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("event_id"), str):
            found.add(record["event_id"])
    return found


def separator(path: Path) -> bytes:
    """What must precede new lines: a newline when a crash left the last line without one."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return b""
    try:
        size = os.fstat(fd).st_size
        return b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b""
    finally:
        os.close(fd)


def appended(history: bytes, lines: bytes) -> bytes:
    """``history`` with ``lines`` after it (and a newline first when its last line has none)."""
    return history + (b"\n" if history and not history.endswith(b"\n") else b"") + lines


def append(path: Path, data: bytes) -> None:
    """Append ``data`` with ``O_APPEND`` and fsync: O(1), never a rewrite.

    Every byte is written or :class:`OSError` is raised (the caller undoes a
    partial append). A history file that is a symlink is refused (``ELOOP``):
    appending would write wherever it points.
    """
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        write_all(fd, data, path)
        os.fsync(fd)
    finally:
        os.close(fd)


def size_of(path: Path) -> int:
    """The file's size in bytes (0 when it does not exist)."""
    try:
        return os.lstat(path).st_size
    except FileNotFoundError:
        return 0


def truncate(path: Path, size: int) -> None:
    """Cut ``path`` back to ``size`` bytes and make it durable (undoing an append)."""
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def describe_bad_lines(source: Path | str, bad: Sequence[BadLine]) -> list[str]:
    """One warning line per bad line."""
    return [line.describe(source) for line in bad]
