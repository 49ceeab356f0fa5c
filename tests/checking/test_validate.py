"""Validation: every problem located at the offending key or value."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tracker.checking import validate
from tracker.checking.validate import validate_text
from tracker.fileformat import yamlio

GOOD = """\
metadata:
  week_letter: A
  etl_item_count: 1
items:
  Argo:
    tasks:
      research:
        status: pending
week_tasks:
  tasks: {}
"""


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


CASES = [
    ("syntax", "metadata: [\n", [("Y001", 2, 1, "invalid YAML")]),
    (
        "conflict markers",
        _with(
            "        status: pending\n",
            "<<<<<<< ours\n        status: pending\n=======\n        status: skipped\n"
            ">>>>>>> theirs\n",
        ),
        [("M001", 8, 1, "'<<<<<<<'"), ("M001", 10, 1, "'======='"), ("M001", 12, 1, "'>>>>>>>'")],
    ),
    ("tab", _with("  week_letter: A", "\tweek_letter: A"), [("Y001", 2, 1, "invalid YAML")]),
    (
        "duplicate key",
        _with("  etl_item_count: 1\n", "  etl_item_count: 1\n  week_letter: B\n"),
        [("Y002", 4, 3, "duplicate key metadata.week_letter (first at line 2)")],
    ),
    (
        "duplicate item",
        GOOD + "items:\n  Argo: {}\n",
        [("Y002", 11, 1, "duplicate key items (first at line 4)")],
    ),
    (
        "anchor and alias",
        _with("  Argo:", "  Argo: &a\n  Bad: *a\n  Cat:"),
        [("Y003", 5, 9, "anchor 'a'"), ("Y003", 6, 8, "alias 'a'")],
    ),
    (
        "custom tag",
        _with("status: pending", "status: !status pending"),
        [("Y004", 8, 17, "custom tag '!status'")],
    ),
    (
        "plain timestamp",
        _with("status: pending", "status: pending\n        started_at: 2026-11-02T10:00:00Z"),
        [("Y005", 9, 21, "started_at: unquoted time; write it as '2026-11-02T10:00:00Z'")],
    ),
    ("empty", "", [("S001", 1, 1, "file is empty")]),
    ("list", "- a\n", [("S001", 1, 1, "not a mapping")]),
    (
        "bad status",
        _with("status: pending", "status: done"),
        [("S002", 8, 17, "items.Argo.tasks.research.status: Input should be 'pending'")],
    ),
    (
        "unknown field",
        _with("        status: pending", "        status: pending\n        owner: bob"),
        [("S002", 9, 9, "items.Argo.tasks.research.owner: Extra inputs are not permitted")],
    ),
    (
        "unknown task type",
        _with("      research:", "      reserch:"),
        [("S002", 7, 7, "items.Argo.tasks.reserch: unknown task type 'reserch'")],
    ),
    (
        "week task at item level",
        _with("      research:", "      blog_post:"),
        [("S002", 7, 7, "task type 'blog_post' is not an item-level task")],
    ),
    (
        "missing week letter",
        _with("  week_letter: A\n", ""),
        [("S002", 1, 1, "metadata.week_letter: Field required")],
    ),
    (
        "bad letter",
        _with("week_letter: A", "week_letter: a"),
        [("S002", 2, 16, "metadata.week_letter: String should match pattern")],
    ),
    (
        "count as text",
        _with("etl_item_count: 1", "etl_item_count: '1'"),
        [("S002", 3, 19, "metadata.etl_item_count: Input should be a valid integer")],
    ),
    (
        "bad time",
        _with("status: pending", "status: pending\n        started_at: 'yesterday'"),
        [("S002", 9, 21, "items.Argo.tasks.research.started_at: 'yesterday' is not an ISO")],
    ),
    (
        "two problems",
        _with("status: pending", "status: nope\n        retry_count: many"),
        [("S002", 8, 17, "status"), ("S002", 9, 22, "retry_count")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_is_located(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    result = validate_text(text.encode(), "f.yaml")
    got = [(d.rule, d.line, d.col, d.message) for d in result.diagnostics]
    assert [g[:3] for g in got] == [e[:3] for e in expected], got
    for (*_, message), (*_, fragment) in zip(got, expected, strict=True):
        assert fragment in message
    assert result.week is None or not any(d.rule.startswith("S") for d in result.diagnostics)


@pytest.mark.parametrize(
    "timestamp", ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00", "2026-11-24T11:00:00+01:00"]
)
def test_naive_and_aware_times_are_valid(timestamp: str) -> None:
    text = _with("status: pending", f"status: pending\n        started_at: '{timestamp}'")
    result = validate_text(text.encode(), "f.yaml")
    assert result.diagnostics == []
    assert result.week is not None
    started = result.week.items["Argo"]["research"].started_at
    assert started is not None and started.isoformat() == "2026-11-24T10:00:00+00:00"


def test_real_weeks_are_valid(real_week_files: list[bytes]) -> None:
    for text in real_week_files:
        assert validate_text(text, "w").diagnostics == []


def _corpus() -> list[bytes]:
    """Files of every kind: the cases above, the lint cases, real weeks, and those rewritten
    by another tool (block style, sorted keys, no modeline) or by hand (flow records)."""
    lint_cases = (REPO_ROOT / "tests" / "checking" / "lint" / "cases").glob(
        "*/weeks/*/tracker.yaml"
    )
    real = sorted((REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml"))[:4]
    texts = [case[1].encode() for case in CASES]
    texts += [
        _with("  Argo:", "  'Argo #2': # a comment after a key\n    tasks: {}\n  Argo:").encode(),
        _with("status: pending", "status: failed\n        error_message: 'retry #3 # failed'")
        .replace("metadata:", "# why\nmetadata:  #  and why")
        .encode(),
    ]
    texts += [path.read_bytes() for path in (*sorted(lint_cases), *real)]
    for path in real:
        data = yaml.safe_load(path.read_bytes())
        texts.append(yaml.safe_dump(data, allow_unicode=True).encode())
        texts.append(yaml.safe_dump(data, default_flow_style=None, width=60).encode())
    return texts


def _locs(data: object, loc: tuple = ()) -> list[tuple]:
    """Every path into ``data``, and a missing one below each mapping."""
    found = [loc]
    if isinstance(data, dict):
        found.append((*loc, "no such key", "deeper"))
        for key, value in data.items():
            found += _locs(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _locs(value, (*loc, index))
    return found


@pytest.mark.parametrize("text", _corpus())
def test_the_fast_paths_give_the_composed_verdict_and_positions(text: bytes, monkeypatch):
    """Canonical text and text libyaml's events read are validated as composing nodes does."""
    fast = validate_text(text, "f.yaml")
    with monkeypatch.context() as composing_only:
        composing_only.setattr(validate, "parse_canonical", lambda text, **_: None)
        composing_only.setattr(validate, "stream_load", lambda text, **_: None)
        slow = validate_text(text, "f.yaml")
    assert fast.diagnostics == slow.diagnostics
    assert fast.week == slow.week
    assert (fast.positions is None) == (slow.positions is None)
    if fast.positions is not None and slow.positions is not None:
        for loc in _locs(yamlio.load(text)):
            for key in (False, True):
                assert fast.positions.of(loc, key=key) == slow.positions.of(loc, key=key), loc


def test_valid_files_build_no_index_of_positions() -> None:
    for text in _corpus():
        result = validate_text(text, "f.yaml")
        if result.positions is not None and not result.diagnostics:
            assert not result.positions.built
