"""A fast reader for the canonical form that :func:`tracker.fileformat.reader.dump_week` writes.

libyaml parses in C but builds Python objects in pure Python, which makes it
the largest cost of every command (about 12 ms for a 250-item week). Files
the tracker wrote are in one narrow shape: nested block mappings, one key per
line, scalars plain, single-quoted or double-quoted. This module reads that
shape line by line, several times faster.

It is deliberately lenient: it never decides on its own that a file is valid.
Its caller keeps the result only if writing it back gives exactly the same
text, and the emitter is property-tested to write files that libyaml loads to
the same data. Anything else (comments, flow style, anchors, odd spacing,
escapes it does not know) simply falls back to libyaml.
"""

from __future__ import annotations

import math
import re
from typing import Any

# A key line: indentation, a plain or double-quoted key, then nothing, {}, [] or a scalar.
# (A plain key never starts with "-": the emitter quotes such keys; "- " starts an entry.)
_LINE = re.compile(r'( *)(?:"((?:[^"\\]|\\.)*)"|([^ "\'#-][^:]*)):(?: (.*))?')
_NUMBER_START = frozenset("-0123456789")
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]*(?:e[-+][0-9]+)?")
_WORDS: dict[str, Any] = {
    "true": True, "false": False, "null": None, "{}": {}, "[]": [],
    ".inf": math.inf, "-.inf": -math.inf, ".nan": math.nan,
}  # fmt: skip
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


_MAX_DIGITS = 4000
"""Longer numbers are left to libyaml's path, which reports them: Python refuses to convert
more than 4300 digits."""


def _unescape_one(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) > 1:
        value = int(code[1:], 16)
        # Surrogates and values past U+10FFFF are not characters: libyaml refuses them,
        # so the replacement (which will not round-trip) sends the file its way.
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"
    return _SIMPLE_ESCAPES.get(code, "\ufffd")  # unknown: will not round-trip


def double_quoted(body: str) -> str:
    """The text of a double-quoted scalar's ``body`` (between the quotes), escapes undone."""
    return _ESCAPE.sub(_unescape_one, body) if "\\" in body else body


def _scalar(text: str) -> Any:
    if text[0] == '"':
        return double_quoted(text[1:-1])
    if text[0] == "'":
        return text[1:-1]
    if text in _WORDS:
        word = _WORDS[text]
        return type(word)() if isinstance(word, dict | list) else word  # a fresh {} or []
    if text[0] in _NUMBER_START:
        if _INT.fullmatch(text) and len(text) <= _MAX_DIGITS:
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    return text


def load_canonical(text: str) -> dict[str, Any] | None:
    """The mapping in ``text`` if it looks canonical, else None.

    The result is only a candidate: see the module docstring for how the
    caller verifies it.
    """
    root: dict[str, Any] = {}
    # Open containers by the indentation of what opened them, with the mapping and
    # key holding each; a line belongs to the last one opened indented less.
    stack: list[_Open] = [(-1, root, None, "")]
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            match = _entry(stack, line)  # rare: a sequence, only in metadata's extra data
            if match is None:
                continue
            if match is _NOT_CANONICAL:
                return None
        indent_text, quoted, plain, value = match.groups()
        indent = len(indent_text)
        while indent <= stack[-1][0]:
            stack.pop()
        mapping = stack[-1][1]
        if not isinstance(mapping, dict) or value == "":
            return None
        key = plain if quoted is None else double_quoted(quoted)
        if value is None:
            child: dict[str, Any] = {}
            mapping[key] = child
            stack.append((indent, child, mapping, key))
        else:
            mapping[key] = _scalar(value)
    return root


_Open = tuple[int, Any, "dict[str, Any] | None", str]
"""A container being filled: the indentation of what opened it, the container, and the
mapping and key holding it (a mapping a key opened may turn out to be a sequence)."""
_NOT_CANONICAL = _LINE.fullmatch("not: canonical")
_ENTRY = re.compile(r"( *)- (.+)")


def _entry(stack: list[_Open], line: str) -> re.Match[str] | None:
    """Read a ``- ...`` line (dashes nest sequences). A mapping that starts on the line
    is opened and its first key line returned; ``_NOT_CANONICAL`` for anything else."""
    entry = _ENTRY.fullmatch(line)
    if entry is None:
        return _NOT_CANONICAL
    indent, rest = len(entry[1]), entry[2]
    while indent <= stack[-1][0]:
        stack.pop()
    while True:
        items = _sequence(stack)
        if items is None:
            return _NOT_CANONICAL
        if rest[:2] == "- ":
            child: list[Any] = []
            items.append(child)
            stack.append((indent + 1, child, None, ""))
            indent, rest = indent + 2, rest[2:]
            continue
        match = _LINE.fullmatch(rest)
        if match is None:
            items.append(_scalar(rest))
            return None
        mapping: dict[str, Any] = {}
        items.append(mapping)
        stack.append((indent + 1, mapping, None, ""))
        return _LINE.fullmatch(" " * (indent + 2) + rest)


def _sequence(stack: list[_Open]) -> list[Any] | None:
    """The innermost open sequence, turning the empty mapping a key just opened into one."""
    opened, container, parent, key = stack[-1]
    if isinstance(container, list):
        return container
    if parent is None or container:
        return None
    items: list[Any] = []
    parent[key] = items
    stack[-1] = (opened, items, parent, key)
    return items
