"""Fixtures for command tests: run ``tracker`` in-process on a real data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tracker import YAMLTrackerBackend
from tracker.main import main

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("claim", "--agent", "x")`` -> (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def week(data_dir: Path) -> YAMLTrackerBackend:
    """Week A with Argo and Backstage, all pending."""
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Argo", "Backstage"])
    return backend
