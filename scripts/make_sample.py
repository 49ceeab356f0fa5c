#!/usr/bin/env python3
"""Make the sample series in data/sample/: real landscape names, a few weeks of made-up work.

    python scripts/make_sample.py                 # rewrite data/sample/
    python scripts/make_sample.py --out /tmp/s    # somewhere else (the folder must be empty)
    tracker --data-dir data/sample render --series-start 2026-11-02 --out site-sample

The first few items of each week of ``data/landscape/landscape.yml`` (selected
and bucketed as ``tracker import-landscape`` does) are worked on through the
library, by agents that claim tasks with leases, fail, retry and finish, so
every state is one the state machine allowed and every change is in the
weeks' history (``history/sample.jsonl``). As of the last change (2026-11-26), weeks A to C
are done, week D is under way (failures, an exhausted retry, a held and an
expired lease, blocked and ready tasks) and E to Z are pending.

The clock and the event ids are fixed, so the same landscape always gives
the same bytes; a test regenerates the sample and compares.
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.agents.claims import claim_next
from tracker.agents.retries import retry_failed
from tracker.domain.models import TaskStatus
from tracker.domain.tasktypes import TASK_TYPE_BLOG_POST, TASK_TYPE_CONTENT, TASK_TYPE_RESEARCH
from tracker.importers.landscape import read_landscape, select, weekly_buckets
from tracker.store.yamlstore import YAMLTrackerBackend

ROOT = Path(__file__).resolve().parent.parent
LANDSCAPE = ROOT / "data" / "landscape" / "landscape.yml"
SAMPLE = ROOT / "data" / "sample"
SERIES_START = date(2026, 11, 2)
"""Week A's first day; render the sample with ``--series-start 2026-11-02``."""
ITEMS_PER_WEEK = 8
RESEARCH, CONTENT, BLOG = TASK_TYPE_RESEARCH, TASK_TYPE_CONTENT, TASK_TYPE_BLOG_POST
RATE_LIMITED = 'GitHub API: 403 "API rate limit exceeded"; retry after the reset'
NO_REPO = "repository not found: GitHub answered 404 (moved or renamed?)"
EMPTY_DRAFT = "model returned an empty draft (context too long?)"


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


class Series:
    """The sample's backend and clock, with the moves agents make."""

    def __init__(self, folder: Path) -> None:
        self.clock = Clock(datetime.combine(SERIES_START, datetime.min.time(), UTC))
        self.tracker = YAMLTrackerBackend(folder, clock=self.clock)
        self.tracker.writer = "sample"  # the same fragment name wherever it is generated
        ids = random.Random(2026)
        self.tracker.event_ids = lambda: uuid.UUID(int=ids.getrandbits(128), version=4).hex

    def day(self, week: int, weekday: int, hour: int, minute: int = 0) -> None:
        """Set the clock to ``weekday`` (0 = Monday) of week ``week`` (0 = A)."""
        self.clock.at(SERIES_START + timedelta(weeks=week, days=weekday), hour, minute)

    def work(
        self, week: str, task: str, agent: str, minutes: int, *,
        error: str | None = None, lease: timedelta = timedelta(hours=2),
    ) -> str | None:  # fmt: skip
        """``agent`` claims the next ready ``task`` of ``week``, works, then reports.

        With ``minutes`` < 0 the agent never reports (it stays in progress).
        Returns the item worked on.
        """
        claim = claim_next(self.tracker, week, task, agent=agent, lease=lease)
        if claim is None:
            raise RuntimeError(f"nothing ready: {task} of week {week}")
        if minutes < 0:
            return claim.item_name
        self.clock.advance(minutes)
        status = TaskStatus.FAILED if error else TaskStatus.COMPLETED
        self.tracker.update_task(
            week, claim.item_name, task, status, error_message=error, agent=agent
        )
        self.clock.advance(3)
        return claim.item_name

    def retry(self, week: str, task: str) -> None:
        self.clock.advance(10)
        retry_failed(self.tracker, week, task)


