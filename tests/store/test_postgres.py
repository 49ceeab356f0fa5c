"""The PostgreSQL storage on a real server: transactions, row locks, connections, schema.

The domain rules run against it in tests/store/test_backend.py (every backend);
tests/store/test_postgres_equivalence.py shows it writes what the YAML backend writes.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

import pytest

from benchmarks.pgserver import database_url
from tests.conftest import FakeClock
from tests.postgres import init_schema
from tracker import TaskStatus, claim_next, get_tracker
from tracker.exceptions import DatabaseError, WeekNotFoundError

S = TaskStatus


def holding_week(url: str, letter: str) -> Any:
    """Another session holding ``letter``'s row lock until it is closed."""
    import psycopg

    other = psycopg.connect(url)
    other.execute("SELECT 1 FROM tracker.weeks WHERE letter = %s FOR UPDATE", (letter,))
    return other


def test_state_and_history_commit_together(pg_backend: Any, pg_url: str):
    import psycopg

    pg_backend.sync_with_etl("A", ["Argo"])
    before, history = pg_backend.load_tracker("A"), pg_backend.read_history("A")
    with psycopg.connect(pg_url, autocommit=True) as admin:  # the history insert fails
        admin.execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'no space left on device'; END $$; "
            "CREATE TRIGGER refuse BEFORE INSERT ON tracker.events EXECUTE FUNCTION refuse()"
        )
    with pytest.raises(DatabaseError, match="no space left on device"):
        pg_backend.update_task("A", "Argo", "research", S.IN_PROGRESS)
    assert pg_backend.load_tracker("A") == before  # the task did not move without its event
    assert pg_backend.read_history("A") == history
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("DROP TRIGGER refuse ON tracker.events")
    pg_backend.update_task("A", "Argo", "research", S.IN_PROGRESS)  # the connection recovered
    assert pg_backend.read_history("A")[-1].to_status is S.IN_PROGRESS


def test_a_claim_passes_over_a_week_another_session_holds(pg_backend: Any, pg_url: str):
    for week in "AB":
        pg_backend.sync_with_etl(week, [f"{week}-project"])
    # Were the claim to queue on week A's lock, it would fail here after a second.
    pg_backend.connection().execute("SET lock_timeout = '1s'")
    other = holding_week(pg_url, "A")
    try:
        change = claim_next(pg_backend, agent="bot-1")
    finally:
        other.close()
    assert change is not None and (change.week_letter, change.item_name) == ("B", "B-project")


def test_a_claim_waits_for_a_held_week_when_no_other_has_work(pg_backend: Any, pg_url: str):
    import psycopg

    pg_backend.sync_with_etl("A", ["Argo"])
    pg_backend.sync_with_etl("B", [])
    other = holding_week(pg_url, "A")
    claimed: list[Any] = []
    claimer = threading.Thread(target=lambda: claimed.append(claim_next(pg_backend, agent="x")))
    claimer.start()
    with psycopg.connect(pg_url, autocommit=True) as watcher:
        # until the claimer waits for week A's lock (or gave up without waiting: a failure)
        while (
            claimer.is_alive()
            and not watcher.execute(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND application_name = 'tracker'"
            ).fetchone()
        ):
            time.sleep(0.01)
    other.commit()
    other.close()
    claimer.join(timeout=30)
    assert claimed and claimed[0] is not None and claimed[0].item_name == "Argo"


