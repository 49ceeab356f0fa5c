"""sync, migrate and import-landscape."""

from __future__ import annotations

import subprocess
import sys
import time
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


def test_a_byte_order_mark_in_the_names_file_keeps_the_real_item(cli: Cli, tmp_path: Path):
    """Windows editors start files with a BOM; it must not become part of the first name."""
    assert cli("sync", "A", "Argo", "Backstage").code == 0
    assert cli("complete", "A", "Argo", "research").code == 0
    names = tmp_path / "names.txt"
    names.write_bytes("Argo\r\nBackstage\r\n".encode("utf-8-sig"))
    assert cli("sync", "A", "--file", str(names)).out == "week A: unchanged\n"
    data = cli("show", "A", "--json").json()
    assert list(data["items"]) == ["Argo", "Backstage"]
    assert data["items"]["Argo"]["tasks"]["research"]["status"] == "completed"
    assert not data["items"]["Argo"].get("removed")


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Argo", "   "], "cannot be empty"),
        (["Argo", "Back\x1b[31mstage"], "U+001B"),
        (["Argo", "x" * 1025], "names have at most 200"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_written(
    cli: Cli, data_dir: Path, names: list[str], message: str
):
    assert cli("sync", "A", "Argo").code == 0
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    result = cli("sync", "A", *names)
    assert result.code == 1 and message in result.err and result.err.count("\n") == 1
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before


def test_a_sync_that_would_remove_most_items_needs_to_be_told(cli: Cli, data_dir: Path):
    assert cli("sync", "A", "Argo", "Backstage", "Cilium").code == 0
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    refused = cli("sync", "A", "Argo")
    assert refused.code == 1 and "would mark 2 of its 3 active items removed" in refused.err
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before
    allowed = cli("sync", "A", "Argo", "--allow-mass-removal", "--json").json()
    assert allowed["removed"] == ["Backstage", "Cilium"]


def test_the_library_refuses_a_string_for_the_list_of_names(data_dir: Path):
    from tracker import YAMLTrackerBackend
    from tracker.exceptions import InvalidNameError

    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Argo", "Airship"])
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    with pytest.raises(InvalidNameError, match="single string 'Argo'"):
        backend.sync_with_etl("A", "Argo")
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before


def test_an_agent_that_lost_its_claim_cannot_finish_or_fail_the_task(
    cli: Cli, data_dir: Path, monkeypatch
):
    """bot-1's lease expires, the task is reclaimed and claimed by bot-2; bot-1 comes back."""
    assert cli("sync", "A", "Argo").code == 0
    assert cli("claim", "A", "--agent", "bot-1", "--lease", "1s").code == 0
    time.sleep(1.1)
    assert "1 task(s) reclaimed" in cli("reclaim", "A").out
    assert "(agent bot-2)" in cli("claim", "A", "--agent", "bot-2").out
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    for args in (
        ["complete", "A", "Argo", "research"],
        ["fail", "A", "Argo", "research", "--error", "timeout"],
    ):
        refused = cli(*args, "--agent", "bot-1")
        assert refused.code == 1
        assert "claimed by 'bot-2' until" in refused.err and "not by 'bot-1'" in refused.err
        anonymous = cli(*args)  # no agent given is not the holder either
        assert anonymous.code == 1 and "claimed by 'bot-2'" in anonymous.err
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before
    assert cli("complete", "A", "Argo", "research", "--agent", "bot-2").code == 0


def test_a_person_can_force_a_claimed_task(cli: Cli):
    assert cli("sync", "A", "Argo").code == 0
    assert cli("claim", "A", "--agent", "bot-1").code == 0
    assert cli("reset", "A", "Argo", "research", "--force").code == 0


@pytest.mark.parametrize(
    "output", ["../../etc/passwd", "/etc/passwd", "research/../../x", "C:\\x", "a\x1bb"]
)
def test_complete_refuses_an_output_outside_the_repository(cli: Cli, data_dir: Path, output: str):
    assert cli("sync", "A", "Argo").code == 0
    before = (data_dir / "00-A" / "tracker.yaml").read_bytes()
    refused = cli("complete", "A", "Argo", "research", "--output", output)
    assert refused.code == 1 and "is not allowed" in refused.err
    assert refused.err.count("\n") == 1 and "\x1b" not in refused.err
    assert (data_dir / "00-A" / "tracker.yaml").read_bytes() == before


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
