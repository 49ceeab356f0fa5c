"""Start-up cost: the CLI runs in every pre-commit and agent step, so it imports only what it needs.

Heavy libraries used by one subcommand (Jinja2 for ``render``, jsonschema for
schema checks) are imported inside that subcommand, not when ``tracker.cli.main``
is loaded. ``python -X importtime -m tracker --help`` shows what a change costs.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("jinja2", "jsonschema", "check_jsonschema", "ruamel", "psycopg")


@pytest.mark.slow
def test_loading_the_cli_imports_no_heavy_library():
    code = "import sys, tracker.cli.main; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert not {name for name in HEAVY if name in loaded}


def test_global_options_work_after_the_command_too(data_dir, tmp_path, capsys, monkeypatch):
    from tracker.cli.main import main

    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)  # where the default data/weeks would be
    assert main(["sync", "A", "Argo", "--data-dir", str(data_dir)]) == 0
    assert (data_dir / "00-A" / "tracker.yaml").is_file()
    assert main(["start", "A", "Argo", "research", "--data-dir", str(data_dir)]) == 0
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert main(["--data-dir", "elsewhere", "show", "A", "--data-dir", str(data_dir)]) == 0
    assert "in_progress" in capsys.readouterr().out  # the one after the command wins
    assert main(["--data-dir", str(data_dir), "show", "A"]) == 0  # and before it still works
    assert not (work / "data").exists()


def test_any_global_option_added_later_needs_no_extra_code(monkeypatch):
    from tracker.cli import main as cli_main

    declared = cli_main.add_global_options

    def with_another(parser):
        declared(parser)
        parser.add_argument("--flavour", default="plain")

    monkeypatch.setattr(cli_main, "add_global_options", with_another)
    parser = cli_main.build_parser()
    assert parser.parse_args(["check", "--flavour", "x"]).flavour == "x"
    assert parser.parse_args(["--flavour", "x", "check"]).flavour == "x"
    assert parser.parse_args(["--flavour", "x", "show", "A", "--flavour", "y"]).flavour == "y"
    assert parser.parse_args(["progress"]).flavour == "plain"


def test_version(capsys):
    from importlib.metadata import version

    from tracker.cli.main import main

    for argv in (["--version"], ["check", "--version"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
        assert capsys.readouterr().out == f"tracker {version('cncf-a2z-tracker')}\n"


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["show", "A"], ["show", "A", "--json"], ["ready", "--json"]])
def test_a_reader_that_goes_away_is_a_silent_success(data_dir, argv):
    """``tracker show A | head -1``: the rest of the output has nowhere to go; that is fine."""
    from tracker import YAMLTrackerBackend

    YAMLTrackerBackend(data_dir).sync_with_etl("A", [f"Project {n}" for n in range(3000)])
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *argv]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None
    assert reader.stdout.readline()  # then go away, as `head -1` does, mid-output (> 64 KiB)
    reader.stdout.close()
    _, stderr = reader.communicate()
    assert (reader.returncode, stderr) == (0, b"")
    piped = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$@" | head -1', "bash", *command],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (piped.returncode, piped.stderr, piped.stdout.count("\n")) == (0, "", 1)


def _modules_after(code: str) -> set[str]:
    """The modules loaded by ``code``, which ends printing them after a ``MODULES`` line."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.rpartition("MODULES\n")[2].split())


@pytest.mark.slow
def test_importing_the_package_loads_only_what_is_used():
    """``tracker``'s storages and agents' operations are loaded when first used: a part of
    the package (the CLI's check) does not pay for all of it."""
    loaded = _modules_after("import sys, tracker; print('MODULES'); print(' '.join(sys.modules))")
    assert not {"yaml", "tracker.store.yamlstore", "tracker.agents.claims"} & loaded
    loaded = _modules_after(
        "import sys, tracker; tracker.claim_next; print('MODULES'); print(' '.join(sys.modules))"
    )
    assert "tracker.agents.claims" in loaded
    assert "tracker.agents.rollback" not in loaded


@pytest.mark.slow
def test_a_command_imports_its_own_module_and_not_the_others(data_dir):
    from tracker import YAMLTrackerBackend
    from tracker.cli.main import COMMANDS

    YAMLTrackerBackend(data_dir).sync_with_etl("A", ["Argo"])
    loaded = _modules_after(
        "import sys; from tracker.cli.main import main; "
        f"main(['--data-dir', {str(data_dir)!r}, 'check']); "
        "print('MODULES'); print(' '.join(sys.modules))"
    )
    commands = {m for m in loaded if m.startswith("tracker.cli.commands")}
    assert commands == {
        "tracker.cli.commands",
        "tracker.cli.commands.check",
        "tracker.cli.commands.transition",  # start, complete ...: its names are read
    }
    assert len(COMMANDS) > 20
    assert not {"tracker.report", "tracker.git.repo", "tracker.agents.claims"} & loaded


def test_every_command_is_found_past_the_global_options():
    from tracker.cli.main import COMMANDS, named_command

    for name in COMMANDS:
        assert named_command([name]) == name
        assert named_command(["--data-dir", "x", name, "--data-dir", "y", "A"]) == name
        assert named_command(["--data-dir=check", name]) == name
    assert named_command(["--data-dir", "check"]) is None  # a value, not the command
    assert named_command(["start", "A", "Argo", "research"]) is None  # transition commands
    assert named_command(["-h"]) is None
    assert named_command(["nonsense"]) is None
