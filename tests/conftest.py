"""Shared fixtures: a data folder on disk and a controllable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tracker import YAMLTrackerBackend

REPO_ROOT = Path(__file__).resolve().parent.parent
LANDSCAPE = REPO_ROOT / "data" / "landscape" / "landscape.yml"


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside GitHub Actions check/lint/validate default to annotations; tests expect text
    unless they set GITHUB_ACTIONS themselves."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def _cache_of_the_test(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The caches (``tracker check``'s results, compiled templates) in a folder of the test's
    own, never the user's (and never another test's answer)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "weeks"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def backend(data_dir: Path, clock: FakeClock) -> YAMLTrackerBackend:
    return YAMLTrackerBackend(data_dir, clock=clock)


@pytest.fixture
def week_a(backend: YAMLTrackerBackend) -> YAMLTrackerBackend:
    """Week A with three items, all pending."""
    backend.sync_with_etl("A", ["ProjectA", "ProjectB", "ProjectC"])
    return backend


def complete(backend: YAMLTrackerBackend, week: str, item: str, *types: str) -> None:
    """Start and complete each task type in order."""
    for task_type in types:
        backend.update_task(week, item, task_type, "in_progress")
        backend.update_task(week, item, task_type, "completed")


Completer = Callable[..., None]


@pytest.fixture(scope="session")
def real_week_files() -> list[bytes]:
    """The committed weeks' bytes (the real landscape import)."""
    return [p.read_bytes() for p in sorted((REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml"))]


from tests.postgres import empty_pg_url, pg_backend, pg_server, pg_url  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _store_chosen_by_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's TRACKER_DATABASE_URL must not send the tests to their database."""
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
