"""Data (and, when asked, positions) straight from libyaml's events, without building nodes.

Composing a document keeps a node with two marks for every value: about fifty
times the file's size in memory, and most of the time of reading a file that
is not in the canonical form. Walking the parser's events builds the same data
with nothing kept but the data (and a compact index of marks when positions
are wanted), in less time.

It covers what tracker files hold: mappings with plain-value keys, sequences
and scalars of the standard tags. Anything else (anchors, aliases, other tags,
a mapping key given twice, keys that are mappings, merge keys, a document that
is not a mapping, nesting deeper than :data:`MAX_DEPTH`, a syntax error) makes
it give up and return None: the caller then composes nodes as before
(:func:`tracker.fileformat.positions.construct`), which reports each of those
exactly. A property test holds both paths to the same result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.fileformat import yamlio
from tracker.fileformat.blockreader import load_block
from tracker.fileformat.positions import (
    MAX_DEPTH,
    Entry,
    Loc,
    Position,
    index_nodes,
    one_based,
    pack,
)

_STR = yamlio.STR_TAG
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")
)


class _GiveUp(Exception):
    """The document needs the composing path."""


@dataclass
class Streamed:
    """A document's data, its plain timestamps, and (when asked for) its index of marks."""

    data: dict[Any, Any]
    unquoted_times: list[tuple[Loc, Position, str]] = field(default_factory=list)
    index: Entry | None = None
    scalars: list[Span] | None = None
    """Where each scalar starts and ends, in order (when asked for: to tell comments apart
    from ``#`` inside values)."""
    plain_block: bool = False
    """Read by :mod:`.blockreader`: no comments, unquoted times or other hazards, and no
    marks kept (``scalars`` is None)."""


Span = tuple[int, int, int, int]
"""A scalar's 0-based start line and column, and end line and column."""


_NO_KEY = object()

# An open mapping or sequence is a list, for speed: the container, its entries (None
# unless indexing), the key waiting for its value (mappings), that key's text and mark,
# and the container's own mark.
_CONTAINER, _ENTRIES, _KEY, _KEY_TEXT, _KEY_MARK, _MARK = range(6)


def _open(container: dict[Any, Any] | list[Any], event: Any, index: bool) -> list[Any]:
    """A new open container (:class:`_GiveUp` for an anchor or a tag not of its kind)."""
    standard = _MAP if isinstance(container, dict) else _SEQ
    if event.anchor is not None or event.tag not in (None, "!", standard):
        raise _GiveUp
    entries: dict[str, Entry] | list[Entry] | None = None
    if index:
        entries = {} if isinstance(container, dict) else []
    mark = pack(event.start_mark.line, event.start_mark.column)
    return [container, entries, _NO_KEY, "", 0, mark]


def _typed(event: Any, tag: str) -> Any:
    """The value of a scalar of a standard tag other than str (:class:`_GiveUp` otherwise)."""
    if tag not in _SCALAR_TAGS:
        raise _GiveUp
    node = yamlio.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return yamlio.construct_scalar(node)
    except yamlio.YAMLError:
        raise _GiveUp from None


def _loc(stack: list[list[Any]]) -> Loc:
    """The path of the value about to be added to the innermost container."""
    return tuple(len(o[_CONTAINER]) if o[_KEY] is _NO_KEY else o[_KEY] for o in stack)


def stream_load(
    text: str | bytes, *, index: bool = False, scalars: bool = False
) -> Streamed | None:
    """The document in ``text`` if it is plain data in a mapping, else None (see the module
    docstring); with ``index``, the marks of every key and value too; with ``scalars``,
    where each scalar starts and ends.

    Without ``index``, plain block text is read by :mod:`.blockreader` first, much faster.
    """
    if not index:
        data = _plain_block(text)
        if data is not None:
            return Streamed(data, plain_block=True)
    try:
        with yamlio.event_source(text) as next_event:
            return _walk(next_event, index, [] if scalars else None)
    except (_GiveUp, yamlio.YAMLError):
        return None


def _plain_block(text: str | bytes) -> dict[str, Any] | None:
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        return None  # libyaml's path reports it
    return load_block(decoded)


def stream_index(text: str | bytes) -> Entry:
    """Where every key and value of ``text`` stands (composed, when the events do not do)."""
    streamed = stream_load(text, index=True)
    if streamed is not None and streamed.index is not None:
        return streamed.index
    root = yamlio.compose(text)
    assert root is not None, "only called for documents that were read"
    return index_nodes(root)


