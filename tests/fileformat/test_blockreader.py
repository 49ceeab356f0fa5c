"""The block reader gives libyaml's data or gives up: on generated data in many dump
styles, on mutated texts, and on every hazard a person's file may hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.fileformat.blockreader import load_block
from tracker.fileformat.emitter import SCHEMA_MODELINE
from tracker.fileformat.linepositions import index_lines
from tracker.fileformat.streamload import stream_load

REPO = Path(__file__).resolve().parents[2]


def libyaml(text: str) -> Any:
    """What libyaml's safe loader makes of ``text``; an exception type when it refuses it."""
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        return type(error)


def agrees(text: str) -> bool:
    """The reader gave up, or gave exactly libyaml's data (and libyaml accepted the text),
    and the marks read off its lines (when it reads them) are those libyaml's events give."""
    found = load_block(text)
    if found is None:
        return True
    events = stream_load(text.encode(), index=True)  # with index: the events path
    assert events is not None and events.index is not None
    lines = index_lines(text)  # None: it leaves the text to libyaml's events (a "- " line)
    return found == libyaml(text) and (lines is None or lines == events.index)


# Text with every character class that matters to YAML: indicators, quotes, spaces at
# either end, the words YAML 1.1 reads as bools or nulls, digits that read as numbers,
# times, non-ASCII, and long runs that dumpers fold over lines.
_WORDS = [
    "yes", "No", "on", "OFF", "null", "~", "true", "012", "0x1f", "1:30", "1_000",
    "2026-11-24", "2026-11-24T10:00:00Z", ".inf", "-", "<<", "=", "C++", "C #10",
    "a: b", "it's", 'say "hi"', "#tag", "- item", "? key", "&anchor", "*alias", "!tag",
    "|", ">", "[x]", "{y}", "%z", "@w", "`v", "Ünïcödé", "日本", " lead", "trail ", "",
]  # fmt: skip
_PIECES = ["word", "x", "'", '"', "#", ":", " ", "  ", "\n", "é"]
_TEXT = st.one_of(
    st.sampled_from(_WORDS),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
)
_SCALARS = st.one_of(
    _TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.just({}),
    st.just([]),
)
_TREES = st.recursive(
    _SCALARS, lambda inner: st.dictionaries(_TEXT, inner, max_size=5), max_leaves=30
)
_DOCUMENTS = st.dictionaries(_TEXT, _TREES, min_size=1, max_size=5)
_STYLES = st.fixed_dictionaries(
    {
        "width": st.sampled_from([20, 40, 80, 1000]),
        "indent": st.sampled_from([2, 3, 4]),
        "allow_unicode": st.booleans(),
        "sort_keys": st.booleans(),
        "default_style": st.sampled_from([None, "'", '"']),
    }
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS, _STYLES, st.booleans())
def test_generated_data_in_any_dump_style_reads_as_libyaml_reads_it(
    data: dict[Any, Any], style: dict[str, Any], modeline: bool
) -> None:
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, default_flow_style=False, **style)
    if modeline:
        text = f"{SCHEMA_MODELINE}../schema.json\n{text}"
    assert agrees(text), text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS, st.data())
def test_mutated_texts_read_as_libyaml_reads_them_or_are_given_up(
    data: dict[Any, Any], draw: st.DataObject
) -> None:
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, default_flow_style=False, width=40)
    for _ in range(draw.draw(st.integers(1, 3))):
        at = draw.draw(st.integers(0, len(text)))
        insert = draw.draw(
            st.sampled_from([" ", "  ", "\n", "'", '"', "#", ": ", ":", "-", "- ", "\t", "&a ",
                             "*a", "!!str ", "|", "? ", "---\n", "  x: 1\n", "\r\n", "\\"])
        )  # fmt: skip
        text = text[:at] + insert + text[at:]
    assert agrees(text), text


_INSERTS = [" ", "  ", "\n", "'", '"', "#", ": ", ":", "-", "- ", "\t", "&a ", "*a", "!!str ",
            "|", "? ", "---\n", "  x: 1\n", "\r\n", "\\", "\\n", "{}", "[]", "~", "''"]  # fmt: skip
