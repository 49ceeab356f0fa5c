"""Which storage a project uses: its files, or the PostgreSQL database it names."""

from __future__ import annotations

from tracker.domain.timeutil import Clock, utc_now
from tracker.project import Project
from tracker.store.backend import TrackerBackend
from tracker.store.yamlstore import YAMLTrackerBackend


def open_store(project: Project, clock: Clock = utc_now) -> TrackerBackend:
    """The project's database (``project.database_url``) if it names one, else its files.

    psycopg is imported only here, and only for a database.
    """
    if project.database_url:
        from tracker.store.postgres import PostgresTrackerBackend

        return PostgresTrackerBackend(project.database_url, clock, project=project)
    return YAMLTrackerBackend(project=project, clock=clock)
