"""Human output cannot be hijacked: names, agents and errors from files are shown escaped.

Escape sequences would repaint the terminal or forge links, and a newline in a name
would forge a row. JSON output stays exact: agents parse it, terminals do not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker import YAMLTrackerBackend
from tracker.cli import output
from tracker.cli.main import main

CLEAR = "Evil\x1b[2J\x1b[H"
FORGED = "Fake\nArgo       completed  completed"
LINK = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
RTL = "txt.\u202eexe"


@pytest.fixture
def hostile(data_dir: Path) -> YAMLTrackerBackend:
    """A week whose item names, agent and error message hold control characters."""
    backend = YAMLTrackerBackend(data_dir)
    backend.sync_with_etl("A", ["Argo"])
    path = backend.tracker_path("A")
    text = path.read_text().replace("items:\n", "items:\n" + "".join(
        f"  {json.dumps(name)}:\n    tasks:\n      research:\n        status: pending\n"
        f"        agent: researcher\n      content:\n        status: pending\n"
        f"        agent: writer\n"
        for name in (CLEAR, FORGED, RTL)
    )).replace("etl_item_count: 1", "etl_item_count: 4")  # fmt: skip
    path.write_text(text)
    backend.update_task("A", "Argo", "research", "in_progress", agent="bot\x1b[31m")
    backend.update_task("A", "Argo", "research", "failed", error_message=LINK, agent="bot\x1b[31m")
    return backend


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args", [["show", "A"], ["ready"], ["log", "A"], ["progress"], ["metrics", "A"]]
)
def test_human_output_carries_no_control_character(
    hostile: YAMLTrackerBackend, data_dir: Path, capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:  # fmt: skip
    code, out, err = _run(data_dir, capsys, *args)
    assert code == 0
    for text in (out, err):
        assert all(char == "\n" or char.isprintable() for char in text), repr(text)
    assert not any(line.startswith("Argo       completed") for line in out.splitlines())


def test_show_lists_one_row_per_item_with_names_escaped(
    hostile: YAMLTrackerBackend, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(data_dir, capsys, "show", "A")
    rows = out.splitlines()[2:]
    names = [
        "Evil\\x1b[2J\\x1b[H",
        "Fake\\nArgo       completed  completed",
        "txt.\\u202eexe",
        "Argo",
    ]
    assert rows[len(names) : len(names) + 2] == ["", "week A blog_post: pending"]
    for row, name in zip(rows, names, strict=False):
        assert row.startswith(name + "  "), row


def test_errors_naming_a_hostile_item_are_one_escaped_line(
    hostile: YAMLTrackerBackend, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(data_dir, capsys, "start", "A", FORGED, "content")
    assert code == 1 and err.count("\n") == 1 and "\x1b" not in err
    assert "Fake\\nArgo" in err


def test_json_output_stays_exact(
    hostile: YAMLTrackerBackend, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(data_dir, capsys, "show", "A", "--json")
    data = json.loads(out)
    assert {CLEAR, FORGED, RTL} <= set(data["items"])
    assert data["items"]["Argo"]["tasks"]["research"]["error_message"] == LINK
    _, out, _ = _run(data_dir, capsys, "log", "A", "--json")
    assert json.loads(out)["events"][-1]["error"] == LINK


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, ünïcode, 中文 ✓", "plain text, ünïcode, 中文 ✓"),
        ("a\tb\r\nc", "a\\tb\\r\\nc"),
        ("\x00\x07\x1b\x7f\x9b", "\\x00\\x07\\x1b\\x7f\\x9b"),
        ("\u200b\u202e\u2028\ufeff", "\\u200b\\u202e\\u2028\\ufeff"),
        ("\U000e0041", "\\U000e0041"),  # a tag character: invisible text
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert output.visible(text) == shown
