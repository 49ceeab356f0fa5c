"""Data paths map back to 1-based line:col; construction matches PyYAML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tracker.fileformat import yamlio
from tracker.fileformat.positions import DuplicateKey, Position, Positions, construct, index_nodes

TEXT = """\
a:
  b: 1
  "c d": [x, {e: true}]
a2: null
"""


def _load(text: str) -> tuple[object, list[DuplicateKey], Positions]:
    root = yamlio.compose(text)
    assert root is not None
    constructed = construct(root)
    return constructed.data, constructed.duplicates, Positions.of_nodes(root)


def test_positions_of_values_and_keys() -> None:
    _, _, positions = _load(TEXT)
    assert positions.of(("a", "b")) == Position(2, 6)
    assert positions.of(("a", "b"), key=True) == Position(2, 3)
    assert positions.of(("a", "c d", 1, "e")) == Position(3, 18)
    assert positions.of(("a", "missing", "deeper")) == Position(1, 1)
    assert positions.of(()) == Position(1, 1)


def test_duplicates_reported_last_value_kept() -> None:
    data, dups, _ = _load("k: 1\nm: {x: 1}\nk: 2\n")
    assert data == {"k": 2, "m": {"x": 1}}
    assert dups == [DuplicateKey(("k",), Position(3, 1), Position(1, 1))]


_text = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=20)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), _text, st.floats(allow_nan=False))
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)


@given(_data)
def test_construct_equals_pyyaml(data: object) -> None:
    import json

    text = json.dumps(data, ensure_ascii=False)  # JSON is YAML
    root = yamlio.compose(text)
    assert root is not None
    assert construct(root).data == yamlio.load(text)


def test_plain_timestamps_are_noted() -> None:
    root = yamlio.compose("a: 2026-11-02T10:00:00Z\nb: '2026-11-02T10:00:00Z'\n")
    assert root is not None
    assert construct(root).unquoted_times == [(("a",), Position(1, 4), "2026-11-02T10:00:00Z")]


def test_the_index_is_built_once_however_many_positions_are_looked_up() -> None:
    """A file with thousands of findings costs one pass over it, not one per finding."""
    text = "items:\n" + "".join(f"  item{n}:\n    status: pending\n" for n in range(3000))
    root = yamlio.compose(text)
    assert root is not None
    builds = []

    def build():
        builds.append(1)
        return index_nodes(root)

    positions = Positions(build)
    assert not positions.built
    for n in range(3000):
        assert positions.of(("items", f"item{n}", "status")) == Position(3 + 2 * n, 13)
    assert positions.of(("items", "item9", "status"), key=True) == Position(21, 5)
    assert builds == [1]
    assert positions.built


def test_sequences_are_indexed_like_pydantic_locates_their_entries() -> None:
    root = yamlio.compose("a: [x, y, {z: 1}]\n")
    assert root is not None
    positions = Positions.of_nodes(root)
    assert positions.of(("a", 2, "z")) == Position(1, 15)
    assert positions.of(("a", -1)) == Position(1, 11)
    assert positions.of(("a", 3)) == Position(1, 1)  # not there: the key holding it
    assert positions.of(("a", "0")) == Position(1, 1)  # a sequence has no keys
