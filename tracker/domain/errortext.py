"""The text of one pydantic validation error, as every reader reports it."""

from __future__ import annotations

from pydantic_core import ErrorDetails

from tracker.domain.utctime import TIME_ERROR_TYPE


def error_text(detail: ErrorDetails) -> str:
    """``detail``'s message without pydantic's ``Value error, `` prefix; a refused time
    names the value it was given (its message cannot: it is decided without Python)."""
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == TIME_ERROR_TYPE:
        return f"{detail['input']!r} {message}"
    return message
