"""A strict reader for the plain block YAML that people and other tools write.

Files edited by hand, or rewritten by a script with ``yaml.safe_dump``, are
valid but not canonical: keys in another order, no modeline, long quoted
values folded over lines. libyaml reads them in C, but hands every event to
Python, which makes them several times slower to read than canonical text.
This module reads the common shape of such files line by line:

- nested block mappings, every mapping's keys at one indentation, deeper than
  its parent's;
- keys and values plain, single-quoted (folded over several lines or not) or
  double-quoted on one line (with the escapes the canonical writer uses);
  ``{}`` and ``[]``; a key with nothing after it (null);
- plain scalars resolved by PyYAML's own resolver (:func:`yamlio.resolve_plain`),
  so ``yes``, ``012`` or ``1:30`` mean what they mean to libyaml.

Unlike the canonical reader it has no round trip to prove it right, so it is
strict instead: it gives up (None) on anything else, and on anything whose
meaning would need more care (comments, sequences, tabs, anchors, tags, flow
collections, block scalars, other escapes, plain values over several lines, unquoted
times, a key given twice, odd indentation, other line breaks). The caller then
reads the text from libyaml's events as before. A property test holds its
result to libyaml's on generated data dumped in many styles.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.fileformat import yamlio
from tracker.fileformat.emitter import MODELINE
from tracker.fileformat.fastreader import double_quoted
from tracker.fileformat.positions import MAX_DEPTH

_REFUSED = re.compile("[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters that send the text to libyaml: tabs, other line breaks and controls.
(A comment, wherever it is, fails its line's pattern.)"""
_MARKERS = ("---", "...", "%")
"""Line starts that do too: document markers and directives."""

_KEY_LINE = re.compile(
    r"( *)(?:'((?:[^']|'')*)'|\"((?:[^\"\\]|\\.)*)\"|([^ '\"?:,\[\]{}#&*!|>%@`-][^:]*?)):(?: (.*))?"
)
"""Indentation, a key (single-quoted, double-quoted or plain), then nothing or a value."""

_SINGLE_WHOLE = re.compile(r"'((?:[^']|'')*)'")
_SINGLE_OPEN = re.compile(r"'((?:[^']|'')*)")
_SINGLE_MIDDLE = re.compile(r" +((?:[^']|'')*)")
_SINGLE_LAST = re.compile(r" +((?:[^']|'')*)'")
_DOUBLE_WHOLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KNOWN_ESCAPE = re.compile(r'\\(?:[\\"ntr0]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})')
"""The escapes the canonical writer uses (``yamlio.scalar``); any other is libyaml's to read."""
_PLAIN = re.compile(r"[^ '\"?:,\[\]{}#&*!|>%@`-](?:[^:]|:(?! |$))*")
"""A plain value on one line: no indicator first, no ``: `` inside and no ``:`` last (nor
`` #``, which starts a comment: checked apart)."""

_STR, _TIMESTAMP = yamlio.STR_TAG, yamlio.TIMESTAMP_TAG


class _GiveUp(Exception):
    """The text needs libyaml."""


def load_block(text: str) -> dict[str, Any] | None:
    """The mapping in ``text`` if it is plain block YAML this reader is sure of, else None."""
    if _REFUSED.search(text) or text.startswith(_MARKERS):
        return None
    if any(f"\n{marker}" in text for marker in _MARKERS):
        return None
    lines = text.split("\n")
    if lines[0].startswith(MODELINE):
        lines[0] = ""  # the editors' modeline: the one comment that is not a person's
    try:
        return _read(lines)
    except _GiveUp:
        return None


