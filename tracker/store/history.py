"""The audit trail: one JSON line per task change in ``data/weeks/NN-L/history.jsonl``.

Events are immutable and only ever appended, so two branches' histories
combine with git's ``merge=union`` driver (see ``.gitattributes``). The YAML
backend appends them under the week's lock *after* the tracker file is
written: a crash between the two loses an event, never invents one, and the
tracker file stays the source of truth.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from tracker.domain.events import HistoryEvent, causal_order
from tracker.exceptions import TrackerFileError


def to_line(event: HistoryEvent) -> str:
    """One compact JSON line (no newline inside, so a union merge keeps lines whole)."""
    return event.model_dump_json(exclude_none=True)


def append_events(path: Path, events: Iterable[HistoryEvent]) -> None:
    """Append ``events`` with one ``O_APPEND`` write and fsync: O(1), never a rewrite.

    If a crash left a torn last line (no newline), the new events start on a
    line of their own, so the torn one is the only bad line.
    """
    data = "".join(to_line(e) + "\n" for e in events).encode("utf-8")
    if not data:
        return
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def parse_events(text: str, source: Path | str) -> list[HistoryEvent]:
    """Events of a history file in time order (file order among equal times).

    A bad line raises :class:`TrackerFileError` naming the file and line.
    """
    events: list[HistoryEvent] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events.append(HistoryEvent.model_validate_json(line))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(f"{source}:{number}: {where + ': ' if where else ''}{first['msg']}")
    if problems:
        raise TrackerFileError("; ".join(problems))
    return sorted(events, key=lambda e: e.time)


def read_events(paths: Iterable[Path]) -> list[HistoryEvent]:
    """The events in the history files ``paths``, as one log in time order (file order among
    equal times); an event found in two files (copied by hand) counts once."""
    found: dict[str, HistoryEvent] = {}
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            continue
        for event in parse_events(text, path):
            found.setdefault(event.event_id, event)
    return causal_order(found.values())
