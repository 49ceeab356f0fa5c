"""The JSON Schema of tracker files, generated from the models and the task-type config.

Never edited by hand: ``tracker schema`` writes it, ``tracker schema --check``
(and ``tracker check``) fail when the committed file is stale.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from tracker.domain.models import WeekTracker
from tracker.domain.tasktypes import TASK_TYPES
from tracker.exceptions import TrackerError
from tracker.store.saferead import ReadLimits, read_limited
from tracker.store.safewrite import atomic_write

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _task_names(week_level: bool) -> list[str]:
    return [name for name, config in TASK_TYPES.items() if config.is_week_level == week_level]


def generate_schema() -> dict[str, Any]:
    """The schema as data: Draft 2020-12, task keys limited to the declared types per level."""
    schema = WeekTracker.model_json_schema(mode="validation")
    defs = schema["$defs"]
    for model, week_level in (("ItemTasks", False), ("WeekTasks", True)):
        defs[model]["properties"]["tasks"]["propertyNames"] = {"enum": _task_names(week_level)}
    return {
        "$schema": DRAFT,
        "$id": "https://cncf-a2z.example/schemas/tracker.schema.json",
        **schema,
    }


def render_schema() -> str:
    """The schema's canonical text: sorted keys, two-space indent, final newline."""
    return json.dumps(generate_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_drift(path: Path, limits: ReadLimits | None = None) -> list[str]:
    """How the file at ``path`` differs from the generated schema (empty when current)."""
    expected = render_schema()
    try:
        actual = read_limited(path, limits or ReadLimits()).decode("utf-8", "replace")
    except FileNotFoundError:
        return [f"{path} does not exist; run `tracker schema` to write it"]
    except TrackerError as error:
        return [str(error)]
    if actual == expected:
        return []
    diff = difflib.unified_diff(
        actual.splitlines(), expected.splitlines(), str(path), "generated", n=0, lineterm=""
    )
    return list(diff)


def write_schema(path: Path) -> bool:
    """Write the schema to ``path``; whether it changed."""
    text = render_schema()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"))
    return True
