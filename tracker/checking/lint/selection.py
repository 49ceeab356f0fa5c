"""Which rules run: ``--select``/``--ignore`` and ``[tool.tracker]`` in pyproject.toml.

Codes match by prefix, as in ruff: ``D`` selects every dependency rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.checking.lint.base import Rule
from tracker.checking.lint.registry import RULES
from tracker.exceptions import ConfigError


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    """Empty selects every rule."""
    ignore: tuple[str, ...] = ()


def _codes(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes")
    return tuple(value)


def read_config(pyproject: Path) -> Selection:
    """``[tool.tracker]`` ``select``/``ignore`` from ``pyproject`` (empty if absent)."""
    try:
        with pyproject.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("tracker", {})
    except FileNotFoundError:
        return Selection()
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{pyproject}: {error}") from None
    unknown = sorted(set(table) - {"select", "ignore"})
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.tracker] keys: {', '.join(unknown)}")
    return Selection(
        _codes(table.get("select", []), f"{pyproject}: tool.tracker.select"),
        _codes(table.get("ignore", []), f"{pyproject}: tool.tracker.ignore"),
    )


def _matches(rule_id: str, codes: Sequence[str]) -> bool:
    return any(rule_id.startswith(code.upper()) for code in codes)


def selected_rules(config: Selection, cli: Selection) -> list[Rule]:
    """The rules to run: the command line's select/ignore override the file's."""
    for code in (*config.select, *config.ignore, *cli.select, *cli.ignore):
        if not any(rule_id.startswith(code.upper()) for rule_id in RULES):
            raise ConfigError(f"unknown rule code {code!r} (known: {', '.join(RULES)})")
    select = cli.select or config.select
    ignore = (*config.ignore, *cli.ignore)
    return [
        rule
        for rule_id, rule in RULES.items()
        if (not select or _matches(rule_id, select)) and not _matches(rule_id, ignore)
    ]
