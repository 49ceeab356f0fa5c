"""The fast reader of canonical files: used only when it gives what libyaml gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import REPO_ROOT
from tests.fileformat.test_emitter import schema_refs, weeks
from tracker.domain.models import WeekTracker
from tracker.exceptions import TrackerFileError
from tracker.fileformat import reader as fileformat
from tracker.fileformat import yamlio
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.fastreader import load_canonical
from tracker.fileformat.linepositions import index_lines
from tracker.fileformat.positions import index_nodes
from tracker.fileformat.reader import parse_canonical, parse_week, week_from_data

REAL_WEEKS = sorted((REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml"))

CANONICAL = """\
# yaml-language-server: $schema=../../../schemas/tracker.schema.json
metadata:
  week_letter: A
  created_at: '2026-11-02T09:00:00Z'
  etl_item_count: 2
items:
  Argo:
    tasks:
      research:
        status: failed
        agent: researcher
        started_at: '2026-11-02T09:10:00Z'
        error_message: "HTTP 429: \\"slow down\\"\\n\\u2028"
        retry_count: 2
  "yes":
    tasks: {}
    removed: true
week_tasks:
  tasks:
    blog_post:
      status: pending
      agent: writer
"""


def _outcome(text: str) -> object:
    """The parsed week, or the error message."""
    try:
        return parse_week(text, "t.yaml")
    except TrackerFileError as error:
        return str(error)


def _libyaml_only(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    """What ``parse_week`` gives without the fast path."""
    with monkeypatch.context() as patch:
        patch.setattr(fileformat, "parse_canonical", lambda text: None)
        return _outcome(text)


def test_a_canonical_file_takes_the_fast_path():
    week = parse_canonical(CANONICAL)
    assert week is not None
    assert week == week_from_data(yamlio.load(CANONICAL), "t.yaml")
    assert week.items["Argo"]["research"].error_message == 'HTTP 429: "slow down"\n\u2028'
    assert week.items["yes"].removed


@pytest.mark.parametrize(
    ("change", "replacement"),
    [
        ("items:\n", "items:\n  # a comment someone added\n"),  # comments survive only in libyaml
        ("items:\n", "\nitems:\n"),  # a blank line
        ("  Argo:\n", '  "yes":\n    tasks: {}\n  Argo:\n'),  # duplicate: libyaml keeps the last
        ("retry_count: 2", "retry_count: 0x2"),  # an int libyaml reads in hex
        ("retry_count: 2", "retry_count: 02"),
        ("removed: true", "removed: yes"),  # YAML 1.1 boolean
        ("removed: true", "removed: True"),
        ("tasks: {}", "tasks: {research: {status: pending}}"),  # flow style
        ("agent: researcher", "agent: 'o''brien'"),  # single-quote escape
        ("agent: researcher", 'agent: "esc\\e"'),  # an escape the emitter never writes (\x1B)
        ("agent: researcher", "agent: &a researcher"),  # an anchor
        ("agent: researcher", "agent: researcher # note"),
        ("agent: researcher", "agent:   researcher"),
        ("agent: researcher", "agent: null"),
        ("etl_item_count: 2", "etl_item_count: 1.5"),
        ("created_at: '2026-11-02T09:00:00Z'", "created_at: 2026-11-02 09:00:00"),  # a timestamp
        ("week_letter: A", "week_letter: a"),  # invalid: the error comes from the libyaml path
        ("status: pending", "status: done"),
        ("items:\n", "items:\n  bad: [\n"),  # not YAML at all
        ("\n", "\r\n"),  # Windows line endings (first line only)
        ("# yaml-language-server", "#yaml-language-server"),  # a different header
    ],
)
def test_anything_else_falls_back_to_libyaml_with_the_same_result(
    change: str, replacement: str, monkeypatch: pytest.MonkeyPatch
):
    assert change in CANONICAL
    text = CANONICAL.replace(change, replacement, 1)
    assert parse_canonical(text) is None
    assert _outcome(text) == _libyaml_only(text, monkeypatch)


def test_the_reader_alone_is_lenient_and_needs_the_round_trip():
    # It reads "1e3" as a string where libyaml reads a float: only the check catches it.
    assert load_canonical("a: 1e3\n") == {"a": "1e3"}
    assert load_canonical("a:\n") == {"a": {}}  # libyaml: None
    assert load_canonical("a: 012\n") == {"a": 12}  # libyaml: 10 (octal)
    assert load_canonical("- a\n") is None


def test_metadata_extras_take_the_fast_path():
    text = CANONICAL.replace(
        "  etl_item_count: 2\n",
        "  etl_item_count: 2\n  owner: Editor Erin\n  tags:\n    - a\n    - - 1\n      - 2.5\n"
        "    - k: v\n      n: null\n  flags: {}\n",
    )
    week = parse_canonical(text)
    assert week is not None
    assert week.metadata["owner"] == "Editor Erin"
    assert week.metadata["tags"] == ["a", [1, 2.5], {"k": "v", "n": None}]
    assert week.metadata["flags"] == {}
    assert week == week_from_data(yamlio.load(text), "t.yaml")


@pytest.mark.parametrize("path", REAL_WEEKS, ids=lambda p: p.parent.name)
def test_the_committed_weeks_take_the_fast_path(path: Path):
    text = path.read_bytes()
    week = parse_canonical(text)
    assert week is not None
    assert week == week_from_data(yamlio.load(text), str(path))


@settings(max_examples=200, deadline=None)
@given(weeks, schema_refs)
def test_positions_read_off_canonical_lines_are_the_composed_ones(week: WeekTracker, ref: str):
    text = dump_week(week, ref)
    root = yamlio.compose(text)
    assert root is not None
    index = index_lines(text)
    if index is None:  # a sequence in metadata's extra data: libyaml locates those
        assert any(line.lstrip().startswith("- ") for line in text.splitlines())
        return
    assert index == index_nodes(root)
