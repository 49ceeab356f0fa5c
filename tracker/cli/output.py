"""The only writer to stdout and stderr.

Human output is made safe for a terminal here, once: item names, agents and
error messages come from files anyone can edit, so every character Python
does not consider printable (control characters such as ESC and newline,
bidirectional overrides, zero-width characters) is shown as an escape
(``\\x1b``, ``\\n``, ``\\u202e``) instead of being sent to the terminal. One call
writes one line, so nothing a value holds can forge another row. JSON output
is exact (:func:`write_json`): agents parse it, terminals do not.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO, cast


def visible(text: str) -> str:
    """``text`` with every non-printable character written as a Python-style escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named is not None:
        return named
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def write(text: str = "") -> None:
    """One line of human output on stdout."""
    sys.stdout.write(visible(text) + "\n")


def write_lines(lines: Sequence[str]) -> None:
    """Several lines of human output, each made visible on its own."""
    for line in lines:
        write(line)


def status(text: str) -> None:
    """A status line on a terminal, drawn over the previous one (no newline)."""
    sys.stdout.write("\r\x1b[K" + visible(text))
    sys.stdout.flush()


def clear_status() -> None:
    """Remove the status line, so the next line starts clean."""
    sys.stdout.write("\r\x1b[K")


def write_raw(text: str) -> None:
    """Machine-readable text (JSON) exactly as given."""
    sys.stdout.write(text + "\n")


def write_json(data: Any) -> None:
    """Pretty, key-stable JSON for agents to parse."""
    write_raw(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def write_json_line(data: Any) -> None:
    """One JSON object on one line (a stream of events), flushed at once."""
    write_raw(json.dumps(data, ensure_ascii=False, default=str))
    sys.stdout.flush()


def flush() -> None:
    """Write out what is buffered (a closed pipe raises ``BrokenPipeError`` here)."""
    sys.stdout.flush()


def drop_stdout() -> None:
    """The reader of stdout is gone: send anything still buffered nowhere, silently,
    so that Python's flush at exit does not complain either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Tee:
    """A stream that notes what is written to it before passing it on."""

    def __init__(self, stream: TextIO, name: str, writes: list[tuple[str, str]]) -> None:
        self._stream, self._name, self._writes = stream, name, writes

    def write(self, text: str) -> int:
        self._writes.append((self._name, text))
        return self._stream.write(text)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._stream, attribute)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Inside the block, note everything written to stdout and stderr as it is written: the
    list yielded fills with ``("out" | "err", text)`` in order (what :func:`replay` writes
    back, for ``tracker check``'s result cache)."""
    writes: list[tuple[str, str]] = []
    out, err = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Tee(out, "out", writes))
    sys.stderr = cast(TextIO, _Tee(err, "err", writes))
    try:
        yield writes
    finally:
        sys.stdout, sys.stderr = out, err


def replay(writes: Sequence[tuple[str, str]]) -> None:
    """Write what :func:`recording` noted, exactly, in the same order."""
    for stream, text in writes:
        (sys.stdout if stream == "out" else sys.stderr).write(text)


def error(message: str) -> None:
    """One line on stderr, prefixed so it is clear which tool said it."""
    sys.stderr.write(f"tracker: error: {visible(message)}\n")


def warn(message: str) -> None:
    """One warning line on stderr."""
    sys.stderr.write(f"tracker: warning: {visible(message)}\n")


def _cell(value: object) -> str:
    from tracker.domain.progress import format_percent  # the models: not for a cached check

    return format_percent(value) if isinstance(value, float) else visible(str(value))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A plain-text table, one string per line; numeric columns right-aligned, floats
    (percentages) with one decimal.

    Cells are made visible before they are measured, so the columns line up
    and a cell cannot hold a line break.
    """
    cells = [[visible(str(h)) for h in headers], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(cells[0]), rule, *(line(r) for r in cells[1:])]
