from __future__ import annotations

from pathlib import Path

import pytest

from tracker import YAMLTrackerBackend
from tracker.domain.weeks import Week
from tracker.exceptions import TrackerError, TrackerFileError
from tracker.importers.legacy import legacy_weeks, migrate_week


def write_legacy(data_dir: Path, text: str, folder: str = "00-A") -> Path:
    path = data_dir / folder / "tasks.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text", ["- Argo\n- Airship\n- Argo\n", "- name: Argo\n- name: Airship\n  repo: x\n"]
)
def test_migrate_names_and_mappings(backend: YAMLTrackerBackend, data_dir: Path, text: str):
    legacy = write_legacy(data_dir, text)
    assert legacy_weeks(backend) == [Week("A")]
    result = migrate_week(backend, "a")
    assert result.created and result.added == ["Argo", "Airship"]
    assert legacy.read_text() == text  # kept
    assert legacy_weeks(backend) == []
    with pytest.raises(TrackerError, match="already has"):
        migrate_week(backend, "A")


def test_reading_never_migrates(backend: YAMLTrackerBackend, data_dir: Path):
    write_legacy(data_dir, "- Argo\n")
    assert not backend.tracker_exists("A")
    assert not (data_dir / "00-A" / "tracker.yaml").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("a: b\n", "expected a list"), ("- 3\n", "entry 1"), ("- [x\n", "invalid YAML")],
)
def test_bad_legacy_files(backend, data_dir: Path, text: str, message: str):
    write_legacy(data_dir, text)
    with pytest.raises(TrackerFileError, match=message):
        migrate_week(backend, "A")
    assert not (data_dir / "00-A" / "tracker.yaml").exists()
