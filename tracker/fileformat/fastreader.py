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

import re
from typing import Any

# One line: indentation, a plain or double-quoted key, then nothing, {} or a scalar.
_LINE = re.compile(r'( *)(?:"((?:[^"\\]|\\.)*)"|([^ "\'#][^:]*)):(?: (.*))?')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


_MAX_DIGITS = 18
"""Longer digit runs are left to libyaml (Python refuses to convert thousands of digits)."""


def _unescape_one(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) > 1:
        value = int(code[1:], 16)
        # Surrogates and values past U+10FFFF are not characters: libyaml refuses them,
        # so the replacement (which will not round-trip) sends the file its way.
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"
    return _SIMPLE_ESCAPES.get(code, "\ufffd")  # unknown: will not round-trip


def _double_quoted(body: str) -> str:
    return _ESCAPE.sub(_unescape_one, body) if "\\" in body else body


def _scalar(text: str) -> Any:
    if text[0] == '"':
        return _double_quoted(text[1:-1])
    if text[0] == "'":
        return text[1:-1]
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        return int(text)
    if text == "true":
        return True
    return text


def load_canonical(text: str) -> dict[str, Any] | None:
    """The mapping in ``text`` if it looks canonical, else None.

    The result is only a candidate: see the module docstring for how the
    caller verifies it.
    """
    root: dict[str, Any] = {}
    # Open mappings by indentation; a line belongs to the last one indented less.
    stack: list[tuple[int, dict[str, Any]]] = [(-1, root)]
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        indent_text, quoted, plain, value = match.groups()
        indent = len(indent_text)
        while indent <= stack[-1][0]:
            stack.pop()
        key = plain if quoted is None else _double_quoted(quoted)
        mapping = stack[-1][1]
        if value is None:
            child: dict[str, Any] = {}
            mapping[key] = child
            stack.append((indent, child))
        elif value == "{}":
            mapping[key] = {}
        elif value:
            mapping[key] = _scalar(value)
        else:
            return None
    return root
