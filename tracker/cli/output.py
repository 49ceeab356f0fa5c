"""The only writer to stdout and stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from tracker.domain.progress import format_percent


def write(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def write_json(data: Any) -> None:
    """Pretty, key-stable JSON for agents to parse."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def flush() -> None:
    """Write out what is buffered (a closed pipe raises ``BrokenPipeError`` here)."""
    sys.stdout.flush()


def drop_stdout() -> None:
    """The reader of stdout is gone: send anything still buffered nowhere, silently,
    so that Python's flush at exit does not complain either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def error(message: str) -> None:
    """One line on stderr, prefixed so it is clear which tool said it."""
    sys.stderr.write(f"tracker: error: {message}\n")


def warn(message: str) -> None:
    sys.stderr.write(f"tracker: warning: {message}\n")


def _cell(value: object) -> str:
    return format_percent(value) if isinstance(value, float) else str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table; numeric columns right-aligned, floats (percentages) with one
    decimal."""
    cells = [[str(h) for h in headers], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])
