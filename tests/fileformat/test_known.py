"""Texts known canonical: proven once (or written), then known to this process and to the
user's other processes running the same code; never taken on trust otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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


def test_memory_stays_bounded_and_the_shared_store_remembers_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    known.forget_all()
    for n in range(1000):
        known.remember(f"text {n}")
    assert len(known._known) == known._KEPT
    assert known.is_known("text 999") and known.is_known("text 0")  # from the store
    known.forget_all()
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    assert not known.is_known("text 0")


_READ_BACK = """
import sys
from tracker.fileformat import reader
made = []
real = reader.is_dump_of
reader.is_dump_of = lambda *a, **k: made.append(1) or real(*a, **k)
assert reader.parse_canonical(open(sys.argv[1], "rb").read()) is not None
print(len(made))
"""


def _proofs_in_a_new_process(path: Path, **env: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _READ_BACK, str(path)],
        env={**os.environ, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout)


def test_another_process_reads_what_one_wrote_without_a_proof(tmp_path: Path) -> None:
    """Eight agents taking turns at one week, or a check after them: each reads texts the
    others wrote. Real processes; the cache folder is the test's (conftest)."""
    week = WeekTracker.from_file_data({"metadata": {"week_letter": "A"}, "items": {"Argo": {}}})
    path = tmp_path / "tracker.yaml"
    path.write_text(dump_week(week), "utf-8")
    assert _proofs_in_a_new_process(path) == 1  # nobody wrote it through the tracker
    assert _proofs_in_a_new_process(path) == 0  # the first reader proved it for everyone
    path.write_text(dump_week(week).replace("Argo", "Argp"), "utf-8")
    assert _proofs_in_a_new_process(path) == 1  # another text: proven again
    assert _proofs_in_a_new_process(path, TRACKER_NO_CACHE="1") == 1


def test_other_code_does_not_trust_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    known.forget_all()
    known.remember("a text")
    known.forget_all()
    monkeypatch.setattr(known, "code_identity", lambda: "another version of the tracker")
    assert not known.is_known("a text")


def test_entries_not_touched_for_a_day_are_swept() -> None:
    known.remember("old")
    known.remember("new")
    folder = known._shared_folder()
    assert folder is not None
    old = folder / known._digest("old").hex()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    known._sweep(folder)
    known.forget_all()
    assert not known.is_known("old") and known.is_known("new")
