"""The canonical emitter: every file it writes loads back with libyaml to the same data."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.models import (
    ItemTasks,
    TaskRecord,
    TaskStatus,
    WeekMetadata,
    WeekTasks,
    WeekTracker,
)
from tracker.domain.tasktypes import DEFAULT_ITEM_TASKS, DEFAULT_WEEK_TASKS
from tracker.domain.weeks import WEEK_LETTERS
from tracker.fileformat.emitter import DEFAULT_SCHEMA_REF, SCHEMA_MODELINE, dump_week
from tracker.fileformat.reader import parse_canonical, parse_week

# Strings YAML would read as something else, or that need quoting or escapes.
TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "",
    "1", "-1", "0x1F", "0o17", "012", "1.5", "1e3", ".inf", "-.Inf", ".NaN", "1_000",
    "2026-11-24", "2026-11-24T10:00:00Z", "12:30:45", "<<", "=", "-", "- a", "? a", ": a",
    "a: b", "a #b", "#a", "&a", "*a", "!a", "!!str", "|", ">", "%a", "@a", "`a", "'a'",
    '"a"', "a'b", 'a"b', "a\\b", " a", "a ", "a\tb", "a\nb", "a\r\nb", "\x00", "\x7f",
    "\x85", "\u2028", "\ufeff", "\ue000", "\U0001f680 rocket", "Æ Ø ß \u0131", "Ørsted",
    "Зеленый", "名前", "{a}", "[a]", "a,b", "a, b", "3Scale", ".NET", "OPA/Gatekeeper",
]  # fmt: skip

texts = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
optional_times = st.none() | times
optional_texts = st.none() | texts

records = st.builds(
    TaskRecord,
    status=st.sampled_from(TaskStatus),
    agent=optional_texts,
    started_at=optional_times,
    completed_at=optional_times,
    output_file=optional_texts,
    error_message=optional_texts,
    retry_count=st.integers(min_value=0, max_value=10**6),
    lease_expires_at=optional_times,
)
items = st.builds(
    ItemTasks,
    tasks=st.dictionaries(st.sampled_from(DEFAULT_ITEM_TASKS), records),
    removed=st.booleans(),
)
# Extra metadata: any JSON-like data under any key but the known ones.
json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
extras = st.dictionaries(
    texts.filter(lambda key: key not in WeekMetadata.model_fields), json_data, max_size=3
)
metadata = st.builds(
    lambda known, extra: WeekMetadata.model_validate({**extra, **known}),
    st.fixed_dictionaries(
        {
            "week_letter": st.sampled_from(WEEK_LETTERS),
            "created_at": optional_times,
            "last_synced": optional_times,
            "etl_item_count": st.integers(min_value=0, max_value=10**6),
        }
    ),
    extras,
)
schema_refs = st.sampled_from(
    [DEFAULT_SCHEMA_REF, "../../schemas/tracker.schema.json", "../../../../s/x y.json"]
)
weeks = st.builds(
    WeekTracker,
    metadata=metadata,
    items=st.dictionaries(texts, items, max_size=6),
    week_tasks=st.builds(
        WeekTasks, tasks=st.dictionaries(st.sampled_from(DEFAULT_WEEK_TASKS), records)
    ),
)


@settings(max_examples=300, deadline=None)
@given(weeks)
def test_every_emitted_file_loads_back_with_libyaml_to_the_same_data(week: WeekTracker):
    text = dump_week(week)
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    known = WeekMetadata.model_fields
    dumped = week.metadata.model_dump(mode="json")
    assert data["metadata"] == {k: v for k, v in dumped.items() if k not in known or v is not None}
    assert list(data["items"]) == list(week.items)  # names exactly, in file order
    for name, item in week.items.items():
        for task_type, record in item.tasks.items():
            loaded = data["items"][name]["tasks"][task_type]
            for field in ("agent", "output_file", "error_message"):
                assert loaded.get(field) == getattr(record, field)
    assert WeekTracker.model_validate(data) == week


@settings(max_examples=300, deadline=None)
@given(weeks, schema_refs)
def test_the_fast_reader_agrees_with_libyaml_and_the_form_is_canonical(
    week: WeekTracker, schema_ref: str
):
    text = dump_week(week, schema_ref)
    assert text.startswith(f"{SCHEMA_MODELINE}{schema_ref}\n")
    assert parse_canonical(text) == week  # the fast path reads everything the emitter writes
    assert parse_week(text, "t.yaml") == week
    assert parse_week(text.encode("utf-8"), "t.yaml") == week
    assert dump_week(parse_week(text, "t.yaml"), schema_ref) == text


def test_the_quick_test_for_escapes_finds_every_character_that_needs_one():
    from tracker.fileformat.yamlio import _ESCAPED, _escape

    for code in range(0x110000):
        char = chr(code)
        assert bool(_ESCAPED.search(char)) == (_escape(char) != char), hex(code)
