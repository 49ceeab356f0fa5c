"""sync, migrate and import-landscape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.commands.conftest import Cli
from tests.conftest import LANDSCAPE, REPO_ROOT


def test_sync_from_arguments_file_and_stdin(cli: Cli, tmp_path: Path, monkeypatch):
    assert "week A (created): 2 added" in cli("sync", "A", "Argo", "Airship").out
    names = tmp_path / "names.txt"
    names.write_text("Argo\n\nAkri\n")
    data = cli("sync", "A", "--file", str(names), "--json").json()
    assert data[0]["added"] == ["Akri"] and data[0]["removed"] == ["Airship"]
    assert cli("sync", "A", "--file", str(names)).out == "week A: unchanged\n"


def test_migrate(cli: Cli, data_dir: Path):
    assert cli("migrate").out == "nothing to migrate\n"
    (data_dir / "02-C").mkdir()
    (data_dir / "02-C" / "tasks.yaml").write_text("- Cilium\n- name: Crossplane\n")
    assert "week C (created): 2 added" in cli("migrate").out
    result = cli("migrate", "C")
    assert result.code == 1 and "already has" in result.err


def test_import_landscape(cli: Cli):
    results = cli("import-landscape", str(LANDSCAPE), "--json").json()
    assert len(results) == 26 and sum(len(r["added"]) for r in results) == 962
    assert "week A: unchanged" in cli("import-landscape", str(LANDSCAPE)).out
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
