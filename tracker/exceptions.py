"""Every error the tracker raises derives from :class:`TrackerError`.

The CLI maps a ``TrackerError`` to exit code 1 and prints its message as one
line; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every tracker exception."""


class InvalidWeekLetterError(TrackerError):
    """A week was named by something other than one letter A-Z."""


class WeekNotFoundError(TrackerError):
    """The week has no tracker file."""


class ItemNotFoundError(TrackerError):
    """The week has no item of that name."""


class ItemRemovedError(TrackerError):
    """The item is marked removed; its tasks cannot be started or completed."""


class InvalidTaskTypeError(TrackerError):
    """Unknown task type, or an item-level type used at week level (or back)."""


class DependencyNotMetError(TrackerError):
    """A task would run or finish while a dependency is not completed."""


class DependentsActiveError(TrackerError):
    """A completed task would be undone while tasks that depend on it are active."""


class InvalidTransitionError(TrackerError):
    """A status change that is missing what it needs (e.g. FAILED without an error)."""


class RetriesExhaustedError(InvalidTransitionError):
    """A failed task would be retried although it has used its type's ``max_retries``."""


class TrackerFileError(TrackerError):
    """A tracker file is not valid YAML or not of the tracker shape."""


class ConfigError(TrackerError):
    """The task-type configuration is inconsistent (unknown dependency, cycle)."""


class LandscapeError(TrackerError):
    """A landscape.yml file could not be read or has an unexpected shape."""


class UsageError(TrackerError):
    """The command line is wrong in a way argparse cannot see; exit code 2."""


class LeaseError(TrackerError):
    """A claim stands in the way: the task is held by another agent under an unexpired lease,
    or a renewal names a task that is not in progress for that agent."""


class RollbackError(TrackerError):
    """A rollback was refused: the history does not cover the way back."""


class RenderError(TrackerError):
    """A report template is missing, invalid, or uses an undefined value."""


class DatabaseError(TrackerError):
    """The PostgreSQL store cannot be used: no driver, no connection, no schema, a lost
    connection or a lock that timed out. The message names the server (never its password)."""
