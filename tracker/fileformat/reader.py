"""Reading tracker files: YAML text -> :class:`WeekTracker`.

Canonical text (what :mod:`tracker.fileformat.emitter` writes) takes the fast
reader; anything else goes through libyaml's events (:mod:`.streamload`), or
its nodes for what those leave. Either way the result is the one libyaml
would give, and a file that is not valid YAML or not of the tracker's shape
raises :class:`TrackerFileError` naming the file and the problem.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tracker.domain.errortext import error_text
from tracker.domain.models import WeekTracker
from tracker.domain.tasks import summarize
from tracker.exceptions import TrackerFileError
from tracker.fileformat import known, yamlio
from tracker.fileformat.emitter import SCHEMA_MODELINE, is_dump_of
from tracker.fileformat.fastreader import load_canonical
from tracker.fileformat.gcpause import gc_paused
from tracker.fileformat.linepositions import index_lines
from tracker.fileformat.positions import Entry, Positions, error_position, error_problem
from tracker.fileformat.streamload import stream_index, stream_load

_HEADER = re.compile(re.escape(SCHEMA_MODELINE) + r"([^\r\n]+)\n")
"""The modeline every written file starts with, and the schema path it names."""


def describe_location(loc: tuple[int | str, ...]) -> str:
    """``('items', 'Argo', 'status')`` -> ``items.Argo.status``."""
    return ".".join(str(part) for part in loc) or "(top level)"


def week_from_data(data: Any, source: str, positions: Positions | None = None) -> WeekTracker:
    """Validate loaded YAML data as a week; :class:`TrackerFileError` naming the problem
    (at its ``line:col`` when ``positions`` say where the data came from)."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise TrackerFileError(
            f"{source}:1:1: expected a mapping with 'metadata' and 'items', got {kind}"
        )
    try:
        return WeekTracker.from_file_data(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        where = ":{}:{}".format(*positions.of(loc)) if positions is not None else ""
        problems = [
            f"{describe_location(tuple(e['loc']))}: {error_text(e)}" for e in error.errors()
        ]
        raise TrackerFileError(f"{source}{where}: {summarize(problems, most=1)}") from None


def parse_week(text: str | bytes, source: str | Path) -> WeekTracker:
    """Parse a tracker file's text; ``source`` names it in errors."""
    with gc_paused():
        return _parse_week(text, source)


def _parse_week(text: str | bytes, source: str | Path) -> WeekTracker:
    week = parse_canonical(text)
    if week is not None:
        return week
    streamed = stream_load(text)
    if streamed is not None:
        positions = (
            line_positions(text) if streamed.plain_block else Positions(partial(stream_index, text))
        )
        return week_from_data(streamed.data, str(source), positions)
    try:
        root = yamlio.compose(text)
        data = None if root is None else yamlio.construct_document(root)
    except yamlio.YAMLError as error:
        raise TrackerFileError(yaml_error_line(source, error, text)) from None
    return week_from_data(data, str(source), None if root is None else Positions.of_nodes(root))


def line_positions(text: str | bytes) -> Positions:
    """Positions in ``text``, read off its lines when first looked up: for canonical text,
    and plain block text :mod:`.blockreader` read (nothing else)."""
    decoded = text.decode("utf-8") if isinstance(text, bytes) else text

    def build() -> Entry:
        entry = index_lines(decoded)
        return entry if entry is not None else stream_index(decoded)

    return Positions(build)


def yaml_error_line(source: str | Path, error: yamlio.YAMLError, text: str | bytes) -> str:
    """``path:line:col: invalid YAML: problem``, for any libyaml error in ``text``."""
    line, col = error_position(error, text)
    return f"{source}:{line}:{col}: invalid YAML: {error_problem(error)}"


def parse_canonical(text: str | bytes, *, prove: bool = True) -> WeekTracker | None:
    """The week, if ``text`` is exactly what :func:`dump_week` writes for it; else None.

    Writing the candidate back and comparing is what makes the fast reader
    safe: the text is then canonical, and canonical text loads with libyaml
    to the same data (the emitter's property test), so the result is the one
    the libyaml path would give. Errors are left to that path to report. A text
    the tracker wrote or proved before (:mod:`tracker.fileformat.known`) needs
    no second proof; with ``prove`` false, only such a text is read (a caller
    with a strict reader at hand reads others faster with it than with a proof).
    """
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        return None
    header = _HEADER.match(decoded)
    if header is None:
        return None
    proven = known.is_known(text)
    if not (proven or prove):
        return None
    data = load_canonical(decoded)
    if data is None:
        return None
    try:
        week = WeekTracker.from_file_data(data)
    except ValidationError:
        return None
    del data  # a large week's data is not kept alongside its model and the proof
    if proven:
        return week
    if not is_dump_of(week, decoded, header[1]):
        return None
    known.remember(text)
    return week
