"""Every backend, for the tests that hold on all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tracker import InMemoryTrackerBackend, TrackerBackend, YAMLTrackerBackend


@pytest.fixture(params=["yaml", "memory"])
def empty_tracker(
    request: pytest.FixtureRequest, data_dir: Path, clock: FakeClock
) -> TrackerBackend:
    """An empty tracker on each backend in turn."""
    if request.param == "yaml":
        return YAMLTrackerBackend(data_dir, clock=clock)
    return InMemoryTrackerBackend(clock=clock)
