"""This feature's settings in ``[tool.tracker]`` of the repository's ``pyproject.toml``.

Other keys of the table belong to other features and are left alone.

.. code-block:: toml

    [tool.tracker]
    on_change = "scripts/notify-chat"   # run after each state change, event JSON on stdin
    lease = "2h"                        # how long a claim lasts unless renewed
"""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

from tracker.agents.claims import DEFAULT_LEASE
from tracker.domain.timeutil import parse_duration
from tracker.exceptions import ConfigError

PYPROJECT = "pyproject.toml"


class AgentSettings(NamedTuple):
    on_change: str | None = None
    lease: timedelta = DEFAULT_LEASE


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` or a folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / PYPROJECT).is_file():
            return folder / PYPROJECT
    return None


def load_agent_settings(start: Path) -> AgentSettings:
    """The settings of the repository holding ``start`` (defaults without a pyproject)."""
    path = find_pyproject(start)
    if path is None:
        return AgentSettings()
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("tracker", {})
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    on_change, lease = table.get("on_change"), table.get("lease")
    if on_change is not None and not isinstance(on_change, str):
        raise ConfigError(f"{path}: [tool.tracker] on_change must be a string (a command)")
    if lease is None:
        return AgentSettings(on_change)
    try:
        return AgentSettings(on_change, parse_duration(str(lease)))
    except ValueError as error:
        raise ConfigError(f"{path}: [tool.tracker] lease: {error}") from None
