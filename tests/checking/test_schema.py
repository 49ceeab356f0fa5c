"""The generated JSON Schema: committed, current, and in agreement with the tool."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checking.test_validate import CASES, GOOD
from tests.conftest import REPO_ROOT
from tracker.checking.schema import render_schema, schema_drift, write_schema
from tracker.checking.validate import validate_text
from tracker.cli.main import main
from tracker.fileformat import yamlio
from tracker.project import SCHEMA_PATH

COMMITTED = REPO_ROOT / SCHEMA_PATH


def test_committed_schema_is_current() -> None:
    assert schema_drift(COMMITTED) == []


def test_rendering_is_deterministic() -> None:
    assert render_schema() == render_schema()
    assert render_schema() == COMMITTED.read_text()


def test_task_keys_and_times_are_constrained() -> None:
    schema = yamlio.load(render_schema())
    defs = schema["$defs"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert defs["ItemTasks"]["properties"]["tasks"]["propertyNames"] == {
        "enum": ["research", "content"]
    }
    assert defs["WeekTasks"]["properties"]["tasks"]["propertyNames"] == {"enum": ["blog_post"]}
    assert defs["TaskRecord"]["properties"]["status"]["$ref"] == "#/$defs/TaskStatus"
    assert defs["TaskStatus"]["enum"] == [
        "pending",
        "in_progress",
        "completed",
        "failed",
        "skipped",
    ]
    assert defs["TaskRecord"]["additionalProperties"] is False
    assert "description" in defs["TaskRecord"]["properties"]["started_at"]


def test_stale_schema_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tracker.schema.json"
    path.write_text(render_schema().replace('"in_progress",', ""))
    assert main(["schema", "--check", "--output", str(path)]) == 1
    assert '+        "in_progress",' in capsys.readouterr().out
    assert main(["schema", "--output", str(path)]) == 0
    assert write_schema(path) is False
    assert main(["schema", "--check", "--output", str(path)]) == 0


def test_missing_schema_is_stale(tmp_path: Path) -> None:
    assert "does not exist" in schema_drift(tmp_path / "none.json")[0]


_TIMES = [
    "2026-11-24T10:00:00Z",
    "2026-11-24T10:00:00",
    "2026-11-24T10:00:00.123456+05:30",
    "2026-11-24 10:00:00",
    "2026-11-24",
    "2026-13-01T10:00:00Z",
    "2026-11-24T10:00:00+0100",
    "yesterday",
]
_EXTRA = [
    GOOD.replace("status: pending", f"status: pending\n        started_at: '{t}'") for t in _TIMES
] + [
    GOOD.replace("status: pending", "status: pending\n        retry_count: 1.5"),
    GOOD.replace("status: pending", "status: pending\n        agent: 7"),
    GOOD.replace("  Argo:\n", "  Argo:\n    removed: 'yes'\n"),
    GOOD.replace("tasks: {}", "tasks: {research: {}}"),
    GOOD.replace("week_tasks:\n  tasks: {}\n", ""),
    GOOD.replace("  etl_item_count: 1\n", "  etl_item_count: 1\n  owner: x\n"),
    GOOD.replace("  etl_item_count: 1\n", "  etl_item_count: 1\n  tags: [a, {b: [1, null]}]\n"),
    GOOD.replace("  week_letter: A\n", ""),  # a file must name its week
    GOOD.replace("  week_letter: A\n", "  week_letter: null\n"),
    GOOD.replace("  etl_item_count: 1\n", "  etl_item_count: one\n  owner: x\n"),
    "items: {}\n",  # and have metadata
]


def _corpus() -> list[str]:
    lint_cases = sorted(
        (REPO_ROOT / "tests" / "checking" / "lint" / "cases").glob("*/weeks/*/tracker.yaml")
    )
    weeks = sorted((REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml"))[:3]
    texts = [p.read_text() for p in (*lint_cases, *weeks)]
    texts += [text for _, text, expected in CASES if expected[0][0] in ("S001", "S002", "Y005")]
    return texts + _EXTRA


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = yamlio.load(COMMITTED.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("text", _corpus())
def test_schema_and_tool_agree(validator: jsonschema.Draft202012Validator, text: str) -> None:
    tool_ok = validate_text(text.encode(), "f").diagnostics == []
    schema_ok = validator.is_valid(yamlio.load(text))
    assert tool_ok == schema_ok


def test_corpus_has_both_verdicts(validator: jsonschema.Draft202012Validator) -> None:
    verdicts = {validator.is_valid(yamlio.load(text)) for text in _corpus()}
    assert verdicts == {True, False}


@pytest.mark.slow
def test_check_jsonschema_accepts_data() -> None:
    files = sorted(str(p) for p in (REPO_ROOT / "data" / "weeks").glob("*/tracker.yaml"))
    assert len(files) == 26
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(COMMITTED), *files]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


_values = {
    "status": st.sampled_from(["pending", "in_progress", "completed", "failed", "skipped", "done"]),
    "agent": st.one_of(st.none(), st.just("writer"), st.integers(0, 3)),
    "started_at": st.one_of(st.none(), st.sampled_from(_TIMES), st.integers(0, 10**9)),
    "retry_count": st.one_of(st.integers(-2, 5), st.just("2"), st.just(1.5), st.booleans()),
    "output_file": st.one_of(st.none(), st.just("research/argo.yaml"), st.just(["x"])),
    "owner": st.just("bob"),
}
_records = st.fixed_dictionaries({}, optional=_values)
_weeks = st.fixed_dictionaries(
    {
        "metadata": st.fixed_dictionaries(
            {},
            optional={
                "week_letter": st.sampled_from(["A", "a", "AB", None]),
                "etl_item_count": st.one_of(st.integers(0, 3), st.just("3")),
                "owner": st.one_of(st.just("bob"), st.lists(st.integers(), max_size=2)),
            },
        ),
        "items": st.dictionaries(
            st.sampled_from(["Argo", "Helm"]),
            st.fixed_dictionaries(
                {
                    "tasks": st.dictionaries(
                        st.sampled_from(["research", "content", "blog_post"]), _records
                    )
                },
                optional={"removed": st.one_of(st.booleans(), st.just("yes"))},
            ),
            max_size=2,
        ),
    }
)


@settings(max_examples=100, deadline=None)
@given(data=_weeks)
def test_schema_and_tool_agree_on_generated_weeks(
    validator: jsonschema.Draft202012Validator, data: dict[str, Any]
) -> None:
    text = json.dumps(data)  # JSON is YAML
    tool_ok = validate_text(text.encode(), "f").diagnostics == []
    assert tool_ok == validator.is_valid(data)
