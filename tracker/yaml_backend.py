"""The YAML backend under the earlier tracker's import path (``src.tracker.yaml_backend``).

It is :class:`tracker.store.yamlstore.YAMLTrackerBackend`; this module only re-exports it.
"""

from tracker.store.yamlstore import YAMLTrackerBackend

__all__ = ["YAMLTrackerBackend"]
