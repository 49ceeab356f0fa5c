"""YAML nodes -> data, keeping where each value stands in the file.

Parser marks are 0-based; :func:`one_based` is the one place they become
the 1-based line and column that diagnostics print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple, TypeAlias

from tracker.fileformat import yamlio
from tracker.fileformat.gcpause import gc_paused

Loc = tuple[str | int, ...]
"""A path into the data: ``('items', 'Argo', 'tasks', 'research', 'status')``."""


class Position(NamedTuple):
    line: int
    col: int


MAX_DEPTH = 64
"""Deeper nesting than any tracker file has (about 6 levels) is refused, not recursed into."""


class Refused(NamedTuple):
    """A key the tracker refuses: a merge key, or a key that is not a plain value."""

    position: Position
    merge: bool
    message: str


class DuplicateKey(NamedTuple):
    """A mapping key given twice; PyYAML would silently keep the last value."""

    loc: Loc
    position: Position
    first: Position


def one_based(line: int, column: int) -> Position:
    """A parser's 0-based mark as the 1-based position people and editors use."""
    return Position(line + 1, column + 1)


def error_position(error: yamlio.YAMLError, text: str | bytes) -> Position:
    """Where a libyaml error stands in ``text`` (1:1 when it does not say)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return one_based(mark.line, mark.column)
    offset = getattr(error, "position", None)  # a ReaderError: an offset into the text
    if isinstance(offset, int):
        before = text[:offset]
        newline = "\n" if isinstance(before, str) else b"\n"
        line = before.count(newline)  # type: ignore[arg-type]
        return one_based(line, offset - (before.rfind(newline) + 1))  # type: ignore[arg-type]
    return Position(1, 1)


def error_problem(error: yamlio.YAMLError) -> str:
    """What a libyaml error says went wrong, on one line, without its location."""
    if isinstance(error, yamlio.ReaderError):
        code = error.character
        return (
            f"unacceptable character #x{code:04x}: {error.reason}"
            if isinstance(code, int)
            else str(error.reason)
        )
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    return str(problem) + (f" ({context})" if context else "")


def _mark(node: yamlio.Node) -> Position:
    return one_based(node.start_mark.line, node.start_mark.column)


@dataclass
class Constructed:
    """A document's data and what PyYAML would have accepted silently."""

    data: Any = None
    duplicates: list[DuplicateKey] = field(default_factory=list)
    unquoted_times: list[tuple[Loc, Position, str]] = field(default_factory=list)
    """Plain timestamps: YAML makes them dates, JSON Schema tools then see no string."""
    refused: list[Refused] = field(default_factory=list)
    """Merge keys and keys that are mappings or sequences; left out of ``data``."""


def _refused_key(node: yamlio.Node) -> Refused | None:
    if isinstance(node, yamlio.ScalarNode):
        if node.tag == yamlio.MERGE_TAG:
            return Refused(_mark(node), True, "merge key '<<' is not allowed")
        return None
    kind = "mapping" if isinstance(node, yamlio.MappingNode) else "sequence"
    return Refused(_mark(node), False, f"a mapping key must be a plain value, not a {kind}")


def construct(root: yamlio.Node) -> Constructed:
    """The data of ``root`` (last value wins, like PyYAML), noting duplicates and plain times.

    Raises :class:`yamlio.ConstructorError` at the node for a value that cannot be
    built (an impossible date, nesting deeper than :data:`MAX_DEPTH`).
    """
    result = Constructed()

    def build(node: yamlio.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise yamlio.ConstructorError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark
            )
        if isinstance(node, yamlio.MappingNode):
            mapping: dict[Any, Any] = {}
            seen: dict[Any, yamlio.Node] = {}
            for key_node, value_node in node.value:
                refused = _refused_key(key_node)
                if refused is not None:
                    result.refused.append(refused)
                    continue
                key = build(key_node, loc)
                if key in seen:
                    duplicate = DuplicateKey((*loc, key), _mark(key_node), _mark(seen[key]))
                    result.duplicates.append(duplicate)
                seen[key] = key_node
                mapping[key] = build(value_node, (*loc, key))
            return mapping
        if isinstance(node, yamlio.SequenceNode):
            return [build(child, (*loc, i)) for i, child in enumerate(node.value)]
        if node.tag == yamlio.TIMESTAMP_TAG:
            result.unquoted_times.append((loc, _mark(node), str(node.value)))
        return yamlio.construct_scalar(node)

    result.data = build(root, ())
    return result