def _walk(next_event: Callable[[], Any], index: bool, spans: list[Span] | None) -> Streamed:
    """One loop over the events, kept flat: it runs once per value of every file read."""
    if [type(next_event()), type(next_event())] != [_STREAM_START, _DOCUMENT_START]:
        raise _GiveUp
    first = next_event()
    if type(first) is not _MAPPING_START:
        raise _GiveUp  # a document that is empty, a scalar or a sequence
    root = _open({}, first, index)
    stack = [root]
    times: list[tuple[Loc, Position, str]] = []
    plain: dict[str, tuple[str, str]] = {}
    """Each plain scalar's text once, with its tag: keys and values such as ``status`` and
    ``completed`` recur thousands of times, and one string serves them all."""
    while stack:
        event = next_event()
        kind = type(event)
        top = stack[-1]
        container = top[_CONTAINER]
        wants_key = top[_KEY] is _NO_KEY and type(container) is dict
        if kind is _SCALAR:
            text, tag = event.value, event.tag
            if event.anchor is not None:
                raise _GiveUp
            if tag is None or tag == "!":
                if event.implicit[0]:
                    known = plain.get(text)
                    if known is None:
                        known = plain[text] = (yamlio.resolve_plain(text), text)
                    tag, text = known
                else:
                    tag = _STR
            value = text if tag == _STR else _typed(event, tag)
            start = event.start_mark
            mark = pack(start.line, start.column)
            if spans is not None:
                end = event.end_mark
                spans.append((start.line, start.column, end.line, end.column))
            if tag == _TIMESTAMP:
                where = _loc(stack[:-1] if wants_key else stack)
                times.append((where, one_based(start.line, start.column), text))
            if wants_key:
                if value in container:
                    raise _GiveUp  # a duplicate key: the composing path reports it
                top[_KEY], top[_KEY_TEXT], top[_KEY_MARK] = value, text, mark
                continue
            children = None
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            if wants_key or len(stack) >= MAX_DEPTH:
                raise _GiveUp  # a key that is a mapping or a sequence; nesting too deep
            stack.append(_open({} if kind is _MAPPING_START else [], event, index))
            continue
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            stack.pop()
            if not stack:
                break
            value, children, mark = container, top[_ENTRIES], top[_MARK]
            top = stack[-1]
            container = top[_CONTAINER]
        else:
            raise _GiveUp  # an alias
        entries = top[_ENTRIES]
        if type(container) is dict:
            container[top[_KEY]] = value
            if entries is not None:
                entries[top[_KEY_TEXT]] = (top[_KEY_MARK], mark, children)
            top[_KEY] = _NO_KEY
        else:
            container.append(value)
            if entries is not None:
                entries.append((mark, mark, children))
    if [type(next_event()), type(next_event())] != [_DOCUMENT_END, _STREAM_END]:
        raise _GiveUp  # more than one document
    entry = (root[_MARK], root[_MARK], root[_ENTRIES]) if index else None
    return Streamed(root[_CONTAINER], times, entry, spans)


_STREAM_START, _STREAM_END = yamlio.StreamStartEvent, yamlio.StreamEndEvent
_DOCUMENT_START, _DOCUMENT_END = yamlio.DocumentStartEvent, yamlio.DocumentEndEvent
_MAPPING_START, _MAPPING_END = yamlio.MappingStartEvent, yamlio.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yamlio.SequenceStartEvent, yamlio.SequenceEndEvent
_SCALAR = yamlio.ScalarEvent
_TIMESTAMP = yamlio.TIMESTAMP_TAG


_ELSEWISE = re.compile("\r(?!\n)|[\x85\u2028\u2029\ufeff]|^%", re.MULTILINE)
"""Line breaks libyaml counts otherwise than splitting on newlines does, and directives
(whose tokens may hold a ``#``)."""


def comments_outside(text: str | bytes, scalars: list[Span]) -> list[yamlio.Comment] | None:
    """The comments of ``text``: each ``#`` outside every scalar in ``scalars`` (the
    document's, from :func:`stream_load`) starts one, to the end of its line, as between
    libyaml's tokens. None when the text is not UTF-8, breaks lines otherwise than with
    newlines, or has directives: then scan its tokens instead."""
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        return None
    if _ELSEWISE.search(decoded):
        return None
    found: list[yamlio.Comment] = []
    at = 0  # the first scalar that may still hold a later '#'
    for number, line in enumerate(decoded.split("\n")):
        if "#" not in line:
            continue
        for column in (i for i, char in enumerate(line) if char == "#"):
            here = (number, column)
            while at < len(scalars) and scalars[at][2:] <= here:
                at += 1  # scalars ending before here
            if at < len(scalars) and scalars[at][:2] <= here:
                continue  # inside a value
            found.append(yamlio.Comment(number, column, line[column:].rstrip("\r")))
            break  # the rest of the line is the comment
    return found
