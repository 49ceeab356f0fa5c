"""Connecting to PostgreSQL, and its errors as the tracker's: one line, no password.

psycopg is an optional dependency (``pip install 'cncf-a2z-tracker[postgres]'``),
imported only here and by the PostgreSQL modules, which are imported only when
a database URL is given: the file backend and the CLI's start-up never load it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tracker.exceptions import DatabaseError, LockTimeoutError

if TYPE_CHECKING:
    from psycopg import Connection

SCHEMES = ("postgresql://", "postgres://")
INSTALL_HINT = "pip install 'cncf-a2z-tracker[postgres]'"


def is_database_url(text: object) -> bool:
    """Whether ``text`` names a PostgreSQL database (``postgresql://...``) rather than a folder."""
    return isinstance(text, str) and text.startswith(SCHEMES)


def describe(url: str) -> str:
    """``postgresql://user@host:port/db``: the URL without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        return url.split("@")[-1]
    try:
        parts = conninfo_to_dict(url)
    except Exception:  # a malformed URL: say where, never the secret
        return "postgresql://" + url.split("@")[-1]
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


def connect(url: str) -> Connection[tuple[object, ...]]:
    """An autocommit connection (transactions are explicit: one per edit)."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(f"PostgreSQL support needs psycopg: {INSTALL_HINT}") from None
    with translated(url, "cannot connect to"):
        return psycopg.connect(url, autocommit=True, application_name="tracker")


@contextmanager
def translated(url: str, doing: str = "database error on") -> Iterator[None]:
    """Turn psycopg's errors into :class:`DatabaseError`: ``cannot connect to URL: why``."""
    import psycopg
    from psycopg import errors

    try:
        yield
    except errors.LockNotAvailable as error:
        raise LockTimeoutError(
            f"{describe(url)}: gave up waiting for a lock ({_why(error)}); nothing was changed"
        ) from None
    except psycopg.Error as error:
        raise DatabaseError(f"{doing} {describe(url)}: {_why(error)}") from None


def _why(error: Exception) -> str:
    """The first line of the server's or libpq's message."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
