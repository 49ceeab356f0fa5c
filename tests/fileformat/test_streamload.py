"""Reading from libyaml's events: the same data, times and positions as composing nodes."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.fileformat import yamlio
from tracker.fileformat.positions import construct, index_nodes
from tracker.fileformat.streamload import comments_outside, stream_index, stream_load

_text = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=12)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), _text, st.floats(allow_nan=False))
_data = st.dictionaries(
    _text,
    st.recursive(
        _scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
        max_leaves=16,
    ),
    max_size=5,
)
_styles = st.sampled_from(
    [
        lambda data: json.dumps(data, ensure_ascii=False),  # JSON is YAML: flow style
        lambda data: yaml.safe_dump(data, allow_unicode=True),  # block style, sorted keys
        lambda data: yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=20),
    ]
)


def _same_as_nodes(text: str | bytes) -> None:
    root = yamlio.compose(text)
    assert root is not None
    composed = construct(root)
    streamed = stream_load(text, index=True)
    assert streamed is not None
    assert streamed.data == composed.data
    assert streamed.unquoted_times == composed.unquoted_times
    assert streamed.index == index_nodes(root)
    assert stream_index(text) == index_nodes(root)


@settings(max_examples=300, deadline=None)
@given(_data, _styles)
def test_data_times_and_positions_match_the_composed_nodes(data: dict, style) -> None:
    _same_as_nodes(style(data))


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b: 1\n  'c d': [x, {e: true}]\na2: null\n",
        "started_at: 2026-11-02T10:00:00Z\nwhen: 2026-11-02\n",
        "2026-11-02T10:00:00Z: [[1, 2026-11-02], {}]\n",  # a plain time as a key
        "n: !!int '12'\ns: !!str 12\nf: !!float 1\nb: ! 12\nm: !!map {a: 1}\nq: !!seq [1]\n",
        "x: 0x1A\ny: 1_000\nz: .inf\nw: ~\nv: yes\n",
        "%YAML 1.1\n---\na: 1\n...\n",
        "a: |\n  block\n  text\nb: >\n  folded\n",
    ],
)
def test_yaml_features_tracker_files_may_use(text: str) -> None:
    _same_as_nodes(text)


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty: S001, said by the composing path
        "- a\n",  # not a mapping
        "just text\n",
        "a: 1\na: 2\n",  # a duplicate key: Y002
        "a: &x 1\nb: *x\n",  # anchors and aliases: Y003
        "<<: {a: 1}\n",  # a merge key
        "? [a]\n: 1\n",  # a key that is a sequence
        "? {a: 1}\n: 1\n",
        "a: !status pending\n",  # a custom tag: Y004
        "a: !!binary aGk=\n",
        "a: !!set {x}\n",
        "a: !!seq {x: 1}\n",  # a tag of the other kind
        "a: !!int nope\n",  # a value its tag cannot build
        "a: 2024-02-30\n",
        "a: 1\n---\nb: 2\n",  # two documents
        "a: {\n",  # a syntax error: Y001
        "a: [" * 70 + "]" * 70 + "\n",  # deeper than MAX_DEPTH
    ],
)
def test_what_the_events_leave_to_the_composing_path(text: str) -> None:
    assert stream_load(text) is None
    assert stream_load(text, index=True) is None


_pieces = st.sampled_from(
    [
        "a: 1", "b: 'x # y'", 'c: "# z"', "d: C#", "e: x #note", "# alone", "  # indented",
        "f: |\n  block # kept\n  #kept", "g: [1, '#', 2] # flow", "h: {i: '#'} #", "'#k': v",
        "j: >\n  folded #\n", "k: plain text # tail", "l: 'multi\n  # line'", "m: x\t# tab",
        "n: 名前 # 注", "o: ''", "p: '#'#", "q: é # é", "r: [a,#]", "s: [\n  '#',#\n  b]",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=8, unique=True))
def test_comments_found_from_the_values_marks_are_the_tokens_ones(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    try:
        expected = yamlio.find_comments(text)
        streamed = stream_load(text, scalars=True)
    except yamlio.YAMLError:
        return
    if streamed is None or streamed.scalars is None:
        return
    assert comments_outside(text, streamed.scalars) == expected
    assert comments_outside(text.encode(), streamed.scalars) == expected


def test_line_breaks_libyaml_counts_otherwise_are_left_to_the_tokens() -> None:
    for text in ("a: 1\r# c\r", "a: 1\u2028# c\n", "\ufeffa: 1 # c\n", "%YAML 1.1\n---\na: 1\n"):
        streamed = stream_load(text, scalars=True)
        assert streamed is not None and streamed.scalars is not None
        assert comments_outside(text, streamed.scalars) is None
