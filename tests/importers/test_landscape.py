"""The real CNCF landscape: selection, buckets, and the committed data/weeks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import LANDSCAPE, REPO_ROOT
from tracker import YAMLTrackerBackend
from tracker.domain.weeks import WEEK_LETTERS
from tracker.exceptions import LandscapeError, MassRemovalError
from tracker.importers.landscape import (
    import_landscape,
    merge_case_variants,
    read_landscape,
    select,
    weekly_buckets,
)


@pytest.fixture(scope="module")
def items():
    return read_landscape(LANDSCAPE)


def test_reads_every_item(items):
    assert len(items) == 2413
    assert len(select(items)) == 966
    assert len(select(items, include_archived=True, require_repo=False)) == 2413


def test_no_selected_name_is_dropped(items):
    selected = {item.name for item in select(items)}
    buckets = weekly_buckets(item.name for item in select(items))
    placed = [name for names in buckets.values() for name in names]
    assert sorted(placed) == sorted(selected)  # duplicates once, nothing lost
    assert len(placed) == len(set(placed)) == 962
    for name, letter in [("etcd", "E"), ("k3s", "K"), ("containerd", "C"), ("3Scale", "S")]:
        assert name in buckets[letter]


def test_all_names_bucket_including_members(items):
    buckets = weekly_buckets(item.name for item in items)
    assert "Ænix (member)" in buckets["A"] and ".NET" in buckets["N"]
    assert sum(len(b) for b in buckets.values()) == 2413 - 6  # six exact duplicates
    # By first character C is largest (246); names led by digits join their first letter.
    assert (len(buckets["C"]), len(buckets["S"]), len(buckets["A"])) == (246, 248, 229)


def test_buckets_are_sorted_case_insensitively():
    assert weekly_buckets(["cilium", "Argo", "Crossplane", "argocd"])["C"] == [
        "cilium",
        "Crossplane",
    ]
    assert weekly_buckets(["argocd", "Argo"])["A"] == ["Argo", "argocd"]


def test_a_name_without_letters_is_an_error_not_a_drop():
    with pytest.raises(LandscapeError, match="'42'"):
        weekly_buckets(["42"])


def test_case_variants_keep_the_first_spelling():
    names, merged = merge_case_variants(["TruLens", "Argo", "Trulens", "argo", "TRULENS", "Argo"])
    assert names == ["TruLens", "Argo"]
    assert merged == [("TruLens", "Trulens"), ("Argo", "argo"), ("TruLens", "TRULENS")]


def test_committed_data_is_the_landscape_import(tmp_path: Path):
    imported = YAMLTrackerBackend(tmp_path)
    done = import_landscape(imported, LANDSCAPE)
    results = done.results
    assert [r.week_letter for r in results] == list(WEEK_LETTERS)
    # The landscape lists two projects twice, differing only by case; the first is kept.
    assert done.merged == [("openGauss", "OpenGauss"), ("TruLens", "Trulens")]
    assert sum(len(r.added) for r in results) == 960
    committed = YAMLTrackerBackend(REPO_ROOT / "data" / "weeks")
    assert committed.week_letters() == list(WEEK_LETTERS)
    for letter in WEEK_LETTERS:
        assert list(committed.load_tracker(letter).items) == list(
            imported.load_tracker(letter).items
        )
    assert not any(r.changed for r in import_landscape(imported, LANDSCAPE).results)  # idempotent
    for letter in WEEK_LETTERS:  # and every committed week passes N001 (no colliding outputs)
        assert all(not item.removed for item in committed.load_tracker(letter).items.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [("[1, 2]\n", "no top-level 'landscape'"), ("landscape: [1]\n", "not a list of mappings"),
     ("landscape: [\n", "invalid YAML")],
)  # fmt: skip
def test_bad_landscape_files(tmp_path: Path, text: str, message: str):
    path = tmp_path / "landscape.yml"
    path.write_text(text)
    with pytest.raises(LandscapeError, match=message):
        read_landscape(path)


LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)
) + "landscape:\n- name: *a9\n  subcategories: []\n"  # fmt: skip


def test_aliases_are_refused_before_they_expand(tmp_path: Path):
    """A few hundred bytes of nested aliases would expand to 9**10 strings."""
    path = tmp_path / "landscape.yml"
    path.write_text(LAUGHS)
    with pytest.raises(LandscapeError, match=r"landscape\.yml:1:5: invalid YAML: anchor 'a0'"):
        read_landscape(path)


@pytest.mark.parametrize(
    ("name", "message"), [("''", "cannot be empty"), ('"Argo\\e[2J"', "U+001B"), ("[1]", "text")]
)
def test_bad_item_names_are_refused_naming_where(tmp_path: Path, name: str, message: str):
    path = tmp_path / "landscape.yml"
    path.write_text(
        "landscape:\n- name: Cat\n  subcategories:\n  - name: Sub\n    items:\n"
        f"    - name: {name}\n"
    )
    with pytest.raises(LandscapeError, match=rf"landscape\.yml: Cat / Sub: .*{re.escape(message)}"):
        read_landscape(path)


def _landscape(path: Path, names: list[str]) -> Path:
    items = "".join(f"    - name: {name}\n      repo_url: https://x/{name}\n" for name in names)
    path.write_text(f"landscape:\n- name: C\n  subcategories:\n  - name: S\n    items:\n{items}")
    return path


def test_an_import_that_would_empty_a_week_changes_no_week(tmp_path: Path):
    backend = YAMLTrackerBackend(tmp_path / "weeks")
    first = ["Argo", "Airship", "Backstage", "Buildpacks"]
    import_landscape(backend, _landscape(tmp_path / "one.yml", first))
    before = {p: p.read_bytes() for p in (tmp_path / "weeks").rglob("*") if p.is_file()}
    smaller = _landscape(tmp_path / "two.yml", ["Argo", "Bookinfo"])  # B loses both items
    with pytest.raises(MassRemovalError, match="week B would mark 2 of its 2"):
        import_landscape(backend, smaller)
    assert {p: p.read_bytes() for p in before} == before
    results = import_landscape(backend, smaller, allow_mass_removal=True).results
    assert results[1].removed == ["Backstage", "Buildpacks"] and results[1].added == ["Bookinfo"]
