"""Fixtures for command tests: run ``tracker`` in-process on a real data folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tracker import YAMLTrackerBackend
from tracker.cli.main import main


class Result(NamedTuple):
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``tracker --data-dir <tmp> ARGS`` in-process."""

    def run(*args: str) -> Result:
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli_week(cli: Cli) -> Cli:
    assert cli("sync", "A", "Argo", "Backstage", "OPA/Gatekeeper").code == 0
    return cli


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
