"""Tracker data with every status in it, for the report's tests."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
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


SAMPLE = REPO_ROOT / "data" / "sample"
SAMPLE_START = date(2026, 11, 2)
"""The sample's week A (scripts/make_sample.py); its last change is on Thursday of week D."""
SAMPLE_AS_OF = datetime(2026, 11, 26, 15, tzinfo=UTC)


@pytest.fixture
def sample(tmp_path: Path) -> YAMLTrackerBackend:
    """A copy of the committed sample series, its clock at the sample's last change."""
    shutil.copytree(SAMPLE, tmp_path / "sample", ignore=shutil.ignore_patterns("*.lock"))
    return YAMLTrackerBackend(tmp_path / "sample", clock=FakeClock(SAMPLE_AS_OF))


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