def _read(lines: list[str]) -> dict[str, Any]:
    """One loop over the lines, kept flat: it runs once per line of every such file read."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]  # open mappings, by indentation
    opened: tuple[int, dict[str, Any], str] | None = None  # a key with nothing after it
    plain: dict[str, Any] = {}
    """Each plain scalar's value once: ``status``, ``completed`` recur thousands of times."""
    at, count = 0, len(lines)
    while at < count:
        line = lines[at]
        at += 1
        if not line:
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            raise _GiveUp  # a comment, a sequence entry, a line of spaces, a key over lines...
        spaces, single, double, plain_key, value = match.groups()
        indent = len(spaces)
        if opened is not None:
            if indent > opened[0]:  # the key's value is the mapping on the deeper lines
                if len(stack) == MAX_DEPTH:
                    raise _GiveUp  # libyaml's path refuses such nesting, with its position
                child: dict[str, Any] = {}
                opened[1][opened[2]] = child
                stack.append((indent, child))
            opened = None  # else its value is null, as set
        if indent != stack[-1][0]:
            while indent < stack[-1][0]:
                stack.pop()
            if indent != stack[-1][0]:
                raise _GiveUp  # deeper after a value, or between two open mappings
        mapping = stack[-1][1]
        if plain_key is not None:
            key = plain.get(plain_key)
            if type(key) is not str:  # not seen yet, or a value that no key may be
                key = _plain_key(plain_key, plain)
        elif single is not None:
            key = single.replace("''", "'")
        else:
            key = _unescaped(double)
        if key in mapping:
            raise _GiveUp  # libyaml's path reports the duplicate
        if value is None:
            mapping[key] = None
            opened = (indent, mapping, key)
            continue
        first = value[:1]
        if first == "'":
            whole = _SINGLE_WHOLE.fullmatch(value)
            if whole is not None:
                mapping[key] = whole[1].replace("''", "'")
            else:
                mapping[key], at = _folded(value, lines, at, indent)
        elif first == '"':
            double_value = _DOUBLE_WHOLE.fullmatch(value)
            if double_value is None:
                raise _GiveUp
            mapping[key] = _unescaped(double_value[1])
        elif value == "{}":
            mapping[key] = {}
        elif value == "[]":
            mapping[key] = []
        else:
            known = plain.get(value, _GiveUp)
            mapping[key] = _plain_value(value, plain) if known is _GiveUp else known
    if not root:
        raise _GiveUp  # an empty document: libyaml's path reports it
    return root


def _unescaped(body: str) -> str:
    """A double-quoted scalar's text (between the quotes) with its escapes undone; only
    the known ones, and only to characters."""
    if "\\" not in body:
        return body
    if "\\" in _KNOWN_ESCAPE.sub("", body):
        raise _GiveUp  # an escape libyaml knows and this reader does not
    text = double_quoted(body)
    if "\ufffd" in text:
        raise _GiveUp  # a surrogate or a code point past U+10FFFF, or U+FFFD to be sure
    return text


def _plain_key(text: str, plain: dict[str, Any]) -> str:
    if text[-1] == " " or " #" in text:
        raise _GiveUp  # spaces before the colon, or a comment
    key = _scalar(text, plain)
    if not isinstance(key, str):
        raise _GiveUp  # a key that is a number, a bool or null
    return key


def _plain_value(text: str, plain: dict[str, Any]) -> Any:
    if not text or text[-1] == " " or " #" in text or _PLAIN.fullmatch(text) is None:
        raise _GiveUp  # nothing after ``: ``, an indicator, a comment, ``: `` inside, ...
    return _scalar(text, plain)


def _scalar(text: str, plain: dict[str, Any]) -> Any:
    """A plain scalar's value, resolved as libyaml's loader resolves it (and kept in
    ``plain``)."""
    tag = yamlio.resolve_plain(text)
    if tag == _STR:
        value: Any = text
    elif tag == _TIMESTAMP:
        raise _GiveUp  # an unquoted time: libyaml's path warns about it
    else:
        try:
            value = yamlio.construct_scalar(yamlio.ScalarNode(tag, text, None, None, None))
        except yamlio.YAMLError:
            raise _GiveUp from None
    plain[text] = value
    return value


def _folded(value: str, lines: list[str], at: int, indent: int) -> tuple[str, int]:
    """A single-quoted value folded over the deeper lines from ``at`` on, and the line after
    it: each line break between two lines of text is a space, each empty line a line break
    instead (YAML's flow folding)."""
    opened = _SINGLE_OPEN.fullmatch(value)
    if opened is None:
        raise _GiveUp
    parts = [opened[1].rstrip(" ")]
    while at < len(lines):
        line = lines[at]
        at += 1
        if not line:
            parts.append("")
            continue
        if len(line) - len(line.lstrip(" ")) <= indent:
            raise _GiveUp
        last = _SINGLE_LAST.fullmatch(line)
        if last is not None:
            parts.append(last[1])
            return _fold(parts).replace("''", "'"), at
        middle = _SINGLE_MIDDLE.fullmatch(line)
        if middle is None:
            raise _GiveUp
        parts.append(middle[1].rstrip(" "))
    raise _GiveUp  # the quote never closes


def _fold(parts: list[str]) -> str:
    """The lines of a quoted scalar joined (its first, middle and last line's text): a space
    between two lines of text, a line break for each empty line between them instead."""
    folded = parts[0]
    breaks = 0
    for index, part in enumerate(parts[1:], start=1):
        if part == "" and index < len(parts) - 1:
            breaks += 1
            continue
        folded += "\n" * breaks if breaks else " "
        folded += part
        breaks = 0
    return folded
