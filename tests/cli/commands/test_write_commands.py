"""sync, migrate and import-landscape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.commands.conftest import Cli
from tests.conftest import LANDSCAPE, REPO_ROOT
from tracker.checking.schema import render_schema
from tracker.cli.main import main


def test_sync_from_arguments_file_and_stdin(cli: Cli, tmp_path: Path, monkeypatch):
    assert "week A (created): 2 added" in cli("sync", "A", "Argo", "Airship").out
    names = tmp_path / "names.txt"
    names.write_text("Argo\n\nAkri\n")
    data = cli("sync", "A", "--file", str(names), "--json").json()
    assert data["week"] == "A" and data["added"] == ["Akri"] and data["removed"] == ["Airship"]
    assert cli("sync", "A", "--file", str(names)).out == "week A: unchanged\n"


def test_migrate(cli: Cli, data_dir: Path):
    assert cli("migrate").out == "nothing to migrate\n"
    (data_dir / "02-C").mkdir()
    (data_dir / "02-C" / "tasks.yaml").write_text("- Cilium\n- name: Crossplane\n")
    assert "week C (created): 2 added" in cli("migrate").out
    result = cli("migrate", "C")
    assert result.code == 1 and "already has" in result.err


def test_import_landscape(cli: Cli):
    data = cli("import-landscape", str(LANDSCAPE), "--json").json()
    results = data["weeks"]
    assert len(results) == 26 and sum(len(r["added"]) for r in results) == 960
    assert data["merged"] == [
        {"kept": "openGauss", "dropped": "OpenGauss"},
        {"kept": "TruLens", "dropped": "Trulens"},
    ]
    out = cli("import-landscape", str(LANDSCAPE)).out
    assert "week A: unchanged" in out
    assert out.endswith(
        "merged 'OpenGauss' into 'openGauss': the same name but for case\n"
        "merged 'Trulens' into 'TruLens': the same name but for case\n"
    )
    missing = cli("import-landscape", "/nonexistent/landscape.yml")
    assert missing.code == 1 and "No such file" in missing.err


def test_a_real_process_prints_no_traceback(tmp_path: Path):
    broken = tmp_path / "00-A"
    broken.mkdir()
    (broken / "tracker.yaml").write_text("metadata: {week_letter: A}\nitems: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(tmp_path), "progress"],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("tracker: error: ") and "00-A/tracker.yaml:3:1" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    usage = subprocess.run(
        [sys.executable, "-m", "tracker", "frobnicate"], capture_output=True, text=True
    )
    assert usage.returncode == 2


@pytest.mark.parametrize("data", ["tracker-data", "deep/down/weeks"])
def test_the_first_write_creates_the_schema_its_modeline_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: str
):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.chdir(repo)
    assert main(["sync", "A", "Argo", "--data-dir", data]) == 0
    assert "wrote schemas/tracker.schema.json" in capsys.readouterr().out
    schema = repo / "schemas" / "tracker.schema.json"
    assert schema.read_text() == render_schema()
    folder = repo / data / "00-A"
    first = (folder / "tracker.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=../")
    assert (folder / first.split("$schema=")[1]).resolve() == schema.resolve()
    assert main(["sync", "B", "Backstage", "--data-dir", data]) == 0
    assert "schema" not in capsys.readouterr().out  # written once
    assert main(["fmt", "--check", "--data-dir", data]) == 0  # fmt writes the same modeline
    assert main(["check", "--data-dir", data]) == 0
