"""UtcTime: every accepted shape comes out aware UTC; everything else is one clear error."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from tracker.domain.errortext import error_text
from tracker.domain.utctime import TIME_ERROR_TYPE, UtcTime

ADAPTER: TypeAdapter[datetime] = TypeAdapter(UtcTime)
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _both(value: object) -> list[datetime]:
    """``value`` validated from Python and (when it is JSON) from JSON text."""
    found = [ADAPTER.validate_python(value)]
    if isinstance(value, str | int | float):
        found.append(ADAPTER.validate_json(json.dumps(value)))
    return found


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-24T12:00:00Z",
        "2026-11-24T12:00:00",
        "2026-11-24T13:00:00+01:00",
        "2026-11-24T07:00:00-05:00",
        NOON,
        NOON.replace(tzinfo=None),
        NOON.astimezone(timezone(timedelta(hours=9))),
    ],
)
def test_every_accepted_shape_is_the_same_aware_utc_time(value: object) -> None:
    for parsed in _both(value):
        assert parsed == NOON
        assert parsed.utcoffset() == timedelta(0)


def test_fractions_of_a_second_are_kept() -> None:
    for parsed in _both("2026-11-24T12:00:00.250Z"):
        assert parsed == NOON.replace(microsecond=250000)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2026-11-24",
        "2026-11-24 12:00:00Z",
        "2026-11-24T12:00Z",
        "2026-02-30T12:00:00Z",
        "2026-11-24T12:00:00+25:00",
        "9999-12-31T23:59:59-05:00",
        " 2026-11-24T12:00:00Z",
        1764000000,
        1764000000.5,
        True,
        None,
    ],
)
def test_anything_else_is_one_error_naming_the_value(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        ADAPTER.validate_python(value)
    (detail,) = raised.value.errors()
    assert detail["type"] == TIME_ERROR_TYPE
    assert error_text(detail).startswith(f"{value!r} is not an ISO 8601 time like")
    if isinstance(value, str | int | float) and value is not True:
        with pytest.raises(ValidationError) as raised_json:
            ADAPTER.validate_json(json.dumps(value))
        assert [e["type"] for e in raised_json.value.errors()] == [TIME_ERROR_TYPE]


def test_the_schema_still_says_text_in_the_pattern() -> None:
    schema = ADAPTER.json_schema()
    assert schema["type"] == "string"
    assert schema["pattern"].startswith("^[0-9]{4}-")
