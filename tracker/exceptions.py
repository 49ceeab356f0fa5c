"""Every error the tracker raises derives from :class:`TrackerError`.

The CLI maps a ``TrackerError`` to exit code 1 and prints its message as one
line; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every tracker exception.

    One error may name several problems (every line of a file that a write
    refuses): ``problems`` holds one line each, and the CLI prints one line per
    problem. ``str(error)`` is the first, with how many more there are.
    """

    def __init__(self, message: str = "", *more: str) -> None:
        super().__init__(message, *more)
        self.problems: tuple[str, ...] = (message, *more)

    def __str__(self) -> str:
        first, others = self.problems[0], len(self.problems) - 1
        return f"{first} (and {others} more)" if others else first


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


class UnsafeFileError(TrackerFileError):
    """A file is not read: not a regular file, a symlink leading out of the repository, or
    larger than ``max_file_size``."""


class StorageError(TrackerError):
    """Storage failed (disk full, no permission); nothing was changed."""


class LockTimeoutError(StorageError):
    """A week's lock was held by another process for longer than ``lock_timeout``."""


class PushError(StorageError):
    """A remote could not be reached, refused a push (authentication, a hook, a protected
    branch), or kept moving past every retry; the message names the remote."""


class DatabaseError(StorageError):
    """The PostgreSQL store cannot be used: no driver, no connection, no schema, or a lost
    connection. The message names the server (never its password)."""


class InvalidArgumentError(TrackerError):
    """A library call got a value of the wrong kind (a limit that is not a number, say)."""


class InvalidNameError(TrackerError):
    """An item name is empty, too long, holds control characters, or is not text."""


class MassRemovalError(TrackerError):
    """A sync would mark most of a week's active items removed without being told it may."""


class ConfigError(TrackerError):
    """The task-type configuration is inconsistent (unknown dependency, cycle)."""


class LandscapeError(TrackerError):
    """A landscape.yml file could not be read or has an unexpected shape."""


class UsageError(TrackerError):
    """The command line is wrong in a way argparse cannot see; exit code 2."""


class LeaseError(TrackerError):
    """A claim stands in the way: the task is held by another agent under an unexpired lease,
    or a renewal names a task that is not in progress for that agent."""


class ClaimLostError(LeaseError):
    """An agent finishing its claim no longer holds it: the task was reclaimed, taken over,
    reset or finished by someone else meanwhile."""


class RollbackError(TrackerError):
    """A rollback was refused: the history does not cover the way back."""


class RenderError(TrackerError):
    """A report template is missing, invalid, or uses an undefined value."""
