"""Every backend, for the tests that hold on all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tracker import InMemoryTrackerBackend, TrackerBackend, YAMLTrackerBackend


@pytest.fixture(params=["yaml", "memory", "postgres"])
def empty_tracker(
    request: pytest.FixtureRequest, data_dir: Path, clock: FakeClock
) -> TrackerBackend:
    """An empty tracker on each backend in turn (PostgreSQL: a fresh database)."""
    if request.param == "yaml":
        return YAMLTrackerBackend(data_dir, clock=clock)
    if request.param == "postgres":
        backend: TrackerBackend = request.getfixturevalue("pg_backend")
        return backend
    return InMemoryTrackerBackend(clock=clock)