Mark = int
"""A 0-based parser mark packed into one int (the line in the high bits): cheap to keep by
the thousand, made a :class:`Position` only when asked for."""


def pack(line: int, column: int) -> Mark:
    """A parser's 0-based line and column as one :data:`Mark`."""
    return line << 32 | column


def _position(mark: Mark) -> Position:
    return one_based(mark >> 32, mark & 0xFFFFFFFF)


Entry: TypeAlias = tuple[Mark, Mark, "Mapping[str, Entry] | list[Entry] | None"]
"""Where a value stands: the mark of its key (of the value itself in a sequence), of the
value, and its children's entries (by the key's text in a mapping, by index in a sequence;
None for a scalar)."""


def index_nodes(root: yamlio.Node) -> Entry:
    """The entries of a composed document, built in one walk over its nodes."""

    def mark(node: yamlio.Node) -> Mark:
        return pack(node.start_mark.line, node.start_mark.column)

    def entry(key: yamlio.Node, node: yamlio.Node) -> Entry:
        children: dict[str, Entry] | list[Entry] | None = None
        if isinstance(node, yamlio.MappingNode):
            children = {}
        elif isinstance(node, yamlio.SequenceNode):
            children = []
        if children is not None:
            todo.append((node, children))
        return mark(key), mark(node), children

    todo: list[tuple[yamlio.Node, dict[str, Entry] | list[Entry]]] = []
    top = entry(root, root)
    while todo:
        node, children = todo.pop()
        if isinstance(children, dict):
            for key_node, value_node in node.value:
                if isinstance(key_node, yamlio.ScalarNode):  # the last one wins, as in the data
                    children[str(key_node.value)] = entry(key_node, value_node)
        else:
            children.extend(entry(child, child) for child in node.value)
    return top


def _child(children: Mapping[str, Entry] | list[Entry] | None, part: str | int) -> Entry | None:
    if isinstance(children, Mapping):
        return children.get(str(part))
    if (
        isinstance(children, list)
        and isinstance(part, int)
        and -len(children) <= part < len(children)
    ):
        found: Entry = children[part]
        return found
    return None


class Positions:
    """Looks up where a data path stands in the file it was read from.

    The index (:data:`Entry`) is built once, on the first look-up, so a file
    with thousands of findings costs one pass, and a file without any none.
    """

    def __init__(self, build: Callable[[], Entry]) -> None:
        self._build: Callable[[], Entry] | None = build
        self._root: Entry | None = None

    @classmethod
    def of_nodes(cls, root: yamlio.Node) -> Positions:
        """Positions in a composed document."""
        return cls(partial(index_nodes, root))

    @property
    def built(self) -> bool:
        """Whether the index has been built (a look-up was made)."""
        return self._root is not None

    def _index(self) -> Entry:
        if self._root is None:
            assert self._build is not None
            with gc_paused():  # a large week's model is alive: collections would rescan it
                self._root, self._build = self._build(), None
        return self._root

    def of(self, loc: Sequence[str | int], *, key: bool = False) -> Position:
        """The position of the value at ``loc`` (of its key with ``key=True``).

        A path that is not in the file (a missing field) resolves to the
        deepest part that is: the key of the mapping that should hold it.
        """
        entry = self._index()
        for part in loc:
            found = _child(entry[2], part)
            if found is None:
                return _position(entry[0])
            entry = found
        return _position(entry[0] if key else entry[1])
