"""Tracker data with every status in it, for the report's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, FakeClock
from tests.report.scenario import exercise
from tracker import YAMLTrackerBackend
from tracker.domain.models import WeekTracker


@pytest.fixture
def real_weeks(backend: YAMLTrackerBackend, data_dir: Path) -> YAMLTrackerBackend:
    """A copy of the committed data: every week, all pending."""
    shutil.copytree(REPO_ROOT / "data" / "weeks", data_dir, dirs_exist_ok=True)
    return backend


@pytest.fixture
def exercised(real_weeks: YAMLTrackerBackend, clock: FakeClock) -> YAMLTrackerBackend:
    exercise(real_weeks, clock)
    return real_weeks


@pytest.fixture
def small_weeks(backend: YAMLTrackerBackend, clock: FakeClock) -> list[WeekTracker]:
    """Three small made-up weeks, exercised: the golden files' input."""
    backend.sync_with_etl("A", ["Argo", "Artifact|Hub", "Athenz", "Antrea", "Akri", "Aeraki"])
    backend.sync_with_etl("B", ["Backstage", "Buildpacks"])
    backend.sync_with_etl("C", ["Cilium"])
    exercise(backend, clock)
    return list(backend.iter_weeks())