def test_threads_share_a_backend_without_sharing_a_transaction(pg_backend: Any):
    names = [f"project-{n}" for n in range(8)]
    pg_backend.sync_with_etl("A", names)

    def work(name: str) -> None:
        pg_backend.update_task("A", name, "research", S.IN_PROGRESS)
        pg_backend.update_task("A", name, "research", S.COMPLETED)

    threads = [threading.Thread(target=work, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    week = pg_backend.load_tracker("A")
    assert all(week.items[name]["research"].status is S.COMPLETED for name in names)
    assert len(pg_backend.read_history("A")) == 1 + 2 * len(names) + 2 * len(names)


def _complete_in_child(backend: Any) -> None:
    backend.update_task("A", "Argo", "research", S.COMPLETED)


def test_a_forked_child_opens_its_own_connection(pg_backend: Any):
    pg_backend.sync_with_etl("A", ["Argo"])
    pg_backend.update_task("A", "Argo", "research", S.IN_PROGRESS)
    child = multiprocessing.get_context("fork").Process(
        target=_complete_in_child, args=(pg_backend,)
    )
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    # The parent's connection still works: the child never used (or closed) it.
    assert pg_backend.load_tracker("A").items["Argo"]["research"].status is S.COMPLETED


def test_get_tracker_opens_a_database_by_its_url(pg_url: str, clock: FakeClock):
    tracker = get_tracker(pg_url, clock=clock)
    tracker.sync_with_etl("A", ["Argo"])
    assert type(tracker).__name__ == "PostgresTrackerBackend"
    assert get_tracker(pg_url).load_tracker("A").items.keys() == {"Argo"}


def test_weeks_without_a_tracker_are_not_found(pg_backend: Any):
    assert pg_backend.week_letters() == []
    with pytest.raises(WeekNotFoundError, match="week A has no tracker"):
        pg_backend.update_task("A", "Argo", "research", S.IN_PROGRESS)
    assert pg_backend.week_letters() == []


def test_an_unreachable_server_is_one_line_without_the_password(pg_server: str):
    from tracker.store.postgres import PostgresTrackerBackend

    url = "postgresql://bob:s3cret@127.0.0.1:1/tracker"
    with pytest.raises(DatabaseError) as caught:
        PostgresTrackerBackend(url)
    message = str(caught.value)
    assert message.startswith("cannot connect to postgresql://bob@127.0.0.1:1/tracker: ")
    assert "s3cret" not in message and "\n" not in message


def test_a_database_without_the_schema_says_to_run_db_init(empty_pg_url: str):
    from tracker.store.postgres import PostgresTrackerBackend

    with pytest.raises(DatabaseError, match=r"no tracker schema yet: run `tracker db init`"):
        PostgresTrackerBackend(empty_pg_url)


def test_a_newer_schema_is_refused(pg_url: str):
    import psycopg

    from tracker.store.postgres import PostgresTrackerBackend

    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("INSERT INTO tracker.migrations (version, description) VALUES (99, 'x')")
    with pytest.raises(DatabaseError, match="version 99, newer than this tracker"):
        PostgresTrackerBackend(pg_url)


def test_migrations_apply_once_even_when_two_inits_race(empty_pg_url: str):
    import psycopg

    from tracker.store.pgschema import LATEST

    errors: list[BaseException] = []

    def init() -> None:
        try:
            init_schema(empty_pg_url)
        except BaseException as error:  # reported below
            errors.append(error)

    racers = [threading.Thread(target=init) for _ in range(4)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert errors == []
    init_schema(empty_pg_url)  # and again: nothing to do
    with psycopg.connect(empty_pg_url) as conn:
        versions = conn.execute("SELECT version FROM tracker.migrations").fetchall()
        weeks = conn.execute("SELECT count(*) FROM tracker.weeks").fetchone()
    assert versions == [(LATEST,)] and weeks == (26,)


def test_the_url_names_the_database(pg_server: str):
    assert database_url(pg_server, "other").endswith("/other")


def test_a_week_held_too_long_is_a_lock_timeout(pg_url: str, data_dir, clock: FakeClock):
    from dataclasses import replace
    from datetime import timedelta

    from tracker.exceptions import LockTimeoutError
    from tracker.project import Project
    from tracker.store.postgres import PostgresTrackerBackend

    project = Project.find(data_dir)
    project = replace(
        project, settings=replace(project.settings, lock_timeout=timedelta(seconds=1))
    )
    backend = PostgresTrackerBackend(pg_url, clock, project=project)
    backend.sync_with_etl("A", ["Argo"])
    before = backend.load_tracker("A")
    other = holding_week(pg_url, "A")
    try:
        with pytest.raises(LockTimeoutError, match=r"week A still locked after 1s by another"):
            backend.update_task("A", "Argo", "research", S.IN_PROGRESS)
    finally:
        other.close()
    assert backend.load_tracker("A") == before
    backend.update_task("A", "Argo", "research", S.IN_PROGRESS)  # free again
