"""A real PostgreSQL server for the tests: one fresh database per test.

The server's URL comes from ``$TRACKER_TEST_DATABASE_URL`` (``.ci/run`` starts a
throwaway one with ``scripts/pgserver.py``; so can you:
``export TRACKER_TEST_DATABASE_URL=$(python scripts/pgserver.py start /tmp/pg)``).
Without one the PostgreSQL tests skip, saying why; with ``CI`` set they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.pgserver import drop_database, fresh_database
from tracker.project import Project

if TYPE_CHECKING:
    from tests.conftest import FakeClock

TEST_URL_ENV = "TRACKER_TEST_DATABASE_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the PostgreSQL tests must run, not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL (an administrative database on it)."""
    url = os.environ.get(TEST_URL_ENV)
    if not url:
        _unavailable(
            f"no PostgreSQL server for the tests: set {TEST_URL_ENV} "
            "(`python scripts/pgserver.py start DIR` starts one and prints its URL)"
        )
        raise AssertionError("unreachable")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed: pip install -e '.[dev]'")
        raise
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as error:
        _unavailable(f"PostgreSQL at {TEST_URL_ENV} is unreachable: {str(error).splitlines()[0]}")
    return url


def init_schema(url: str) -> None:
    from tracker.store.pgconnect import connect
    from tracker.store.pgschema import migrate

    with connect(url) as conn:
        migrate(conn)


@pytest.fixture
def empty_pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database without the tracker schema, dropped after the test."""
    url = fresh_database(pg_server, "tracker_test")
    yield url
    drop_database(pg_server, url)


@pytest.fixture
def pg_url(empty_pg_url: str) -> str:
    """A fresh database with the tracker schema (``tracker db init``)."""
    init_schema(empty_pg_url)
    return empty_pg_url


@pytest.fixture
def pg_backend(pg_url: str, data_dir: Path, clock: FakeClock) -> Iterator[object]:
    """The PostgreSQL backend on a fresh database; its project is the ``data_dir`` fixture's."""
    from tracker.store.postgres import PostgresTrackerBackend

    backend = PostgresTrackerBackend(pg_url, clock, project=Project.find(data_dir))
    yield backend
    backend.close()
