"""Texts known canonical: proven once (or written) per process, never taken on trust."""

from __future__ import annotations

import pytest

from tracker.domain.models import WeekTracker
from tracker.fileformat import known, reader
from tracker.fileformat.emitter import dump_week
from tracker.fileformat.reader import parse_canonical


@pytest.fixture
def proofs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The round-trip proofs made (the week emitted to compare), from a fresh state."""
    known.forget_all()
    made: list[str] = []
    real = reader.is_dump_of
    monkeypatch.setattr(reader, "is_dump_of", lambda *a, **k: made.append("dump") or real(*a, **k))
    return made


def test_a_text_is_proven_once_then_known(proofs: list[str]) -> None:
    week = WeekTracker.from_file_data({"metadata": {"week_letter": "A"}, "items": {"Argo": {}}})
    text = dump_week(week).encode()
    assert parse_canonical(text) == week
    assert parse_canonical(text) == week
    assert proofs == ["dump"]


def test_a_text_written_needs_no_proof_and_one_changed_byte_does(proofs: list[str]) -> None:
    week = WeekTracker.from_file_data({"metadata": {"week_letter": "A"}, "items": {"Argo": {}}})
    text = dump_week(week).encode()
    known.remember(text)
    assert parse_canonical(text) == week
    assert proofs == []
    assert parse_canonical(text.replace(b"Argo", b"Argp")) is not None
    assert proofs == ["dump"]
    assert parse_canonical(text.replace(b"Argo:", b"Argo: ")) is None  # not canonical: proven so
    assert not known.is_known(text.replace(b"Argo:", b"Argo: "))


def test_memory_stays_bounded() -> None:
    known.forget_all()
    for n in range(1000):
        known.remember(f"text {n}")
    assert len(known._known) == known._KEPT
    assert known.is_known("text 999") and not known.is_known("text 0")
