"""The only module that imports PyYAML: libyaml loading and scalar quoting.

Loading always uses libyaml (``CSafeLoader``); the pure-Python parser is
roughly ten times slower and the tracker loads files on every command.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

import yaml

try:
    from yaml import CSafeLoader as _LibyamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _LibyamlLoader  # type: ignore[assignment]

YAMLError = yaml.YAMLError
MarkedYAMLError = yaml.MarkedYAMLError
ConstructorError = yaml.constructor.ConstructorError
ReaderError = yaml.reader.ReaderError
MERGE_TAG = "tag:yaml.org,2002:merge"

_SHOWN = 40
"""How much of a bad value an error message quotes."""


class _Guarded(yaml.constructor.SafeConstructor):
    """Every failure to build a value becomes a :class:`ConstructorError` at its node.

    PyYAML lets Python's own errors escape for values it recognised but cannot
    build: integers of thousands of digits, impossible dates (``2024-02-30``),
    times that leave the calendar once their offset is applied, nesting deeper
    than Python's recursion limit. Each becomes one located error here. Merge
    keys (``<<``) are refused too: they copy keys from elsewhere, so what a
    file says is no longer what it holds.
    """

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                raise ConstructorError(
                    None, None, "merge key '<<' is not allowed", key_node.start_mark
                )
        super().flatten_mapping(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError, RecursionError) as error:
            value = str(node.value if isinstance(node, yaml.ScalarNode) else node.tag)
            shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "..."
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            raise ConstructorError(
                None, None, f"cannot read {shown!r}: {reason}", node.start_mark
            ) from None


class SafeLoader(_Guarded, _LibyamlLoader):
    """libyaml's safe loader, with values that cannot be built reported at their node."""


class _GuardedConstructor(_Guarded):
    """The same constructor, for nodes composed beforehand."""


_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
# Conservative: what may stand unquoted. Anything else is double-quoted.
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ ./()+&,@=-]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def load(text: str | bytes) -> Any:
    """Parse one YAML document with libyaml. Raises :data:`YAMLError`."""
    return yaml.load(text, Loader=SafeLoader)


def load_plain(text: str | bytes) -> Any:
    """One YAML document of plain data, for files from elsewhere (``landscape.yml``).

    Anchors, aliases and custom tags are refused with a :class:`MarkedYAMLError`
    at the first one: a few kilobytes of nested aliases expand to gigabytes.
    """
    for found in find_markup(text):
        mark = yaml.Mark("", 0, found.line, found.column, None, 0)
        raise MarkedYAMLError(
            problem=f"{found.kind} {found.name!r} is not allowed", problem_mark=mark
        )
    return load(text)


def _is_yaml_printable(char: str) -> bool:
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    ) and code not in (0xFEFF, 0x2028, 0x2029)  # BOM and YAML line breaks


