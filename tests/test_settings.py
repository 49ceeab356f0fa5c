"""``[tool.tracker]``: one reader, every key declared once; unknown keys warn, never fail."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tracker.exceptions import ConfigError
from tracker.settings import KEYS, Settings, read_settings


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("", Settings()),
        ("[tool.ruff]\nline-length = 1\n", Settings()),
        ('[tool.tracker]\non_change = "notify"\nlease = "30m"',
         Settings(lease=timedelta(minutes=30), on_change="notify")),
        ('[tool.tracker]\nlease = "1h30m"', Settings(lease=timedelta(hours=1, minutes=30))),
        ('[tool.tracker]\nignore = ["A001", "O003"]', Settings(ignore=("A001", "O003"))),
        ('[tool.tracker]\nselect = ["D"]', Settings(select=("D",))),
        ("[tool.tracker]\nseries_start = 2026-11-02", Settings(series_start=date(2026, 11, 2))),
        ('[tool.tracker]\nseries_start = "2026-11-02"', Settings(series_start=date(2026, 11, 2))),
        ('[tool.tracker]\nlock_timeout = "5s"', Settings(lock_timeout=timedelta(seconds=5))),
        ('[tool.tracker]\nmax_file_size = "4MB"', Settings(max_file_size=4 * 1024 * 1024)),
        ('[tool.tracker]\nmax_file_size = "512 KiB"', Settings(max_file_size=512 * 1024)),
        ("[tool.tracker]\nmax_file_size = 1000", Settings(max_file_size=1000)),
    ],
)  # fmt: skip
def test_read(tmp_path: Path, table: str, expected: Settings) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(table)
    settings = read_settings(path)
    assert settings == expected
    assert settings.warnings == ()


def test_every_key_is_a_settings_field() -> None:
    assert set(KEYS) <= set(Settings.__dataclass_fields__)


def test_unknown_keys_are_warnings_naming_them_and_the_rest_applies(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.tracker]\nlease = "45m"\nrules = ["x"]\ncolour = "blue"\n')
    settings = read_settings(path)
    assert settings.lease == timedelta(minutes=45)
    assert [w.split("key ")[1].split(" ")[0] for w in settings.warnings] == ["'rules'", "'colour'"]
    assert all(str(path) in w for w in settings.warnings)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.tracker]\nlease = "soon"', "lease: invalid duration 'soon'"),
        ("[tool.tracker]\non_change = 3", "on_change: expected a shell command"),
        ('[tool.tracker]\nselect = "D"', "select: expected a list of rule codes"),
        ('[tool.tracker]\nlock_timeout = "never"', "lock_timeout: invalid duration"),
        ('[tool.tracker]\nmax_file_size = "0MB"', "max_file_size: expected a positive size"),
        ("[tool.tracker]\nmax_file_size = true", "max_file_size: expected a positive size"),
        ('[tool.tracker]\nmax_file_size = "big"', "max_file_size: expected a positive size"),
        ("[tool.tracker", "invalid TOML"),
        (
            '[tool.tracker]\nseries_start = "next monday"',
            "series_start: invalid date 'next monday'",
        ),
        ("[tool.tracker]\nseries_start = 2026-11-02T09:00:00", "series_start: .* not a time"),
        ("[tool.tracker]\nseries_start = 20261102", "series_start: expected a date"),
        ("[tool]\ntracker = 3", "must be a table"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(table)
    with pytest.raises(ConfigError, match=message) as error:
        read_settings(path)
    assert str(path) in str(error.value)


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "pyproject.toml") == Settings()


def test_readme_documents_every_key() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name, key in KEYS.items():
        assert f"| `{name}` | {key.help} |" in readme
