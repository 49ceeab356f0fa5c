"""The backend interface under the earlier tracker's import path (``src.tracker.interface``).

It is :class:`tracker.store.backend.TrackerBackend`; this module only re-exports it.
"""

from tracker.store.backend import TrackerBackend

__all__ = ["TrackerBackend"]
