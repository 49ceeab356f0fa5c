"""``UtcTime``: the type of every time in a tracker file and a history event.

Files and events hold tens of thousands of times, so the common case is
decided without calling Python: text ending in ``Z`` is matched against
:data:`~tracker.domain.timeutil.ISO_TIME_PATTERN` and parsed by pydantic-core,
and comes out aware UTC. Only an offset, a naive time or a ``datetime`` passed
in by code calls :func:`~tracker.domain.timeutil.as_utc`. Anything else (bare
numbers, text in another shape, impossible dates) is refused with one message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import CoreSchema, core_schema

from tracker.domain.timeutil import ISO_TIME_PATTERN, UTC_TIME_PATTERN, as_utc

TIME_ERROR_TYPE = "iso_time"
"""The type of the one error for any value that is not a time this type accepts."""
TIME_ERROR = "is not an ISO 8601 time like 2026-11-24T10:00:00Z (Z, an offset, or none for UTC)"
"""Its message, after the value (:func:`tracker.domain.errortext.error_text` puts it first)."""


def _parsed(pattern: str) -> CoreSchema:
    return core_schema.chain_schema(
        [core_schema.str_schema(pattern=pattern), core_schema.datetime_schema()]
    )


class _UtcTimeSchema:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        given = core_schema.is_instance_schema(datetime)
        converted = core_schema.union_schema([given, _parsed(ISO_TIME_PATTERN)])
        return core_schema.union_schema(
            [
                _parsed(UTC_TIME_PATTERN),
                core_schema.no_info_after_validator_function(as_utc, converted),
            ],
            mode="left_to_right",
            custom_error_type=TIME_ERROR_TYPE,
            custom_error_message=TIME_ERROR,
        )


UtcTime = Annotated[
    datetime, _UtcTimeSchema, WithJsonSchema({"type": "string", "pattern": ISO_TIME_PATTERN})
]
"""ISO 8601 text, with ``Z``/an offset or naive (taken as UTC); stored as aware UTC."""
