from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.names import bucket_letter, sanitized_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Argo", "argo"),
        ("OPA/Gatekeeper", "opa-gatekeeper"),
        ("Ænix (member)", "aenix-member"),
        ("C++", "c"),
        ("Core 24/7  Support", "core-24-7-support"),
        (".NET", "net"),
        ("Crédit Agricole", "credit-agricole"),
        ("TruLens", "trulens"),
        ("Trulens", "trulens"),
        ("Straße", "strasse"),
    ],
)
def test_sanitized_name(name: str, expected: str):
    assert sanitized_name(name) == expected


def test_sanitized_name_is_never_empty():
    assert re.fullmatch(r"item-[0-9a-f]{8}", sanitized_name("+++"))
    assert sanitized_name("日本") != sanitized_name("中国")


@given(st.text())
def test_sanitized_name_shape(name: str):
    slug = sanitized_name(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


@pytest.mark.parametrize(
    ("name", "letter"),
    [("etcd", "E"), ("k3s", "K"), ("gRPC", "G"), ("3Scale", "S"), (".NET", "N"),
     ("6WIND", "W"), ("Ænix (member)", "A"), ("Über", "U"), ("42", None)],
)  # fmt: skip
def test_bucket_letter(name: str, letter: str | None):
    assert bucket_letter(name) == letter
