"""``--select``/``--ignore`` and ``[tool.tracker]``."""

from __future__ import annotations

import pytest

from tracker.checking.lint.registry import RULES
from tracker.checking.lint.selection import Selection, selected_rules
from tracker.exceptions import ConfigError
from tracker.settings import Settings


@pytest.mark.parametrize(
    ("config", "cli", "expected"),
    [
        (Selection(), Selection(), list(RULES)),
        (Selection(), Selection(select=("D",)), ["D001", "D002", "D003"]),
        (Selection(), Selection(select=("d001", "A")), ["A001", "D001"]),
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


def test_settings_make_the_file_selection() -> None:
    settings = Settings(select=("D",), ignore=("D003",))
    rules = selected_rules(Selection.of(settings), Selection())
    assert [rule.id for rule in rules] == ["D001", "D002"]


def test_unknown_code_in_the_settings_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule code 'Z1'"):
        selected_rules(Selection.of(Settings(ignore=("Z1",))), Selection())
