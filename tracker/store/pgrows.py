"""The models as PostgreSQL rows: a week's body, its items and its events, as JSON.

The database stores the models' own JSON (``model_dump_json``), so a week
read back is the week written, and a new model field needs no migration.
Reading validates that JSON with the models, as reading a file does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tracker.domain.events import HistoryEvent
from tracker.domain.models import WeekTracker
from tracker.store.history import to_line

READ_WEEK = """
    SELECT w.body::text, i.names, i.positions, i.docs, w.revision
    FROM tracker.weeks AS w, LATERAL (
        SELECT coalesce(array_agg(name ORDER BY position, name), '{}') AS names,
               coalesce(array_agg(position ORDER BY position, name), '{}') AS positions,
               coalesce(array_agg(doc::text ORDER BY position, name), '{}') AS docs
        FROM tracker.items WHERE week = w.letter
    ) AS i
    WHERE w.letter = %s
"""  # one statement, so one snapshot even outside an edit's transaction
INSERT_ITEM = "INSERT INTO tracker.items (week, name, position, doc) VALUES (%s, %s, %s, %s)"
UPDATE_ITEM = "UPDATE tracker.items SET position = %s, doc = %s WHERE week = %s AND name = %s"
INSERT_EVENT = """
    INSERT INTO tracker.events (week, event_id, time, item, task, to_status, agent, line, file)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def week_from_rows(body: str, names: Sequence[str], docs: Sequence[str]) -> WeekTracker:
    """The week from its stored JSON: the body and the items, in order."""
    items = ",".join(f"{json.dumps(name)}:{doc}" for name, doc in zip(names, docs, strict=True))
    return WeekTracker.model_validate_json(f'{{"items":{{{items}}},{body[1:]}')


def week_body(tracker: WeekTracker) -> str:
    """The week without its items, as stored in ``weeks.body``."""
    return tracker.model_dump_json(exclude={"items"}, exclude_none=True)


def event_row(
    event: HistoryEvent, line: str | None = None, file: str | None = None
) -> tuple[object, ...]:
    """The row of ``events`` for ``event``: ``line`` is its history line (default: as the
    YAML store writes it), ``file`` the history file it is in (None: not exported yet)."""
    return (
        event.week, event.event_id, event.time, event.item, event.task,
        event.to_status.value, event.agent, to_line(event) if line is None else line, file,
    )  # fmt: skip
