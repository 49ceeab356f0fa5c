"""Which rules run: ``--select``/``--ignore`` over ``select``/``ignore`` in the settings.

Codes match by prefix, as in ruff: ``D`` selects every dependency rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.checking.lint.base import Rule
from tracker.checking.lint.registry import RULES
from tracker.exceptions import ConfigError
from tracker.settings import Settings


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    """Empty selects every rule."""
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: Settings) -> Selection:
        """The selection ``[tool.tracker]`` makes."""
        return cls(settings.select, settings.ignore)


def _matches(rule_id: str, codes: Sequence[str]) -> bool:
    return any(rule_id.startswith(code.upper()) for code in codes)


def selected_rules(config: Selection, cli: Selection) -> list[Rule]:
    """The rules to run: the command line's select overrides the settings', ignores add up."""
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
