"""``[tool.tracker]`` keys of this feature."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tracker.exceptions import ConfigError
from tracker.settings import AgentSettings, load_agent_settings


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("", AgentSettings()),
        ('[tool.tracker]\nrules = ["x"]', AgentSettings()),
        ('[tool.tracker]\non_change = "notify"\nlease = "30m"',
         AgentSettings("notify", timedelta(minutes=30))),
        ('[tool.tracker]\nlease = "1h30m"', AgentSettings(None, timedelta(hours=1, minutes=30))),
    ],
)  # fmt: skip
def test_read_from_nearest_pyproject(tmp_path: Path, table: str, expected: AgentSettings):
    (tmp_path / "pyproject.toml").write_text(table)
    (tmp_path / "data" / "weeks").mkdir(parents=True)
    assert load_agent_settings(tmp_path / "data" / "weeks") == expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.tracker]\nlease = "soon"', "lease: invalid duration 'soon'"),
        ("[tool.tracker]\non_change = 3", "on_change must be a string"),
        ("[tool.tracker", "pyproject.toml: "),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, table: str, message: str):
    (tmp_path / "pyproject.toml").write_text(table)
    with pytest.raises(ConfigError, match=message):
        load_agent_settings(tmp_path)