_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u2028\u2029\ufffe\uffff]')
"""The characters :func:`_escape` changes: a quote, a backslash, and those YAML does not print."""


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _is_yaml_printable(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


@lru_cache(maxsize=65536)
def scalar(text: str) -> str:
    """``text`` as a YAML scalar that loads back as the same string.

    Plain when it is unambiguous (and would not resolve to a bool, number,
    null or timestamp), double-quoted with YAML escapes otherwise.
    """
    if _PLAIN_SAFE.fullmatch(text) and not text.endswith(" ") and resolve_plain(text) == _STR_TAG:
        return text
    if not _ESCAPED.search(text):
        return f'"{text}"'
    return '"' + "".join(_escape(c) for c in text) + '"'


Node = yaml.Node
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode
ScalarNode = yaml.ScalarNode

Event = yaml.Event
ScalarEvent = yaml.ScalarEvent
MappingStartEvent = yaml.MappingStartEvent
MappingEndEvent = yaml.MappingEndEvent
SequenceStartEvent = yaml.SequenceStartEvent
SequenceEndEvent = yaml.SequenceEndEvent
StreamStartEvent = yaml.StreamStartEvent
DocumentStartEvent = yaml.DocumentStartEvent
DocumentEndEvent = yaml.DocumentEndEvent
StreamEndEvent = yaml.StreamEndEvent

STR_TAG = _STR_TAG
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_MARKUP_CHARS = re.compile(rb"[&*!]")
_CONSTRUCTOR = _GuardedConstructor()


class Markup(NamedTuple):
    """An anchor, alias or non-standard tag, at its 0-based parser mark."""

    kind: str  # "anchor", "alias" or "tag"
    name: str
    line: int
    column: int


def compose(text: str | bytes) -> Node | None:
    """Parse one YAML document into nodes that keep their marks. Raises :data:`YAMLError`."""
    return yaml.compose(text, Loader=SafeLoader)


@contextmanager
def event_source(text: str | bytes) -> Iterator[Callable[[], Event | None]]:
    """A function returning libyaml's parser events for ``text`` one by one (it raises
    :data:`YAMLError` for a syntax error)."""
    loader = SafeLoader(text)
    try:
        yield loader.get_event
    finally:
        loader.dispose()


@lru_cache(maxsize=4096)
def resolve_plain(text: str) -> str:
    """The tag a plain (unquoted) scalar resolves to, as the loader resolves it."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call,no-any-return]


def construct_document(node: Node) -> Any:
    """The data of a composed document, as :func:`load` would give it (merge keys applied).

    Raises :class:`ConstructorError` at the node that cannot be built.
    """
    return _GuardedConstructor().construct_document(node)


def construct_scalar(node: Node) -> Any:
    """The Python value of a resolved scalar node (str, int, float, bool, None, datetime).

    Raises :class:`ConstructorError` (at the node) for a value that cannot be built.
    """
    if node.tag == _STR_TAG:
        return node.value
    return _CONSTRUCTOR.construct_object(node)


def find_markup(text: str | bytes) -> list[Markup]:
    """Anchors, aliases and non-standard tags in ``text`` (which must parse).

    A text without ``&``, ``*`` or ``!`` has none, so the event scan is skipped.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if not _MARKUP_CHARS.search(raw):
        return []
    found: list[Markup] = []
    for event in yaml.parse(raw, Loader=SafeLoader):
        line, column = (
            (event.start_mark.line, event.start_mark.column) if event.start_mark else (0, 0)
        )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            found.append(Markup(kind, anchor, line, column))
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _STANDARD_TAGS and tag != "!":
            found.append(Markup("tag", tag, line, column))
    return found


class Comment(NamedTuple):
    """A comment, at its 0-based line and column."""

    line: int
    column: int
    text: str


def find_comments(text: str | bytes) -> list[Comment]:
    """Every comment in ``text`` (which must parse), in order.

    Comments are what lies between tokens and starts with ``#``; a ``#``
    inside a quoted or block scalar is part of the token, not a comment.
    A text without ``#`` has none, so the token scan is skipped.
    """
    try:
        decoded = (
            text.decode("utf-8-sig") if isinstance(text, bytes) else text.removeprefix("\ufeff")
        )
    except UnicodeDecodeError:
        return []  # UTF-16 and the like: libyaml reads them, but they are not ours
    if "#" not in decoded:
        return []
    found: list[Comment] = []
    previous_end = 0
    for token in yaml.scan(decoded, Loader=SafeLoader):
        start = token.start_mark.index
        gap = decoded[previous_end:start]
        offset = gap.find("#")
        while offset != -1:
            index = previous_end + offset
            line_start = decoded.rfind("\n", 0, index) + 1
            line_end = decoded.find("\n", index)
            end = len(decoded) if line_end == -1 else line_end
            line = decoded.count("\n", 0, index)
            found.append(Comment(line, index - line_start, decoded[index:end].rstrip("\r")))
            offset = gap.find("#", end - previous_end)
        previous_end = max(previous_end, token.end_mark.index)
    return found
