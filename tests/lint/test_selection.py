"""``--select``/``--ignore`` and ``[tool.tracker]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.checking.lint.registry import RULES
from tracker.checking.lint.selection import Selection, read_config, selected_rules
from tracker.exceptions import ConfigError


@pytest.mark.parametrize(
    ("config", "cli", "expected"),
    [
        (Selection(), Selection(), list(RULES)),
        (Selection(), Selection(select=("D",)), ["D001", "D002", "D003"]),
        (Selection(), Selection(select=("d001", "A")), ["D001", "A001"]),
        (Selection(select=("T",)), Selection(ignore=("T004",)), ["T001", "T002", "T003"]),
        (Selection(select=("T",)), Selection(select=("F",)), ["F001", "F002"]),
        (Selection(ignore=("O",)), Selection(select=("O", "A")), ["A001"]),
    ],
)
def test_selected_rules(config: Selection, cli: Selection, expected: list[str]) -> None:
    assert [rule.id for rule in selected_rules(config, cli)] == expected


def test_unknown_code_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule code 'Q9'"):
        selected_rules(Selection(), Selection(select=("Q9",)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Selection()),
        ("[tool.ruff]\nline-length = 1\n", Selection()),
        ('[tool.tracker]\nignore = ["A001", "O003"]\n', Selection(ignore=("A001", "O003"))),
        ('[tool.tracker]\nselect = ["D"]\n', Selection(select=("D",))),
    ],
)
def test_read_config(tmp_path: Path, text: str, expected: Selection) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    assert read_config(path) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.tracker]\nselect = "D"\n', "must be a list"),
        ("[tool.tracker]\nfoo = 1\n", "unknown \\[tool.tracker\\] keys: foo"),
        ("[tool.tracker\n", "pyproject.toml"),
    ],
)
def test_bad_config(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_config(path)


def test_missing_config_selects_everything(tmp_path: Path) -> None:
    assert read_config(tmp_path / "pyproject.toml") == Selection()
