"""Where keys and values stand in line-shaped text, read off its lines, one mapping at a time.

Canonical text (what :func:`tracker.fileformat.emitter.dump_week` writes), and
plain block text that :mod:`tracker.fileformat.blockreader` read, have one key
per line, each mapping's keys at one indentation deeper than its own. So a
mapping's keys are the lines of its block at that indentation: a regular
expression finds them, and the block's end, without composing the document.
Each mapping is indexed when a look-up first enters it, so a few findings in
a large week cost the few items they are in; thousands cost one pass.

Only text one of those readers took may be indexed here (their grammar is what
makes the lines say where things are): values that go on over deeper lines
are single-quoted, a key with nothing after it holds the deeper lines or null.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from tracker.fileformat.fastreader import double_quoted
from tracker.fileformat.positions import Entry, Mark, pack

_SEQUENCE_ENTRY = re.compile(r"^ *- ", re.MULTILINE)


@lru_cache(maxsize=32)
def _keys_at(indent: int) -> re.Pattern[str]:
    """Key lines indented ``indent`` spaces: a double-quoted, single-quoted or plain key,
    then ``:`` and nothing (a mapping or null follows), ``{}``, ``[]`` or a scalar."""
    return re.compile(
        rf'^ {{{indent}}}(?:"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\n]|\'\')*)\'|([^ "\'#\-\n][^:\n]*))'
        r":(?: ([^\n]*))?$",
        re.MULTILINE,
    )


@lru_cache(maxsize=32)
def _block_end(indent: int) -> re.Pattern[str]:
    """The first line indented ``indent`` spaces or less: where a deeper block ends."""
    return re.compile(rf"^ {{0,{indent}}}[^ \n]", re.MULTILINE)


class _Block(Mapping[str, Entry]):
    """The keys of one mapping of canonical text, found when first asked for."""

    def __init__(self, text: str, start: int, end: int, indent: int, line: int) -> None:
        self._where = (text, start, end, indent, line)
        self._keys: dict[str, Entry] | None = None

    def _index(self) -> dict[str, Entry]:
        if self._keys is None:
            self._keys = dict(_read_block(*self._where))
        return self._keys

    def __getitem__(self, key: str) -> Entry:
        return self._index()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


def _read_block(
    text: str, start: int, end: int, indent: int, line: int
) -> Iterator[tuple[str, Entry]]:
    """The key lines of the block ``text[start:end]`` (its first line is ``line``, 0-based)."""
    at = start
    for match in _keys_at(indent).finditer(text, start, end):
        line += text.count("\n", at, match.start())
        at = match.start()
        double, single, plain, value = match.groups()
        key = _key(double, single, plain)
        key_mark = pack(line, indent)
        if value is not None:
            empty: dict[str, Entry] | list[Entry] | None = (
                {} if value == "{}" else [] if value == "[]" else None
            )
            yield key, (key_mark, pack(line, match.start(4) - at), empty)
            continue
        inner = match.end() + 1  # the nested mapping, if any, starts on a later line
        stop = _block_end(indent).search(text, inner, end)
        inner_end = end if stop is None else stop.start()
        first = _FIRST_KEY.search(text, inner, inner_end)
        if first is None:  # nothing deeper: null, marked where the line ends
            yield key, (key_mark, pack(line, match.end() - at), None)
            continue
        first_line = line + 1 + text.count("\n", inner, first.start())
        deeper = first.end() - first.start()
        block = _Block(text, first.start(), inner_end, deeper, first_line)
        yield key, (key_mark, pack(first_line, deeper), block)


_FIRST_KEY = re.compile(r"^ +(?=[^ \n])", re.MULTILINE)
"""The indentation of a deeper block's first line."""


def _key(double: str | None, single: str | None, plain: str | None) -> str:
    if double is not None:
        return double_quoted(double)
    if single is not None:
        return single.replace("''", "'")
    assert plain is not None
    return plain


def index_lines(text: str) -> Entry | None:
    """Where every key and value of ``text`` (canonical, or read by the block reader)
    stands, each mapping read when first looked into; None when the text holds a sequence
    (only metadata's extra data can), which the caller leaves to libyaml."""
    if _SEQUENCE_ENTRY.search(text):
        return None
    first = _keys_at(0).search(text)
    if first is None:
        return None
    line = text.count("\n", 0, first.start())
    top: Mark = pack(line, 0)
    return top, top, _Block(text, first.start(), len(text), 0, line)
