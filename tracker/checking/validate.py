"""Validation of one tracker file: YAML syntax, YAML features we refuse, schema.

Every problem is a :class:`Diagnostic` located at the offending key or
value; nothing raises for bad input. The schema check is the pydantic
models themselves (the JSON Schema is generated from them, and a test shows
both give the same verdict), so the file is parsed once and ``jsonschema``
stays off the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tracker.checking.diagnostics import Diagnostic, Severity
from tracker.domain.models import TaskKeyError, WeekTracker
from tracker.fileformat import yamlio
from tracker.fileformat.positions import Constructed, Loc, Positions, construct, one_based
from tracker.fileformat.reader import describe_location

VALIDATE_RULES: dict[str, str] = {
    "Y001": "the file is not valid YAML",
    "Y002": "a mapping key is given twice (YAML keeps only the last one)",
    "Y003": "anchors and aliases are not allowed",
    "Y004": "custom tags are not allowed",
    "Y005": "a timestamp is not quoted (JSON Schema tools would see a date, not a string)",
    "S001": "the document is not a mapping (empty file, list or scalar)",
    "S002": "a value does not match the tracker schema (type, enum, unknown key, task type)",
}
"""Rules of ``tracker validate``, by id; they cannot be ignored."""


@dataclass
class Validated:
    """One file after validation: the week when valid, and where its values stand."""

    path: str
    week: WeekTracker | None = None
    positions: Positions | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, line: int, col: int, rule: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, col, rule, Severity.ERROR, message))


def _syntax(result: Validated, error: yamlio.YAMLError) -> None:
    mark = getattr(error, "problem_mark", None)
    line, col = one_based(mark.line, mark.column) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    result.add(line, col, "Y001", f"invalid YAML: {problem}" + (f" ({context})" if context else ""))


def _markup(result: Validated, text: bytes) -> bool:
    for found in yamlio.find_markup(text):
        line, col = one_based(found.line, found.column)
        if found.kind == "tag":
            result.add(line, col, "Y004", f"custom tag {found.name!r} is not allowed")
        else:
            result.add(line, col, "Y003", f"{found.kind} {found.name!r} is not allowed")
    return bool(result.diagnostics)


def _yaml_hazards(result: Validated, constructed: Constructed) -> None:
    for loc, position, text in constructed.unquoted_times:
        where = describe_location(loc)
        result.add(*position, "Y005", f"{where}: unquoted time; write it as '{text}'")
    for dup in constructed.duplicates:
        where = describe_location(dup.loc)
        result.add(
            *dup.position,
            "Y002",
            f"duplicate key {where} (first at line {dup.first.line}); YAML keeps only this one",
        )


def _error_loc(error: ErrorDetails) -> tuple[Loc, bool]:
    loc: Loc = tuple(error["loc"])
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, TaskKeyError):
        return (*loc, cause.key), True
    return loc, error["type"] == "extra_forbidden"


def _schema(result: Validated, data: Any, positions: Positions) -> None:
    try:
        result.week = WeekTracker.from_file_data(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc, at_key = _error_loc(detail)
            line, col = positions.of(loc, key=at_key)
            message = str(detail["msg"]).removeprefix("Value error, ")
            result.add(line, col, "S002", f"{describe_location(loc)}: {message}")


def validate_text(text: bytes, path: str) -> Validated:
    """Validate a tracker file's bytes; ``path`` names it in diagnostics."""
    result = Validated(path)
    try:
        root = yamlio.compose(text)
    except yamlio.YAMLError as error:
        _syntax(result, error)
        return result
    if _markup(result, text):
        return result
    if root is None or not isinstance(root, yamlio.MappingNode):
        kind = "empty" if root is None else "not a mapping"
        result.add(1, 1, "S001", f"expected a mapping with 'metadata' and 'items', file is {kind}")
        return result
    constructed = construct(root)
    _yaml_hazards(result, constructed)
    result.positions = Positions(root)
    _schema(result, constructed.data, result.positions)
    return result
