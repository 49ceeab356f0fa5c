"""Time: timezone-aware UTC everywhere, written as ISO 8601 with ``Z``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

Clock = Callable[[], datetime]

_DATE_AND_TIME = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
)
ISO_TIME_PATTERN = _DATE_AND_TIME + r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
"""The time text tracker files accept: ISO 8601 with ``Z``, an offset, or naive (UTC)."""
UTC_TIME_PATTERN = _DATE_AND_TIME + "Z$"
"""The accepted times that are in UTC already (what the tracker writes)."""


def utc_now() -> datetime:
    """Now, in UTC, to the second (tracker files do not need microseconds)."""
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(value: datetime) -> datetime:
    """A naive time is taken as UTC; an aware one is converted to UTC.

    Raises ``ValueError`` when the time in UTC falls outside years 1-9999
    (``9999-12-31T23:59:59-05:00``).
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value.isoformat()} is outside years 1-9999 in UTC") from None


def parse_time(text: str) -> datetime:
    """Parse ISO 8601 (``Z``, an offset, or naive = UTC). Raises ``ValueError``."""
    return as_utc(datetime.fromisoformat(text.strip()))


def parse_date(text: str) -> date:
    """``2026-11-02``: a calendar day, no time. Raises ``ValueError``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"invalid date {text!r}: expected e.g. 2026-11-02") from None


def format_time(value: datetime) -> str:
    """``2026-11-24T10:00:00Z`` (microseconds kept when present)."""
    return as_utc(value).isoformat().replace("+00:00", "Z")


_DURATION_RE = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def parse_duration(text: str) -> timedelta:
    """``2h``, ``90m``, ``1h30m``, ``45s``, ``3d``, ``1w``. Raises ``ValueError``."""
    match = _DURATION_RE.match(text.strip())
    if not match or not any(match.groups()):
        raise ValueError(f"invalid duration {text!r}: expected e.g. 2h, 90m, 1h30m, 45s or 3d")
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    try:
        return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(f"duration {text!r} is too long") from None


SINCE_FORMS = (
    "an ISO 8601 time or date (2026-11-24T09:00, 2026-11-24), today, yesterday, "
    "or a time ago (2h, 3d, 1w, 90m or '3d ago')"
)
"""What :func:`parse_since` accepts, for messages."""


def parse_since(text: str, now: datetime) -> datetime:
    """A point in time as people give one: see :data:`SINCE_FORMS`. Days start at 00:00 UTC.

    Raises ``ValueError`` naming the accepted forms.
    """
    word = text.strip().lower()
    midnight = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if word in ("today", "yesterday"):
        return midnight - timedelta(days=word == "yesterday")
    if word == "now":
        return as_utc(now)
    try:
        return now - parse_duration(word.removesuffix("ago").strip())
    except ValueError:
        pass
    try:
        return parse_time(text)
    except ValueError:
        raise ValueError(f"not a time: {text!r}; use {SINCE_FORMS}") from None


def format_seconds(value: float | None) -> str:
    """A duration as people read it: ``3d 4h``, ``2h 05m``, ``4m 10s``, ``42s``; empty for None."""
    if value is None:
        return ""
    seconds = int(value)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"
