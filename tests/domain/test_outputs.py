"""Output paths: which are safe to record, and patterns filled with only the fields they use."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.outputs import fill_pattern, unsafe_output
from tracker.domain.weeks import Week

_parts = st.sampled_from(["a", "..", ".", "", "b.md", "\\", "C:", " ", "x\ty"])
_paths = st.lists(_parts, max_size=5).map("/".join) | st.text(max_size=8)


@given(_paths)
def test_unsafe_output_reads_paths_as_posix_paths_do(path: str) -> None:
    """Split by hand (it runs for every task the linter reads), as PurePosixPath splits."""
    pure = PurePosixPath(path.replace("\\", "/"))
    expected = (
        "it is empty" if not path.strip()
        else "it contains a control character" if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path)
        else "it is absolute" if pure.is_absolute() or (len(path) > 1 and path[1] == ":")
        else "it leaves the repository (..)" if ".." in pure.parts
        else None
    )  # fmt: skip
    assert unsafe_output(path) == expected


def test_a_pattern_makes_only_the_fields_it_uses(monkeypatch) -> None:
    from tracker.domain import outputs

    made = []
    monkeypatch.setitem(outputs.PATTERN_FIELDS, "sanitized_name", lambda *a: made.append(a) or "x")
    assert fill_pattern("{week_folder}/{task_type}.md", Week("B"), "Argo", "content") == (
        "01-B/content.md"
    )
    assert made == []
    assert fill_pattern("{sanitized_name}.md", Week("B"), "Argo", "content") == "x.md"
    assert len(made) == 1
