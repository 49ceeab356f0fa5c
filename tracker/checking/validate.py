"""Validation of one tracker file: YAML syntax, YAML features we refuse, schema.

Every problem is a :class:`Diagnostic` located at the offending key or
value; nothing raises for bad input. The schema check is the pydantic
models themselves (the JSON Schema is generated from them, and a test shows
both give the same verdict), so the file is parsed once and ``jsonschema``
stays off the hot path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tracker.checking.diagnostics import Diagnostic, Severity
from tracker.domain.errortext import error_text
from tracker.domain.models import TaskKeyError, WeekTracker
from tracker.fileformat import yamlio
from tracker.fileformat.emitter import MODELINE
from tracker.fileformat.gcpause import gc_paused
from tracker.fileformat.positions import (
    Constructed,
    Loc,
    Position,
    Positions,
    construct,
    error_position,
    error_problem,
    one_based,
)
from tracker.fileformat.reader import (
    describe_location,
    line_positions,
    parse_canonical,
)
from tracker.fileformat.streamload import Span, comments_outside, stream_index, stream_load

VALIDATE_RULES: dict[str, str] = {
    "M001": "the file holds a merge conflict marker: a merge left it unresolved",
    "Y001": "the file cannot be read or is not valid YAML",
    "Y002": "a mapping key is given twice (YAML keeps only the last one)",
    "Y003": "anchors, aliases and merge keys (<<) are not allowed",
    "Y004": "custom tags are not allowed",
    "Y005": "a timestamp is not quoted (JSON Schema tools would see a date, not a string)",
    "Y006": "a comment: writes rewrite the file and cannot keep it; say why in the data instead",
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


def _syntax(result: Validated, error: yamlio.YAMLError, text: bytes) -> None:
    result.add(*error_position(error, text), "Y001", f"invalid YAML: {error_problem(error)}")


def _markup(result: Validated, text: bytes) -> bool:
    for found in yamlio.find_markup(text):
        line, col = one_based(found.line, found.column)
        if found.kind == "tag":
            result.add(line, col, "Y004", f"custom tag {found.name!r} is not allowed")
        else:
            result.add(line, col, "Y003", f"{found.kind} {found.name!r} is not allowed")
    return bool(result.diagnostics)


def may_hold_comments(text: bytes) -> bool:
    """Whether ``text`` has a ``#`` other than the modeline's (most files have none)."""
    first, _, rest = text.partition(b"\n")
    return b"#" in rest or (b"#" in first and not first.startswith(MODELINE.encode()))


def hand_comments(text: bytes, scalars: list[Span] | None = None) -> list[yamlio.Comment]:
    """The comments of ``text`` (which must parse) other than the first line's modeline.

    With ``scalars`` (where the document's values are, from :func:`stream_load`), a
    ``#`` is a comment unless a value holds it, without scanning the text's tokens.
    """
    if not may_hold_comments(text):
        return []  # the usual case
    found = None if scalars is None else comments_outside(text, scalars)
    return [
        comment
        for comment in (yamlio.find_comments(text) if found is None else found)
        if not ((comment.line, comment.column) == (0, 0) and comment.text.startswith(MODELINE))
    ]


def shown_comment(comment: yamlio.Comment) -> str:
    """A comment as messages quote it (long ones cut)."""
    text = comment.text if len(comment.text) <= 40 else comment.text[:40] + "..."
    return repr(text)


def _comments(result: Validated, text: bytes, scalars: list[Span] | None = None) -> None:
    for found in hand_comments(text, scalars):
        line, col = one_based(found.line, found.column)
        result.add(
            line, col, "Y006",
            f"comment {shown_comment(found)} is not kept: the tracker rewrites the file on every "
            "change; remove it, and put the reason in the data",
        )  # fmt: skip


def _yaml_hazards(result: Validated, constructed: Constructed) -> None:
    for refused in constructed.refused:
        result.add(*refused.position, "Y003" if refused.merge else "S002", refused.message)
    _times(result, constructed.unquoted_times)
    for dup in constructed.duplicates:
        where = describe_location(dup.loc)
        result.add(
            *dup.position,
            "Y002",
            f"duplicate key {where} (first at line {dup.first.line}); YAML keeps only this one",
        )


def _times(result: Validated, unquoted: Sequence[tuple[Loc, Position, str]]) -> None:
    for loc, position, text in unquoted:
        where = describe_location(loc)
        result.add(*position, "Y005", f"{where}: unquoted time; write it as '{text}'")


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
            result.add(line, col, "S002", f"{describe_location(loc)}: {error_text(detail)}")


_MARKERS = (b"<<<<<<<", b"|||||||", b"=======", b">>>>>>>")


def _conflict_markers(result: Validated, text: bytes) -> bool:
    """Report the lines git's conflict markers stand on; whether there were any."""
    if b"=======" not in text and b"<<<<<<<" not in text:
        return False
    for number, line in enumerate(text.splitlines(), start=1):
        head = line[:7]
        if head in _MARKERS and line[7:8] in (b"", b" ", b"\r"):
            result.add(
                number, 1, "M001",
                f"merge conflict marker {head.decode()!r}: a merge left this file unresolved; "
                "resolve it (or set up the merge driver with `tracker git-setup`)",
            )  # fmt: skip
    return bool(result.diagnostics)


def validate_text(text: bytes, path: str) -> Validated:
    """Validate a tracker file's bytes; ``path`` names it in diagnostics.

    Canonical text the tracker wrote (or proved) takes the fast reader: it has
    no duplicate keys, aliases, tags, comments or unquoted times by
    construction. Other plain block text, canonical or not, takes the strict
    block reader; the rest is read from libyaml's events, or (for what they
    leave: aliases, duplicate keys, syntax errors...) composed into nodes, which
    locate every problem. Positions are looked up through an index built on the first
    look-up, so valid files never build one.
    """
    with gc_paused():
        return _validate(text, path)


def _validate(text: bytes, path: str) -> Validated:
    result = Validated(path)
    if _conflict_markers(result, text):
        return result
    week = parse_canonical(text, prove=False)  # the block reader is faster than a proof
    if week is not None:
        return Validated(path, week, line_positions(text))
    streamed = stream_load(text, scalars=may_hold_comments(text))
    if streamed is not None:
        if not streamed.plain_block:
            _comments(result, text, streamed.scalars)
        _times(result, streamed.unquoted_times)
        result.positions = (
            line_positions(text) if streamed.plain_block else Positions(partial(stream_index, text))
        )
        _schema(result, streamed.data, result.positions)
        return result
    try:
        root = yamlio.compose(text)
    except yamlio.YAMLError as error:
        _syntax(result, error, text)
        return result
    if _markup(result, text):
        return result
    _comments(result, text)
    if root is None or not isinstance(root, yamlio.MappingNode):
        kind = "empty" if root is None else "not a mapping"
        result.add(1, 1, "S001", f"expected a mapping with 'metadata' and 'items', file is {kind}")
        return result
    try:
        constructed = construct(root)
    except yamlio.YAMLError as error:
        _syntax(result, error, text)
        return result
    _yaml_hazards(result, constructed)
    result.positions = Positions.of_nodes(root)
    _schema(result, constructed.data, result.positions)
    return result