_SAMPLE = (
    f"{SCHEMA_MODELINE}s.json\nmetadata:\n  week_letter: A\n"
    r'  note: "say \"hi\""' + "\n"
    "items:\n  'C++':\n    tasks:\n      research:\n        status: failed\n"
    "        error_message: 'a long\n          message'\n        retry_count: 2\n"
    "  Argo:\n    tasks: {}\nweek_tasks:\n"
)


def test_every_single_edit_of_a_sample_reads_as_libyaml_reads_it_or_is_given_up() -> None:
    """Each token inserted at each position of a small file: no edit is read otherwise
    than libyaml reads it, and none raises."""
    assert load_block(_SAMPLE) is not None
    for at in range(len(_SAMPLE) + 1):
        for insert in _INSERTS:
            text = _SAMPLE[:at] + insert + _SAMPLE[at:]
            assert agrees(text), text


def test_a_week_as_another_tool_writes_it_is_read_and_equal() -> None:
    """The committed weeks, rewritten by PyYAML: the reader takes them (it is not only
    giving up) and gives libyaml's data."""
    for path in sorted((REPO / "data" / "weeks").glob("*/tracker.yaml"))[:6]:
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        for width in (40, 80):
            text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, width=width)
            assert load_block(text) == data, path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 'one\n  two\n\n  three\n\n\n  four  '\n", {"a": "one two\nthree\n\nfour  "}),
        ("a: 'it''s\n  ''quoted'''\n", {"a": "it's 'quoted'"}),
        ("'it''s': 'it''s'\n", {"it's": "it's"}),
        (
            '"a\\"b": "\\ttab \\"q\\" \\\\ \\x41\\u00e9\\U0001F600\\n"\n',
            {'a"b': '\ttab "q" \\ A\u00e9\U0001f600\n'},
        ),
        ("a:\nb: {}\nc: []\n", {"a": None, "b": {}, "c": []}),
        (
            "k:\n    deep:\n\n      deeper: 1\n    back: x\nnothing:\n",
            {"k": {"deep": {"deeper": 1}, "back": "x"}, "nothing": None},
        ),
        ("'C++': \"C #10\"\nC#: a#b\n", {"C++": "C #10", "C#": "a#b"}),
        ("on: 1\n", None),  # a key YAML 1.1 reads as a bool
        (f"{SCHEMA_MODELINE}x.json\nk: v\n", {"k": "v"}),
    ],
)
def test_shapes_it_reads(text: str, expected: Any) -> None:
    assert load_block(text) == expected
    assert expected is None or (libyaml(text) == expected and agrees(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1 # a comment\n",
        "# a person's note\na: 1\n",
        "a: 1\n  # indented note\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  block\n",
        "a: >\n  folded\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a:\n- 1\n",
        "a:\n  - 1\n",
        "a: 1\na: 2\n",
        "a: 2026-11-24T10:00:00Z\n",
        "a: 2026-11-24\n",
        "a: plain\n  continued\n",
        'a: "\\e"\n',
        'a: "\\ud800"\n',
        'a: "\\/"\n',
        'a: "line \\\n  continued"\n',
        "a: 'never closed\n",
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "\ufeffa: b\n",
        "---\na: b\n",
        "%YAML 1.1\n---\na: b\n",
        "a:\n    b: 1\n  c: 2\n",
        "  a: 1\n",
        "a: b \n",
        "a: \n",
        "a: b\nc: \n",
        "a:  b\n",
        "a: b:\n",
        "a: b: c\n",
        "<<: {}\n",
        "1: one\n",
        "",
        "   \n",
        "a: 'x' # c\n",
        "".join(f"{'  ' * n}k{n}:\n" for n in range(200)) + "  " * 200 + "v: 1\n",
    ],
)
def test_hazards_are_left_to_libyaml(text: str) -> None:
    assert load_block(text) is None
