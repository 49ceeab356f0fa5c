"""Item anchors: stable, unique on a page, safe whatever the name."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tracker.report.anchors import item_anchor, item_anchors

SAFE = re.compile(r"^item-[a-z0-9-]+-[0-9a-f]{8}$")
CLASH = ("a/?  /b", "a !  ;?b")
"""Two names with the same sanitized name (``a-b``) and the same first 8 digest digits."""


def test_anchors_are_readable_and_stable():
    assert item_anchor("OPA/Gatekeeper").startswith("item-opa-gatekeeper-")
    assert item_anchor("OPA/Gatekeeper") == item_anchor("OPA/Gatekeeper")
    assert SAFE.match(item_anchor("<img src=x onerror=alert(1)>"))
    assert SAFE.match(item_anchor("\u00c6nix (member)"))


def test_names_differing_by_case_or_punctuation_never_share_an_anchor():
    names = ["TruLens", "Trulens", "OPA/Gatekeeper", "OPA Gatekeeper", "opa-gatekeeper", ".NET"]
    anchors = item_anchors(names)
    assert len(set(anchors.values())) == len(names)
    assert len({a.lower() for a in anchors.values()}) == len(names)  # not even ignoring case


def test_a_short_digest_clash_is_resolved_with_the_whole_digest():
    assert item_anchor(CLASH[0]) == item_anchor(CLASH[1])
    anchors = item_anchors([*CLASH, "Argo"])
    assert anchors[CLASH[0]] != anchors[CLASH[1]]
    assert anchors[CLASH[0]] == item_anchor(CLASH[0], 64)
    assert anchors["Argo"] == item_anchor("Argo")  # the others keep their short anchor


@given(st.lists(st.text(min_size=1), unique=True, max_size=20))
def test_any_names_get_unique_safe_anchors(names: list[str]):
    anchors = item_anchors(names)
    assert len(set(anchors.values())) == len(names)
    assert all(re.fullmatch(r"item-[a-z0-9-]+-[0-9a-f]+", a) for a in anchors.values())
