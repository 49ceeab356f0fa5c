from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.names import (
    MAX_NAME_LENGTH,
    bucket_letter,
    clean_name,
    clean_names,
    sanitized_name,
)
from tracker.exceptions import InvalidNameError


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


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Argo", "Argo"),
        ("  Argo\t", "Argo"),
        ("\ufeffArgo", "Argo"),  # Windows editors start a file with a byte-order mark
        ("\ufeff Argo ", "Argo"),
        ("OPA/Gatekeeper", "OPA/Gatekeeper"),
        ("Ænix (member)", "Ænix (member)"),
        ("a" * MAX_NAME_LENGTH, "a" * MAX_NAME_LENGTH),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("\ufeff", "cannot be empty"),
        ("a" * (MAX_NAME_LENGTH + 1), f"201 characters long; names have at most {MAX_NAME_LENGTH}"),
        ("Argo\x1b[2J", "U+001B"),
        ("Argo\nBackstage", "U+000A"),
        ("Ar\u202egro", "U+202E"),  # right-to-left override
        ("Ar\u200bgo", "U+200B"),  # zero-width space
        ("Ar\ufeffgo", "U+FEFF"),
        ("Ar\udcffgo", "U+DCFF"),  # a byte read with the wrong encoding
        ("Ar\u2028go", "U+2028"),
        (5, "must be text"),
        (None, "must be text"),
    ],
)
def test_clean_name_refuses(raw: object, message: str) -> None:
    with pytest.raises(InvalidNameError, match=re.escape(message)):
        clean_name(raw)


@pytest.mark.parametrize("names", ["Argo", b"Argo", 5, None])
def test_clean_names_refuses_what_is_not_a_list_of_names(names: object) -> None:
    with pytest.raises(InvalidNameError, match="expected a list of item names"):
        clean_names(names)  # type: ignore[arg-type]


@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Cn", "Zl", "Zp")),
        min_size=1,
        max_size=MAX_NAME_LENGTH,
    ).filter(lambda s: s.strip().strip("\ufeff"))
)
def test_every_name_a_sync_accepts_is_written_as_valid_yaml(name: str) -> None:
    """Up to the maximum length, whatever the characters, validate accepts the file."""
    from tracker.checking.validate import validate_text
    from tracker.domain.sync import sync_items
    from tracker.domain.timeutil import utc_now
    from tracker.fileformat.emitter import dump_week

    week, _ = sync_items(None, "A", [name, "x" + '\\"' * (MAX_NAME_LENGTH // 2 - 1)], utc_now())
    result = validate_text(dump_week(week).encode("utf-8"), "t.yaml")
    assert result.diagnostics == [] and result.week == week