def _finished_week(series: Series, index: int, letter: str, size: int) -> None:
    """Research Monday and Tuesday, content Wednesday and Thursday, the blog post Friday."""
    series.day(index, 0, 9)
    for n in range(size):
        error = RATE_LIMITED if n == 2 else None
        series.work(letter, RESEARCH, f"researcher-{1 + n % 2}", 35 + 7 * n, error=error)
        if error:  # retried at once: the claim takes it again, first in file order
            series.retry(letter, RESEARCH)
            series.work(letter, RESEARCH, "researcher-1", 41)
    series.day(index, 2, 9)
    for n in range(size):
        if index == 1 and n == size - 1:  # a project without enough to say: skipped
            item = series.tracker.get_pending_items(letter, CONTENT)[0]
            series.tracker.update_task(letter, item, CONTENT, TaskStatus.SKIPPED, agent="writer-1")
            continue
        error = EMPTY_DRAFT if n == 4 and index == 0 else None
        series.work(letter, CONTENT, f"writer-{1 + n % 2}", 50 + 11 * n, error=error)
        if error:
            series.retry(letter, CONTENT)
            series.work(letter, CONTENT, "writer-2", 64)
    series.day(index, 4, 10)
    series.work(letter, BLOG, "writer-1", 150)


def _current_week(series: Series, index: int, letter: str) -> None:
    """Week D on Thursday afternoon: everything a reader should see at once."""
    series.day(index, 0, 9)
    series.work(letter, RESEARCH, "researcher-1", 38)  # 0
    series.work(letter, RESEARCH, "researcher-2", 44)  # 1
    series.work(letter, RESEARCH, "researcher-1", 52)  # 2
    for attempt in range(4):  # 3: fails every time, until its retries are used up
        series.work(letter, RESEARCH, "researcher-2", 12, error=NO_REPO)
        if attempt < 3:
            series.retry(letter, RESEARCH)
    series.work(letter, RESEARCH, "researcher-1", 20, error=RATE_LIMITED)  # 4: may retry
    series.day(index, 1, 9)
    series.work(letter, CONTENT, "writer-1", 71)  # 0
    series.work(letter, CONTENT, "writer-2", 58, error=EMPTY_DRAFT)  # 1
    series.work(letter, RESEARCH, "researcher-1", 47)  # 5
    series.day(index, 3, 10)
    # 6: claimed for 30 minutes, never renewed: its agent died
    series.work(letter, RESEARCH, "researcher-2", -1, lease=timedelta(minutes=30))
    series.day(index, 3, 15)
    series.work(letter, CONTENT, "writer-2", -1)  # 2: being written now


def build(folder: Path, landscape: Path = LANDSCAPE) -> None:
    """Write the sample series to ``folder`` (which must hold no weeks yet)."""
    if any(folder.glob("*/tracker.yaml")):
        raise SystemExit(f"{folder} already holds weeks; give an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    series = Series(folder)
    buckets = weekly_buckets(item.name for item in select(read_landscape(landscape)))
    for letter, names in buckets.items():
        series.tracker.sync_with_etl(letter, names[:ITEMS_PER_WEEK])
    # Week A's list lost a project before work began: it stays, marked removed.
    series.day(0, 0, 8, 30)
    series.tracker.sync_with_etl("A", buckets["A"][: ITEMS_PER_WEEK - 1])
    for index, letter in enumerate("ABC"):
        _finished_week(series, index, letter, ITEMS_PER_WEEK - (letter == "A"))
    _current_week(series, 3, "D")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLE, help="folder (default data/sample)")
    args = parser.parse_args(argv)
    if args.out.resolve() == SAMPLE.resolve():
        for path in sorted(SAMPLE.glob("*/*")):
            path.unlink()
    build(args.out)
    print(f"wrote the sample series to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
